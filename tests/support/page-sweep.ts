import { readdirSync } from 'node:fs'
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import type { DB } from '../../db/schema'
import { requestSignInLink, signIn } from './auth'
import { factories, person } from './factories'
import { addBookableSession, createBookableSession } from './fixtures'
import { at, PETRA, personalDataWorld } from './personal-data-world'
import { closeAttendance, markAttendance } from '~/models/attendance.server'
import { cancelRegistration } from '~/models/registrations.server'

/*
 * Every page a person can reach, and the world that has one of each: the public catalogue and
 * booking, the pages behind a booking's link, a signed-in participant's, an organiser's and an
 * admin's pages, and the forms whose error state is a page of its own. The browser's sweep
 * (tests/e2e/accessibility-sweep.e2e.test.ts) checks each with axe; the HTTP walk
 * (tests/integration/every-page-http.test.ts) asks for each without a browser, cheap enough to
 * run under every moved clock too.
 */

export type Identity = 'anonymous' | 'participant' | 'organiser' | 'admin'
export const IDENTITIES = ['anonymous', 'participant', 'organiser', 'admin'] as const
export type Visit = {
  path: string
  /** Sends the page's main form empty and checks the page that answers (the error state). */
  submitEmpty?: string
  status?: number
}
export type PageSweep = {
  visits: Record<Identity, Visit[]>
  /** The session cookie ("name=value") of each signed-in identity. */
  cookies: Partial<Record<Identity, string>>
}

/** The submit button of the page's form that carries this hidden intent. */
function intentButton(intent: string): string {
  return `main form:has(input[type="hidden"][name="intent"][value="${intent}"]) button[type="submit"]`
}

/**
 * Builds the world in a migrated, demo-seeded database (seeded at the test's clock) that a
 * server at `serverUrl` uses, signs the participant, the organiser and the admin in, and lists
 * what each of them visits.
 */
export async function preparePageSweep(db: Kysely<DB>, serverUrl: string): Promise<PageSweep> {
  // The demo's region and the test staff's body share an address; the staff's keeps it.
  await db
    .updateTable('organisers')
    .set({ email: sql<string>`'demo.' || email` })
    .execute()
  const world = await personalDataWorld(db)

  // A session that ended yesterday, whose feedback form is still open.
  const recent = await addBookableSession(db, { workshopId: world.workshopId, capacity: 5, now: at(-6), startsInDays: 4 })
  const make = factories(() => ({ db, now: at(-5), staff: world.staff.admin, organiser: world.organiser }))
  const rater = await make.book(recent, person('Radka Hodnotící'))
  const staffAt = { user: world.organiser, now: at(-1), appUrl: serverUrl }
  await markAttendance(db, { ...staffAt, sessionId: recent, registrationId: rater.registrationId, attendance: 'present' })
  await closeAttendance(db, { ...staffAt, sessionId: recent })
  // A booking cancelled by its holder, and a workshop whose certificate needs the date of birth.
  const cancelled = await make.book(world.siblingSessionId, person('Cyril Zrušený'))
  await cancelRegistration(db, { token: cancelled.token, now: at(-4), appUrl: serverUrl })
  const accredited = await createBookableSession(db, {
    organiserId: world.staff.bodyAId,
    capacity: 10,
    workshop: { requiresBirthDate: true, accreditationRef: 'MSMT-12345/2026-1-123' },
  })

  const slug = (await db.selectFrom('workshops').select('slug').where('id', '=', world.workshopId).executeTakeFirstOrThrow()).slug
  const demoSlug = (
    await db.selectFrom('workshops').select('slug').where('id', '!=', world.workshopId).orderBy('id').executeTakeFirstOrThrow()
  ).slug
  const certificate = await db
    .selectFrom('certificates')
    .select('code')
    .where('registration_id', '=', world.petraPast.registrationId)
    .executeTakeFirstOrThrow()
  const calendarUrl = await db
    .selectFrom('outbox')
    .select('props')
    .where('props', 'like', '%calendarUrl%')
    .orderBy('id')
    .executeTakeFirstOrThrow()
    .then((row) => new URL((JSON.parse(row.props!) as { calendarUrl: string }).calendarUrl).pathname)
  const signInLink = new URL(await requestSignInLink(serverUrl, db, 'host.prihlaseni@example.cz')).pathname
  const [participant, organiser, admin] = await Promise.all([
    signIn(serverUrl, db, PETRA.email),
    signIn(serverUrl, db, world.organiser.email),
    signIn(serverUrl, db, world.staff.admin.email),
  ])
  const cookies = { participant: participant.cookie, organiser: organiser.cookie, admin: admin.cookie }

  const next = `/registrations/${world.petraNext.token}`
  const workshop = `/organiser/workshops/${world.workshopId}`
  const visits: Record<Identity, Visit[]> = {
    anonymous: [
      { path: '/workshops' },
      { path: '/workshops?q=nic-takoveho-nenajdete' },
      { path: `/workshops/${slug}` },
      { path: `/workshops/${demoSlug}` },
      { path: `/sessions/${world.siblingSessionId}/book`, submitEmpty: 'main form[method="post"] button[type="submit"]' },
      { path: `/sessions/${world.nextSessionId}/book` },
      { path: `/sessions/${world.siblingSessionId}/book?sent=1` },
      { path: `/sessions/${accredited.sessionId}/book`, submitEmpty: 'main form[method="post"] button[type="submit"]' },
      { path: next },
      { path: `${next}/cancel` },
      { path: `${next}/coming` },
      { path: `${next}/free-seat` },
      { path: `${next}/data` },
      { path: `${next}/erase` },
      { path: `/registrations/${world.wandaNext.token}` },
      { path: `/registrations/${world.petraPast.token}` },
      { path: `/registrations/${cancelled.token}` },
      { path: `/registrations/${rater.token}/feedback`, submitEmpty: 'main form[method="post"] button[type="submit"]' },
      { path: calendarUrl },
      { path: `/certificates/${certificate.code}` },
      { path: '/worksheets' },
      { path: '/privacy' },
      { path: '/pristupnost' },
      { path: '/accessibility' },
      { path: '/open-data' },
      { path: '/sign-in', submitEmpty: 'main form[method="post"] button[type="submit"]' },
      { path: '/sign-in?sent=1' },
      { path: signInLink },
      { path: '/data-erased?cancelled=1&anonymised=1' },
      { path: '/tato-stranka-neexistuje', status: 404 },
    ],
    participant: [
      { path: '/my/bookings' },
      { path: `/my/bookings/${world.petraPast.registrationId}` },
      { path: `/my/bookings/${world.petraNext.registrationId}` },
      { path: '/my/data' },
      { path: '/my/data/erase' },
    ],
    organiser: [
      { path: '/organiser' },
      { path: '/organiser/workshops/new', submitEmpty: 'main button[name="intent"][value="save"]' },
      { path: workshop },
      { path: `${workshop}/sessions/new`, submitEmpty: intentButton('save') },
      { path: `${workshop}/worksheets` },
      { path: `${workshop}/feedback` },
      { path: `/organiser/sessions/${world.nextSessionId}` },
      { path: `/organiser/sessions/${world.nextSessionId}/registrations` },
      { path: `/organiser/sessions/${world.nextSessionId}/attendance`, submitEmpty: intentButton('walkin') },
      { path: `/organiser/sessions/${world.pastSessionId}/attendance` },
      // Asked before closing while people are unmarked; sent without an answer, it says so.
      {
        path: `/organiser/sessions/${world.nextSessionId}/attendance/close`,
        submitEmpty: 'main form[method="post"] button[type="submit"]',
      },
      { path: `/organiser/sessions/${world.pastSessionId}/feedback` },
      { path: '/organiser/stats' },
    ],
    admin: [{ path: '/admin/users', submitEmpty: intentButton('invite') }, { path: '/admin/audit' }, { path: '/admin/jobs' }],
  }
  return { visits, cookies }
}

/** Route modules with no page of their own to check, and why. */
const NOT_PAGES: Record<string, string> = {
  '_index.tsx': 'redirects to /workshops',
  'language.tsx': 'the switcher posts here and is redirected back',
  'sign-out.tsx': 'a POST that redirects',
  'dev.mailbox._index.tsx': 'development only',
  'dev.mailbox.$id.tsx': 'development only',
}

/** The addresses a route module answers, from its file name (Remix v2 flat routes). */
function routePattern(file: string): RegExp {
  const segments = file
    .replace(/\.tsx$/, '')
    .replace(/\[\.\]/g, '\u0000')
    .split('.')
    .filter((segment) => segment !== '_index')
    .map((segment) => {
      if (segment === '$') return '.+'
      if (segment.startsWith('$')) return '[^/]+'
      return segment.replace(/_$/, '').replace(/\u0000/g, '\\.')
    })
  return new RegExp(`^/${segments.join('/')}$`)
}

/** The route modules with a page (app/routes/*.tsx) that no visit of the sweep reaches. */
export function routeModulesNotVisited(visits: Record<Identity, Visit[]>): string[] {
  const visited = Object.values(visits).flatMap((list) => list.map((visit) => visit.path.split('?')[0]!))
  const pages = readdirSync('app/routes').filter((file) => file.endsWith('.tsx') && !(file in NOT_PAGES))
  return pages.filter((file) => !visited.some((path) => routePattern(file).test(path)))
}
