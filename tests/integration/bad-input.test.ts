import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeUser, signIn } from '../support/auth'
import { impossibleDay, skippedTime, springForwardDay } from '../support/calendar-edges'
import { day, testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { sessionFormFields } from '../support/factories'
import { bookingForm } from '../support/fixtures'
import { startServer, type RunningServer } from '../support/server'
import { manageLinkFromOutbox } from '../support/manage-link'

/*
 * A corpus of malformed requests, sent to the built server: every form, query string and
 * method the app has, given bodies no browser sends. Each must be answered without a 5xx (most
 * with a 4xx that says what is wrong), and a refused request must leave every table exactly as
 * it was. Only one booking is made (to get a manage link), well below any per-IP booking limit.
 */

const PORTAL = 'Datový portál Libereckého kraje'
const ORGANISER = 'lektorka.korpus@kraj-lbc.example'
const ADMIN = 'spravce.korpus@kraj-lbc.example'

let database: TestDatabase
let server: RunningServer
let organiser: string
let admin: string
let participant: string
let ownRegistrationId: number
let ids: {
  workshopId: number
  otherWorkshopId: number
  sessionId: number
  otherSessionId: number
  registrationId: number
  worksheetId: number
  organiserId: number
  otherOrganiserId: number
  userId: number
}
let manageToken: string

/** Every table's content, hashed row by row: a refused request must change none of them. */
async function snapshot(): Promise<Record<string, string>> {
  // PostgreSQL's data_version counts commits (a refused upload's file rows come and go): it is
  // no data of anyone's.
  const tables = (await database.db.introspection.getTables())
    .map((t) => t.name)
    .filter((name) => !name.startsWith('kysely_') && name !== 'data_version')
  const result: Record<string, string> = {}
  for (const name of tables.sort()) {
    // A refused form is answered with its page again, and a page of people's data records that
    // it was shown (access.*): a record of the answer, not a change the request made.
    const { rows } =
      name === 'audit_log'
        ? await sql<Record<string, unknown>>`SELECT * FROM audit_log WHERE action NOT LIKE 'access.%'`.execute(database.db)
        : await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`.execute(database.db)
    // In a stable order whatever the engine (SQLite's rowid has no equivalent in PostgreSQL).
    const lines = rows
      .map((row) =>
        Object.values(row)
          .map((value) => (Buffer.isBuffer(value) ? value.toString('hex') : JSON.stringify(value)))
          .join('\u0000'),
      )
      .sort()
    const hash = createHash('sha256')
    for (const line of lines) hash.update(`${line}\n`)
    result[name] = `${rows.length}:${hash.digest('hex').slice(0, 16)}`
  }
  return result
}

function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((t) => before[t] !== after[t])
}

type Who = 'anonymous' | 'participant' | 'organiser' | 'admin'
type Case = {
  name: string
  method: string
  path: string | (() => string)
  who?: Who
  body?: BodyInit | (() => BodyInit)
  headers?: Record<string, string>
  /** '4xx' (the default): refused with a message. 'no5xx': any answer but a server error. */
  expect?: '4xx' | 'no5xx'
}

const form = (fields: Record<string, string | string[]>) => {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) params.append(name, v)
  return params
}
const multipart = (fields: Record<string, string | string[]>, files: { name: string; content: string }[] = []) => {
  const data = new FormData()
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(name, v)
  for (const file of files) data.append('files', new Blob([file.content], { type: 'text/plain' }), file.name)
  return data
}
const worksheetText = {
  name: 'Pracovní list – Počasí v kraji.txt',
  content: 'Pracovní list: srážky a teploty v Jizerských horách.\n',
}
const json = (value: unknown) => ({ body: JSON.stringify(value), headers: { 'Content-Type': 'application/json' } })
const text = (value: string) => ({ body: value, headers: { 'Content-Type': 'text/plain' } })

function workshopFields(changes: Record<string, string | string[]> = {}) {
  return {
    title: 'Otevřená data v obci',
    slug: '',
    summary: 'Jak zveřejnit první datovou sadu.',
    descriptionMd: 'Popis.',
    topic: 'open_data',
    audiences: ['official'],
    lengthHours: '3',
    language: 'cs',
    organiserId: String(ids.organiserId),
    accreditationRef: '',
    ...changes,
  }
}

function sessionFields(changes: Record<string, string> = {}) {
  return sessionFormFields({ intent: 'save', ...changes })
}

const book = () => `/sessions/${ids.sessionId}/book`
const manage =
  (rest = '') =>
  () =>
    `/registrations/${manageToken}${rest}`
const workshop =
  (rest = '') =>
  () =>
    `/organiser/workshops/${ids.workshopId}${rest}`
const session =
  (rest = '') =>
  () =>
    `/organiser/sessions/${ids.sessionId}${rest}`

const CASES: Case[] = [
  // The language switcher, in the header of every page.
  { name: 'language: JSON body', method: 'POST', path: '/language', ...json({ lang: 'en' }) },
  { name: 'language: text/plain body', method: 'POST', path: '/language', ...text('lang=en') },
  { name: 'language: no body', method: 'POST', path: '/language' },
  { name: 'language: empty form', method: 'POST', path: '/language', body: form({}) },
  { name: 'language: unknown language', method: 'POST', path: '/language', body: form({ lang: 'de' }) },
  { name: 'language: language twice', method: 'POST', path: '/language', body: form({ lang: ['cs', 'en', 'xx'] }) },
  {
    name: 'language: redirect target of 5000 characters',
    method: 'POST',
    path: '/language',
    body: form({ lang: 'en', redirectTo: `/${'a'.repeat(5000)}` }),
  },
  {
    name: 'language: multipart without a boundary',
    method: 'POST',
    path: '/language',
    body: 'lang=en',
    headers: { 'Content-Type': 'multipart/form-data' },
  },
  { name: 'language: PUT', method: 'PUT', path: '/language', body: form({ lang: 'en' }) },

  // Sign-in.
  { name: 'sign-in: JSON body', method: 'POST', path: '/sign-in', ...json({ email: 'jana@skola.example' }) },
  { name: 'sign-in: text/plain body', method: 'POST', path: '/sign-in', ...text('email=jana@skola.example') },
  { name: 'sign-in: no body', method: 'POST', path: '/sign-in' },
  { name: 'sign-in: no e-mail', method: 'POST', path: '/sign-in', body: form({}) },
  { name: 'sign-in: not an e-mail', method: 'POST', path: '/sign-in', body: form({ email: 'jana at skola' }) },
  {
    name: 'sign-in: e-mail of 300 characters',
    method: 'POST',
    path: '/sign-in',
    body: form({ email: `${'a'.repeat(290)}@skola.example` }),
  },
  {
    name: 'sign-in: control characters in the e-mail',
    method: 'POST',
    path: '/sign-in',
    body: form({ email: 'jana\u0000@skola.example' }),
  },
  {
    name: 'sign-in: e-mail as a file',
    method: 'POST',
    path: '/sign-in',
    body: (() => {
      const d = new FormData()
      d.append('email', new Blob(['x@y.cz']), 'e.txt')
      return d
    })(),
  },
  { name: 'sign-in: DELETE', method: 'DELETE', path: '/sign-in' },
  { name: 'sign-in link: not a token (GET)', method: 'GET', path: '/sign-in/nonsense' },
  { name: 'sign-in link: not a token (POST)', method: 'POST', path: '/sign-in/nonsense', body: form({}) },
  { name: 'sign-in link: unknown token of the right shape', method: 'POST', path: `/sign-in/${'A'.repeat(43)}`, body: form({}) },
  { name: 'sign-in link: JSON to an unknown token', method: 'POST', path: `/sign-in/${'B'.repeat(43)}`, ...json({}) },
  { name: 'sign-in link: NUL in the path', method: 'GET', path: '/sign-in/%00' },
  { name: 'sign-out: JSON body', method: 'POST', path: '/sign-out', ...json({}), expect: 'no5xx' },

  // The public catalogue and the worksheet library: query strings.
  { name: 'catalogue: unknown topic', method: 'GET', path: '/workshops?topic=astrology' },
  { name: 'catalogue: month 13', method: 'GET', path: `/workshops?month=${day(0).slice(0, 4)}-13` },
  { name: 'catalogue: month not a month', method: 'GET', path: '/workshops?month=yesterday' },
  { name: 'catalogue: audience unknown', method: 'GET', path: '/workshops?audience=teacher_uni' },
  { name: 'catalogue: search of 5000 characters', method: 'GET', path: `/workshops?q=${'á'.repeat(5000)}`, expect: 'no5xx' },
  { name: 'catalogue: search with % and _ and NUL', method: 'GET', path: '/workshops?q=%25_%00', expect: 'no5xx' },
  { name: 'catalogue: broken %-escape in the query', method: 'GET', path: '/workshops?q=%E0%A4%A', expect: 'no5xx' },
  {
    name: 'catalogue: every parameter twice',
    method: 'GET',
    path: '/workshops?topic=open_data&topic=xx&free=1&free=maybe&month=a&month=b',
    expect: 'no5xx',
  },
  { name: 'catalogue: POST', method: 'POST', path: '/workshops', body: form({ q: 'data' }) },
  { name: 'catalogue: DELETE', method: 'DELETE', path: '/workshops' },
  { name: 'workshop page: broken %-escape in the path', method: 'GET', path: '/workshops/%E0%A4%A' },
  { name: 'workshop page: unknown slug', method: 'GET', path: '/workshops/does-not-exist' },
  { name: 'workshop page: PATCH', method: 'PATCH', path: '/workshops/does-not-exist', body: form({}) },
  { name: 'worksheets: unknown level', method: 'GET', path: '/worksheets?level=university' },
  { name: 'worksheets: unknown topic', method: 'GET', path: '/worksheets?topic=astrology' },
  { name: 'worksheets: search of 300 characters', method: 'GET', path: `/worksheets?q=${'ř'.repeat(300)}` },
  { name: 'worksheets: POST', method: 'POST', path: '/worksheets', body: form({ q: 'x' }) },
  { name: 'worksheet download: not a number', method: 'GET', path: '/worksheets/abc/download' },
  { name: 'worksheet download: huge number', method: 'GET', path: '/worksheets/99999999999999999999999/download' },
  { name: 'certificate: unknown code', method: 'GET', path: '/certificates/ZZZZZZZZZZZZ' },
  { name: 'certificate: code of 500 characters', method: 'GET', path: `/certificates/${'Z'.repeat(500)}` },
  { name: 'privacy: POST', method: 'POST', path: '/privacy', body: form({}) },
  { name: 'healthz: POST', method: 'POST', path: '/healthz', body: form({}) },
  { name: 'unknown page', method: 'GET', path: '/nothing-here' },

  // Booking.
  { name: 'booking: JSON body', method: 'POST', path: book, ...json(Object.fromEntries(bookingForm(900))) },
  { name: 'booking: text/plain body', method: 'POST', path: book, ...text(String(bookingForm(901))) },
  { name: 'booking: no body', method: 'POST', path: book },
  { name: 'booking: empty form', method: 'POST', path: book, body: form({}) },
  { name: 'booking: without consent', method: 'POST', path: book, body: () => bookingForm(902, { consent: '' }) },
  { name: 'booking: not an e-mail', method: 'POST', path: book, body: () => bookingForm(903, { email: 'ucastnik' }) },
  {
    name: 'booking: unknown participant type',
    method: 'POST',
    path: book,
    body: () => bookingForm(904, { participantType: 'astronaut' }),
  },
  {
    name: 'booking: teacher with an unknown school level',
    method: 'POST',
    path: book,
    body: () => bookingForm(905, { participantType: 'teacher', schoolLevel: 'uni' }),
  },
  {
    name: 'booking: name of 10 000 characters',
    method: 'POST',
    path: book,
    body: () => bookingForm(906, { fullName: 'Ř'.repeat(10_000) }),
  },
  {
    name: 'booking: control characters in the name',
    method: 'POST',
    path: book,
    body: () => bookingForm(907, { fullName: 'Jana\u0007 Řehořová' }),
  },
  {
    name: 'booking: date of birth on 30 February',
    method: 'POST',
    path: book,
    body: () => bookingForm(908, { dateOfBirth: impossibleDay() }),
  },
  {
    name: 'booking: fields twice',
    method: 'POST',
    path: book,
    body: () => {
      const f = bookingForm(909, { email: 'bad' })
      f.append('email', 'other@skola.example')
      f.append('consent', 'no')
      return f
    },
  },
  {
    name: 'booking: multipart with a file',
    method: 'POST',
    path: book,
    body: () => multipart({ ...Object.fromEntries(bookingForm(910)), email: 'not-an-email' }, [worksheetText]),
  },
  { name: 'booking: session id not a number', method: 'POST', path: '/sessions/abc/book', body: () => bookingForm(911) },
  {
    name: 'booking: session that does not exist',
    method: 'POST',
    path: '/sessions/987654321/book',
    body: () => bookingForm(912),
  },
  { name: 'booking: session id beyond any integer', method: 'GET', path: '/sessions/99999999999999999999999/book' },
  { name: 'booking: DELETE', method: 'DELETE', path: book },
  {
    name: 'booking: another site posts the form',
    method: 'POST',
    path: book,
    body: () => bookingForm(913),
    headers: { Origin: 'https://evil.example' },
  },

  // The manage link.
  { name: 'manage link: token of the wrong shape', method: 'GET', path: '/registrations/short' },
  { name: 'manage link: unknown token', method: 'GET', path: `/registrations/${'C'.repeat(43)}` },
  { name: 'manage link: DELETE', method: 'DELETE', path: manage() },
  { name: 'manage link: PUT', method: 'PUT', path: manage(), body: form({}) },
  { name: 'cancel: unknown token', method: 'POST', path: `/registrations/${'D'.repeat(43)}/cancel`, body: form({}) },
  { name: 'cancel: PATCH', method: 'PATCH', path: manage('/cancel'), body: form({}) },
  { name: 'invitation: unknown token', method: 'GET', path: `/registrations/${'E'.repeat(43)}/invite.ics` },
  { name: 'certificate by link: unknown token', method: 'GET', path: `/registrations/${'F'.repeat(43)}/certificate.pdf` },
  { name: 'worksheet by link: not a number', method: 'GET', path: manage('/worksheets/abc') },
  {
    name: 'my bookings: not signed in, JSON',
    method: 'POST',
    path: '/my/bookings/1',
    ...json({ intent: 'cancel' }),
    expect: 'no5xx',
  },
  {
    name: 'my bookings: own booking, JSON body',
    method: 'POST',
    path: () => `/my/bookings/${ownRegistrationId}`,
    who: 'participant',
    ...json({ intent: 'cancel' }),
  },
  {
    name: 'my bookings: someone else’s booking',
    method: 'POST',
    path: () => `/my/bookings/${ids.registrationId}`,
    who: 'participant',
    body: form({ intent: 'cancel' }),
  },
  {
    name: 'my bookings: id not a number',
    method: 'POST',
    path: '/my/bookings/abc',
    who: 'participant',
    body: form({ intent: 'cancel' }),
  },

  // Organiser: workshops.
  { name: 'workshop: JSON body', method: 'POST', path: '/organiser/workshops/new', who: 'organiser', ...json({ title: 'x' }) },
  { name: 'workshop: text/plain body', method: 'POST', path: '/organiser/workshops/new', who: 'organiser', ...text('title=x') },
  { name: 'workshop: empty form', method: 'POST', path: '/organiser/workshops/new', who: 'organiser', body: form({}) },
  {
    name: 'workshop: the same audience twice',
    method: 'POST',
    path: '/organiser/workshops/new',
    who: 'organiser',
    body: () => form(workshopFields({ audiences: ['official', 'official'] })),
  },
  {
    name: 'workshop: unknown audience',
    method: 'POST',
    path: '/organiser/workshops/new',
    who: 'organiser',
    body: () => form(workshopFields({ audiences: ['martians'] })),
  },
  {
    name: 'workshop: unknown topic',
    method: 'POST',
    path: '/organiser/workshops/new',
    who: 'organiser',
    body: () => form(workshopFields({ topic: 'astrology' })),
  },
  {
    name: 'workshop: length not a number',
    method: 'POST',
    path: '/organiser/workshops/new',
    who: 'organiser',
    body: () => form(workshopFields({ lengthHours: 'tři' })),
  },
  {
    name: 'workshop: length of a million hours',
    method: 'POST',
    path: '/organiser/workshops/new',
    who: 'organiser',
    body: () => form(workshopFields({ lengthHours: '1e6' })),
  },
  {
    name: 'workshop: slug with diacritics',
    method: 'POST',
    path: '/organiser/workshops/new',
    who: 'organiser',
    body: () => form(workshopFields({ slug: 'otevřená-data' })),
  },
  {
    name: 'workshop: description of 30 000 characters',
    method: 'POST',
    path: '/organiser/workshops/new',
    who: 'organiser',
    body: () => form(workshopFields({ descriptionMd: 'a'.repeat(30_000) })),
  },
  {
    name: 'workshop: organiser not a number',
    method: 'POST',
    path: '/organiser/workshops/new',
    who: 'organiser',
    body: () => form(workshopFields({ organiserId: 'portal' })),
  },
  {
    name: 'workshop: for another organising body',
    method: 'POST',
    path: '/organiser/workshops/new',
    who: 'organiser',
    body: () => form(workshopFields({ organiserId: String(ids.otherOrganiserId) })),
  },
  {
    name: 'workshop edit: the same audience twice',
    method: 'POST',
    path: workshop(),
    who: 'organiser',
    body: () => form(workshopFields({ audiences: ['official', 'teacher_zs', 'official'] })),
  },
  { name: 'workshop edit: JSON body', method: 'POST', path: workshop(), who: 'organiser', ...json({}) },
  {
    name: 'workshop edit: id not a number',
    method: 'POST',
    path: '/organiser/workshops/abc',
    who: 'organiser',
    body: () => form(workshopFields()),
  },
  {
    name: 'workshop edit: another body’s workshop',
    method: 'POST',
    path: () => `/organiser/workshops/${ids.otherWorkshopId}`,
    who: 'organiser',
    body: () => form(workshopFields()),
  },
  { name: 'workshop edit: DELETE', method: 'DELETE', path: workshop(), who: 'organiser' },
  { name: 'workshop export: id not a number', method: 'GET', path: '/organiser/workshops/abc/export.csv', who: 'organiser' },

  // Organiser: sessions.
  {
    name: 'session: 30 February',
    method: 'POST',
    path: workshop('/sessions/new'),
    who: 'organiser',
    body: () => form(sessionFields({ date: impossibleDay() })),
  },
  {
    name: 'session: a time the clocks skip',
    method: 'POST',
    path: workshop('/sessions/new'),
    who: 'organiser',
    body: () => form(sessionFields({ date: springForwardDay(), startTime: skippedTime(), endTime: '05:00' })),
  },
  {
    name: 'session: booking window opens on 31 April',
    method: 'POST',
    path: workshop('/sessions/new'),
    who: 'organiser',
    body: () => form(sessionFields({ opensDate: impossibleDay().replace(/-02-30$/, '-04-31'), opensTime: '08:00' })),
  },
  {
    name: 'session: time 25:00',
    method: 'POST',
    path: workshop('/sessions/new'),
    who: 'organiser',
    body: () => form(sessionFields({ startTime: '25:00' })),
  },
  {
    name: 'session: capacity negative',
    method: 'POST',
    path: workshop('/sessions/new'),
    who: 'organiser',
    body: () => form(sessionFields({ capacity: '-5' })),
  },
  {
    name: 'session: capacity not a number',
    method: 'POST',
    path: workshop('/sessions/new'),
    who: 'organiser',
    body: () => form(sessionFields({ capacity: 'dvacet' })),
  },
  {
    name: 'session: unknown mode',
    method: 'POST',
    path: workshop('/sessions/new'),
    who: 'organiser',
    body: () => form(sessionFields({ mode: 'hybrid' })),
  },
  {
    name: 'session: javascript: as the online link',
    method: 'POST',
    path: workshop('/sessions/new'),
    who: 'organiser',
    body: () => form(sessionFields({ mode: 'online', onlineUrl: 'javascript:alert(1)' })),
  },
  { name: 'session: JSON body', method: 'POST', path: workshop('/sessions/new'), who: 'organiser', ...json(sessionFields()) },
  { name: 'session: no body', method: 'POST', path: workshop('/sessions/new'), who: 'organiser' },
  {
    name: 'session edit: 30 February',
    method: 'POST',
    path: session(),
    who: 'organiser',
    body: () => form(sessionFields({ date: impossibleDay() })),
  },
  { name: 'session edit: text/plain body', method: 'POST', path: session(), who: 'organiser', ...text('intent=cancel') },
  {
    name: 'session edit: id not a number',
    method: 'POST',
    path: '/organiser/sessions/abc',
    who: 'organiser',
    body: () => form(sessionFields()),
  },
  {
    name: 'session edit: another body’s session',
    method: 'POST',
    path: () => `/organiser/sessions/${ids.otherSessionId}`,
    who: 'organiser',
    body: () => form({ intent: 'cancel' }),
  },

  // Organiser: bookings of a session.
  {
    name: 'bookings: unknown intent',
    method: 'POST',
    path: session('/registrations'),
    who: 'organiser',
    body: form({ intent: 'delete-all' }),
  },
  { name: 'bookings: no intent', method: 'POST', path: session('/registrations'), who: 'organiser', body: form({}) },
  {
    name: 'bookings: cancel a registration id that is not a number',
    method: 'POST',
    path: session('/registrations'),
    who: 'organiser',
    body: form({ intent: 'cancel', registrationId: 'abc' }),
  },
  {
    name: 'bookings: cancel a registration of another session',
    method: 'POST',
    path: session('/registrations'),
    who: 'organiser',
    body: form({ intent: 'cancel', registrationId: '987654321' }),
  },
  {
    name: 'bookings: move to a session id that is not a number',
    method: 'POST',
    path: session('/registrations'),
    who: 'organiser',
    body: () => form({ intent: 'move', registrationId: String(ids.registrationId), targetSessionId: 'abc' }),
  },
  {
    name: 'bookings: move to another body’s session',
    method: 'POST',
    path: session('/registrations'),
    who: 'organiser',
    body: () => form({ intent: 'move', registrationId: String(ids.registrationId), targetSessionId: String(ids.otherSessionId) }),
  },
  {
    name: 'bookings: add a person without an e-mail',
    method: 'POST',
    path: session('/registrations'),
    who: 'organiser',
    body: () => {
      const f = bookingForm(914, { email: '' })
      f.append('intent', 'add')
      return f
    },
  },
  {
    name: 'bookings: message without a subject',
    method: 'POST',
    path: session('/registrations'),
    who: 'organiser',
    body: form({ intent: 'message', subject: '', body: 'Dobrý den' }),
  },
  {
    name: 'bookings: JSON body',
    method: 'POST',
    path: session('/registrations'),
    who: 'organiser',
    ...json({ intent: 'cancel' }),
  },
  {
    name: 'bookings: search of 5000 characters',
    method: 'GET',
    path: () => `${session('/registrations')()}?q=${'x'.repeat(5000)}`,
    who: 'organiser',
    expect: 'no5xx',
  },

  // Organiser: attendance.
  {
    name: 'attendance: unknown status',
    method: 'POST',
    path: session('/attendance'),
    who: 'organiser',
    body: () => form({ intent: 'mark', registrationId: String(ids.registrationId), attendance: 'asleep' }),
  },
  {
    name: 'attendance: registration id not a number',
    method: 'POST',
    path: session('/attendance'),
    who: 'organiser',
    body: form({ intent: 'mark', registrationId: 'abc', attendance: 'present' }),
  },
  {
    name: 'attendance: check-in code of 500 characters',
    method: 'POST',
    path: session('/attendance'),
    who: 'organiser',
    body: form({ intent: 'checkin', code: 'Z'.repeat(500) }),
  },
  {
    name: 'attendance: walk-in without a name',
    method: 'POST',
    path: session('/attendance'),
    who: 'organiser',
    body: form({ intent: 'walkin', fullName: '', email: '' }),
  },
  {
    name: 'attendance: unknown intent',
    method: 'POST',
    path: session('/attendance'),
    who: 'organiser',
    body: form({ intent: 'explode' }),
  },
  { name: 'attendance: JSON body', method: 'POST', path: session('/attendance'), who: 'organiser', ...json({ intent: 'close' }) },
  {
    name: 'attendance: search with a broken %-escape',
    method: 'GET',
    path: () => `${session('/attendance')()}?q=%E0%A4%A`,
    who: 'organiser',
    expect: 'no5xx',
  },
  {
    name: 'attendance sheet: id not a number',
    method: 'GET',
    path: '/organiser/sessions/abc/attendance-sheet.pdf',
    who: 'organiser',
  },

  // Organiser: worksheets.
  {
    name: 'upload: the same level twice',
    method: 'POST',
    path: workshop('/worksheets'),
    who: 'organiser',
    body: () => multipart({ licence: 'CC BY 4.0', visibility: 'public', levels: ['zs', 'zs'] }, [worksheetText]),
  },
  {
    name: 'upload: unknown level',
    method: 'POST',
    path: workshop('/worksheets'),
    who: 'organiser',
    body: () => multipart({ licence: 'CC BY 4.0', visibility: 'public', levels: ['uni'] }, [worksheetText]),
  },
  {
    name: 'upload: unknown licence',
    method: 'POST',
    path: workshop('/worksheets'),
    who: 'organiser',
    body: () => multipart({ licence: 'WTFPL', visibility: 'public' }, [worksheetText]),
  },
  {
    name: 'upload: unknown visibility',
    method: 'POST',
    path: workshop('/worksheets'),
    who: 'organiser',
    body: () => multipart({ licence: 'CC BY 4.0', visibility: 'secret' }, [worksheetText]),
  },
  {
    name: 'upload: no file',
    method: 'POST',
    path: workshop('/worksheets'),
    who: 'organiser',
    body: () => multipart({ licence: 'CC BY 4.0', visibility: 'public' }),
  },
  {
    name: 'upload: markup disguised as text',
    method: 'POST',
    path: workshop('/worksheets'),
    who: 'organiser',
    body: () =>
      multipart({ licence: 'CC BY 4.0', visibility: 'public' }, [{ name: 'list.txt', content: '<script>alert(1)</script>' }]),
  },
  {
    name: 'upload: replace with two files',
    method: 'POST',
    path: workshop('/worksheets'),
    who: 'organiser',
    body: () => multipart({ intent: 'replace', worksheetId: String(ids.worksheetId) }, [worksheetText, worksheetText]),
  },
  {
    name: 'upload: replace without a worksheet',
    method: 'POST',
    path: workshop('/worksheets'),
    who: 'organiser',
    body: () => multipart({ intent: 'replace', worksheetId: 'abc', licence: 'CC BY 4.0', visibility: 'public' }, [worksheetText]),
  },
  {
    name: 'upload: multipart body cut off',
    method: 'POST',
    path: workshop('/worksheets'),
    who: 'organiser',
    body: '--xyz\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nPracovní list',
    headers: { 'Content-Type': 'multipart/form-data; boundary=xyz' },
  },
  { name: 'upload: text/plain body', method: 'POST', path: workshop('/worksheets'), who: 'organiser', ...text('intent=remove') },
  {
    name: 'worksheets: remove an id that is not a number',
    method: 'POST',
    path: workshop('/worksheets'),
    who: 'organiser',
    body: form({ intent: 'remove', worksheetId: 'abc' }),
  },
  {
    name: 'worksheets: unknown intent',
    method: 'POST',
    path: workshop('/worksheets'),
    who: 'organiser',
    body: () => form({ intent: 'burn', worksheetId: String(ids.worksheetId) }),
  },

  // Admin.
  {
    name: 'admin: invite with no e-mail',
    method: 'POST',
    path: '/admin/users',
    who: 'admin',
    body: () => form({ email: '', name: 'Nová lektorka', organiserId: String(ids.organiserId) }),
  },
  {
    name: 'admin: invite for an organiser that is not a number',
    method: 'POST',
    path: '/admin/users',
    who: 'admin',
    body: form({ email: 'nova@kraj.example', name: '', organiserId: 'portal' }),
  },
  {
    name: 'admin: invite for an organiser that does not exist',
    method: 'POST',
    path: '/admin/users',
    who: 'admin',
    body: form({ email: 'nova@kraj.example', name: '', organiserId: '987654321' }),
  },
  {
    name: 'admin: unknown role',
    method: 'POST',
    path: '/admin/users',
    who: 'admin',
    body: () => form({ intent: 'role', userId: String(ids.userId), role: 'emperor' }),
  },
  {
    name: 'admin: role for a user id that is not a number',
    method: 'POST',
    path: '/admin/users',
    who: 'admin',
    body: form({ intent: 'role', userId: 'abc', role: 'admin' }),
  },
  { name: 'admin: JSON body', method: 'POST', path: '/admin/users', who: 'admin', ...json({ intent: 'role' }) },
  {
    name: 'admin: an organiser tries to invite',
    method: 'POST',
    path: '/admin/users',
    who: 'organiser',
    body: form({ email: 'nova@kraj.example', name: '', organiserId: '1' }),
  },
  {
    name: 'audit log: page not a number',
    method: 'GET',
    path: '/admin/audit?page=abc&action=%00',
    who: 'admin',
    expect: 'no5xx',
  },
]

beforeAll(async () => {
  database = await createTestDatabase({ seedAt: testStart })
  const { db } = database
  const now = testStart.toISOString()
  const portal = await db.selectFrom('organisers').select('id').where('name', '=', PORTAL).executeTakeFirstOrThrow()
  const other = await db.selectFrom('organisers').select('id').where('id', '!=', portal.id).executeTakeFirstOrThrow()
  await makeUser(db, { email: ORGANISER, role: 'organiser', organiserIds: [portal.id] })
  await makeUser(db, { email: ADMIN, role: 'admin' })
  const sessionOf = (organiserId: number) =>
    db
      .selectFrom('sessions')
      .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
      .select(['sessions.id as sessionId', 'workshops.id as workshopId'])
      .where('workshops.organiser_id', '=', organiserId)
      .where('sessions.status', '=', 'scheduled')
      .where('sessions.starts_at', '>', now)
      .orderBy('sessions.starts_at')
      .executeTakeFirstOrThrow()
  const own = await sessionOf(portal.id)
  const foreign = await sessionOf(other.id)
  const registration = await db
    .selectFrom('registrations')
    .select('id')
    .where('session_id', '=', own.sessionId)
    .where('status', '=', 'confirmed')
    .executeTakeFirstOrThrow()
  const worksheet = await db.selectFrom('worksheets').select('id').where('workshop_id', '=', own.workshopId).executeTakeFirst()
  const organiserUser = await db.selectFrom('users').select('id').where('email', '=', ORGANISER).executeTakeFirstOrThrow()
  // No mail worker: its retries against the closed SMTP port would change the outbox mid-case.
  server = await startServer({ DATABASE_URL: database.url, OUTBOX_WORKER: 'off' })
  ;({ cookie: organiser } = await signIn(server.url, db, ORGANISER))
  ;({ cookie: admin } = await signIn(server.url, db, ADMIN))

  // A worksheet of the organiser's own workshop to replace and remove.
  let worksheetId = worksheet?.id
  if (!worksheetId) {
    const response = await fetch(`${server.url}/organiser/workshops/${own.workshopId}/worksheets`, {
      method: 'POST',
      body: multipart({ licence: 'CC BY 4.0', visibility: 'public' }, [worksheetText]),
      headers: { Cookie: organiser },
      redirect: 'manual',
    })
    expect(response.status).toBe(303)
    worksheetId = (
      await db.selectFrom('worksheets').select('id').where('workshop_id', '=', own.workshopId).executeTakeFirstOrThrow()
    ).id
  }
  ids = {
    workshopId: own.workshopId,
    otherWorkshopId: foreign.workshopId,
    sessionId: own.sessionId,
    otherSessionId: foreign.sessionId,
    registrationId: registration.id,
    worksheetId,
    organiserId: portal.id,
    otherOrganiserId: other.id,
    userId: organiserUser.id,
  }

  // The one booking of this file: its manage link is what the link cases are sent to.
  const booked = await fetch(`${server.url}/sessions/${own.sessionId}/book`, {
    method: 'POST',
    body: bookingForm(1),
    redirect: 'manual',
  })
  expect(booked.status).toBe(303)
  const email = bookingForm(1).get('email')!
  manageToken = /\/registrations\/([A-Za-z0-9_-]{43})/.exec(await manageLinkFromOutbox(db, email))![1]!
  ownRegistrationId = (await db.selectFrom('registrations').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id
  ;({ cookie: participant } = await signIn(server.url, db, email))
})

afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

async function send(c: Case): Promise<{ status: number; body: string }> {
  const cookie = { organiser, admin, participant, anonymous: undefined }[c.who ?? 'anonymous']
  const body = typeof c.body === 'function' ? c.body() : c.body
  const response = await fetch(`${server.url}${typeof c.path === 'function' ? c.path() : c.path}`, {
    method: c.method,
    body,
    headers: { ...(cookie ? { Cookie: cookie } : {}), ...c.headers },
    redirect: 'manual',
  })
  return { status: response.status, body: await response.text() }
}

describe('a corpus of malformed requests against the built server', () => {
  it('has at least 80 cases, every one named once', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(80)
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length)
  })

  it.each(CASES.map((c) => [c.name, c] as const))('%s: refused without a 5xx, nothing written', async (_name, c) => {
    const before = await snapshot()
    const { status, body } = await send(c)
    expect(status, body.slice(0, 300)).toBeLessThan(500)
    if ((c.expect ?? '4xx') === '4xx') {
      expect(status, body.slice(0, 300)).toBeGreaterThanOrEqual(400)
      // A refusal says something: a page or a sentence, never an empty body.
      expect(body.trim().length).toBeGreaterThan(0)
    }
    if (status >= 400) expect(changedTables(before, await snapshot())).toEqual([])
  })

  it('made one booking in all (the setup’s), so a per-IP booking limit is never near', async () => {
    const booked = await database.db
      .selectFrom('registrations')
      .select('email')
      .where('email', 'like', 'ucastnik.%@skola.example')
      .execute()
    expect(booked).toEqual([{ email: bookingForm(1).get('email') }])
  })

  it('logged no server error while answering the corpus', () => {
    // Remix still logs a POST to a page without an action (405) with its stack; that is no fault.
    expect(server.output()).not.toMatch(/Internal server error|Unexpected Server Error|SqliteError|TypeError|RangeError/)
  })
})

describe('the malformed requests the review found', () => {
  it('answers POST /language with JSON, text/plain or no body with 400 and a sentence', async () => {
    for (const c of CASES.filter((x) => x.name.startsWith('language: ') && /JSON|text\/plain|no body/.test(x.name))) {
      const { status, body } = await send(c)
      expect([c.name, status]).toEqual([c.name, 400])
      expect(body).toMatch(/form/i)
    }
  })

  it('refuses a workshop with the same audience twice next to the field, keeping what was typed', async () => {
    const { status, body } = await send(CASES.find((c) => c.name === 'workshop: the same audience twice')!)
    expect(status).toBe(400)
    expect(body).toContain('Každou skupinu vyberte jen jednou.')
    expect(body).toContain('value="Otevřená data v obci"')
  })

  it('refuses an upload with the same level twice and keeps no file or chunk of it', async () => {
    const before = await snapshot()
    const { status, body } = await send(CASES.find((c) => c.name === 'upload: the same level twice')!)
    expect(status).toBe(400)
    expect(body).toContain('Každý stupeň vyberte jen jednou.')
    const after = await snapshot()
    expect({ files: after.files, chunks: after.file_chunks }).toEqual({ files: before.files, chunks: before.file_chunks })
  })

  it('reports an unknown level in the worksheet library next to its field, with 400', async () => {
    const { status, body } = await send(CASES.find((c) => c.name === 'worksheets: unknown level')!)
    expect(status).toBe(400)
    expect(body).toContain('Vyberte stupeň školy ze seznamu.')
    expect(body).toMatch(/<select[^>]*name="level"[^>]*aria-invalid="true"/)
  })

  it('refuses 30 February in the session form next to the date field', async () => {
    const { status, body } = await send(CASES.find((c) => c.name === 'session: 30 February')!)
    expect(status).toBe(400)
    expect(body).toContain('Takový den v kalendáři není.')
    expect(body).toContain(`value="${impossibleDay()}"`)
  })
})
