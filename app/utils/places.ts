import { boundedMemo } from './bounded-memo'
import { foldForSearch } from './search-text'

/*
 * Where a session takes place, as people look for it: by town, venue or street, with or
 * without accents, and on a map. Pure functions, shared by the models, the pages and e-mails.
 */

/** A Czech postal code (PSČ) as people write it: "511 01" or "51101". */
const POSTAL_CODE = /(?:^|\s)\d{3}\s?\d{2}\s+(.+)$/

/**
 * The town of a Czech address, written as the post writes it ("Antonína Dvořáka 335,
 * 511 01 Turnov"): what follows the postal code in the last part, or the last part when it
 * names no number ("Husova 82, Semily"). A post-office number ("Praha 1", "Liberec 2") and a
 * town's quarter after a dash ("Liberec 25 - Vratislavice nad Nisou") are left out, so the
 * filter offers one Praha and one Liberec. Undefined when the address names no town.
 */
export function townFromAddress(address: string | null | undefined): string | undefined {
  const parts = (address ?? '')
    .split(',')
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
  const last = parts.at(-1)
  if (!last) return undefined
  const afterCode = POSTAL_CODE.exec(last)?.[1]
  const candidate = afterCode ?? (parts.length > 1 && !/\d/.test(last.replace(/\s+\d+$/, '')) ? last : undefined)
  if (!candidate) return undefined
  const town = candidate
    .split(/\s[-–]\s/)[0]!
    .replace(/\s+\d+$/, '')
    .trim()
  return town === '' ? undefined : town
}

export type PlaceText = {
  venueName: string | null
  room: string | null
  address: string | null
  town: string | null
  online: boolean
}

/** Everything a search for a place may match, folded like the catalogue's other search text. */
export function placeSearchText(place: PlaceText): string {
  return foldForSearch(
    [place.online ? 'online' : '', place.venueName, place.room, place.address, place.town].filter(Boolean).join(' '),
  )
}

/**
 * A search on Mapy.cz for the place, by its documented URL (developer.mapy.cz, "URL Mapy.cz"):
 * on a phone it opens the Mapy.cz app where one is installed. The address says where best;
 * without one, the venue's name and town.
 */
export function mapUrl(place: Pick<PlaceText, 'venueName' | 'address' | 'town'>): string | undefined {
  const address = place.address?.trim()
  const query = address || [place.venueName, place.town].filter(Boolean).join(', ')
  if (!query) return undefined
  return `https://mapy.cz/fnc/v1/search?${new URLSearchParams({ query }).toString()}`
}

/**
 * The venue's short name for a card: its name, and its town unless the name already says it,
 * in any case ("Technická univerzita v Liberci" says Liberec: the stem without its last two
 * letters is enough for Czech endings).
 */
export function shortPlaceName(place: Pick<PlaceText, 'venueName' | 'town'>): string {
  const name = place.venueName ?? ''
  if (!place.town) return name
  const town = place.town
  // Folding is Unicode normalisation: each card of every catalogue render asked it again.
  return shortNames.keep(`${name}\u0000${town}`, () => {
    const folded = foldForSearch(town)
    const stem = folded.length > 4 ? folded.slice(0, -2) : folded
    return foldForSearch(name).includes(stem) ? name : name ? `${name}, ${town}` : town
  })
}

const shortNames = boundedMemo<string, string>(5_000)

const PLATFORMS: [RegExp, string][] = [
  [/(^|\.)teams\.(microsoft|live)\.com$/, 'Microsoft Teams'],
  [/(^|\.)zoom\.us$/, 'Zoom'],
  [/^meet\.google\.com$/, 'Google Meet'],
  [/(^|\.)webex\.com$/, 'Webex'],
  [/^meet\.jit\.si$/, 'Jitsi Meet'],
]

/**
 * The meeting service an online session uses, named from its link's host: enough for people
 * to know what to expect, while the link itself stays with those who hold a seat.
 */
export function onlinePlatform(onlineUrl: string | null): string | null {
  if (!onlineUrl) return null
  let host: string
  try {
    host = new URL(onlineUrl).hostname.toLowerCase()
  } catch {
    return null
  }
  return PLATFORMS.find(([pattern]) => pattern.test(host))?.[1] ?? null
}

/** The place on one line, as an invitation's LOCATION gives it: the venue, or the meeting link online. */
export function placeLine(place: {
  venueName: string | null
  room: string | null
  address: string | null
  onlineUrl: string | null
}): string {
  if (!place.venueName) return place.onlineUrl ?? ''
  return [place.venueName, place.room, place.address].filter(Boolean).join(', ')
}
