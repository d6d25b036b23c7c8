import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeUser, signIn } from '../support/auth'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { bookingForm, createBookableSession, organiserOf } from '../support/fixtures'
import { startServer, type RunningServer } from '../support/server'

/*
 * An organiser adds someone by hand to a session of a workshop whose certificate states the
 * date of birth: the form asks for it, and without it nobody is added (the page used to say
 * "added" although nobody was).
 */
let database: TestDatabase
let server: RunningServer
let sessionId: number
let cookie: string

beforeAll(async () => {
  database = await createTestDatabase()
  const created = await createBookableSession(database.db, { capacity: 5, workshop: { requiresBirthDate: true } })
  sessionId = created.sessionId
  await makeUser(database.db, {
    email: 'organizator@liberec.example',
    role: 'organiser',
    organiserIds: [await organiserOf(database.db, created.workshopId)],
  })
  server = await startServer({ DATABASE_URL: database.url })
  cookie = (await signIn(server.url, database.db, 'organizator@liberec.example')).cookie
})
afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

const page = () => `${server.url}/organiser/sessions/${sessionId}/registrations`
const add = (fields: Record<string, string>) => {
  const form = bookingForm(1, { email: 'pridany@skola.example', fullName: 'Přidaný Ručně', ...fields })
  form.set('intent', 'add')
  return fetch(page(), { method: 'POST', body: form, redirect: 'manual', headers: { cookie, origin: server.url } })
}
const added = () =>
  database.db.selectFrom('registrations').select(['date_of_birth']).where('session_id', '=', sessionId).execute()

describe('adding someone by hand where the certificate states the date of birth', () => {
  it('shows the date-of-birth field on the bookings page', async () => {
    const html = await (await fetch(page(), { headers: { cookie } })).text()
    expect(html).toContain('name="dateOfBirth"')
  })

  it('refuses the form without it, next to the field and keeping what was typed, and adds nobody', async () => {
    const response = await add({})
    expect(response.status).toBe(400)
    const html = await response.text()
    expect(html).toContain('Zadejte platné datum narození')
    expect(html).toContain('Přidaný Ručně')
    expect(await added()).toEqual([])
  })

  it('adds the person with it', async () => {
    const response = await add({ dateOfBirth: '1985-04-12' })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toMatch(/\?done=added$/)
    expect(await added()).toEqual([{ date_of_birth: '1985-04-12' }])
  })
})
