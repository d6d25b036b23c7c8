import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { IntlMessageFormat } from 'intl-messageformat'
import { describe, expect, it } from 'vitest'
import { emailTemplates, renderEmail, type EmailTemplateName, type RegistrationEmailProps } from '../../emails'
import { cs } from '~/i18n/messages/cs'
import { en } from '~/i18n/messages/en'
import { inDays, testStart } from '../support/clock'

/*
 * Czech as public-sector texts write it (issue 17, points 13–15): one person is addressed
 * without plural participles ("Jste přihlášeni", "Pokud jste o přihlášení nežádali"), nobody is
 * written with a slash or bracket ("přítomen/přítomna", "zapsán(a)"), the greeting does not
 * guess a vocative, and a number stays on one line with its unit.
 */

/**
 * "přítomen/přítomna", "učitel/ka", "Přihlášen/a": a word, a slash, a lower-case ending; not a
 * path ("/organiser/sessions/12") nor upper-case abbreviations ("SEČ/SELČ").
 */
const SLASH_FORM = /(?<![/\p{L}\p{N}~.@-])\p{L}+\/\p{Ll}+(?![/\p{L}\p{N}])/u
/** "zapsán(a)", "absolvoval(a)", "narozen(a)": a word with a bracketed ending. */
const BRACKET_FORM = /\p{L}\((?:a|o|i|y|ka|ice|ová|ny|ni|ly|li)\)/u
/**
 * A plural participle with "jste/byste/nejste" near it, either way round: "jste přihlášeni",
 * "Pokud jste o přihlášení nežádali", "Chyběli jste nám", "byli jste pozváni".
 */
const PLURAL_PARTICIPLE = [
  /\b(?:jste|byste|nejste)\s+(?:\p{L}+\s+){0,3}\p{L}{2,}(?:li|ni|ti|ly|ny)\b/iu,
  /\b\p{L}{2,}(?:li|ni)\s+(?:jste|byste)\b/iu,
]
/** Phrases the issue named, and their relatives found in review. */
const KNOWN_PHRASES = [
  'jste přihlášeni',
  'nežádali',
  'byli jste',
  'jste byli',
  'chyběli jste',
  'jste přišli',
  'jste postoupili',
  'jste nepotvrdili',
  'jste zkopírovali',
  'jste dali',
  'jste nemohli',
  'byste ho mít měli',
  'nejste přiřazeni',
  'jste dostali',
  'jste vytvořili',
  'jste se přihlásili',
  'jste ji odeslali',
  'jako přítomného',
]

/** Where a word ends in -li or -ni but is no participle addressing the reader. */
const NOT_PARTICIPLES = new Set(['ti, kdo byli přítomni'])

function problems(text: string): string[] {
  const found: string[] = []
  const plain = text.replace(/https?:\/\/\S+/g, '')
  if (SLASH_FORM.test(plain)) found.push(`slash form "${SLASH_FORM.exec(plain)?.[0]}"`)
  if (BRACKET_FORM.test(plain)) found.push(`bracket form "${BRACKET_FORM.exec(plain)?.[0]}"`)
  for (const pattern of PLURAL_PARTICIPLE) {
    const match = pattern.exec(plain)
    if (match && ![...NOT_PARTICIPLES].some((ok) => plain.includes(ok))) found.push(`plural participle "${match[0]}"`)
  }
  for (const phrase of KNOWN_PHRASES) if (plain.toLowerCase().includes(phrase)) found.push(`"${phrase}"`)
  return found
}

/** Every placeholder a message names, given a value (a number, so plurals resolve). */
function formatted(id: keyof typeof cs, value: number): string {
  const values = Object.fromEntries([...cs[id].matchAll(/\{(\w+)/g)].map((m) => [m[1]!, value]))
  return String(new IntlMessageFormat(cs[id], 'cs').format(values))
}

describe('the checks themselves', () => {
  it('catch the forms the issue found', () => {
    for (const bad of [
      'Jste přihlášeni na workshop.',
      'Pokud jste o přihlášení nežádali, e-mail ignorujte.',
      'Zapsáno: Jana je přítomen/přítomna.',
      'Jana už je zapsán(a).',
      'absolvoval(a) workshop',
      'Přihlášen(a)',
      'Přihlášen/a jako',
      'učitel/ka',
      'byli jste pozváni spravovat workshopy',
      'Chyběli jste nám',
      'Pokud si myslíte, že byste ho mít měli',
    ]) {
      expect(problems(bad), bad).not.toEqual([])
    }
  })

  it('let neutral wording, nouns and plural speakers through', () => {
    for (const good of [
      'Vaše přihláška je potvrzena.',
      'Přítomnost zapsána: Jana Nováková.',
      'Jste v pořadníku, 2. v pořadí',
      'Zapsali jsme vás do pořadníku.',
      'Časy jsou v Praze (SEČ/SELČ).',
      'Například číslo termínu z adresy /organiser/sessions/12',
      'účast na workshopu',
      'Příště vás rádi uvidíme',
    ]) {
      expect(problems(good), good).toEqual([])
    }
  })
})

describe('Czech messages', () => {
  it('address one person without plural participles, slashes or brackets, in every message and plural form', () => {
    const found: string[] = []
    for (const id of Object.keys(cs) as (keyof typeof cs)[]) {
      // The source text (every plural branch) and the text as shown for 1, 3 and 5.
      for (const text of [cs[id], formatted(id, 1), formatted(id, 3), formatted(id, 5)]) {
        for (const problem of problems(text)) found.push(`${id}: ${problem}`)
      }
    }
    expect([...new Set(found)]).toEqual([])
  })

  it('mark attendance with neutral words: no masculine-only "přítomen / omluven / nepřítomen"', () => {
    const labels = [cs['attendance.present'], cs['attendance.late'], cs['attendance.excused'], cs['attendance.absent']]
    expect(labels).toEqual(['přítomnost', 'pozdě', 'omluveno', 'nepřítomnost'])
    expect(cs['certificate.attended']).toBe('účast na workshopu')
    expect(cs['export.col.bookedAt']).not.toMatch(/\(a\)/)
  })

  it('keep a number on one line with the unit or the thing it counts', () => {
    const unit =
      /\d (?:znak|minut|hodin|dn[íuy]|den|dne|měsíc|MB|kB|míst|místa|místo|volné|volná|volných|lid|osob|soubor|workshop|termín|přihláš|účastní|odpověd|hvězdič|běh|stažení|člověk|zmeškan)/u
    const found: string[] = []
    for (const id of Object.keys(cs) as (keyof typeof cs)[]) {
      for (const value of [1, 3, 5, 21]) {
        const text = formatted(id, value)
        if (unit.test(text)) found.push(`${id}: "${unit.exec(text)?.[0]}"`)
      }
    }
    expect([...new Set(found)]).toEqual([])
    expect(formatted('hours', 3)).toBe('3\u00a0hodiny')
    expect(formatted('registration.error.noteTooLong', 1)).toBe('Poznámka může mít nejvýše 1\u00a0000\u00a0znaků.')
  })
})

describe('e-mail and PDF templates', () => {
  const root = path.resolve(__dirname, '../..')
  const sources = [
    ...readdirSync(path.join(root, 'emails')).map((f) => path.join('emails', f)),
    ...readdirSync(path.join(root, 'app/utils/pdf')).map((f) => path.join('app/utils/pdf', f)),
  ].filter((f) => f.endsWith('.ts'))

  it('hold no Czech of their own that breaks the rules (their text comes from the messages)', () => {
    const found: string[] = []
    for (const file of sources) {
      const literals = readFileSync(path.join(root, file), 'utf8').match(/(['"`])(?:(?!\1)[^\\\n]|\\.)*\1/g) ?? []
      // Czech text has diacritics; module paths and code do not.
      const czech = literals.filter((l) => /[áčďéěíňóřšťúůýž]/i.test(l))
      for (const literal of czech) for (const problem of problems(literal)) found.push(`${file}: ${problem}`)
    }
    expect(sources.length).toBeGreaterThan(4)
    expect(found).toEqual([])
  })

  const session: RegistrationEmailProps['session'] = {
    workshopTitle: 'Kybernetická bezpečnost na obecním úřadě',
    startsAt: inDays(10, '15:00'),
    endsAt: inDays(10, '17:00'),
    venueName: 'Krajský úřad Libereckého kraje',
    address: 'U Jezu 642/2a, 461 80 Liberec',
    room: null,
    onlineUrl: null,
    organiserName: 'Datový portál Libereckého kraje',
    organiserEmail: 'datovy.portal@kraj-lbc.example',
  }
  const registrationProps: RegistrationEmailProps = {
    session,
    participant: { name: 'Jana Nováková', email: 'jana.novakova@example.cz' },
    manageUrl: 'http://localhost:3000/registrations/Zx9_k-3mQp7Lr2VtYb8NcE4hJ6wA1sD5fG0uI3oK7eM',
    invite: { uid: '0b7d3c1e-5f0a-4c59-9a0e-2d8f6b1c4e7a@localhost', sequence: 1 },
    position: 2,
    checkInCode: 'ABCD2345',
    certificateUrl: 'http://localhost:3000/certificates/ABCD2345EF',
    certificateCode: 'ABCD2345EF',
    worksheets: [{ id: 1, title: 'Pracovní list – Počasí v kraji' }],
    whatToBring: 'notebook',
    releaseAt: inDays(9, '15:00'),
    nextSessions: [{ startsAt: inDays(20, '15:00'), endsAt: inDays(20, '17:00'), url: 'http://localhost:3000/workshops/k' }],
  }
  const templates = Object.keys(emailTemplates) as EmailTemplateName[]
  const render = (template: EmailTemplateName, locale: 'cs' | 'en', changes: Partial<RegistrationEmailProps> = {}) =>
    template === 'auth.sign-in'
      ? renderEmail(
          template,
          { signInUrl: 'http://localhost:3000/sign-in/abc', validMinutes: 15, email: 'jana.novakova@example.cz' },
          locale,
          testStart,
        )
      : renderEmail(template, { ...registrationProps, ...changes }, locale, testStart)

  it('render every Czech e-mail, held seat or waiting list, without plural participles, slashes or brackets', () => {
    const found: string[] = []
    for (const template of templates) {
      for (const wasConfirmed of [true, false]) {
        const email = render(template, 'cs', { wasConfirmed, subject: 'Změna místnosti', message: 'Sejdeme se ve 2. patře.' })
        for (const problem of problems(`${email.subject}\n${email.text}`)) found.push(`${template}: ${problem}`)
      }
    }
    expect(found).toEqual([])
  })

  it('greet with "Dobrý den," alone in Czech (no nominative for a vocative), by name in English', () => {
    for (const template of templates) {
      const czech = render(template, 'cs')
      expect(czech.text.startsWith('Dobrý den,\n\n'), template).toBe(true)
      expect(czech.text, template).not.toContain('Jana Nováková,')
      expect(czech.html, template).not.toContain('Dobrý den, Jana')
      if (template !== 'auth.sign-in')
        expect(render(template, 'en').text.startsWith('Dear Jana Nováková,\n\n'), template).toBe(true)
    }
  })

  it('write dates in e-mails with no-break spaces, so "po 21." never ends a line', () => {
    const email = render('registration.confirmed', 'cs')
    const date = /(?:po|út|st|čt|pá|so|ne)(\s)\d{1,2}\.(\s)\d{1,2}\.(\s)\d{4}/u.exec(email.subject)
    expect(date, email.subject).not.toBeNull()
    expect(date!.slice(1)).toEqual(['\u00a0', '\u00a0', '\u00a0'])
    expect(en['email.greeting']).toContain('{name}')
    expect(cs['email.greeting']).toBe('Dobrý den,')
  })
})
