import ExcelJS from 'exceljs'
import { parse } from 'csv-parse/sync'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  closeAttendance,
  compareCzechNames,
  findValidCertificate,
  markAttendance,
  type CertificateData,
} from '~/models/attendance.server'
import type { SignedInUser } from '~/models/auth.server'
import { attendanceSheetPdf, renderCertificates, sessionCertificatesPdf } from '~/models/documents.server'
import { exportRows, toCsv, toXlsx, type ExportRow } from '~/models/exports.server'
import { attachment, exportFileName } from '~/web/file-response.server'
import type { RegistrationFormData } from '~/models/registration-form.server'
import { cancelRegistration } from '~/models/registrations.server'
import { formatCode } from '~/utils/codes'
import { renderCertificate } from '~/utils/pdf/certificate.server'
import {
  atDay,
  day,
  inDays,
  NBSP,
  nextSummerDay,
  nextWinterDay,
  pragueDay,
  pragueIso,
  pragueTime,
  pragueWallClockDate,
  writtenDateTime,
  writtenRange,
} from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createOrganiser, createUser, factories, person } from '../support/factories'

/*
 * The documents organisers print and download, read back the way a reader would: PDFs with
 * pdfjs-dist (text per page), CSV with csv-parse, XLSX with exceljs. Every instant, and every
 * date the documents must print, comes from the test clock.
 */

/** When everyone booked: two days before the tests run, well before the sessions. */
const now = atDay(-2, '10:00')
const appUrl = 'http://localhost:3000'
const organiser = { name: 'Datový portál Libereckého kraje', email: 'datovy.portal@kraj-lbc.example' }
const TITLE = 'Počasí v kraji'
const ACCREDITATION = 'MSMT-12345/2024-1-456'
const LECTURER = 'Mgr. Ondřej Štěpánek'
const PLACE = 'Krajský úřad Libereckého kraje, zasedací místnost 1.15, U Jezu 642/2a, 461 80 Liberec'
/** The sheet session (and most others): an afternoon eleven days after `now`, 14:00–17:00 in Prague. */
const SESSION_DAY = 9
const SESSION_STARTS = inDays(SESSION_DAY, '14:00')
const SESSION_ENDS = inDays(SESSION_DAY, '17:00')
/** The certificate session: the same time a week later. */
const CERT_STARTS = inDays(SESSION_DAY + 7, '14:00')
const CERT_ENDS = inDays(SESSION_DAY + 7, '17:00')
/** "út 1. 12. … 14:00–17:00": how the documents write the sheet session. */
const WHEN = writtenRange(SESSION_STARTS, SESSION_ENDS, 'cs')
/**
 * Text as pdfjs reads it back: a no-break space is drawn with the space glyph and extracted as
 * a plain space (it still keeps a date on one line when the PDF is laid out).
 */
const printed = (text: string) => text.replaceAll(NBSP, ' ')
/** How the exports name each session: its start, "út 1. 12. … 14:00". */
const SESSION_LABEL = writtenDateTime(SESSION_STARTS, 'cs')
const CERT_SESSION_LABEL = writtenDateTime(CERT_STARTS, 'cs')
/** When the exports say everyone booked. */
const BOOKED = writtenDateTime(now, 'cs')
/** The same instants as ISO 8601 with Prague's offset, as the CSV writes them beside the text. */
const SESSION_ISO = pragueIso(SESSION_STARTS)
const BOOKED_ISO = pragueIso(now)
/** What Jana Řehořová wrote in the booking form's note. */
const NOTE = 'Přijedu na vozíku, potřebuji bezbariérový vstup a místo u dveří.'
/** A certificate issued the evening of the session, half past six in Prague. */
const ISSUED_AT = inDays(SESSION_DAY, '18:30')
/** Its issue date as the certificate prints it, "1. 12. …", without the weekday. */
const ISSUED_ON = (() => {
  const [y, m, d] = pragueDay(ISSUED_AT).split('-').map(Number) as [number, number, number]
  return `${d}.${NBSP}${m}.${NBSP}${y}`
})()

/** The XLSX columns; the first and the tenth are dates. */
const CZECH_HEADERS = [
  'Termín',
  'Jméno a příjmení',
  'E-mail',
  'Organizace',
  'Účastník',
  'Stupeň školy',
  'Stav přihlášky',
  'Docházka',
  'Bez přihlášky',
  'Přihlášeno',
  'Poznámka k přihlášce',
]
const DATE_COLUMNS = [0, 9]
/** The CSV writes each date twice: as Czech people read it, then as ISO 8601 for programs. */
const CSV_HEADERS = CZECH_HEADERS.flatMap((h, i) => (DATE_COLUMNS.includes(i) ? [h, `${h} (ISO 8601)`] : [h]))

/** The people on the sheet, in the Czech order they must be printed in. */
const SHEET_ORDER = [
  'Eva Cibulková',
  'Jan Čermák',
  'Josef Dvorský',
  'Antonín Dvořák',
  'Petr Horák',
  'Marie Chalupová',
  'Igor Ivanov',
  'Jan Rybář',
  'Jana Řehořová',
  'Lucie Sýkorová',
  'Tomáš Šťastný',
  'Věra Úlehlová',
  'Ota Zeman',
  'Eva Žáková',
]
const WALK_IN = 'Věra Úlehlová'
const WAITING = 'Zdeněk Čekal'
const CANCELLED = 'Karel Zrušený'
const TRICKY_ORGANISATION = 'Gymnázium "Na Vítězné pláni"; Praha 4'

let test: TestDatabase
let organiserUser: SignedInUser
let organiserId: number
let workshopId: number
let otherWorkshopId: number
/** 14 people holding a seat (one a walk-in), one waiting, one cancelled; some marked. */
let sheetSession: number
/** Five people: four attended, one corrected to absent after closing; certificates issued. */
let certificateSession: number
/** Another workshop's session, outside the workshop export. */
let otherSession: number
const ids: Record<string, number> = {}

/** The organiser makes the sessions: by default the sheet session's afternoon, 30 seats, bookings open. */
const {
  book,
  newSession,
  newWorkshop: workshopOfTheBody,
  walkIn,
} = factories(() => ({
  db: test.db,
  now,
  appUrl,
  staff: organiserUser,
  session: {
    date: day(SESSION_DAY),
    startTime: '14:00',
    endTime: '17:00',
    address: 'U Jezu 642/2a, 461 80 Liberec',
    room: 'zasedací místnost 1.15',
    capacity: 30,
    lecturer: LECTURER,
  },
}))

const newWorkshop = (slug: string, title: string, { lengthHours = 3, accreditationRef = '' } = {}) =>
  workshopOfTheBody(organiserId, {
    slug,
    title,
    summary: 'Jak číst a používat data o počasí.',
    descriptionMd: 'Popis.',
    topic: 'open_data',
    audiences: ['teacher_zs'],
    lengthHours,
    accreditationRef,
  })

async function mark(sessionId: number, name: string, attendance: 'present' | 'late' | 'excused' | 'absent') {
  const result = await markAttendance(test.db, {
    sessionId,
    registrationId: ids[name]!,
    attendance,
    user: organiserUser,
    now,
    appUrl,
  })
  expect(result.kind).toBe('marked')
}

beforeAll(async () => {
  test = await createTestDatabase()
  organiserId = await createOrganiser(test.db, organiser, now)
  organiserUser = await createUser(test.db, {
    email: 'marketa.holubova@kraj-lbc.example',
    name: 'Markéta Holubová',
    role: 'organiser',
    organiserIds: [organiserId],
  })

  workshopId = await newWorkshop('pocasi-v-kraji', TITLE, { accreditationRef: ACCREDITATION })
  otherWorkshopId = await newWorkshop('otevrena-data-v-obci', 'Otevřená data v obci', { lengthHours: 2 })

  // The sheet session: booked in an order unlike the Czech one, full, then a walk-in.
  const booked = SHEET_ORDER.filter((n) => n !== WALK_IN)
  sheetSession = await newSession(workshopId, { capacity: booked.length })
  for (const name of [...booked].reverse()) {
    const changes: Partial<RegistrationFormData> =
      name === 'Jana Řehořová'
        ? { participantType: 'teacher', schoolLevel: 'zs', organisation: 'ZŠ Liberec, Husova 142/44', note: NOTE }
        : name === 'Tomáš Šťastný'
          ? { organisation: TRICKY_ORGANISATION }
          : name === 'Ota Zeman'
            ? { participantType: 'other', organisation: '' }
            : {}
    const result = await book(sheetSession, person(name, changes))
    expect(result.status).toBe('confirmed')
    ids[name] = result.registrationId
  }
  const waiting = await book(sheetSession, WAITING)
  expect(waiting.status).toBe('waitlisted')
  ids[WAITING] = waiting.registrationId
  const cancelled = await book(sheetSession, CANCELLED)
  expect(cancelled.status).toBe('waitlisted')
  ids[CANCELLED] = cancelled.registrationId
  expect(await cancelRegistration(test.db, { token: cancelled.token, now, appUrl })).toEqual({ kind: 'cancelled', promoted: 0 })
  ids[WALK_IN] = await walkIn(sheetSession, person(WALK_IN, { organisation: 'Obec Žďárek' }))
  await mark(sheetSession, 'Jana Řehořová', 'present')
  await mark(sheetSession, 'Tomáš Šťastný', 'late')
  await mark(sheetSession, 'Petr Horák', 'excused')
  await mark(sheetSession, 'Jan Rybář', 'absent')
  await mark(sheetSession, WALK_IN, 'present')

  // The certificate session, a week later: closed, then Čermák corrected to absent.
  certificateSession = await newSession(workshopId, { date: day(SESSION_DAY + 7) })
  for (const name of ['Eva Žáková', 'Jan Čermák', 'Tomáš Šťastný', 'Petr Horák', 'Jana Řehořová']) {
    ids[`cert:${name}`] = (await book(certificateSession, name)).registrationId
  }
  const markCert = async (name: string, attendance: 'present' | 'late' | 'absent') =>
    expect(
      (
        await markAttendance(test.db, {
          sessionId: certificateSession,
          registrationId: ids[`cert:${name}`]!,
          attendance,
          user: organiserUser,
          now,
          appUrl,
        })
      ).kind,
    ).toBe('marked')
  await markCert('Eva Žáková', 'present')
  await markCert('Jan Čermák', 'present')
  await markCert('Tomáš Šťastný', 'late')
  await markCert('Jana Řehořová', 'present')
  await markCert('Petr Horák', 'absent')
  expect(await closeAttendance(test.db, { sessionId: certificateSession, user: organiserUser, now, appUrl })).toMatchObject({
    kind: 'closed',
  })
  await markCert('Jan Čermák', 'absent')

  otherSession = await newSession(otherWorkshopId)
  ids['other:Jana Řehořová'] = (await book(otherSession, 'Jana Řehořová')).registrationId
})

afterAll(async () => {
  await test.cleanup()
})

// ---------------------------------------------------------------------------------------------
// Reading documents back

/** The text items of each page, blank ones left out. */
async function pdfPages(pdf: Buffer): Promise<string[][]> {
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise
  try {
    const pages: string[][] = []
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i)
      const content = await page.getTextContent()
      pages.push(content.items.flatMap((item) => ('str' in item && item.str.trim() !== '' ? [item.str] : [])))
    }
    return pages
  } finally {
    await doc.destroy()
  }
}

/** Each line of text with its page and height on it (PDF points from the bottom), blank ones left out. */
async function pdfLines(pdf: Buffer): Promise<{ page: number; str: string; y: number }[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise
  try {
    const lines: { page: number; str: string; y: number }[] = []
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent()
      for (const item of content.items)
        if ('str' in item && item.str.trim() !== '') lines.push({ page: i, str: item.str, y: item.transform[5] as number })
    }
    return lines
  } finally {
    await doc.destroy()
  }
}

async function pdfTitle(pdf: Buffer): Promise<unknown> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise
  try {
    const { info } = await doc.getMetadata()
    return (info as { Title?: unknown }).Title
  } finally {
    await doc.destroy()
  }
}

/** The workbook as Excel would open it (exceljs takes the bytes as an ArrayBuffer). */
async function readXlsx(xlsx: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(new Uint8Array(xlsx).buffer)
  return workbook
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i))
const isRowNumber = (s: string) => /^\d+$/.test(s)

// ---------------------------------------------------------------------------------------------

describe('the attendance sheet (prezenční listina)', () => {
  it('prints everyone holding a seat, diacritics intact, in Czech order; not the waiting list nor the cancelled', async () => {
    const { pdf, title } = await attendanceSheetPdf(test.db, { sessionId: sheetSession, locale: 'cs' })
    expect(title).toBe(TITLE)
    const pages = await pdfPages(pdf)
    expect(pages).toHaveLength(1)
    const items = pages[0]!
    const printed = items.filter((s) => SHEET_ORDER.includes(s) || s === WAITING || s === CANCELLED)
    expect(printed).toEqual(SHEET_ORDER)
    expect(items).not.toContain(WAITING)
    expect(items).not.toContain(CANCELLED)
    // Spot checks of the order the brief cares about.
    expect(printed.indexOf('Jan Čermák')).toBeGreaterThan(printed.indexOf('Eva Cibulková'))
    expect(printed.indexOf('Marie Chalupová')).toBeGreaterThan(printed.indexOf('Petr Horák'))
    expect(printed.indexOf('Marie Chalupová')).toBeLessThan(printed.indexOf('Igor Ivanov'))
    expect(printed.indexOf('Jana Řehořová')).toBeGreaterThan(printed.indexOf('Jan Rybář'))
    expect(printed.indexOf('Tomáš Šťastný')).toBeGreaterThan(printed.indexOf('Lucie Sýkorová'))
    expect(printed.indexOf('Eva Žáková')).toBeGreaterThan(printed.indexOf('Ota Zeman'))
    // Each name is in the row of its number, with the organisation after it.
    SHEET_ORDER.forEach((name, i) => expect(items[items.indexOf(name) - 1], name).toBe(String(i + 1)))
    expect(items[items.indexOf('Jana Řehořová') + 1]).toBe('ZŠ Liberec, Husova 142/44')
    expect(items[items.indexOf(WALK_IN) + 1]).toBe('Obec Žďárek')
    // An organisation too long for its cell wraps onto a second line, whole.
    const stastny = items.indexOf('Tomáš Šťastný')
    expect(items.slice(stastny + 1, stastny + 3).join(' ')).toBe(TRICKY_ORGANISATION)
    expect(await pdfTitle(pdf)).toBe(`Prezenční listina: ${TITLE}`)
  })

  it('heads the sheet with the title, the date written the Czech way, place, lecturer, organiser, length and accreditation', async () => {
    const { pdf } = await attendanceSheetPdf(test.db, { sessionId: sheetSession, locale: 'cs' })
    const items = (await pdfPages(pdf))[0]!
    expect(items[0]).toBe('Prezenční listina')
    expect(items[1]).toBe(TITLE)
    const fact = (label: string) => items[items.indexOf(`${label}:`) + 1]
    expect(fact('Termín')).toBe(printed(WHEN))
    expect(fact('Místo')).toBe(PLACE)
    expect(fact('Lektor')).toBe(LECTURER)
    expect(fact('Pořadatel')).toBe(organiser.name)
    expect(fact('Rozsah')).toBe('3 hodiny')
    expect(fact('Číslo akreditace')).toBe(ACCREDITATION)
    expect(items).toContain(`${TITLE} · strana 1 z 1`)
  })

  it('has a header row with an empty signature column, and numbered blank rows for walk-ins after the people', async () => {
    const { pdf } = await attendanceSheetPdf(test.db, { sessionId: sheetSession, locale: 'cs' })
    const items = (await pdfPages(pdf))[0]!
    const header = items.indexOf('Č.')
    expect(items.slice(header, header + 4)).toEqual(['Č.', 'Jméno a příjmení', 'Organizace', 'Podpis'])
    // The header comes before the first row; nothing is ever written under "Podpis".
    expect(header).toBeLessThan(items.indexOf('1'))
    expect(items.filter((s) => s === 'Podpis')).toHaveLength(1)

    const numbers = items.filter(isRowNumber)
    expect(numbers).toEqual(range(1, SHEET_ORDER.length + 5))
    // The five blank rows follow the last person, with nothing written in them.
    const firstBlank = items.indexOf(String(SHEET_ORDER.length + 1))
    expect(items.slice(firstBlank, firstBlank + 5)).toEqual(range(SHEET_ORDER.length + 1, SHEET_ORDER.length + 5))
    expect(firstBlank).toBeGreaterThan(items.indexOf(SHEET_ORDER.at(-1)!))
    expect(items.slice(firstBlank + 5)).toEqual([`${TITLE} · strana 1 z 1`])
  })

  it('with 60 people runs over several pages, the header row and the page number on every one', async () => {
    const firstNames = ['Adam', 'Bořek', 'Čeněk', 'Ctibor', 'Šimon', 'Žofie']
    const surnames = ['Řehoř', 'Šťastný', 'Čermák', 'Chalupa', 'Žák', 'Cibulka', 'Horák', 'Dvořák', 'Dvorský', 'Úlehla']
    const names = surnames.flatMap((s) => firstNames.map((f) => `${f} ${s}`))
    expect(names).toHaveLength(60)
    const workshop = await newWorkshop('velky-kurz', 'Velký kurz: otevřená data')
    const sessionId = await newSession(workshop, {
      capacity: 60,
      mode: 'online',
      onlineUrl: 'https://meet.example/velky-kurz',
      lecturer: '',
    })
    for (const name of names)
      await book(
        sessionId,
        person(name, {
          email: `${name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, '.')}@skola.example`,
        }),
      )

    const { pdf } = await attendanceSheetPdf(test.db, { sessionId, locale: 'cs' })
    const pages = await pdfPages(pdf)
    expect(pages.length).toBeGreaterThan(1)
    pages.forEach((items, i) => {
      for (const label of ['Č.', 'Jméno a příjmení', 'Organizace', 'Podpis'])
        expect(items, `page ${i + 1}: ${label}`).toContain(label)
      expect(items).toContain(`Velký kurz: otevřená data · strana ${i + 1} z ${pages.length}`)
      // Every page after the header row starts with rows, not with facts.
      const header = items.indexOf('Č.')
      expect(isRowNumber(items[header + 4] ?? ''), `page ${i + 1} first row`).toBe(true)
    })
    // The facts only on the first page.
    expect(pages[0]).toContain('Termín:')
    expect(pages[1]).not.toContain('Termín:')
    // An online session: the place is its link; no lecturer is a dotted line to fill in.
    const first = pages[0]!
    expect(first[first.indexOf('Místo:') + 1]).toBe('https://meet.example/velky-kurz')
    expect(first[first.indexOf('Lektor:') + 1]).toMatch(/^…+$/)

    const all = pages.flat()
    const printed = all.filter((s) => names.includes(s))
    expect(printed).toEqual([...names].sort(compareCzechNames))
    expect(printed[0]).toBe('Adam Cibulka')
    expect(printed.at(-1)).toBe('Žofie Žák')
    expect(all.filter(isRowNumber)).toEqual(range(1, 65))
  })

  it('wraps long organisation names and names inside their cells instead of cutting them off, and prints no notes', async () => {
    const LONG_ORGANISATION = 'Obecní úřad Bílý Kostel nad Nisou, odbor vnitřních věcí, kybernetické bezpečnosti a informatiky'
    const LONG_NAME = 'Marie Kristýna Terezie Valburga Amálie Habsburská'
    const workshop = await newWorkshop('dlouhe-nazvy', 'Dlouhé názvy')
    const sessionId = await newSession(workshop, { capacity: 5 })
    await book(sessionId, person('Jana Řehořová', { organisation: LONG_ORGANISATION, note: NOTE }))
    await book(sessionId, person(LONG_NAME, { organisation: 'Obec Žďárek' }))
    await book(sessionId, person('Ota Zeman', { organisation: LONG_ORGANISATION }))

    const { pdf } = await attendanceSheetPdf(test.db, { sessionId, locale: 'cs' })
    const lines = await pdfLines(pdf)
    expect(lines.map((l) => l.page)).not.toContain(2)
    const text = lines.map((l) => l.str).join(' ')
    // The whole name reads back, over several lines of its cell, twice (two people from there).
    expect(text.split(LONG_ORGANISATION)).toHaveLength(3)
    expect(text).toContain(LONG_NAME)
    expect(text).not.toContain('…')
    const organisationLines = lines.filter((l) => LONG_ORGANISATION.includes(l.str) && l.str !== LONG_ORGANISATION)
    expect(organisationLines.length).toBeGreaterThanOrEqual(4)
    // Each wrapped cell stays inside its own row, centred on its number: rows 1 Habsburská,
    // 2 Řehořová, 3 Zeman. A line belongs to the row whose number is nearest; no two rows' lines mix.
    const numberY = [1, 2, 3].map((n) => lines.find((l) => l.str === String(n))!.y)
    const rowOf = (y: number) => numberY.reduce((best, ny, i) => (Math.abs(ny - y) < Math.abs(numberY[best]! - y) ? i : best), 0)
    const cellLines = (row: number, whole: string) =>
      lines.filter((l) => whole.includes(l.str) && rowOf(l.y) === row).map((l) => l.str)
    expect(cellLines(1, LONG_ORGANISATION).join(' ')).toBe(LONG_ORGANISATION)
    expect(cellLines(2, LONG_ORGANISATION).join(' ')).toBe(LONG_ORGANISATION)
    expect(cellLines(0, LONG_NAME).join(' ')).toBe(LONG_NAME)
    expect(cellLines(0, LONG_NAME).length).toBeGreaterThan(1)
    const ys = (row: number) => lines.filter((l) => LONG_ORGANISATION.includes(l.str) && rowOf(l.y) === row).map((l) => l.y)
    expect(Math.min(...ys(1))).toBeGreaterThan(Math.max(...ys(2)))
    // The note from the booking stays off a sheet that goes round the room.
    expect(text).not.toContain('vozíku')
    expect(text).not.toContain('Poznámka')
  })

  it('prints in English for an English-speaking organiser', async () => {
    const { pdf } = await attendanceSheetPdf(test.db, { sessionId: sheetSession, locale: 'en' })
    const items = (await pdfPages(pdf))[0]!
    expect(items[0]).toBe('Attendance sheet')
    for (const label of ['Full name', 'Signature']) expect(items).toContain(label)
    expect(items).toContain('Jana Řehořová')
    expect(items[items.indexOf('Length:') + 1]).toBe('3 hours')
  })
})

describe('certificates (osvědčení)', () => {
  const data: CertificateData = {
    code: 'K7P4QX2MABCD',
    fullName: 'Jana Řehořová',
    dateOfBirth: null,
    workshopTitle: TITLE,
    lengthHours: 3,
    startsAt: SESSION_STARTS,
    endsAt: SESSION_ENDS,
    place: 'Krajský úřad Libereckého kraje',
    lecturer: LECTURER,
    organiserName: organiser.name,
    accreditationRef: ACCREDITATION,
    issuedAt: ISSUED_AT,
  }
  const verifyUrl = `${appUrl}/certificates/${data.code}`

  it('holds the name with diacritics, the workshop, OSVĚDČENÍ, the hours in Czech, the organiser, the URL and the formatted code', async () => {
    const pages = await pdfPages(await renderCertificate(data, verifyUrl, 'cs'))
    expect(pages).toHaveLength(1)
    const items = pages[0]!
    for (const expected of [
      'OSVĚDČENÍ',
      'o absolvování vzdělávací akce',
      'Jana Řehořová',
      'účast na workshopu',
      TITLE,
      printed(`Termín: ${WHEN}`),
      'Rozsah: 3 hodiny',
      'Místo: Krajský úřad Libereckého kraje',
      `Lektor: ${LECTURER}`,
      `Číslo akreditace: ${ACCREDITATION}`,
      printed(`Vydáno: ${ISSUED_ON}`),
      organiser.name,
      'Pravost ověříte na adrese',
      verifyUrl,
      'Ověřovací kód: K7P4-QX2M-ABCD',
    ]) {
      expect(items, expected).toContain(expected)
    }
    // Without a date of birth there is no "datum narození" line.
    expect(items.some((s) => s.startsWith('narozen'))).toBe(false)
  })

  it('writes the hours with the right Czech plural, and the date of birth without the weekday when known', async () => {
    const cases: [number, string][] = [
      [1, '1 hodina'],
      [4, '4 hodiny'],
      [8, '8 hodin'],
    ]
    for (const [lengthHours, text] of cases) {
      const items = (
        await pdfPages(await renderCertificate({ ...data, lengthHours, dateOfBirth: '1985-04-12' }, verifyUrl, 'cs'))
      )[0]!
      expect(items).toContain(`Rozsah: ${text}`)
      expect(items).toContain('datum narození 12. 4. 1985')
    }
  })

  it('leaves out the lines it has nothing for', async () => {
    const items = (
      await pdfPages(await renderCertificate({ ...data, place: null, lecturer: null, accreditationRef: null }, verifyUrl, 'cs'))
    )[0]!
    expect(items.some((s) => s.startsWith('Místo:') || s.startsWith('Lektor:') || s.startsWith('Číslo akreditace:'))).toBe(false)
    expect(items).toContain('Jana Řehořová')
  })

  it("prints a session's valid certificates one per page, in Czech order, each with its own code and URL", async () => {
    const pdf = await sessionCertificatesPdf(test.db, { sessionId: certificateSession, locale: 'cs', appUrl })
    const pages = await pdfPages(pdf)
    // Čermák was corrected to absent after closing (revoked), Horák was absent: three remain.
    const expectedNames = ['Jana Řehořová', 'Tomáš Šťastný', 'Eva Žáková']
    expect(pages).toHaveLength(expectedNames.length)
    const allNames = ['Eva Žáková', 'Jan Čermák', 'Tomáš Šťastný', 'Petr Horák', 'Jana Řehořová']
    const codes = new Set<string>()
    for (const [i, name] of expectedNames.entries()) {
      const items = pages[i]!
      expect(
        items.filter((s) => allNames.includes(s)),
        `page ${i + 1}`,
      ).toEqual([name])
      expect(items).toContain('OSVĚDČENÍ')
      expect(items).toContain(TITLE)
      expect(items).toContain(printed(`Termín: ${writtenRange(CERT_STARTS, CERT_ENDS, 'cs')}`))
      expect(items).toContain('Rozsah: 3 hodiny')
      expect(items).toContain(organiser.name)
      const certificate = await findValidCertificate(test.db, { registrationId: ids[`cert:${name}`]! })
      expect(certificate, name).toBeDefined()
      expect(items).toContain(`${appUrl}/certificates/${certificate!.code}`)
      expect(items).toContain(`Ověřovací kód: ${formatCode(certificate!.code)}`)
      codes.add(certificate!.code)
    }
    expect(codes.size).toBe(3)
  })

  it('renders a batch as one page per certificate, and a session without certificates as an empty-handed PDF', async () => {
    const batch = await renderCertificates(
      [
        data,
        { ...data, code: 'ABCDEFGHJKMN', fullName: 'Tomáš Šťastný' },
        { ...data, code: 'ZZZZYYYYXXXX', fullName: 'Eva Žáková' },
      ],
      { locale: 'cs', appUrl },
    )
    const pages = await pdfPages(batch)
    expect(pages).toHaveLength(3)
    expect(pages.map((items) => items.find((s) => ['Jana Řehořová', 'Tomáš Šťastný', 'Eva Žáková'].includes(s)))).toEqual([
      'Jana Řehořová',
      'Tomáš Šťastný',
      'Eva Žáková',
    ])
    expect(pages[1]).toContain(`${appUrl}/certificates/ABCDEFGHJKMN`)
    expect(pages[1]).toContain('Ověřovací kód: ABCD-EFGH-JKMN')

    // The sheet session was never closed: no certificates, still a valid PDF.
    const empty = await sessionCertificatesPdf(test.db, { sessionId: sheetSession, locale: 'cs', appUrl })
    const emptyPages = await pdfPages(empty)
    expect(emptyPages.flat()).not.toContain('OSVĚDČENÍ')
  })
})

describe('exports', () => {
  const csvText = (csv: Buffer) => csv.toString('utf8')
  const parseCsv = (csv: Buffer) => parse(csv, { delimiter: ';', bom: true, relax_column_count: false }) as string[][]
  /** Jana Řehořová's row as the CSV writes it. */
  const JANA_CSV = [
    SESSION_LABEL,
    SESSION_ISO,
    'Jana Řehořová',
    'jana.rehorova@example.cz',
    'ZŠ Liberec, Husova 142/44',
    'učitel nebo učitelka',
    'základní škola (ZŠ)',
    'místo rezervováno',
    'přítomnost',
    '',
    BOOKED,
    BOOKED_ISO,
    NOTE,
  ]

  it('CSV starts with the UTF-8 BOM, uses semicolons and CRLF, and parses back to the exact names and Czech headers', async () => {
    const rows = await exportRows(test.db, { sessionId: sheetSession }, 'cs')
    const csv = toCsv(rows, 'cs')
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = csvText(csv)
    // CRLF everywhere (no value in this session holds a line break), one line per record plus the header.
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    expect(text.endsWith('\r\n')).toBe(true)
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(rows.length + 1)
    expect(text.split('\r\n')[0]).toBe(`\uFEFF${CSV_HEADERS.join(';')}`)

    const records = parseCsv(csv)
    expect(records[0]).toEqual(CSV_HEADERS)
    const body = records.slice(1)
    // One row per registration: those holding a seat, the waiting and the cancelled.
    expect(body).toHaveLength(SHEET_ORDER.length + 2)
    expect(body.map((r) => r[2])).toEqual([...SHEET_ORDER, WAITING, CANCELLED].sort(compareCzechNames))
    for (const record of body) expect(record).toHaveLength(CSV_HEADERS.length)

    const byName = Object.fromEntries(body.map((r) => [r[2]!, r]))
    expect(byName['Jana Řehořová']).toEqual(JANA_CSV)
    const column = (name: string) => CSV_HEADERS.indexOf(name)
    expect(byName['Tomáš Šťastný']?.[column('Organizace')]).toBe(TRICKY_ORGANISATION)
    expect(byName['Tomáš Šťastný']?.[column('Docházka')]).toBe('pozdě')
    expect(byName['Petr Horák']?.[column('Docházka')]).toBe('omluveno')
    expect(byName['Jan Rybář']?.[column('Docházka')]).toBe('nepřítomnost')
    expect(byName['Ota Zeman']?.slice(column('Organizace'), column('Účastník') + 1)).toEqual(['', 'jiné'])
    expect(byName[WALK_IN]?.slice(column('Stav přihlášky'), column('Bez přihlášky') + 1)).toEqual([
      'místo rezervováno',
      'přítomnost',
      'ano',
    ])
    expect(byName[WAITING]?.[column('Stav přihlášky')]).toBe('v pořadníku')
    expect(byName[CANCELLED]?.[column('Stav přihlášky')]).toBe('zrušeno')
    expect(byName['Marie Chalupová']?.slice(column('Účastník'), column('Bez přihlášky') + 1)).toEqual([
      'úředník nebo úřednice',
      '',
      'místo rezervováno',
      '',
      '',
    ])
    // Only Řehořová wrote a note; everyone's dates are the session's and the booking's.
    expect(body.filter((r) => r.at(-1) !== '').map((r) => r[2])).toEqual(['Jana Řehořová'])
    for (const record of body) {
      expect(record.slice(0, 2)).toEqual([SESSION_LABEL, SESSION_ISO])
      expect(record.slice(column('Přihlášeno'), column('Přihlášeno') + 2)).toEqual([BOOKED, BOOKED_ISO])
    }
  })

  it('CSV dates in ISO 8601 carry Prague’s offset and name the same instant as the stored one', async () => {
    const records = parseCsv(toCsv(await exportRows(test.db, { sessionId: sheetSession }, 'cs'), 'cs')).slice(1)
    for (const record of records) {
      expect(record[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00$/)
      expect(new Date(record[1]!).toISOString()).toBe(new Date(SESSION_STARTS).toISOString())
      expect(new Date(record[11]!).toISOString()).toBe(now.toISOString())
    }
    // The wall clock in the ISO value is the one the Czech text shows: 14:00 in Prague.
    expect(records[0]![1]!.slice(11, 16)).toBe('14:00')
    expect(records[0]![0]!.endsWith(' 14:00')).toBe(true)
  })

  it('CSV keeps values with semicolons, quotes, line breaks and leading spaces intact through a round trip', () => {
    const base: ExportRow = {
      session: SESSION_STARTS,
      fullName: 'Jana Řehořová',
      email: 'jana@example.cz',
      organisation: '',
      participantType: 'učitel nebo učitelka',
      schoolLevel: '',
      status: 'místo rezervováno',
      attendance: '',
      walkIn: '',
      bookedAt: now.toISOString(),
      note: '',
    }
    const rows: ExportRow[] = [
      { ...base, organisation: 'Firma; s.r.o.' },
      { ...base, fullName: 'Tomáš "Tom" Šťastný', organisation: '"Na Vítězné pláni"' },
      { ...base, fullName: 'Eva Žáková', organisation: 'Řádek 1\nŘádek 2\r\nŘádek 3' },
      { ...base, fullName: 'Jan Čermák', organisation: '  mezery okolo  ', email: 'a;b"c@example.cz' },
      { ...base, fullName: 'Žofie Úlehlová', organisation: "'apostrof', čárka, tečka." },
      { ...base, fullName: 'Věra Úlehlová', note: 'Neslyším; prosím o "přepis".\nDěkuji.' },
    ]
    const csv = toCsv(rows, 'cs')
    const records = parseCsv(csv)
    expect(records[0]).toEqual(CSV_HEADERS)
    expect(records.slice(1)).toEqual(
      rows.map((r) => [
        SESSION_LABEL,
        SESSION_ISO,
        r.fullName,
        r.email,
        r.organisation,
        r.participantType,
        r.schoolLevel,
        r.status,
        r.attendance,
        r.walkIn,
        BOOKED,
        BOOKED_ISO,
        r.note,
      ]),
    )
    // And nothing more: exactly one record per row.
    expect(records).toHaveLength(rows.length + 1)
  })

  it('CSV of no rows is the header alone', () => {
    const records = parseCsv(toCsv([], 'cs'))
    expect(records).toEqual([CSV_HEADERS])
  })

  it('XLSX reads back with its header row, names with diacritics, date cells and one row per registration', async () => {
    const rows = await exportRows(test.db, { sessionId: sheetSession }, 'cs')
    const xlsx = await toXlsx(rows, 'cs', `Prezenční listina – ${TITLE}`)
    expect(xlsx.subarray(0, 2).toString('latin1')).toBe('PK')
    const workbook = await readXlsx(xlsx)
    expect(workbook.worksheets).toHaveLength(1)
    const sheet = workbook.worksheets[0]!
    expect(sheet.name).toBe(`Prezenční listina – ${TITLE}`.slice(0, 31))
    expect(sheet.rowCount).toBe(rows.length + 1)
    const rowValues = (n: number) => CZECH_HEADERS.map((_, i) => sheet.getRow(n).getCell(i + 1).value ?? '')
    expect(rowValues(1)).toEqual(CZECH_HEADERS)
    expect(sheet.getRow(1).font?.bold).toBe(true)
    const names = Array.from({ length: rows.length }, (_, i) => rowValues(i + 2)[1])
    expect(names).toEqual([...SHEET_ORDER, WAITING, CANCELLED].sort(compareCzechNames))
    const janaRow = names.indexOf('Jana Řehořová') + 2
    expect(rowValues(janaRow)).toEqual([
      pragueWallClockDate(SESSION_STARTS),
      'Jana Řehořová',
      'jana.rehorova@example.cz',
      'ZŠ Liberec, Husova 142/44',
      'učitel nebo učitelka',
      'základní škola (ZŠ)',
      'místo rezervováno',
      'přítomnost',
      '',
      pragueWallClockDate(now),
      NOTE,
    ])
    expect(rowValues(names.indexOf('Tomáš Šťastný') + 2)[3]).toBe(TRICKY_ORGANISATION)
    // The header row stays in view.
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
  })

  it('XLSX dates are date cells (not text) in Prague wall-clock time, formatted d. m. yyyy h:mm', async () => {
    const rows = await exportRows(test.db, { sessionId: sheetSession }, 'cs')
    const sheet = (await readXlsx(await toXlsx(rows, 'cs', TITLE))).worksheets[0]!
    for (let n = 2; n <= rows.length + 1; n++) {
      for (const [column, instant] of [
        [1, SESSION_STARTS],
        [10, now],
      ] as const) {
        const cell = sheet.getRow(n).getCell(column)
        expect(cell.type, `row ${n}, column ${column}`).toBe(ExcelJS.ValueType.Date)
        expect(cell.value).toBeInstanceOf(Date)
        // Excel keeps no zone: the cell holds what a clock in Prague showed.
        expect((cell.value as Date).toISOString()).toBe(pragueWallClockDate(instant).toISOString())
        expect(cell.numFmt).toBe('d. m. yyyy h:mm')
      }
    }
    // 14:00 in Prague, whatever the offset that day.
    expect((sheet.getRow(2).getCell(1).value as Date).getUTCHours()).toBe(14)
    // The note column wraps long text.
    expect(sheet.getRow(2).getCell(11).alignment?.wrapText).toBe(true)
  })

  it('a session in summer time and one in winter time both read 9:00 in XLSX, and +02:00 / +01:00 in CSV', async () => {
    const summer = pragueTime(nextSummerDay(), '09:00')
    const winter = pragueTime(nextWinterDay(), '09:00')
    const base = (await exportRows(test.db, { sessionId: otherSession }, 'cs'))[0]!
    const rows: ExportRow[] = [
      { ...base, session: summer, bookedAt: summer },
      { ...base, session: winter, bookedAt: winter },
    ]
    const sheet = (await readXlsx(await toXlsx(rows, 'cs', 'DST'))).worksheets[0]!
    const [y1, m1, d1] = nextSummerDay().split('-').map(Number) as [number, number, number]
    const [y2, m2, d2] = nextWinterDay().split('-').map(Number) as [number, number, number]
    expect(sheet.getRow(2).getCell(1).value).toEqual(new Date(Date.UTC(y1, m1 - 1, d1, 9, 0)))
    expect(sheet.getRow(3).getCell(1).value).toEqual(new Date(Date.UTC(y2, m2 - 1, d2, 9, 0)))
    const records = parseCsv(toCsv(rows, 'cs')).slice(1)
    expect(records.map((r) => r[1])).toEqual([`${nextSummerDay()}T09:00:00+02:00`, `${nextWinterDay()}T09:00:00+01:00`])
    expect(records.map((r) => r[0])).toEqual([writtenDateTime(summer, 'cs'), writtenDateTime(winter, 'cs')])
  })

  it('XLSX sheet names lose the characters Excel forbids and keep to 31 characters', async () => {
    const rows = await exportRows(test.db, { sessionId: otherSession }, 'cs')
    const workbook = await readXlsx(await toXlsx(rows, 'cs', 'Data: 1/12 [A]*? \\ Počasí v Libereckém kraji'))
    const name = workbook.worksheets[0]!.name
    expect(name.length).toBeLessThanOrEqual(31)
    expect(name).not.toMatch(/[\\/?*[\]:]/)
    expect(name.startsWith('Data  1 12  A')).toBe(true)
    expect(workbook.worksheets[0]!.getRow(2).getCell(2).value).toBe('Jana Řehořová')
  })

  it('a workshop export includes every session of the workshop, by date and then in Czech order, and no other workshop', async () => {
    const rows = await exportRows(test.db, { workshopId }, 'cs')
    const first = rows.filter((r) => r.session === SESSION_STARTS)
    const second = rows.filter((r) => r.session === CERT_STARTS)
    expect(first.length + second.length).toBe(rows.length)
    expect(rows.slice(0, first.length)).toEqual(first)
    expect(first.map((r) => r.fullName)).toEqual([...SHEET_ORDER, WAITING, CANCELLED].sort(compareCzechNames))
    expect(second.map((r) => r.fullName)).toEqual(['Jan Čermák', 'Petr Horák', 'Jana Řehořová', 'Tomáš Šťastný', 'Eva Žáková'])
    expect(second.map((r) => r.attendance)).toEqual(['nepřítomnost', 'nepřítomnost', 'přítomnost', 'pozdě', 'přítomnost'])
    // The other workshop's booking of the same person is not in it.
    expect(rows.filter((r) => r.fullName === 'Jana Řehořová')).toHaveLength(2)
    const otherRows = await exportRows(test.db, { workshopId: otherWorkshopId }, 'cs')
    expect(otherRows.map((r) => r.fullName)).toEqual(['Jana Řehořová'])

    const records = parseCsv(toCsv(rows, 'cs'))
    expect(records).toHaveLength(rows.length + 1)
    expect(records.slice(1).map((r) => r[2])).toEqual(rows.map((r) => r.fullName))
    expect(records.slice(1).map((r) => r[0])).toEqual(
      rows.map((r) => (r.session === SESSION_STARTS ? SESSION_LABEL : CERT_SESSION_LABEL)),
    )
    // Each session's own note: the note belongs to the booking, not to the person.
    expect(records.slice(1).filter((r) => r.at(-1) === NOTE)).toHaveLength(1)
  })

  it('exports in English with English headers, labels and date format', async () => {
    const rows = await exportRows(test.db, { sessionId: sheetSession }, 'en')
    const records = parseCsv(toCsv(rows, 'en'))
    expect(records[0]?.[2]).toBe('Full name')
    expect(records[0]?.[1]).toBe(`${records[0]?.[0]} (ISO 8601)`)
    expect(records[0]?.at(-1)).toBe('Note with the booking')
    expect(records.slice(1).map((r) => r[2])).toContain('Jana Řehořová')
    expect(records[1]?.[0]).toBe(writtenDateTime(SESSION_STARTS, 'en'))
    expect(records[1]?.[1]).toBe(SESSION_ISO)
    const sheet = (await readXlsx(await toXlsx(rows, 'en', TITLE))).worksheets[0]!
    expect(sheet.getRow(2).getCell(1).type).toBe(ExcelJS.ValueType.Date)
    expect(sheet.getRow(2).getCell(1).numFmt).toBe('d mmm yyyy h:mm')
  })
})

describe('download file names', () => {
  it('exportFileName keeps Czech letters and drops characters file systems refuse', () => {
    expect(exportFileName(`Prezenční listina – ${TITLE}`, 'pdf')).toBe('Prezenční listina – Počasí v kraji.pdf')
    // A character taken out leaves one space, never a run of them.
    expect(exportFileName('Data: 1/12 "A" <B> | C?*', 'csv')).toBe('Data 1 12 A B C.csv')
    expect(exportFileName('  Řádek\nDruhý\t ', 'xlsx')).toBe('Řádek Druhý.xlsx')
    expect(exportFileName('x'.repeat(300), 'csv')).toBe(`${'x'.repeat(100)}.csv`)
  })

  it("attachment gives the UTF-8 name as filename*=UTF-8'' and an ASCII fallback", () => {
    const fileName = exportFileName(`Prezenční listina – ${TITLE}`, 'pdf')
    const header = attachment(fileName)
    expect(header).toBe(
      'attachment; filename="Prezencni listina _ Pocasi v kraji.pdf"; filename*=UTF-8\'\'Prezen%C4%8Dn%C3%AD%20listina%20%E2%80%93%20Po%C4%8Das%C3%AD%20v%20kraji.pdf',
    )
    // The header itself is plain ASCII, so any HTTP stack can send it.
    expect(header).toMatch(/^[\x20-\x7E]+$/)
    const match = /^attachment; filename="([^"]*)"; filename\*=UTF-8''(\S+)$/.exec(header)
    expect(match).not.toBeNull()
    expect(decodeURIComponent(match![2]!)).toBe('Prezenční listina – Počasí v kraji.pdf')
    expect(match![1]).toBe('Prezencni listina _ Pocasi v kraji.pdf')
  })

  it('the ASCII fallback cannot break out of its quotes', () => {
    const header = attachment('Řekl "ahoj".csv')
    const fallback = /filename="([^"]*)";/.exec(header)
    expect(fallback?.[1]).toBe("Rekl 'ahoj'.csv")
    expect(header.match(/"/g)).toHaveLength(2)
  })

  it('filename* uses only the characters RFC 5987/8187 allow unescaped, for titles with brackets or apostrophes', () => {
    // Real titles and names: "(DVPP)" in a workshop title, an apostrophe in a surname.
    for (const title of ['Kybernetická bezpečnost ve škole (DVPP)', "Osvědčení – Seán O'Brien – Počasí v kraji"]) {
      const fileName = exportFileName(title, 'pdf')
      const header = attachment(fileName)
      const extValue = /filename\*=UTF-8''(.*)$/.exec(header)?.[1]
      expect(extValue, header).toBeDefined()
      // attr-char = ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
      expect(extValue, header).toMatch(/^(?:[A-Za-z0-9!#$&+\-.^_`|~]|%[0-9A-F]{2})+$/)
      expect(decodeURIComponent(extValue!)).toBe(fileName)
    }
  })
})
