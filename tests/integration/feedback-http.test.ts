import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeAttendance, markAttendance } from '~/models/attendance.server'
import { saveFeedback, parseFeedbackForm } from '~/models/feedback.server'
import { registerForSession } from '~/models/registrations.server'
import { makeUser, signIn } from '../support/auth'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createUser, person } from '../support/factories'
import { addBookableSession, createBookableSession, organiserOf } from '../support/fixtures'
import { startServer, type RunningServer } from '../support/server'

/*
 * The organiser's feedback pages and downloads over HTTP: who gets in, and that what they
 * show holds the answers but never who gave them.
 */
const DAY = 86_400_000
let database: TestDatabase
let server: RunningServer
const ids = { session: 0, workshop: 0, otherBody: 0 }
const tokens = { notAttended: '', waitlisted: '' }
const cookies: Record<string, string> = {}

beforeAll(async () => {
  database = await createTestDatabase()
  const db = database.db
  const bookedAt = new Date(testStart.getTime() - 3 * DAY)
  const a = await createBookableSession(db, { capacity: 5, now: bookedAt, startsInDays: 1 })
  const b = await createBookableSession(db, { capacity: 5, organiserName: 'Pořadatel B, Telč' })
  Object.assign(ids, { session: a.sessionId, workshop: a.workshopId, otherBody: await organiserOf(db, b.workshopId) })
  const admin = await createUser(db, { email: 'spravce@workshopy.example', name: 'Správce', role: 'admin' })
  const change = { sessionId: a.sessionId, user: admin, now: new Date(testStart.getTime() - DAY), appUrl: 'http://localhost' }
  for (const name of ['Quido Jiný', 'Petra Účastnice']) {
    const booked = await registerForSession(db, {
      sessionId: a.sessionId,
      form: person(name),
      locale: 'cs',
      now: bookedAt,
      appUrl: 'http://localhost',
    })
    if (booked.kind !== 'registered') throw new Error('expected a booking')
    await markAttendance(db, { ...change, registrationId: booked.registrationId, attendance: 'present' })
    const form = new FormData()
    form.set('rating', '4')
    form.set('improve', `Více příkladů od ${name.split(' ')[1]}`)
    const parsed = parseFeedbackForm(form)
    if (!parsed.ok) throw new Error('feedback refused')
    // Attendance closes first; then they answer.
    if (name === 'Quido Jiný') await closeAttendance(db, { ...change, unmarked: 'leave' })
    else await closeAttendance(db, { ...change, now: new Date(change.now.getTime() + 60_000), unmarked: 'leave' })
    expect((await saveFeedback(db, { token: booked.token, form: parsed.data, now: testStart })).kind).toBe('saved')
  }
  // Booked but never marked present; and one on the waiting list of a full session.
  const unmarked = await registerForSession(db, {
    sessionId: a.sessionId,
    form: person('Nikdo Nepřišel'),
    locale: 'cs',
    now: bookedAt,
    appUrl: 'http://localhost',
  })
  const full = await addBookableSession(db, { workshopId: b.workshopId, capacity: 1 })
  await registerForSession(db, {
    sessionId: full,
    form: person('První Místo'),
    locale: 'cs',
    now: testStart,
    appUrl: 'http://localhost',
  })
  const waiting = await registerForSession(db, {
    sessionId: full,
    form: person('Čeká Dál'),
    locale: 'cs',
    now: testStart,
    appUrl: 'http://localhost',
  })
  if (unmarked.kind !== 'registered' || waiting.kind !== 'registered' || waiting.status !== 'waitlisted')
    throw new Error('expected bookings')
  Object.assign(tokens, { notAttended: unmarked.token, waitlisted: waiting.token })
  await makeUser(db, { email: 'petra.ucastnice@skola.example', role: 'participant' })
  await makeUser(db, { email: 'organizator@telc.example', role: 'organiser', organiserIds: [ids.otherBody] })
  await makeUser(db, {
    email: 'organizator@liberec.example',
    role: 'organiser',
    organiserIds: [await organiserOf(db, a.workshopId)],
  })
  server = await startServer({ DATABASE_URL: database.url })
  for (const email of [
    'petra.ucastnice@skola.example',
    'organizator@telc.example',
    'organizator@liberec.example',
    'spravce@workshopy.example',
  ])
    cookies[email] = (await signIn(server.url, db, email)).cookie
})
afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

const paths = () => [
  `/organiser/sessions/${ids.session}/feedback`,
  `/organiser/workshops/${ids.workshop}/feedback`,
  `/organiser/sessions/${ids.session}/feedback.csv`,
  `/organiser/sessions/${ids.session}/feedback.xlsx`,
  `/organiser/workshops/${ids.workshop}/feedback.csv`,
  `/organiser/workshops/${ids.workshop}/feedback.xlsx`,
]

const get = (path: string, email?: string) =>
  fetch(`${server.url}${path}`, { redirect: 'manual', headers: email ? { cookie: cookies[email]! } : {} })

describe('the feedback pages: who gets in, and what they show', () => {
  it('sends anonymous visitors to sign in and refuses participants and other bodies', async () => {
    for (const path of paths()) {
      const anonymous = await get(path)
      expect([302, 303]).toContain(anonymous.status)
      expect(anonymous.headers.get('location')).toBe(`/sign-in?redirectTo=${encodeURIComponent(path)}`)
      for (const email of ['petra.ucastnice@skola.example', 'organizator@telc.example']) {
        const refused = await get(path, email)
        expect(refused.status).toBe(403)
        expect(await refused.text()).not.toContain('Více příkladů')
      }
    }
  })

  it('shows the body’s organiser and the admin the answers, without names, and audits each download', async () => {
    for (const email of ['organizator@liberec.example', 'spravce@workshopy.example']) {
      for (const path of paths()) {
        const response = await get(path, email)
        expect(response.status).toBe(200)
        const body = Buffer.from(await response.arrayBuffer())
        if (path.endsWith('.xlsx')) {
          expect(body.subarray(0, 2).toString('latin1')).toBe('PK')
          expect(response.headers.get('content-disposition')).toMatch(/^attachment; /)
          continue
        }
        const text = body.toString('utf8')
        expect(text).toContain('Více příkladů od Jiný')
        expect(text).toContain('Více příkladů od Účastnice')
        expect(text).not.toContain('Quido')
        expect(text).not.toContain('petra.ucastnice')
        if (path.endsWith('.csv')) expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
        else expect(text).toContain('Průměrné hodnocení: 4 z 5')
      }
    }
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['entity_type'])
      .where('action', '=', 'feedback.export')
      .execute()
    expect(audit.map((a) => a.entity_type).sort()).toEqual([
      'session',
      'session',
      'session',
      'session',
      'workshop',
      'workshop',
      'workshop',
      'workshop',
    ])
  })

  it('tells someone who did not attend that they cannot answer, whatever they send, and stores nothing', async () => {
    const form = new URLSearchParams({ rating: '9', improve: 'x' })
    const response = await fetch(`${server.url}/registrations/${tokens.notAttended}/feedback`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
      headers: { origin: server.url },
    })
    expect(response.status).toBe(403)
    expect(await response.text()).toContain('Hodnotit lze jen workshop, na kterém je vaše přítomnost zapsaná v docházce')
    expect(await database.db.selectFrom('feedback_responses').selectAll().execute()).toHaveLength(2)
  })

  it('does not offer someone on the waiting list to free a seat they do not hold', async () => {
    const html = await (await fetch(`${server.url}/registrations/${tokens.waitlisted}/free-seat`)).text()
    expect(html).toContain('Jste na čekací listině')
    expect(html).not.toContain('Uvolnit místo</button>')
  })
})
