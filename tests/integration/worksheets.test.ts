import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RegistrationEmailProps } from '../../emails'
import { makeUser, signIn } from '../support/auth'
import { inDays } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { addBookableSession, bookingsOverHttp, createBookableSession, organiserOf, rowsOf } from '../support/fixtures'
import { startServer, type RunningServer } from '../support/server'
import { closeAttendance } from '~/models/attendance.server'
import type { SignedInUser } from '~/models/auth.server'
import { renderAttendanceSheet } from '~/utils/pdf/attendance-sheet.server'

/*
 * Worksheets over HTTP with real sessions and real files: uploads of real PDF, XLSX, DOCX,
 * PNG, CSV, TXT and ZIP files written to a temp directory, refusals of renamed programs,
 * markup and empty or oversized files (with nothing left in the database), downloads that
 * come back byte for byte with the right headers, who may download what, replaced files and
 * their older versions, the public library and the certificate e-mail that lists worksheets.
 *
 * Workshop A (body A, published) has session A1 (capacity 10) and A2 (capacity 1, full, one
 * person waiting). Workshop B belongs to body B. Workshop C is body A's, unpublished.
 */

let database: TestDatabase
let server: RunningServer
let fileDir: string

const TITLE_A = 'Data ve výuce zeměpisu (pořadatel A)'
const TITLE_B = 'Otevřená data pro obce (pořadatel B)'
const TITLE_C = 'Nezveřejněný workshop (pořadatel A)'

const ids = { organiserA: 0, organiserB: 0, workshopA: 0, sessionA1: 0, sessionA2: 0, workshopB: 0, sessionB: 0, workshopC: 0 }

const STAFF = {
  organiserA: 'organizator@liberec.example',
  organiserB: 'organizator@telc.example',
  admin: 'spravce@workshopy.example',
}
/** People who book: their role in the story, their booking address and name. */
const PEOPLE = {
  petra: { email: 'Petra.Ucastnice@Skola.example', name: 'Petra Účastnice' }, // A1, present
  lukas: { email: 'lukas.pozdni@skola.example', name: 'Lukáš Pozdní' }, // A1, late
  alena: { email: 'alena.nepritomna@skola.example', name: 'Alena Nepřítomná' }, // A1, absent
  cyril: { email: 'cyril.zruseny@skola.example', name: 'Cyril Zrušený' }, // A1, cancelled
  filip: { email: 'filip.prihlaseny@skola.example', name: 'Filip Přihlášený' }, // A2, confirmed, unmarked
  wanda: { email: 'wanda.cekajici@skola.example', name: 'Wanda Čekající' }, // A2, waitlisted
  quido: { email: 'quido.jinde@urad.example', name: 'Quido Jinde' }, // B only
} as const
type Person = keyof typeof PEOPLE
const regs = {} as Record<Person, number>
const manage = {} as Record<Person, string>
const cookies = {} as Record<Person | keyof typeof STAFF, string>

const get = (url: string, headers: Record<string, string> = {}) =>
  fetch(url.startsWith('http') ? url : server.url + url, { headers, redirect: 'manual' })
const post = (url: string, body: URLSearchParams | FormData, headers: Record<string, string> = {}, base = server.url) =>
  fetch(base + url, { method: 'POST', body, headers, redirect: 'manual' })
const cookie = (who: keyof typeof cookies): Record<string, string> => ({ Cookie: cookies[who] })

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const bodyOf = async (response: Response) => Buffer.from(await response.arrayBuffer())
/**
 * A page's text without NUL bytes: React 18's streaming renderer can leave one where a Czech
 * letter falls across its 2,048-byte buffer edge (see the library's own test for that bug),
 * and what a page says is checked here, not where its bytes happen to fall.
 */
const textOf = async (response: Response) => (await response.text()).replace(/\u0000/g, '')

/* ---------------------------------------------------------------------------------------- */
/* Real files, written to a temp directory and read back from there                          */

const MIME = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  png: 'image/png',
  csv: 'text/csv; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  zip: 'application/zip',
} as const

type TestFile = { name: string; bytes: Buffer }

/** Writes the bytes to the temp directory under the name and reads them back, as a browser would pick them. */
function onDisk(name: string, bytes: Buffer | string): TestFile {
  const file = path.join(fileDir, `${Math.random().toString(36).slice(2)}-${name}`)
  writeFileSync(file, bytes)
  return { name, bytes: readFileSync(file) }
}

async function pdfBytes(title: string): Promise<Buffer> {
  return renderAttendanceSheet({
    workshopTitle: title,
    // A week from today, 09:00–11:00 in Prague.
    startsAt: inDays(7, '09:00'),
    endsAt: inDays(7, '11:00'),
    place: 'Krajský úřad Libereckého kraje',
    lecturer: 'Mgr. Jana Řehořová',
    organiserName: 'Datový portál Libereckého kraje',
    lengthHours: 2,
    accreditationRef: null,
    people: [{ fullName: 'Žofie Šťastná', organisation: 'ZŠ Chrastava' }],
  })
}

async function xlsxBytes(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('Měření')
  sheet.addRow(['Obec', 'Teplota (°C)', 'Srážky (mm)'])
  sheet.addRow(['Česká Lípa', 8.5, 12])
  sheet.addRow(['Žďár nad Sázavou', 7.1, 9])
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

async function docxBytes(): Promise<Buffer> {
  const zip = new JSZip()
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
      '</Types>',
  )
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
      '</Relationships>',
  )
  zip.file(
    'word/document.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' +
      '<w:p><w:r><w:t>Pracovní list: Počasí v kraji – změřte teplotu.</w:t></w:r></w:p>' +
      '</w:body></w:document>',
  )
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
}

async function zipBytes(): Promise<Buffer> {
  const zip = new JSZip()
  zip.file('úkol.txt', 'Úkol: změřte teplotu ráno a večer.\n')
  zip.file('data/měření.csv', 'den;teplota\n1;5\n2;7\n')
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
}

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)
const CSV = 'obec;počet žáků;průměrná teplota\nČeská Lípa;120;8,5\nŽďár nad Sázavou;85;7,1\nÚstí nad Orlicí;64;6,9\n'
const TXT =
  'Úkol: Změřte teplotu vzduchu ráno a večer a zapište ji do tabulky.\nŘešení přineste příště. Příliš žluťoučký kůň úpěl ďábelské ódy.\n'
/** The start of a Windows program (DOS header and stub). */
const EXE = Buffer.concat([
  Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00]),
  Buffer.alloc(48),
  Buffer.from('This program cannot be run in DOS mode.\r\r\n$', 'latin1'),
  Buffer.alloc(64),
])
const HTML =
  '<!DOCTYPE html>\n<html lang="cs"><head><title>Úkol</title></head><body><script>alert(document.cookie)</script></body></html>\n'
const HTML_WITH_COMMENT = '<!-- Uloženo z webu školy -->\n<html><body><script>alert(document.cookie)</script></body></html>\n'
const SVG =
  '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>\n'

/** What a browser would send as the part's type: guessed from the name, never trusted. */
function browserType(name: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? ''
  return (MIME as Record<string, string>)[ext]?.split(';')[0] ?? 'application/octet-stream'
}

type Fields = { title?: string; description?: string; licence?: string; visibility?: string; levels?: string[] } & Record<
  string,
  string | string[] | undefined
>

function uploadForm(files: TestFile[], fields: Fields = {}): FormData {
  const form = new FormData()
  const all: Fields = { title: '', description: '', licence: 'CC BY 4.0', visibility: 'registered', ...fields }
  for (const [key, value] of Object.entries(all)) {
    for (const v of value === undefined ? [] : [value].flat()) form.append(key, v)
  }
  for (const file of files)
    form.append('files', new Blob([new Uint8Array(file.bytes)], { type: browserType(file.name) }), file.name)
  return form
}

function upload(
  workshopId: number,
  files: TestFile[],
  fields: Fields = {},
  { as = 'organiserA', base = server.url }: { as?: keyof typeof cookies | 'anonymous'; base?: string } = {},
) {
  return post(
    `/organiser/workshops/${workshopId}/worksheets`,
    uploadForm(files, fields),
    as === 'anonymous' ? {} : cookie(as),
    base,
  )
}

/* ---------------------------------------------------------------------------------------- */
/* The database                                                                               */

const STORAGE_TABLES = ['files', 'file_chunks', 'worksheets', 'worksheet_versions', 'worksheet_levels'] as const

async function storageCounts(): Promise<Record<(typeof STORAGE_TABLES)[number], number>> {
  const counts = {} as Record<(typeof STORAGE_TABLES)[number], number>
  for (const table of STORAGE_TABLES) {
    const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(database.db)
    counts[table] = Number(rows[0]!.n)
  }
  return counts
}

async function lastId(table: 'worksheets' | 'audit_log' | 'outbox'): Promise<number> {
  const { rows } = await sql<{ id: number | null }>`select max(id) as id from ${sql.table(table)}`.execute(database.db)
  return rows[0]?.id ?? 0
}

const worksheetsSince = (id: number) =>
  database.db.selectFrom('worksheets').selectAll().where('id', '>', id).orderBy('id').execute()
const worksheetRow = (id: number) =>
  database.db.selectFrom('worksheets').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const { auditSince } = rowsOf(() => database.db)
const downloadCount = async (id: number) => (await worksheetRow(id)).download_count

/** Uploads one file as organiser A and returns the new worksheet's id. */
async function uploadOne(
  file: TestFile,
  fields: Fields = {},
  workshopId = ids.workshopA,
  as: keyof typeof cookies = 'organiserA',
) {
  const before = await lastId('worksheets')
  const response = await upload(workshopId, [file], fields, { as })
  await response.body?.cancel()
  expect(response.status, `${file.name}: upload`).toBe(303)
  expect(response.headers.get('location')).toBe(`/organiser/workshops/${workshopId}/worksheets?done=uploaded-1`)
  const created = await worksheetsSince(before)
  expect(created).toHaveLength(1)
  return created[0]!.id
}

/** `filename*=UTF-8''…` decoded, after checking the header's shape and its ASCII fallback. */
function dispositionFileName(header: string | null): string {
  expect(header).toMatch(/^attachment; filename="[\x20-\x21\x23-\x7E]+"; filename\*=UTF-8''[A-Za-z0-9%._~-]+$/)
  return decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(header!)![1]!)
}

const bookOverHttp = bookingsOverHttp(() => ({ serverUrl: server.url, db: database.db }))
async function book(sessionId: number, n: number, person: Person) {
  const { email, name } = PEOPLE[person]
  const booked = await bookOverHttp(sessionId, n, { email, fullName: name })
  regs[person] = booked.id
  manage[person] = booked.manageUrl
  return booked.status
}

async function mark(person: Person, attendance: 'present' | 'late' | 'absent') {
  const response = await post(
    `/organiser/sessions/${ids.sessionA1}/attendance`,
    new URLSearchParams({ intent: 'mark', registrationId: String(regs[person]), attendance }),
    cookie('organiserA'),
  )
  await response.body?.cancel()
  expect(response.status).toBe(303)
}

async function setRemoved(
  worksheetId: number,
  removed: boolean,
  { as = 'organiserA' as keyof typeof cookies, workshopId = ids.workshopA } = {},
) {
  return post(
    `/organiser/workshops/${workshopId}/worksheets`,
    new URLSearchParams({ worksheetId: String(worksheetId), intent: removed ? 'remove' : 'restore' }),
    cookie(as),
  )
}

beforeAll(async () => {
  fileDir = mkdtempSync(path.join(tmpdir(), 'worksheet-files-'))
  database = await createTestDatabase()
  const db = database.db
  const a = await createBookableSession(db, { capacity: 10, workshop: { title: TITLE_A } })
  const b = await createBookableSession(db, {
    capacity: 10,
    organiserName: 'Pořadatel B, Telč',
    workshop: { title: TITLE_B, topic: 'open_data' },
  })
  const organiserA = await organiserOf(db, a.workshopId)
  // Workshop C: body A's, not published.
  const c = await createBookableSession(db, {
    capacity: 10,
    organiserId: organiserA,
    workshop: { title: TITLE_C, published: false },
  })
  Object.assign(ids, {
    organiserA,
    organiserB: await organiserOf(db, b.workshopId),
    workshopA: a.workshopId,
    sessionA1: a.sessionId,
    workshopB: b.workshopId,
    sessionB: b.sessionId,
    workshopC: c.workshopId,
    // A second session of workshop A, the day after the first, with one seat.
    sessionA2: await addBookableSession(db, { workshopId: a.workshopId, capacity: 1, startsInDays: 8 }),
  })

  await makeUser(db, { email: STAFF.organiserA, role: 'organiser', organiserIds: [ids.organiserA] })
  await makeUser(db, { email: STAFF.organiserB, role: 'organiser', organiserIds: [ids.organiserB] })
  await makeUser(db, { email: STAFF.admin, role: 'admin' })
  for (const person of Object.keys(PEOPLE) as Person[]) await makeUser(db, { email: PEOPLE[person].email, role: 'participant' })

  server = await startServer({ DATABASE_URL: database.url })

  for (const who of Object.keys(STAFF) as (keyof typeof STAFF)[]) cookies[who] = (await signIn(server.url, db, STAFF[who])).cookie
  for (const person of Object.keys(PEOPLE) as Person[]) {
    cookies[person] = (await signIn(server.url, db, PEOPLE[person].email)).cookie
  }

  expect(await book(ids.sessionA1, 1, 'petra')).toBe('confirmed')
  expect(await book(ids.sessionA1, 2, 'lukas')).toBe('confirmed')
  expect(await book(ids.sessionA1, 3, 'alena')).toBe('confirmed')
  expect(await book(ids.sessionA1, 4, 'cyril')).toBe('confirmed')
  expect(await book(ids.sessionA2, 5, 'filip')).toBe('confirmed')
  expect(await book(ids.sessionA2, 6, 'wanda')).toBe('waitlisted')
  expect(await book(ids.sessionB, 7, 'quido')).toBe('confirmed')
  const cancel = await post(`${manage.cyril}/cancel`, new URLSearchParams())
  await cancel.body?.cancel()
  expect(cancel.status).toBe(303)
  await mark('petra', 'present')
  await mark('lukas', 'late')
  await mark('alena', 'absent')
  const statuses = await db
    .selectFrom('registrations')
    .select(['id', 'status', 'attendance'])
    .where('id', 'in', Object.values(regs))
    .execute()
  const of = (p: Person) => statuses.find((r) => r.id === regs[p])!
  expect(of('cyril').status).toBe('cancelled')
  expect(of('petra').attendance).toBe('present')
  expect(of('lukas').attendance).toBe('late')
  expect(of('alena').attendance).toBe('absent')
})

afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
  if (fileDir) rmSync(fileDir, { recursive: true, force: true })
})

/* ---------------------------------------------------------------------------------------- */

describe('a PDF with a Czech name: upload and download', () => {
  const NAME = 'Pracovní list – Počasí v kraji.pdf'
  let file: TestFile
  let id = 0

  beforeAll(async () => {
    file = onDisk(NAME, await pdfBytes('Počasí v kraji'))
    id = await uploadOne(file, { visibility: 'public', description: 'Měření teploty a srážek', levels: ['zs'] })
  })

  it('is stored as a worksheet titled after the file, with one version of the right size and hash', async () => {
    const worksheet = await worksheetRow(id)
    expect(worksheet).toMatchObject({
      workshop_id: ids.workshopA,
      title: 'Pracovní list – Počasí v kraji',
      visibility: 'public',
      licence: 'CC BY 4.0',
      download_count: 0,
      removed_at: null,
    })
    const version = await database.db
      .selectFrom('worksheet_versions')
      .selectAll()
      .where('id', '=', worksheet.current_version_id!)
      .executeTakeFirstOrThrow()
    expect(version).toMatchObject({
      original_name: NAME,
      content_type: 'application/pdf',
      size: file.bytes.length,
      sha256: sha256(file.bytes),
    })
    const stored = await database.db.selectFrom('files').selectAll().where('id', '=', version.file_id).executeTakeFirstOrThrow()
    expect(stored).toMatchObject({
      complete: 1,
      size: file.bytes.length,
      sha256: sha256(file.bytes),
      content_type: 'application/pdf',
    })
  })

  it('downloads by the public link byte for byte, with its name, type, length, ETag and nosniff', async () => {
    const response = await get(`/worksheets/${id}/download`)
    expect(response.status).toBe(200)
    const body = await bodyOf(response)
    expect(body.length).toBe(file.bytes.length)
    expect(sha256(body)).toBe(sha256(file.bytes))
    expect(response.headers.get('content-type')).toBe('application/pdf')
    expect(response.headers.get('content-length')).toBe(String(file.bytes.length))
    expect(response.headers.get('etag')).toBe(`"${sha256(file.bytes)}"`)
    expect(response.headers.get('x-content-type-options')?.split(',')[0]?.trim()).toBe('nosniff')
    const disposition = response.headers.get('content-disposition')
    expect(disposition).toContain("filename*=UTF-8''Pracovn%C3%AD%20list%20%E2%80%93%20Po%C4%8Das%C3%AD%20v%20kraji.pdf")
    expect(dispositionFileName(disposition)).toBe(NAME)
    // The fallback for old clients: ASCII only, diacritics dropped, still a .pdf.
    const fallback = /filename="([^"]*)"/.exec(disposition!)![1]!
    expect(fallback).toMatch(/^[\x20-\x7E]+$/)
    expect(fallback).toMatch(/^Pracovni list .+ Pocasi v kraji\.pdf$/)
  })

  it('answers a repeated download with 304 and no body, and counts only real downloads by others', async () => {
    const before = await downloadCount(id)
    const again = await get(`/worksheets/${id}/download`)
    expect(again.status).toBe(200)
    await bodyOf(again)
    expect(await downloadCount(id)).toBe(before + 1)

    const etag = `"${sha256(file.bytes)}"`
    const cached = await get(`/worksheets/${id}/download`, { 'If-None-Match': etag })
    expect(cached.status).toBe(304)
    expect(cached.headers.get('etag')).toBe(etag)
    expect((await bodyOf(cached)).length).toBe(0)
    expect(await downloadCount(id)).toBe(before + 1)

    // A stale ETag gets the file again, and counts.
    const stale = await get(`/worksheets/${id}/download`, { 'If-None-Match': `"${'0'.repeat(64)}"` })
    expect(stale.status).toBe(200)
    expect(sha256(await bodyOf(stale))).toBe(sha256(file.bytes))
    expect(await downloadCount(id)).toBe(before + 2)

    // Organisers and admins checking their own files do not count.
    for (const who of ['organiserA', 'admin'] as const) {
      const own = await get(`/worksheets/${id}/download`, cookie(who))
      expect(own.status, who).toBe(200)
      expect(sha256(await bodyOf(own)), who).toBe(sha256(file.bytes))
    }
    expect(await downloadCount(id)).toBe(before + 2)

    // A participant by their manage link does.
    const byLink = await get(`${manage.petra}/worksheets/${id}`)
    expect(byLink.status).toBe(200)
    expect(sha256(await bodyOf(byLink))).toBe(sha256(file.bytes))
    expect(await downloadCount(id)).toBe(before + 3)
  })

  it("the organiser's page lists it with its file name and download count", async () => {
    const response = await get(`/organiser/workshops/${ids.workshopA}/worksheets`, cookie('organiserA'))
    expect(response.status).toBe(200)
    const html = await textOf(response)
    expect(html).toContain('Pracovní list – Počasí v kraji')
    expect(html).toContain(NAME)
    expect(html).toContain(`${await downloadCount(id)}\u00a0stažení`)
    expect(html).toContain(`/worksheets/${id}/download`)
  })

  it('answers 404 for unknown and malformed worksheet ids', async () => {
    for (const bad of ['999999', '0', 'abc', '-1', '1e3']) {
      const response = await get(`/worksheets/${bad}/download`)
      expect(response.status, bad).toBe(404)
      await response.body?.cancel()
    }
  })
})

/* ---------------------------------------------------------------------------------------- */

describe('refused uploads leave nothing behind', () => {
  type Refusal = { label: string; files: () => Promise<TestFile[]>; status: number; message: string }
  const REFUSALS: Refusal[] = [
    {
      label: 'a Windows program renamed .pdf',
      files: async () => [onDisk('Výsledky měření.pdf', EXE)],
      status: 415,
      message: 'Soubor Výsledky měření.pdf není v povoleném formátu',
    },
    {
      label: 'an HTML page named .txt',
      files: async () => [onDisk('Poznámky učitele.txt', HTML)],
      status: 415,
      message: 'Soubor Poznámky učitele.txt není v povoleném formátu',
    },
    {
      label: 'an HTML page named .txt that starts with a comment',
      files: async () => [onDisk('Uložená stránka.txt', HTML_WITH_COMMENT)],
      status: 415,
      message: 'Soubor Uložená stránka.txt není v povoleném formátu',
    },
    {
      label: 'an SVG named .png',
      files: async () => [onDisk('Mapa kraje.png', SVG)],
      status: 415,
      message: 'Soubor Mapa kraje.png není v povoleném formátu',
    },
    {
      label: 'an SVG named .txt',
      files: async () => [onDisk('Mapa kraje.txt', SVG)],
      status: 415,
      message: 'Soubor Mapa kraje.txt není v povoleném formátu',
    },
    {
      label: 'an XLSX named .docx',
      files: async () => [onDisk('Tabulka měření.docx', await xlsxBytes())],
      status: 415,
      message: 'Obsah souboru Tabulka měření.docx neodpovídá jeho příponě.',
    },
    {
      label: 'an empty file',
      files: async () => [onDisk('Prázdný list.pdf', Buffer.alloc(0))],
      status: 400,
      message: 'Soubor Prázdný list.pdf je prázdný.',
    },
    {
      label: 'a good PDF together with a renamed program (all or nothing)',
      files: async () => [onDisk('Dobrý list.pdf', await pdfBytes('Dobrý list')), onDisk('Zlý list.pdf', EXE)],
      status: 415,
      message: 'Soubor Zlý list.pdf není v povoleném formátu',
    },
  ]

  it.each(REFUSALS.map((r) => [r.label, r] as const))(
    '%s → refused, with a Czech message naming the file',
    async (_label, refusal) => {
      const files = await refusal.files()
      const before = await storageCounts()
      const auditBefore = await lastId('audit_log')
      const response = await upload(ids.workshopA, files, { visibility: 'registered' })
      expect(response.status).toBe(refusal.status)
      const html = await textOf(response)
      expect(html).toContain(refusal.message)
      expect(await storageCounts()).toEqual(before)
      expect(await auditSince(auditBefore)).toEqual([])
    },
  )

  it('no file chosen → 400 "Vyberte soubor."', async () => {
    const before = await storageCounts()
    // A browser sends an empty part with an empty file name when nothing was chosen.
    const form = uploadForm([], { visibility: 'public' })
    form.append('files', new Blob([], { type: 'application/octet-stream' }), '')
    const empty = await post(`/organiser/workshops/${ids.workshopA}/worksheets`, form, cookie('organiserA'))
    expect(empty.status).toBe(400)
    expect(await textOf(empty)).toContain('Vyberte soubor.')
    // And with no file part at all.
    const none = await upload(ids.workshopA, [], { visibility: 'public' })
    expect(none.status).toBe(400)
    expect(await textOf(none)).toContain('Vyberte soubor.')
    expect(await storageCounts()).toEqual(before)
  })

  const BAD_FIELDS: [string, Fields, string][] = [
    ['licence', { licence: 'GPL' }, 'Vyberte licenci.'],
    ['visibility', { visibility: 'everyone' }, 'Vyberte, kdo si může soubor stáhnout.'],
    ['school level', { levels: ['univerzita'] }, 'Vyberte stupeň školy ze seznamu.'],
  ]
  it.each(BAD_FIELDS)('a bad %s → 400, and the uploaded file is discarded', async (_field, fields, message) => {
    const before = await storageCounts()
    const response = await upload(ids.workshopA, [onDisk('Dobrý list.pdf', await pdfBytes('Dobrý list'))], fields)
    expect(response.status).toBe(400)
    expect(await textOf(response)).toContain(message)
    expect(await storageCounts()).toEqual(before)
  })

  describe('with WORKSHEET_MAX_MB=1', () => {
    let small: RunningServer
    const LIMIT = 1024 * 1024
    /** A PDF padded to the size: a PDF header, then spaces. */
    const paddedPdf = (size: number) => {
      const bytes = Buffer.alloc(size, 0x20)
      bytes.write('%PDF-1.4\n%âãÏÓ\n', 0, 'latin1')
      return bytes
    }

    beforeAll(async () => {
      small = await startServer({ DATABASE_URL: database.url, WORKSHEET_MAX_MB: '1', OUTBOX_WORKER: 'off' })
    })
    afterAll(async () => {
      await small?.stop()
    })

    it('a file one byte over the limit → 413 naming the file, nothing stored', async () => {
      const before = await storageCounts()
      const response = await upload(ids.workshopC, [onDisk('Velký atlas.pdf', paddedPdf(LIMIT + 1))], {}, { base: small.url })
      expect(response.status).toBe(413)
      expect(await textOf(response)).toContain('Soubor Velký atlas.pdf je větší, než je povoleno.')
      expect(await storageCounts()).toEqual(before)
    })

    it('a file of exactly the limit is accepted and comes back whole', async () => {
      const file = onDisk('Atlas přesně 1 MB.pdf', paddedPdf(LIMIT))
      const before = await lastId('worksheets')
      const response = await upload(ids.workshopC, [file], {}, { base: small.url })
      await response.body?.cancel()
      expect(response.status).toBe(303)
      const [created] = await worksheetsSince(before)
      const download = await get(`${small.url}/worksheets/${created!.id}/download`, cookie('organiserA'))
      expect(download.status).toBe(200)
      const body = await bodyOf(download)
      expect(body.length).toBe(LIMIT)
      expect(sha256(body)).toBe(sha256(file.bytes))
      // Stored in chunks, none of them the whole file.
      const chunks = await database.db
        .selectFrom('file_chunks')
        .innerJoin('worksheet_versions', 'worksheet_versions.file_id', 'file_chunks.file_id')
        .select(['file_chunks.seq'])
        .where('worksheet_versions.worksheet_id', '=', created!.id)
        .execute()
      expect(chunks.length).toBeGreaterThan(1)
    })

    it('a request body far over the limit is refused before it is read (413), nothing stored', async () => {
      const before = await storageCounts()
      const response = await upload(ids.workshopC, [onDisk('Obří archiv.pdf', paddedPdf(12 * LIMIT))], {}, { base: small.url })
      expect(response.status).toBe(413)
      await response.body?.cancel()
      expect(await storageCounts()).toEqual(before)
    })
  })
})

/* ---------------------------------------------------------------------------------------- */

describe('accepted types are stored with their own Content-Type and come back identical', () => {
  const TYPES: [string, string, () => Promise<Buffer>][] = [
    ['Osnova hodiny.pdf', MIME.pdf, () => pdfBytes('Osnova hodiny')],
    ['Tabulka – teploty v obcích.xlsx', MIME.xlsx, xlsxBytes],
    ['Zadání úkolu.docx', MIME.docx, docxBytes],
    ['Mapa srážek.png', MIME.png, async () => PNG],
    ['Počty žáků v obcích.csv', MIME.csv, async () => Buffer.from(CSV, 'utf8')],
    ['Úkol na doma.txt', MIME.txt, async () => Buffer.from(TXT, 'utf8')],
    ['Balíček materiálů.zip', MIME.zip, zipBytes],
  ]

  it.each(TYPES)('%s → %s', async (name, contentType, bytes) => {
    const file = onDisk(name, await bytes())
    const id = await uploadOne(file)
    const version = await database.db
      .selectFrom('worksheet_versions')
      .select(['content_type', 'size', 'sha256', 'original_name'])
      .where('worksheet_id', '=', id)
      .executeTakeFirstOrThrow()
    expect(version).toEqual({
      content_type: contentType,
      size: file.bytes.length,
      sha256: sha256(file.bytes),
      original_name: name,
    })
    const response = await get(`/worksheets/${id}/download`, { ...cookie('organiserA'), 'Accept-Encoding': 'identity' })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe(contentType)
    expect(response.headers.get('content-length')).toBe(String(file.bytes.length))
    expect(dispositionFileName(response.headers.get('content-disposition'))).toBe(name)
    const body = await bodyOf(response)
    expect(body.length).toBe(file.bytes.length)
    expect(sha256(body)).toBe(sha256(file.bytes))
    if (name.endsWith('.csv')) expect(body.toString('utf8')).toContain('Žďár nad Sázavou')
  })

  it('several files in one upload make several worksheets, each titled after its file', async () => {
    const files = [
      onDisk('Sada 1 – Úvod.pdf', await pdfBytes('Úvod')),
      onDisk('Sada 2 – Data.csv', Buffer.from(CSV, 'utf8')),
      onDisk('Sada 3 – Obrázek.png', PNG),
    ]
    const before = await lastId('worksheets')
    const auditBefore = await lastId('audit_log')
    const response = await upload(ids.workshopA, files, { title: 'Tento název platí jen pro jeden soubor', levels: ['zs', 'ss'] })
    await response.body?.cancel()
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe(`/organiser/workshops/${ids.workshopA}/worksheets?done=uploaded-3`)
    const created = await worksheetsSince(before)
    expect(created.map((w) => w.title)).toEqual(['Sada 1 – Úvod', 'Sada 2 – Data', 'Sada 3 – Obrázek'])
    for (const [i, worksheet] of created.entries()) {
      const download = await get(`/worksheets/${worksheet.id}/download`, cookie('organiserA'))
      expect(sha256(await bodyOf(download))).toBe(sha256(files[i]!.bytes))
      const levels = await database.db
        .selectFrom('worksheet_levels')
        .select('level')
        .where('worksheet_id', '=', worksheet.id)
        .execute()
      expect(levels.map((l) => l.level).sort()).toEqual(['ss', 'zs'])
    }
    expect((await auditSince(auditBefore)).map((a) => [a.action, a.entity_id])).toEqual(
      created.map((w) => ['worksheet.upload', w.id]),
    )
    const page = await get(response.headers.get('location')!, cookie('organiserA'))
    expect(await textOf(page)).toContain('Nahráno: 3\u00a0soubory.')
  })
})

/* ---------------------------------------------------------------------------------------- */

describe('who may download what', () => {
  const files = {} as Record<'attendees' | 'registered' | 'public', TestFile>
  const worksheet = { attendees: 0, registered: 0, public: 0 }
  const TITLES = {
    attendees: 'Řešení úloh pro přítomné',
    registered: 'Podklady pro přihlášené',
    public: 'Veřejný list pro všechny',
  }

  beforeAll(async () => {
    files.attendees = onDisk(`${TITLES.attendees}.pdf`, await pdfBytes('Řešení'))
    files.registered = onDisk(`${TITLES.registered}.xlsx`, await xlsxBytes())
    files.public = onDisk(`${TITLES.public}.txt`, Buffer.from(TXT, 'utf8'))
    for (const visibility of ['attendees', 'registered', 'public'] as const) {
      worksheet[visibility] = await uploadOne(files[visibility], { visibility })
    }
  })

  type Requester =
    { kind: 'anonymous' } | { kind: 'link'; person: Person } | { kind: 'signed in'; who: Person | keyof typeof STAFF }
  const label = (r: Requester) =>
    r.kind === 'anonymous' ? 'anonymous' : r.kind === 'link' ? `${r.person} by manage link` : `${r.who} signed in`
  function request(r: Requester, id: number) {
    if (r.kind === 'anonymous') return get(`/worksheets/${id}/download`)
    if (r.kind === 'link') return get(`${manage[r.person]}/worksheets/${id}`)
    return get(`/worksheets/${id}/download`, cookie(r.who))
  }

  async function expectAnswer(r: Requester, visibility: keyof typeof worksheet, want: 200 | 403) {
    const response = await request(r, worksheet[visibility])
    const body = await bodyOf(response)
    expect(response.status, `${visibility} for ${label(r)}`).toBe(want)
    if (want === 200) {
      expect(sha256(body)).toBe(sha256(files[visibility].bytes))
    } else {
      expect(response.headers.get('content-disposition')).toBeNull()
      expect(body.toString('utf8')).not.toContain(TITLE_A)
      expect(body.includes(files[visibility].bytes.subarray(0, 64))).toBe(false)
    }
  }

  const both = (person: Person): Requester[] => [
    { kind: 'link', person },
    { kind: 'signed in', who: person },
  ]
  /** [requester, attendees-only, registered] */
  const MATRIX: [Requester, 200 | 403, 200 | 403][] = [
    [{ kind: 'anonymous' }, 403, 403],
    ...both('petra').map((r) => [r, 200, 200] as [Requester, 200, 200]), // present
    ...both('lukas').map((r) => [r, 200, 200] as [Requester, 200, 200]), // late
    ...both('alena').map((r) => [r, 403, 200] as [Requester, 403, 200]), // absent
    ...both('filip').map((r) => [r, 403, 200] as [Requester, 403, 200]), // booked, not marked
    ...both('wanda').map((r) => [r, 403, 200] as [Requester, 403, 200]), // waitlisted
    ...both('cyril').map((r) => [r, 403, 403] as [Requester, 403, 403]), // cancelled
    ...both('quido').map((r) => [r, 403, 403] as [Requester, 403, 403]), // another workshop
    [{ kind: 'signed in', who: 'organiserB' }, 403, 403],
    [{ kind: 'signed in', who: 'organiserA' }, 200, 200],
    [{ kind: 'signed in', who: 'admin' }, 200, 200],
  ]

  it.each(MATRIX.map(([r, attendees, registered]) => [label(r), attendees, registered, r] as const))(
    '%s: attendees-only → %s, registered → %s, public → 200',
    async (_label, attendees, registered, requester) => {
      await expectAnswer(requester, 'attendees', attendees)
      await expectAnswer(requester, 'registered', registered)
      await expectAnswer(requester, 'public', 200)
    },
  )

  it("a manage link's page lists exactly the worksheets it may download", async () => {
    const petra = await textOf(await get(manage.petra))
    for (const title of Object.values(TITLES)) expect(petra).toContain(title)
    const alena = await textOf(await get(manage.alena))
    expect(alena).not.toContain(TITLES.attendees)
    expect(alena).toContain(TITLES.registered)
    expect(alena).toContain(TITLES.public)
    const cyril = await textOf(await get(manage.cyril))
    expect(cyril).not.toContain(TITLES.attendees)
    expect(cyril).not.toContain(TITLES.registered)
  })

  it('a bad manage token is 404 and gives nothing away', async () => {
    const token = manage.petra.split('/').pop()!
    const altered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')
    for (const bad of [altered, 'x', 'A'.repeat(43)]) {
      const response = await get(`/registrations/${bad}/worksheets/${worksheet.public}`)
      expect(response.status, bad).toBe(404)
      expect(response.headers.get('content-disposition')).toBeNull()
      await response.body?.cancel()
    }
  })

  it('a removed worksheet is refused to everyone but its organisers; restoring makes it public again', async () => {
    const id = worksheet.public
    const removed = await setRemoved(id, true)
    await removed.body?.cancel()
    expect(removed.status).toBe(303)
    expect(removed.headers.get('location')).toBe(`/organiser/workshops/${ids.workshopA}/worksheets?done=remove`)
    expect((await worksheetRow(id)).removed_at).not.toBeNull()

    const refused: Requester[] = [
      { kind: 'anonymous' },
      ...both('petra'),
      { kind: 'signed in', who: 'alena' },
      { kind: 'signed in', who: 'organiserB' },
    ]
    for (const r of refused) await expectAnswer(r, 'public', 403)
    for (const who of ['organiserA', 'admin'] as const) await expectAnswer({ kind: 'signed in', who }, 'public', 200)
    const page = await textOf(await get(`/organiser/workshops/${ids.workshopA}/worksheets`, cookie('organiserA')))
    expect(page).toContain('skryto')
    expect(await textOf(await get(manage.petra))).not.toContain(TITLES.public)

    const restored = await setRemoved(id, false)
    await restored.body?.cancel()
    expect(restored.status).toBe(303)
    expect((await worksheetRow(id)).removed_at).toBeNull()
    for (const r of refused) await expectAnswer(r, 'public', 200)

    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_email'])
      .where('entity_type', '=', 'worksheet')
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['worksheet.upload', 'worksheet.remove', 'worksheet.restore'])
    expect(new Set(audit.map((a) => a.actor_email))).toEqual(new Set([STAFF.organiserA]))
  })

  it("an organiser of another body cannot remove body A's worksheet, even through their own workshop's URL", async () => {
    for (const workshopId of [ids.workshopA, ids.workshopB]) {
      const response = await setRemoved(worksheet.attendees, true, { as: 'organiserB', workshopId })
      expect(response.status, String(workshopId)).toBe(403)
      expect(await textOf(response)).not.toContain(TITLES.attendees)
    }
    expect((await worksheetRow(worksheet.attendees)).removed_at).toBeNull()
  })
})

/* ---------------------------------------------------------------------------------------- */

describe('replacing a file keeps the older version for organisers', () => {
  let v1: TestFile
  let v2: TestFile
  let id = 0
  let oldVersionId = 0

  beforeAll(async () => {
    v1 = onDisk('Mapa kraje – verze 1.pdf', await pdfBytes('Mapa kraje, první verze'))
    v2 = onDisk('Mapa kraje – verze 2.pdf', await pdfBytes('Mapa kraje, druhá verze, opravená'))
    id = await uploadOne(v1, { visibility: 'public', levels: ['ss'] })
    oldVersionId = (await worksheetRow(id)).current_version_id!
  })

  it('the current download returns the new bytes; the old version stays for the organiser', async () => {
    const auditBefore = await lastId('audit_log')
    const response = await upload(ids.workshopA, [v2], { intent: 'replace', worksheetId: String(id) })
    await response.body?.cancel()
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe(`/organiser/workshops/${ids.workshopA}/worksheets?done=replaced`)
    expect(await auditSince(auditBefore)).toEqual([
      expect.objectContaining({ action: 'worksheet.replace', actor_email: STAFF.organiserA, entity_id: id }),
    ])

    const versions = await database.db
      .selectFrom('worksheet_versions')
      .selectAll()
      .where('worksheet_id', '=', id)
      .orderBy('id')
      .execute()
    expect(versions.map((v) => v.original_name)).toEqual([v1.name, v2.name])
    expect((await worksheetRow(id)).current_version_id).toBe(versions[1]!.id)

    const current = await get(`/worksheets/${id}/download`)
    expect(current.status).toBe(200)
    expect(dispositionFileName(current.headers.get('content-disposition'))).toBe(v2.name)
    expect(sha256(await bodyOf(current))).toBe(sha256(v2.bytes))

    const countBefore = await downloadCount(id)
    const old = await get(`/organiser/worksheets/${id}/versions/${oldVersionId}`, cookie('organiserA'))
    expect(old.status).toBe(200)
    expect(dispositionFileName(old.headers.get('content-disposition'))).toBe(v1.name)
    expect(old.headers.get('etag')).toBe(`"${sha256(v1.bytes)}"`)
    expect(sha256(await bodyOf(old))).toBe(sha256(v1.bytes))
    expect(await downloadCount(id)).toBe(countBefore)

    const page = await textOf(await get(`/organiser/workshops/${ids.workshopA}/worksheets`, cookie('organiserA')))
    expect(page).toContain(`/organiser/worksheets/${id}/versions/${oldVersionId}`)
  })

  it('the old version is refused to participants and other bodies, and asks anonymous visitors to sign in', async () => {
    const path = `/organiser/worksheets/${id}/versions/${oldVersionId}`
    const anonymous = await get(path)
    await anonymous.body?.cancel()
    expect([302, 303]).toContain(anonymous.status)
    expect(anonymous.headers.get('location')).toBe(`/sign-in?redirectTo=${encodeURIComponent(path)}`)
    for (const who of ['petra', 'organiserB'] as const) {
      const response = await get(path, cookie(who))
      expect(response.status, who).toBe(403)
      expect(response.headers.get('content-disposition'), who).toBeNull()
      await response.body?.cancel()
    }
    // By a manage link there is no such thing as an older version.
    const byLink = await get(`${manage.petra}/worksheets/${id}`)
    expect(sha256(await bodyOf(byLink))).toBe(sha256(v2.bytes))
    // A version of another worksheet is not found under this one.
    const other = await get(`/organiser/worksheets/${id + 1000}/versions/${oldVersionId}`, cookie('organiserA'))
    expect(other.status).toBe(404)
    await other.body?.cancel()
  })

  it('a refused replacement changes nothing', async () => {
    const before = await storageCounts()
    const current = (await worksheetRow(id)).current_version_id
    const response = await upload(ids.workshopA, [onDisk('Mapa kraje – verze 3.pdf', EXE)], {
      intent: 'replace',
      worksheetId: String(id),
    })
    expect(response.status).toBe(415)
    await response.body?.cancel()
    expect(await storageCounts()).toEqual(before)
    expect((await worksheetRow(id)).current_version_id).toBe(current)
  })

  it("an organiser of another body cannot replace body A's file through their own workshop's URL; the upload is discarded", async () => {
    const before = await storageCounts()
    const response = await upload(
      ids.workshopB,
      [onDisk('Podvržená mapa.pdf', await pdfBytes('Podvrh'))],
      { intent: 'replace', worksheetId: String(id) },
      { as: 'organiserB' },
    )
    expect(response.status).toBe(403)
    await response.body?.cancel()
    expect(await storageCounts()).toEqual(before)
    expect(sha256(await bodyOf(await get(`/worksheets/${id}/download`)))).toBe(sha256(v2.bytes))
  })
})

/* ---------------------------------------------------------------------------------------- */

describe('GET and POST /organiser/workshops/:id/worksheets: who gets in', () => {
  const ACTORS = ['anonymous', 'petra', 'organiserB', 'organiserA', 'admin'] as const
  type Actor = (typeof ACTORS)[number]
  const expected = (actor: Actor) =>
    actor === 'anonymous' ? 'sign-in redirect' : actor === 'organiserA' || actor === 'admin' ? 'allowed' : 403
  const MATRIX = (['GET', 'POST'] as const).flatMap((method) => ACTORS.map((actor) => [method, actor, expected(actor)] as const))

  it.each(MATRIX)('%s as %s → %s', async (method, actor, want) => {
    const path = `/organiser/workshops/${ids.workshopA}/worksheets`
    const headers = actor === 'anonymous' ? {} : cookie(actor)
    const before = await storageCounts()
    const lastWorksheet = await lastId('worksheets')
    const auditBefore = await lastId('audit_log')
    const name = `Materiál od ${actor}.txt`
    const response =
      method === 'GET'
        ? await get(path, headers)
        : await post(path, uploadForm([onDisk(name, Buffer.from(TXT, 'utf8'))]), headers)
    const body = await textOf(response)
    if (want === 'sign-in redirect') {
      expect([302, 303]).toContain(response.status)
      expect(response.headers.get('location')).toBe(`/sign-in?redirectTo=${encodeURIComponent(path)}`)
    } else if (want === 403) {
      expect(response.status).toBe(403)
      expect(body).not.toContain(TITLE_A)
      expect(body).not.toContain('Pracovní list – Počasí v kraji')
    } else if (method === 'GET') {
      expect(response.status).toBe(200)
      expect(body).toContain(TITLE_A)
      expect(body).toContain('Pracovní list – Počasí v kraji')
    } else {
      expect(response.status).toBe(303)
      const created = await worksheetsSince(lastWorksheet)
      expect(created.map((w) => w.title)).toEqual([`Materiál od ${actor}`])
      expect(await auditSince(auditBefore)).toEqual([
        expect.objectContaining({
          action: 'worksheet.upload',
          actor_email: STAFF[actor as 'organiserA' | 'admin'],
          entity_type: 'worksheet',
          entity_id: created[0]!.id,
        }),
      ])
      expect(JSON.parse((await auditSince(auditBefore))[0]!.details!)).toEqual({ name, size: Buffer.byteLength(TXT) })
    }
    if (want !== 'allowed' || method === 'GET') {
      expect(await storageCounts()).toEqual(before)
      expect(await auditSince(auditBefore)).toEqual([])
    }
  })

  it('unknown workshop ids are 404 for the admin', async () => {
    for (const bad of ['999999', '0', 'abc']) {
      const response = await get(`/organiser/workshops/${bad}/worksheets`, cookie('admin'))
      expect(response.status, bad).toBe(404)
      await response.body?.cancel()
    }
  })
})

/* ---------------------------------------------------------------------------------------- */

describe('the public library /worksheets', () => {
  const LISTED = {
    weather: 'Pracovní list – Počasí v kraji', // A, zs (from the first describe)
    map: 'Mapa kraje – verze 1', // A, ss (from the replacement describe)
    everyone: 'Veřejný list pro všechny', // A, no level
    schools: 'Otevřená data ve škole', // B, ss + vos
    percent: 'Grafy: 100% správně a podíly', // A, no level
  }
  const HIDDEN = {
    removed: 'Skrytý list',
    unpublished: 'Návrh do šuplíku',
    attendees: 'Řešení úloh pro přítomné',
    registered: 'Podklady pro přihlášené',
  }

  beforeAll(async () => {
    await uploadOne(
      onDisk(`${LISTED.schools}.csv`, Buffer.from(CSV, 'utf8')),
      { visibility: 'public', levels: ['ss', 'vos'] },
      ids.workshopB,
      'organiserB',
    )
    await uploadOne(onDisk('procenta.txt', Buffer.from(TXT, 'utf8')), { visibility: 'public', title: LISTED.percent })
    const removed = await uploadOne(onDisk(`${HIDDEN.removed}.txt`, Buffer.from(TXT, 'utf8')), {
      visibility: 'public',
      levels: ['zs'],
    })
    const response = await setRemoved(removed, true)
    await response.body?.cancel()
    expect(response.status).toBe(303)
    await uploadOne(
      onDisk(`${HIDDEN.unpublished}.txt`, Buffer.from(TXT, 'utf8')),
      { visibility: 'public', levels: ['zs'] },
      ids.workshopC,
    )
  })

  const decode = (s: string) =>
    s
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'")
  async function library(query = '', status = 200): Promise<string[]> {
    const response = await get(`/worksheets${query}`)
    const html = await textOf(response)
    expect(response.status, query).toBe(status)
    return [...html.matchAll(/<h3 class="card__title">([^<]*)<\/h3>/g)].map((m) => decode(m[1]!)).sort()
  }

  it('lists only public, not removed worksheets of published workshops', async () => {
    const titles = await library()
    expect(titles).toEqual(Object.values(LISTED).sort())
    for (const hidden of Object.values(HIDDEN)) expect(titles).not.toContain(hidden)
    const html = await textOf(await get('/worksheets'))
    expect(html).not.toContain(TITLE_C)
  })

  it('filters by topic and by school level', async () => {
    expect(await library('?topic=open_data')).toEqual([LISTED.schools])
    expect(await library('?topic=cybersecurity')).toEqual([LISTED.weather, LISTED.map, LISTED.everyone, LISTED.percent].sort())
    expect(await library('?topic=data_literacy')).toEqual([])
    expect(await library('?level=zs')).toEqual([LISTED.weather])
    expect(await library('?level=ss')).toEqual([LISTED.map, LISTED.schools].sort())
    expect(await library('?level=vos')).toEqual([LISTED.schools])
    expect(await library('?level=ss&topic=open_data')).toEqual([LISTED.schools])
    expect(await library('?level=zs&topic=open_data')).toEqual([])
  })

  it('searches without diacritics and case, every word must match', async () => {
    expect(await library('?q=pocasi')).toEqual([LISTED.weather])
    expect(await library(`?q=${encodeURIComponent('POČASÍ')}`)).toEqual([LISTED.weather])
    expect(await library(`?q=${encodeURIComponent('kraji pocasi')}`)).toEqual([LISTED.weather])
    expect(await library(`?q=${encodeURIComponent('pocasi skole')}`)).toEqual([])
    expect(await library('?q=pocasi&topic=open_data')).toEqual([])
    // The workshop's title is searched too.
    expect(await library(`?q=${encodeURIComponent('obce pořadatel b')}`)).toEqual([LISTED.schools])
  })

  it('a search for "100%" finds the worksheet with "100%" in its title (% and _ match themselves)', async () => {
    expect(await library(`?q=${encodeURIComponent('100%')}`)).toEqual([LISTED.percent])
    expect(await library(`?q=${encodeURIComponent('%')}`)).toEqual([LISTED.percent])
    expect(await library(`?q=${encodeURIComponent('_')}`)).toEqual([])
  })

  // As in the catalogue, a value the form cannot send is reported next to its field (400).
  it.each([
    ['an unknown topic', '?topic=neexistuje', 400],
    ['an unknown level', '?level=univerzita', 400],
    ['markup as the level', `?level=${encodeURIComponent('<script>alert(1)</script>')}`, 400],
    ['empty filters', '?topic=&level=', 200],
    ['a repeated topic', '?topic=open_data&topic=cybersecurity', 200],
    ['a 5,000-character query', `?q=${'x'.repeat(5000)}`, 400],
    ['SQL in the query', `?q=${encodeURIComponent("' OR 1=1 --")}`, 200],
    ['a NUL in the query', '?q=%00', 200],
  ])('bad filter values (%s) cause no server error', async (_label, query, status) => {
    const response = await get(`/worksheets${query}`)
    expect(response.status).toBe(status)
    const html = await textOf(response)
    expect(html).not.toContain('<script>alert(1)</script>')
  })

  it('the page is clean UTF-8 without NUL bytes, wherever its Czech characters fall', async () => {
    // The search box echoes the query, so its length moves every later character while the
    // results stay the same (spaces are no search terms): several of these lengths put a
    // two-byte letter across the renderer's 2,048-byte buffer edge.
    const broken: string[] = []
    for (let n = 0; n < 200; n += 1) {
      const response = await get(`/worksheets?q=${'%20'.repeat(n)}`)
      const raw = await bodyOf(response)
      expect(response.status).toBe(200)
      const at = raw.indexOf(0)
      if (at !== -1)
        broken.push(`q of ${n} spaces, NUL at byte ${at}: …${raw.subarray(Math.max(0, at - 16), at).toString('utf8')}\\0…`)
    }
    const plain = await bodyOf(await get('/worksheets'))
    if (plain.includes(0)) broken.push(`no query, NUL at byte ${plain.indexOf(0)}`)
    expect({ pagesWithNul: broken.length, first: broken.slice(0, 3) }).toEqual({ pagesWithNul: 0, first: [] })
  })

  it('unknown topic and level values are dropped from the filters, not treated as "nothing matches"', async () => {
    const all = await library()
    expect(await library('?topic=neexistuje', 400)).toEqual(all)
    expect(await library('?level=univerzita', 400)).toEqual(all)
  })
})

/* ---------------------------------------------------------------------------------------- */

describe('closing attendance mails certificates that list the worksheets', () => {
  const ATTENDEES_TITLE = 'Řešení úloh pro přítomné'
  let messages: { recipient: string; props: RegistrationEmailProps }[] = []

  beforeAll(async () => {
    const user = await database.db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'role'])
      .where('email', '=', STAFF.organiserA)
      .executeTakeFirstOrThrow()
    const organiserA: SignedInUser = { ...user, organiserIds: [ids.organiserA] }
    const outboxBefore = await lastId('outbox')
    const result = await closeAttendance(database.db, {
      sessionId: ids.sessionA1,
      user: organiserA,
      now: new Date(),
      appUrl: server.url,
      unmarked: 'leave',
    })
    expect(result).toMatchObject({ kind: 'closed', certificates: 2, issued: 2 })
    const rows = await database.db
      .selectFrom('outbox')
      .select(['recipient', 'props'])
      .where('id', '>', outboxBefore)
      .where('template', '=', 'registration.certificate')
      .execute()
    messages = rows.map((r) => ({ recipient: r.recipient, props: JSON.parse(r.props!) as RegistrationEmailProps }))
  })

  it('the present and the late attendee get one, the absent do not', () => {
    expect(messages.map((m) => m.recipient.toLowerCase()).sort()).toEqual(
      [PEOPLE.lukas.email, PEOPLE.petra.email].map((e) => e.toLowerCase()).sort(),
    )
  })

  it("the e-mail's props list the attendees-only worksheet by its title, and nothing removed or from elsewhere", async () => {
    const attendeesId = (
      await database.db.selectFrom('worksheets').select('id').where('title', '=', ATTENDEES_TITLE).executeTakeFirstOrThrow()
    ).id
    for (const message of messages) {
      const listed = message.props.worksheets ?? []
      expect(listed, message.recipient).toContainEqual({ id: attendeesId, title: ATTENDEES_TITLE })
      const titles = listed.map((w) => w.title)
      expect(titles).toContain('Podklady pro přihlášené')
      expect(titles).toContain('Pracovní list – Počasí v kraji')
      expect(titles).not.toContain('Skrytý list')
      expect(titles).not.toContain('Otevřená data ve škole')
      expect(titles).not.toContain('Návrh do šuplíku')
      expect(message.props.certificateUrl).toMatch(new RegExp(`^${server.url}/certificates/[0-9A-Z]{12}$`))
    }
  })

  it('the link in the e-mail downloads the attendees-only worksheet', async () => {
    const petra = messages.find((m) => m.recipient.toLowerCase() === PEOPLE.petra.email.toLowerCase())!
    const attendees = petra.props.worksheets!.find((w) => w.title === ATTENDEES_TITLE)!
    const response = await get(`${petra.props.manageUrl}/worksheets/${attendees.id}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/pdf')
    expect((await bodyOf(response)).subarray(0, 5).toString('latin1')).toBe('%PDF-')
  })

  it('the server logged no crash of its own code', () => {
    expect(server.output()).not.toMatch(/\b(TypeError|RangeError|ReferenceError|SqliteError)\b/)
  })
})
