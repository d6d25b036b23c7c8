import { useT } from '~/i18n/intl'
import type { SessionSummary } from '~/models/catalogue.server'
import { mapUrl, shortPlaceName } from '~/utils/places'

/**
 * Where a session is: on a card its venue and town; in full the room and address too, with a
 * link to the place on Mapy.cz, or, online, what people need to join.
 */
export function SessionPlace({ place, short = false }: { place: SessionSummary['place']; short?: boolean }) {
  const t = useT()
  if (!place.venueName) {
    if (short) return <>{t('catalogue.online')}</>
    return (
      <>
        {t('workshop.onlineNote')}
        {place.platform ? ` ${t('place.platform', { platform: place.platform })}` : ''}
        <br />
        <span className="muted">{t('place.onlineJoin')}</span>
      </>
    )
  }
  if (short) return <>{shortPlaceName(place)}</>
  const map = mapUrl(place)
  // Without an address, the town, unless the venue's name already says it.
  const where = place.address || (shortPlaceName(place) === place.venueName ? null : place.town)
  return (
    <>
      {place.venueName}
      {place.room ? `, ${place.room}` : ''}
      {where ? (
        <>
          <br />
          <span className="muted">{where}</span>
        </>
      ) : null}
      {map ? (
        <>
          <br />
          <a href={map} className="map-link" rel="noopener noreferrer">
            {t('place.map')}
            <span className="visually-hidden">: {place.venueName}</span> {t('place.mapService')}
          </a>
        </>
      ) : null}
    </>
  )
}
