import { useT } from '~/i18n/intl'
import type { SessionSummary } from '~/models/catalogue.server'

export function SessionPlace({ place, short = false }: { place: SessionSummary['place']; short?: boolean }) {
  const t = useT()
  if (!place.venueName) return <>{short ? t('catalogue.online') : t('workshop.onlineNote')}</>
  if (short) return <>{place.venueName}</>
  return (
    <>
      {place.venueName}
      {place.room ? `, ${place.room}` : ''}
      {place.address ? (
        <>
          <br />
          <span className="muted">{place.address}</span>
        </>
      ) : null}
    </>
  )
}
