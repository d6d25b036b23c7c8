import { describe, expect, it } from 'vitest'
import { mapUrl, onlinePlatform, placeLine, placeSearchText, shortPlaceName, townFromAddress } from '~/utils/places'

describe('the town of a Czech address', () => {
  it.each([
    ['Antonína Dvořáka 335, 511 01 Turnov', 'Turnov'],
    ['Mírové nám. 3100/19, 466 01 Jablonec nad Nisou', 'Jablonec nad Nisou'],
    ['nám. Dr. E. Beneše 1/1, 460 59 Liberec', 'Liberec'],
    ['Havlíčkova 426,470 01  Česká Lípa', 'Česká Lípa'],
    ['Husova 82, 51301 Semily', 'Semily'],
    ['Vodičkova 681/18, 110 00 Praha 1', 'Praha'],
    ['Tanvaldská 345, 463 11 Liberec 30 - Vratislavice nad Nisou', 'Liberec'],
    ['Husova 82, Semily', 'Semily'],
    ['Vodičkova 18, Praha 2', 'Praha'],
  ])('reads "%s" as %s', (address, town) => {
    expect(townFromAddress(address)).toBe(town)
  })

  it.each([[''], [null], ['U Jezu 642/2a'], ['Budova B, 2. patro 15']])('finds none in %j', (address) => {
    expect(townFromAddress(address)).toBeUndefined()
  })
})

describe('the place as people search for it', () => {
  it('folds venue, room, address and town, and says "online" for an online session', () => {
    expect(
      placeSearchText({
        venueName: 'Městská knihovna',
        room: 'Sál',
        address: 'Markova 1, 511 01 Turnov',
        town: 'Turnov',
        online: false,
      }),
    ).toBe('mestska knihovna sal markova 1, 511 01 turnov turnov')
    expect(placeSearchText({ venueName: null, room: null, address: null, town: null, online: true })).toBe('online')
  })

  it('links to a search on Mapy.cz by the address, or by the venue and town without one', () => {
    const url = new URL(
      mapUrl({ venueName: 'Městský úřad Turnov', address: 'Antonína Dvořáka 335, 511 01 Turnov', town: 'Turnov' })!,
    )
    expect(url.origin + url.pathname).toBe('https://mapy.cz/fnc/v1/search')
    expect(url.searchParams.get('query')).toBe('Antonína Dvořáka 335, 511 01 Turnov')
    expect(new URL(mapUrl({ venueName: 'Kulturní dům', address: null, town: 'Semily' })!).searchParams.get('query')).toBe(
      'Kulturní dům, Semily',
    )
    expect(mapUrl({ venueName: null, address: null, town: null })).toBeUndefined()
  })

  it('names the town on a card unless the venue already does, in any case', () => {
    expect(shortPlaceName({ venueName: 'Městský úřad Turnov', town: 'Turnov' })).toBe('Městský úřad Turnov')
    expect(shortPlaceName({ venueName: 'Technická univerzita v Liberci', town: 'Liberec' })).toBe(
      'Technická univerzita v Liberci',
    )
    expect(shortPlaceName({ venueName: 'Kulturní dům Crystal', town: 'Česká Lípa' })).toBe('Kulturní dům Crystal, Česká Lípa')
    expect(shortPlaceName({ venueName: 'Zasedačka', town: null })).toBe('Zasedačka')
    // Asked again (a kept answer), and for the same venue in another town.
    expect(shortPlaceName({ venueName: 'Městský úřad Turnov', town: 'Turnov' })).toBe('Městský úřad Turnov')
    expect(shortPlaceName({ venueName: 'Městský úřad Turnov', town: 'Liberec' })).toBe('Městský úřad Turnov, Liberec')
    expect(shortPlaceName({ venueName: null, town: 'Liberec' })).toBe('Liberec')
  })

  it('names the meeting service from the link, never showing the link', () => {
    expect(onlinePlatform('https://teams.microsoft.com/l/meetup-join/19%3a')).toBe('Microsoft Teams')
    expect(onlinePlatform('https://us02web.zoom.us/j/123')).toBe('Zoom')
    expect(onlinePlatform('https://meet.google.com/abc-defg-hij')).toBe('Google Meet')
    expect(onlinePlatform('https://meet.jit.si/geodata')).toBe('Jitsi Meet')
    expect(onlinePlatform('https://kraj.webex.com/meet/x')).toBe('Webex')
    expect(onlinePlatform('https://evil-zoom.us.example/j/1')).toBeNull()
    expect(onlinePlatform('https://meet.example/abc')).toBeNull()
    expect(onlinePlatform('not a url')).toBeNull()
    expect(onlinePlatform(null)).toBeNull()
  })

  it('writes the place on one line as the invitation does', () => {
    expect(
      placeLine({ venueName: 'Krajský úřad', room: 'zasedačka', address: 'U Jezu 642/2a, 461 80 Liberec', onlineUrl: null }),
    ).toBe('Krajský úřad, zasedačka, U Jezu 642/2a, 461 80 Liberec')
    expect(placeLine({ venueName: null, room: null, address: null, onlineUrl: 'https://meet.example/a' })).toBe(
      'https://meet.example/a',
    )
  })
})
