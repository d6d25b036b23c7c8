import type { Kysely } from 'kysely'
import type { DB, Visibility } from '../../db/schema'
import type { Locale } from '~/i18n/locales'
import type { SignedInUser } from '~/models/auth.server'
import { addParticipant } from '~/models/organiser-registrations.server'
import {
  cancelSession,
  createSession,
  parseSessionForm,
  type SessionFormData,
  type SessionFormField,
} from '~/models/organiser-sessions.server'
import { saveWorkshop, type WorkshopFormData } from '~/models/organiser-workshops.server'
import type { RegistrationFormData } from '~/models/registration-form.server'
import { registerForSession, type RegisterResult } from '~/models/registrations.server'
import { createWorksheets } from '~/models/worksheets.server'
import { storeStream } from '~/utils/file-store.server'
import { makeUser } from './auth'
import { day } from './clock'

/*
 * The things tests need, made through the functions production makes them with: workshops by
 * saveWorkshop, sessions by the session form and createSession, bookings by registerForSession,
 * walk-ins by addParticipant, worksheets by createWorksheets, roles by setRole (makeUser).
 * Organising bodies have no form in the app and are written here.
 */

/** A person's booking form; the address comes from the name: "Jana Řehořová" → jana.rehorova@example.cz. */
export function person(name: string, changes: Partial<RegistrationFormData> = {}): RegistrationFormData {
  const ascii = name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, '.')
  return {
    fullName: name,
    email: `${ascii}@example.cz`,
    organisation: 'Městský úřad Turnov',
    participantType: 'official',
    schoolLevel: '',
    note: '',
    consent: 'yes',
    ...changes,
  }
}

export const emailOf = (name: string) => person(name).email

export async function createOrganiser(
  db: Kysely<DB>,
  { name, email, website = null }: { name: string; email: string; website?: string | null },
  now: Date,
): Promise<number> {
  const { id } = await db
    .insertInto('organisers')
    .values({ name, email, website, created_at: now.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

/** A user as model functions take them once signed in. */
export async function createUser(
  db: Kysely<DB>,
  { email, name, role, organiserIds = [] }: Pick<SignedInUser, 'email' | 'name' | 'role'> & { organiserIds?: number[] },
): Promise<SignedInUser> {
  const id = await makeUser(db, { email, name, role, organiserIds })
  return { id, email, name, role, organiserIds }
}

/** Two organising bodies (a region and the national cyber-security office). */
export const BODY_A = { name: 'Datový portál Libereckého kraje', email: 'datovy.portal@kraj-lbc.example' }
export const BODY_B = { name: 'Národní úřad pro kybernetickou bezpečnost', email: 'osveta@nukib.example' }

/** The staff most organiser tests need: two bodies, an organiser of each, and an admin. */
export async function createStaff(db: Kysely<DB>, now: Date) {
  const bodyAId = await createOrganiser(db, BODY_A, now)
  const bodyBId = await createOrganiser(db, BODY_B, now)
  const organiserA = await createUser(db, {
    email: 'marketa.holubova@kraj-lbc.example',
    name: 'Markéta Holubová',
    role: 'organiser',
    organiserIds: [bodyAId],
  })
  const organiserB = await createUser(db, {
    email: 'jiri.novotny@nukib.example',
    name: 'Jiří Novotný',
    role: 'organiser',
    organiserIds: [bodyBId],
  })
  const admin = await createUser(db, { email: 'spravce@workshopy.example.cz', name: 'Správce Systému', role: 'admin' })
  return { bodyAId, bodyBId, organiserA, organiserB, admin }
}

/** The organiser's session form as a browser posts it: a place, 20 seats, 40 days ahead; `sessionForm` starts from it. */
export function sessionFormFields(changes: Record<string, string> = {}): Record<string, string> {
  return {
    date: day(40),
    startTime: '09:00',
    endTime: '12:00',
    mode: 'place',
    venueName: 'Krajský úřad Libereckého kraje',
    address: '',
    room: '',
    onlineUrl: '',
    capacity: '20',
    opensDate: '',
    opensTime: '',
    closesDate: '',
    closesTime: '',
    lecturer: '',
    message: '',
    ...changes,
  }
}

/** The session form's fields; numbers are written as the browser would send them. */
export type SessionFields = Partial<Record<SessionFormField, string | number>>

/** The organiser's session form, parsed as the page's action parses it; refused fields throw. */
function sessionForm(fields: SessionFields = {}): SessionFormData {
  const form = new FormData()
  for (const [name, value] of Object.entries({ ...sessionFormFields(), ...fields })) form.set(name, String(value))
  const parsed = parseSessionForm(form)
  if (!parsed.ok) throw new Error(`session form refused: ${JSON.stringify(parsed.errors)}`)
  return parsed.data
}

export type WorkshopFields = Partial<Omit<WorkshopFormData, 'organiserId'>>

/** A slug no other test workshop has. */
export const uniqueSlug = () => `test-workshop-${Math.random().toString(36).slice(2, 10)}`

/** A published workshop as the workshop form saves it; the slug is made unique unless given. */
function workshopInput(organiserId: number, fields: WorkshopFields = {}): WorkshopFormData {
  return {
    title: 'Kybernetická bezpečnost na obecním úřadě',
    slug: uniqueSlug(),
    summary: 'Testovací workshop.',
    descriptionMd: 'Popis.',
    topic: 'cybersecurity',
    audiences: ['official'],
    lengthHours: 2,
    language: 'cs',
    published: true,
    accreditationRef: '',
    requiresBirthDate: false,
    ...fields,
    organiserId,
  }
}

/** A one-file text worksheet, uploaded as the worksheets page uploads it: the file store, then createWorksheets. */
export async function uploadWorksheet(
  db: Kysely<DB>,
  {
    workshopId,
    title,
    visibility,
    user,
    now,
    name = `${title}.txt`,
    content = `${title}\n`,
  }: {
    workshopId: number
    title: string
    visibility: Visibility
    user: SignedInUser
    now: Date
    name?: string
    content?: string
  },
): Promise<number> {
  const bytes = Buffer.from(content, 'utf8')
  const stored = await storeStream(
    db,
    (async function* () {
      yield bytes
    })(),
    { maxBytes: bytes.length, now },
  )
  const created = await createWorksheets(db, {
    workshopId,
    meta: { title, description: '', licence: 'CC BY 4.0', visibility, levels: [] },
    files: [{ ...stored, originalName: name, contentType: 'text/plain; charset=utf-8' }],
    user,
    now,
  })
  if (created.kind !== 'created') throw new Error(`expected a worksheet, got ${JSON.stringify(created)}`)
  return created.ids[0]!
}

type FactoryContext = {
  db: Kysely<DB>
  /** The test's clock: when workshops and sessions are made and people book. */
  now: Date
  appUrl?: string
  /** Who makes workshops and sessions: an admin, or an organiser of every body the file uses. */
  staff: SignedInUser
  /** Who adds walk-ins at the door; the staff unless given. */
  organiser?: SignedInUser
  /** The file's usual session, as form fields; each call's own fields go on top. */
  session?: SessionFields
}

export type Booking = Extract<RegisterResult, { kind: 'registered' }>

/**
 * Factories bound to a test file's database, clock and staff. The context is read at each
 * call, so a file whose `beforeEach` makes a new database binds once at the top.
 */
export function factories(context: () => FactoryContext) {
  const appUrl = () => context().appUrl ?? 'http://localhost:3000'
  const formWithDefaults = (fields: SessionFields = {}) => sessionForm({ ...context().session, ...fields })

  return {
    sessionForm: formWithDefaults,

    async newWorkshop(organiserId: number, fields: WorkshopFields = {}, user = context().staff): Promise<number> {
      const { db, now } = context()
      const saved = await saveWorkshop(db, { input: workshopInput(organiserId, fields), user, now })
      if (saved.kind !== 'saved') throw new Error(`expected a workshop, got ${JSON.stringify(saved)}`)
      return saved.id
    },

    /** A session as the organiser's form makes it; `cancelled` calls it off straight away, before anyone books. */
    async newSession(workshopId: number, { cancelled = false, ...fields }: SessionFields & { cancelled?: boolean } = {}) {
      const { db, now, staff } = context()
      const created = await createSession(db, { workshopId, input: formWithDefaults(fields), user: staff, now })
      if (created.kind !== 'created') throw new Error(`expected a session, got ${JSON.stringify(created)}`)
      if (cancelled) {
        const called = await cancelSession(db, { sessionId: created.id, message: '', user: staff, now, appUrl: appUrl() })
        if (called.kind !== 'cancelled') throw new Error(`expected the session cancelled, got ${JSON.stringify(called)}`)
      }
      return created.id
    },

    /** A public booking, as the booking form makes it, for a name (see `person`) or a whole form. */
    async book(
      sessionId: number,
      who: string | RegistrationFormData,
      { locale = 'cs', at = context().now }: { locale?: Locale; at?: Date } = {},
    ): Promise<Booking> {
      const form = typeof who === 'string' ? person(who) : who
      const result = await registerForSession(context().db, { sessionId, form, locale, now: at, appUrl: appUrl() })
      if (result.kind !== 'registered') throw new Error(`expected a booking for ${form.fullName}, got ${JSON.stringify(result)}`)
      return result
    },

    /** Someone who came without booking, added at the door; they always get a seat. */
    async walkIn(sessionId: number, who: string | RegistrationFormData): Promise<number> {
      const { db, now, staff, organiser = staff } = context()
      const form = typeof who === 'string' ? person(who) : who
      const result = await addParticipant(db, {
        sessionId,
        form,
        walkIn: true,
        locale: 'cs',
        user: organiser,
        now,
        appUrl: appUrl(),
      })
      if (result.kind !== 'registered') throw new Error(`expected a walk-in for ${form.fullName}, got ${JSON.stringify(result)}`)
      if (result.status !== 'confirmed') throw new Error(`expected a seat for the walk-in ${form.fullName}, got ${result.status}`)
      return result.registrationId
    },
  }
}
