import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCatalogueFilters } from '~/models/catalogue-filters.server'
import { listCatalogue, listCatalogueMonths, type CatalogueEntry } from '~/models/catalogue.server'
import { listPublicWorksheets } from '~/models/worksheets.server'
import { getWorkshopPage } from '~/models/workshops.server'
import { readStream } from '~/utils/file-store.server'
import { detectFileType } from '~/utils/file-types.server'
import { pragueMonthKey } from '~/utils/dates'
import { DAY_MS, testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'

/** The demo catalogue is seeded relative to the day it is seeded: here, the day this test runs. */
const now = testStart
let test: TestDatabase

beforeAll(async () => {
  test = await createTestDatabase({ seedAt: now })
})
afterAll(async () => {
  await test.cleanup()
})

const search = (query: string) =>
  listCatalogue(test.db, { filters: parseCatalogueFilters(new URLSearchParams(query)).filters, now })
const slugs = (entries: CatalogueEntry[]) => entries.map((e) => e.slug).sort()

describe('the demo catalogue', () => {
  it('covers both main topics and every audience with at least 10 published workshops', async () => {
    const all = await search('')
    expect(all.length).toBeGreaterThanOrEqual(10)
    const topics = new Set(all.map((w) => w.topic))
    expect(topics).toContain('data_literacy')
    expect(topics).toContain('cybersecurity')
    const audiences = new Set(all.flatMap((w) => w.audiences))
    for (const a of ['teacher_ms', 'teacher_zs', 'teacher_ss', 'teacher_vos', 'official', 'public'])
      expect(audiences).toContain(a)
  })

  it('has at least 25 upcoming sessions, some nearly full, one full, one cancelled and some past', async () => {
    const sessions = await test.db.selectFrom('sessions').selectAll().execute()
    const upcoming = sessions.filter((s) => s.starts_at > now.toISOString())
    expect(upcoming.filter((s) => s.status === 'scheduled').length).toBeGreaterThanOrEqual(25)
    expect(
      upcoming.filter((s) => s.status === 'scheduled' && s.capacity - s.confirmed_count <= 2 && s.confirmed_count < s.capacity)
        .length,
    ).toBeGreaterThanOrEqual(3)
    expect(upcoming.filter((s) => s.status === 'scheduled' && s.confirmed_count === s.capacity).length).toBeGreaterThanOrEqual(1)
    expect(sessions.filter((s) => s.status === 'cancelled').length).toBeGreaterThanOrEqual(1)
    expect(sessions.filter((s) => s.starts_at <= now.toISOString()).length).toBeGreaterThanOrEqual(3)
  })

  it('is laid out around the day it is seeded, whatever day that is', async () => {
    // Seeded a thousand days from now, the same catalogue is upcoming then, not now.
    const seededAt = new Date(now.getTime() + 1000 * DAY_MS)
    const later = await createTestDatabase({ seedAt: seededAt })
    try {
      const sessions = await later.db.selectFrom('sessions').select(['starts_at', 'status']).execute()
      const ours = await test.db.selectFrom('sessions').select(['starts_at']).execute()
      expect(sessions).toHaveLength(ours.length)
      const upcoming = sessions.filter((s) => s.starts_at > seededAt.toISOString() && s.status === 'scheduled')
      expect(upcoming.length).toBeGreaterThanOrEqual(25)
      expect(sessions.filter((s) => s.starts_at <= seededAt.toISOString()).length).toBeGreaterThanOrEqual(3)
      // Every session lies within a year of the day it was seeded on, none near today.
      for (const s of sessions) expect(Math.abs(Date.parse(s.starts_at) - seededAt.getTime())).toBeLessThan(365 * DAY_MS)
      const catalogue = await listCatalogue(later.db, {
        filters: parseCatalogueFilters(new URLSearchParams('')).filters,
        now: seededAt,
      })
      expect(catalogue.filter((w) => w.nextSession).length).toBeGreaterThanOrEqual(10)
    } finally {
      await later.cleanup()
    }
  })

  it('keeps the seat counters equal to the registrations behind them', async () => {
    const sessions = await test.db.selectFrom('sessions').select(['id', 'confirmed_count', 'waitlisted_count']).execute()
    const counts = await test.db
      .selectFrom('registrations')
      .select(['session_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['session_id', 'status'])
      .execute()
    for (const s of sessions) {
      const count = (status: string) => Number(counts.find((c) => c.session_id === s.id && c.status === status)?.n ?? 0)
      expect(count('confirmed')).toBe(s.confirmed_count)
      expect(count('waitlisted')).toBe(s.waitlisted_count)
    }
  })

  it('does not list unpublished workshops, nor open their pages', async () => {
    const all = await search('')
    expect(slugs(all)).not.toContain('umela-inteligence-ve-vyuce-koncept')
    expect(await getWorkshopPage(test.db, { slug: 'umela-inteligence-ve-vyuce-koncept', now })).toBeUndefined()
  })
})

describe('searching the catalogue', () => {
  it('finds "Kybernetická bezpečnost" when typed without diacritics, and only cybersecurity workshops', async () => {
    const found = await search('q=bezpecnost')
    expect(found.length).toBeGreaterThanOrEqual(3)
    expect(found.every((w) => w.topic === 'cybersecurity')).toBe(true)
    expect(slugs(found)).toContain('kyberneticka-bezpecnost-na-obecnim-urade')
  })

  it('takes "%" and "_" in a search literally, not as wildcards', async () => {
    const slug = 'kyberneticka-bezpecnost-na-obecnim-urade'
    const { search_text } = await test.db
      .selectFrom('workshops')
      .select('search_text')
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow()
    await test.db
      .updateTable('workshops')
      .set({ search_text: `${search_text} hesla na 100% a soubor_zaloha` })
      .where('slug', '=', slug)
      .execute()
    try {
      expect(slugs(await search('q=100%25'))).toEqual([slug])
      expect(slugs(await search('q=soubor_zaloha'))).toEqual([slug])
      expect(await search('q=bezpe%25nost')).toEqual([])
      expect(await search('q=bezpe_nost')).toEqual([])
    } finally {
      await test.db.updateTable('workshops').set({ search_text }).where('slug', '=', slug).execute()
    }
  })

  it('ignores case and diacritics in the query too', async () => {
    expect(slugs(await search('q=BEZPEČNOST'))).toEqual(slugs(await search('q=bezpecnost')))
    expect(slugs(await search('q=Otevřená'))).toEqual(slugs(await search('q=otevrena')))
  })

  it('requires every word of the query', async () => {
    const found = await search('q=phishing urad')
    const phishing = await search('q=phishing')
    expect(found.length).toBeLessThanOrEqual(phishing.length)
    expect(await search('q=phishing zzzneexistuje')).toEqual([])
  })

  it('treats % and _ as ordinary characters', async () => {
    expect(await search('q=%25')).toEqual([])
    expect(await search('q=_')).toEqual([])
  })
})

describe('filtering the catalogue', () => {
  it('filters by topic', async () => {
    const found = await search('topic=open_data')
    expect(found.length).toBeGreaterThan(0)
    expect(found.every((w) => w.topic === 'open_data')).toBe(true)
  })

  it('filters by a school level, and "teacher" takes every level', async () => {
    const ms = await search('audience=teacher_ms')
    expect(ms.length).toBeGreaterThan(0)
    expect(ms.every((w) => w.audiences.includes('teacher_ms'))).toBe(true)
    const teachers = await search('audience=teacher')
    expect(teachers.every((w) => w.audiences.some((a) => a.startsWith('teacher_')))).toBe(true)
    expect(teachers.length).toBeGreaterThan(ms.length)
  })

  it('filters by month, in Prague time, and shows the next session of that month', async () => {
    const [, second] = await listCatalogueMonths(test.db, { now })
    const found = await search(`month=${second}`)
    expect(found.length).toBeGreaterThan(0)
    for (const w of found) expect(pragueMonthKey(w.nextSession!.startsAt)).toBe(second)
  })

  it('with "free seats only" leaves out workshops whose only sessions are full', async () => {
    const free = await search('free=1')
    for (const w of free) expect(w.nextSession?.availability.state).toBe('open')
    // The 2nd-level workshop's next session is full, but a later one has seats.
    const dataInLessons = free.find((w) => w.slug === 'pozvete-data-do-hodin-2-stupen-ss')
    expect(dataInLessons?.nextSession?.availability.freeSeats).toBeGreaterThan(0)
    const unfiltered = (await search('')).find((w) => w.slug === 'pozvete-data-do-hodin-2-stupen-ss')
    expect(unfiltered?.nextSession?.availability.state).toBe('full')
  })

  it('combines search, topic, audience, month and free seats', async () => {
    const months = await listCatalogueMonths(test.db, { now })
    const combined = await search(`q=bezpecnost&topic=cybersecurity&audience=official&month=${months[0]}&free=1`)
    expect(combined.length).toBeGreaterThan(0)
    for (const w of combined) {
      expect(w.topic).toBe('cybersecurity')
      expect(w.audiences).toContain('official')
      expect(pragueMonthKey(w.nextSession!.startsAt)).toBe(months[0])
      expect(w.nextSession!.availability.state).toBe('open')
    }
    const cyberOfficials = await search('topic=cybersecurity&audience=official')
    expect(combined.length).toBeLessThanOrEqual(cyberOfficials.length)
    expect(await search('topic=cybersecurity&audience=teacher_ms')).toEqual([])
  })

  it('lists soonest sessions first and workshops without one last', async () => {
    const all = await search('')
    const starts = all.map((w) => w.nextSession?.startsAt ?? '~')
    expect(starts).toEqual([...starts].sort())
  })
})

describe('a workshop page', () => {
  it('shows upcoming sessions in order and keeps past and cancelled ones, marked', async () => {
    const page = await getWorkshopPage(test.db, { slug: 'kyberneticka-bezpecnost-na-obecnim-urade', now })
    expect(page).toBeDefined()
    const starts = page!.upcoming.map((s) => s.startsAt)
    expect(starts).toEqual([...starts].sort())
    expect(page!.upcoming.some((s) => s.cancelled && s.availability.state === 'cancelled')).toBe(true)
    const withPast = await getWorkshopPage(test.db, { slug: 'phishing-a-socialni-inzenyrstvi', now })
    expect(withPast!.past.length).toBeGreaterThan(0)
    expect(withPast!.past.every((s) => s.availability.state === 'past')).toBe(true)
  })

  it('renders the Markdown description without letting raw HTML through', async () => {
    await test.db
      .updateTable('workshops')
      .set({ description_md: 'Hello <script>alert(1)</script> [x](javascript:alert(1)) **bold**' })
      .where('slug', '=', 'data-v-materske-skole')
      .execute()
    const page = await getWorkshopPage(test.db, { slug: 'data-v-materske-skole', now })
    expect(page!.descriptionHtml).toContain('<strong>bold</strong>')
    expect(page!.descriptionHtml).not.toContain('<script>')
    expect(page!.descriptionHtml).not.toContain('href="javascript:')
  })

  it('is undefined for an unknown slug', async () => {
    expect(await getWorkshopPage(test.db, { slug: 'no-such-workshop', now })).toBeUndefined()
  })
})

describe('the demo worksheets', () => {
  it('puts the public ones in the library and keeps the attendees-only one out', async () => {
    const library = await listPublicWorksheets(test.db, { q: '' })
    expect(library.map((w) => w.title).sort((a, b) => a.localeCompare(b, 'cs'))).toEqual([
      'Kontrolní seznam – podezřelý e-mail',
      'Počasí v kraji – teploty a srážky po měsících',
    ])
    const hidden = await test.db
      .selectFrom('worksheets')
      .select(['title', 'visibility'])
      .where('visibility', '=', 'attendees')
      .execute()
    expect(hidden).toEqual([{ title: 'Řešení úloh – tabulkový kalkulátor', visibility: 'attendees' }])
  })

  it('stores files that pass the same content check as uploads, and reads them back in Czech', async () => {
    const versions = await test.db
      .selectFrom('worksheet_versions')
      .innerJoin('files', 'files.id', 'worksheet_versions.file_id')
      .select(['worksheet_versions.original_name', 'files.id', 'files.complete', 'files.content_type', 'files.size'])
      .execute()
    expect(versions).toHaveLength(3)
    for (const version of versions) {
      const chunks: Uint8Array[] = []
      const reader = readStream(test.db, version.id).getReader()
      for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value)
      const bytes = Buffer.concat(chunks)
      expect(bytes.length).toBe(version.size)
      expect(version.complete).toBe(1)
      expect(await detectFileType(bytes, version.original_name)).toMatchObject({ ok: true, contentType: version.content_type })
      if (version.original_name.endsWith('.csv')) {
        const lines = bytes
          .toString('utf8')
          .replace(/^\uFEFF/, '')
          .split('\r\n')
        expect(lines[0]).toBe('měsíc;průměrná teplota (°C);srážky (mm);poznámka')
        expect(lines).toContain('září;13,2;71;')
      }
    }
  })
})
