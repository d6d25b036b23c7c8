import type { Kysely } from 'kysely'

// Frozen in time: written against Kysely<any> so later schema changes never alter it; the
// two text rules below are copies of app/utils (places.ts, search-text.ts) as they were.

/*
 * Finding a session by place (issue 17.9): its town, for the catalogue's filter, and its
 * place folded for search (venue, room, address, town, "online"), as workshops.search_text
 * is for titles, so the search stays one portable LIKE on both engines.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('town', 'text').execute()
  await db.schema
    .alterTable('sessions')
    .addColumn('place_search_text', 'text', (c) => c.notNull().defaultTo(''))
    .execute()

  const rows: {
    id: number
    venue_name: string | null
    room: string | null
    address: string | null
    online_url: string | null
  }[] = await db.selectFrom('sessions').select(['id', 'venue_name', 'room', 'address', 'online_url']).execute()
  for (const row of rows) {
    const town = row.venue_name ? (townFromAddress(row.address) ?? null) : null
    const text = fold(
      [row.online_url !== null ? 'online' : '', row.venue_name, row.room, row.address, town].filter(Boolean).join(' '),
    )
    await db.updateTable('sessions').set({ town, place_search_text: text }).where('id', '=', row.id).execute()
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('place_search_text').execute()
  await db.schema.alterTable('sessions').dropColumn('town').execute()
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/\p{Cc}/gu, ' ')
    .toLocaleLowerCase('cs')
    .replace(/\s+/g, ' ')
    .trim()
}

function townFromAddress(address: string | null): string | undefined {
  const parts = (address ?? '')
    .split(',')
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
  const last = parts.at(-1)
  if (!last) return undefined
  const afterCode = /(?:^|\s)\d{3}\s?\d{2}\s+(.+)$/.exec(last)?.[1]
  const candidate = afterCode ?? (parts.length > 1 && !/\d/.test(last.replace(/\s+\d+$/, '')) ? last : undefined)
  if (!candidate) return undefined
  const town = candidate
    .split(/\s[-–]\s/)[0]!
    .replace(/\s+\d+$/, '')
    .trim()
  return town === '' ? undefined : town
}
