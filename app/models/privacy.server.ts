import type { Db } from '~/utils/db.server'

/*
 * Who the privacy page names as controller: each organising body is the controller for its own
 * workshops, so the page lists the bodies whose workshops people can book now.
 */

export type Controller = { name: string; email: string; website: string | null }

const collator = new Intl.Collator('cs')

/** Organising bodies with at least one published workshop, by name, with their public contacts. */
export async function publishingOrganisers(db: Db): Promise<Controller[]> {
  const rows = await db
    .selectFrom('organisers')
    .select(['organisers.name', 'organisers.email', 'organisers.website'])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('workshops')
          .select('workshops.id')
          .whereRef('workshops.organiser_id', '=', 'organisers.id')
          .where('workshops.published', '=', 1),
      ),
    )
    .execute()
  return rows
    .map((row) => ({ name: row.name, email: row.email, website: webAddress(row.website) }))
    .sort((a, b) => collator.compare(a.name, b.name))
}

/** A website shown as a link only when it is one: http(s), nothing a browser would run. */
function webAddress(value: string | null): string | null {
  if (!value) return null
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? value : null
  } catch {
    return null
  }
}
