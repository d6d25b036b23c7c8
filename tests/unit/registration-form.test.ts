import { describe, expect, it } from 'vitest'
import { CONSENT_VERSIONS, CURRENT_CONSENT_VERSION } from '~/models/consent'
import {
  parseParticipantForm,
  parseRegistrationForm,
  type RegistrationField,
  type RegistrationFormErrors,
  type RegistrationFormValues,
} from '~/models/registration-form.server'
import { atDay, day, testStart } from '../support/clock'

type Fields = Partial<Record<RegistrationField | 'consentVersion', string | null>>

const teacher: Record<RegistrationField, string> = {
  fullName: 'Jana Řehořová',
  email: 'jana.rehorova@example.cz',
  organisation: 'ZŠ Liberec, Husova 44',
  participantType: 'teacher',
  schoolLevel: 'zs',
  note: '',
  dateOfBirth: '',
  consent: 'yes',
}

/**
 * A submitted booking form: the valid teacher's form, with the current consent version as the
 * page posts it, with some fields changed, or left out when null.
 */
function formData(changes: Fields = {}, extra: [string, string | Blob][] = []): FormData {
  const form = new FormData()
  const sent = { ...teacher, consentVersion: CURRENT_CONSENT_VERSION, ...changes }
  for (const [name, value] of Object.entries(sent)) if (value !== null) form.append(name, value)
  for (const [name, value] of extra) form.append(name, value)
  return form
}

/** The form is judged at the moment the test file started; only the date of birth depends on it. */
const now = testStart

function accepted(changes: Fields = {}) {
  const result = parseRegistrationForm(formData(changes), now)
  if (!result.ok) throw new Error(`expected the form to be accepted, got ${JSON.stringify(result.errors)}`)
  return result
}

function refused(
  changes: Fields = {},
  extra: [string, string | Blob][] = [],
): { errors: RegistrationFormErrors; values: RegistrationFormValues } {
  const result = parseRegistrationForm(formData(changes, extra), now)
  if (result.ok) throw new Error(`expected the form to be refused, it was accepted as ${JSON.stringify(result.data)}`)
  return result
}

const long = (n: number) => 'a'.repeat(n)

describe('a valid booking form', () => {
  it('is accepted for a teacher with a school level and an organisation', () => {
    const { data, values } = accepted()
    expect(data).toEqual({ ...teacher, participantType: 'teacher', schoolLevel: 'zs', consent: 'yes' })
    expect(values).toEqual(teacher)
  })

  it('trims spaces around what was typed, but echoes it back as typed', () => {
    const { data, values } = accepted({ fullName: '  Tomáš Šťastný ', email: ' tomas@example.cz  ', organisation: ' Magistrát ' })
    expect(data.fullName).toBe('Tomáš Šťastný')
    expect(data.email).toBe('tomas@example.cz')
    expect(data.organisation).toBe('Magistrát')
    expect(values.fullName).toBe('  Tomáš Šťastný ')
  })

  it('accepts names with Czech diacritics', () => {
    expect(accepted({ fullName: 'Jana Řehořová' }).data.fullName).toBe('Jana Řehořová')
    expect(accepted({ fullName: 'Tomáš Šťastný' }).data.fullName).toBe('Tomáš Šťastný')
    expect(accepted({ fullName: 'Žofie Dvořáková-Ůlehlová' }).data.fullName).toBe('Žofie Dvořáková-Ůlehlová')
  })

  it('accepts an official with an organisation and no school level', () => {
    const { data } = accepted({ participantType: 'official', schoolLevel: '', organisation: 'Městský úřad Turnov' })
    expect(data.participantType).toBe('official')
    expect(data.schoolLevel).toBe('')
  })

  it('accepts "other" without an organisation or a school level, even when those fields are not sent at all', () => {
    expect(accepted({ participantType: 'other', organisation: '', schoolLevel: '' }).data.organisation).toBe('')
    expect(accepted({ participantType: 'other', organisation: null, schoolLevel: null }).data.participantType).toBe('other')
  })

  it('accepts a note with a "<3" in it', () => {
    expect(accepted({ note: 'Potřebuji bezbariérový přístup <3' }).data.note).toBe('Potřebuji bezbariérový přístup <3')
  })

  it('accepts a note over several lines and keeps the line breaks', () => {
    const note = 'Přijdu o 10 minut později.\nPotřebuji parkování.\r\nDěkuji.'
    expect(accepted({ note }).data.note).toBe(note)
  })

  it('accepts values right at their length limits', () => {
    expect(accepted({ fullName: long(120) }).data.fullName).toHaveLength(120)
    expect(accepted({ organisation: long(200) }).data.organisation).toHaveLength(200)
    expect(accepted({ note: long(1000) }).data.note).toHaveLength(1000)
    const email = `${long(64)}@${'b'.repeat(61)}.${'c'.repeat(61)}.${'d'.repeat(62)}.cz`
    expect(email).toHaveLength(254)
    expect(accepted({ email }).data.email).toBe(email)
  })
})

describe('a booking form with a mistake', () => {
  it('names every empty required field', () => {
    const { errors, values } = refused({
      fullName: '',
      email: '',
      organisation: '',
      participantType: '',
      schoolLevel: '',
      note: '',
      consent: null,
    })
    expect(errors.fullName).toBe('registration.error.fullName')
    expect(errors.email).toBe('registration.error.email')
    expect(errors.participantType).toBe('registration.error.participantType')
    expect(errors.consent).toBe('registration.error.consent')
    expect(errors.note).toBeUndefined()
    expect(values).toEqual({
      fullName: '',
      email: '',
      organisation: '',
      participantType: '',
      schoolLevel: '',
      note: '',
      dateOfBirth: '',
      consent: '',
    })
  })

  it('treats a name of only spaces as empty', () => {
    expect(refused({ fullName: '   ' }).errors).toEqual({ fullName: 'registration.error.fullName' })
  })

  it('requires a school level from a teacher', () => {
    const { errors, values } = refused({ schoolLevel: '' })
    expect(errors).toEqual({ schoolLevel: 'registration.error.schoolLevel' })
    expect(values.fullName).toBe(teacher.fullName)
  })

  it('refuses a school level that is not on the list with the school-level message id', () => {
    const { errors, values } = refused({ schoolLevel: 'gymnazium' })
    expect(errors).toEqual({ schoolLevel: 'registration.error.schoolLevel' })
    expect(values.schoolLevel).toBe('gymnazium')
  })

  it('requires an organisation from a teacher and from an official', () => {
    expect(refused({ organisation: '' }).errors).toEqual({ organisation: 'registration.error.organisation' })
    expect(refused({ organisation: '   ' }).errors).toEqual({ organisation: 'registration.error.organisation' })
    expect(refused({ participantType: 'official', schoolLevel: '', organisation: '' }).errors).toEqual({
      organisation: 'registration.error.organisation',
    })
  })

  it('reports a missing school level and organisation in the same answer as an error in another field', () => {
    const { errors } = refused({ fullName: '', schoolLevel: '', organisation: '' })
    expect(errors).toEqual({
      fullName: 'registration.error.fullName',
      schoolLevel: 'registration.error.schoolLevel',
      organisation: 'registration.error.organisation',
    })
  })

  it('refuses a 10,000-character name, organisation or note and keeps what was typed', () => {
    const text = long(10_000)
    const name = refused({ fullName: text })
    expect(name.errors).toEqual({ fullName: 'registration.error.tooLong' })
    expect(name.values.fullName).toBe(text)
    const organisation = refused({ organisation: text })
    expect(organisation.errors).toEqual({ organisation: 'registration.error.tooLong' })
    expect(organisation.values.organisation).toBe(text)
    const note = refused({ note: text })
    expect(note.errors).toEqual({ note: 'registration.error.noteTooLong' })
    expect(note.values.note).toBe(text)
  })

  it('refuses values one character over their limits', () => {
    expect(refused({ fullName: long(121) }).errors).toEqual({ fullName: 'registration.error.tooLong' })
    expect(refused({ organisation: long(201) }).errors).toEqual({ organisation: 'registration.error.tooLong' })
    expect(refused({ note: long(1001) }).errors).toEqual({ note: 'registration.error.noteTooLong' })
  })

  it.each([
    'jana',
    'jana@',
    '@example.cz',
    'jana.example.cz',
    'jana @example.cz',
    'jana@example',
    'jana@@example.cz',
    'jana@exa mple.cz',
  ])('refuses the e-mail address %j as invalid and keeps it', (email) => {
    const { errors, values } = refused({ email })
    expect(errors).toEqual({ email: 'registration.error.emailInvalid' })
    expect(values.email).toBe(email)
  })

  it('refuses a 320-character e-mail address as too long', () => {
    const email = `${long(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(60)}.cz`
    expect(email).toHaveLength(320)
    const { errors, values } = refused({ email })
    expect(errors).toEqual({ email: 'registration.error.emailTooLong' })
    expect(values.email).toBe(email)
  })

  it.each(['Jana\r\nBcc: evil@example.cz', 'Jana\nNováková', 'Jana\rNováková', 'Jana\tNováková'])(
    'refuses a line break or other control character inside the name (%j)',
    (fullName) => {
      const { errors, values } = refused({ fullName })
      expect(errors).toEqual({ fullName: 'registration.error.control' })
      expect(values.fullName).toBe(fullName)
    },
  )

  it('refuses a line break inside the e-mail address and the organisation', () => {
    expect(refused({ email: 'jana@example.cz\r\nBcc: evil@example.cz' }).errors).toEqual({ email: 'registration.error.control' })
    expect(refused({ organisation: 'ZŠ Liberec\nBcc: evil@example.cz' }).errors).toEqual({
      organisation: 'registration.error.control',
    })
  })

  it.each(['<script>alert(1)</script>', '<b>x</b>'])(
    'refuses the markup %j in the name, the organisation and the note',
    (markup) => {
      const name = refused({ fullName: markup })
      expect(name.errors).toEqual({ fullName: 'registration.error.markup' })
      expect(name.values.fullName).toBe(markup)
      const organisation = refused({ organisation: markup })
      expect(organisation.errors).toEqual({ organisation: 'registration.error.markup' })
      expect(organisation.values.organisation).toBe(markup)
      const note = refused({ note: `Dobrý den, ${markup}` })
      expect(note.errors).toEqual({ note: 'registration.error.markup' })
      expect(note.values.note).toBe(`Dobrý den, ${markup}`)
    },
  )

  it('refuses a lone < or > in the name and the organisation', () => {
    expect(refused({ fullName: 'Jana > Petr' }).errors).toEqual({ fullName: 'registration.error.markup' })
    expect(refused({ organisation: 'ZŠ <3' }).errors).toEqual({ organisation: 'registration.error.markup' })
  })

  it('refuses a NUL byte, and echoes the value back without it', () => {
    const name = refused({ fullName: 'Jana\u0000Nováková' })
    expect(name.errors).toEqual({ fullName: 'registration.error.control' })
    expect(name.values.fullName).toBe('JanaNováková')
    const note = refused({ note: 'Poznámka\u0000' })
    expect(note.errors).toEqual({ note: 'registration.error.control' })
    expect(note.values.note).toBe('Poznámka')
    expect(refused({ email: 'jana\u0000@example.cz' }).errors).toEqual({ email: 'registration.error.control' })
  })

  it('refuses a field sent twice, even when both values are valid, and echoes the first', () => {
    const { errors, values } = refused({}, [['email', 'jiny@example.cz']])
    expect(errors).toEqual({ email: 'registration.error.repeated' })
    expect(values.email).toBe(teacher.email)
  })

  it('refuses a repeated consent and a repeated participant type', () => {
    expect(refused({}, [['consent', 'yes']]).errors).toEqual({ consent: 'registration.error.repeated' })
    expect(refused({}, [['participantType', 'official']]).errors).toEqual({ participantType: 'registration.error.repeated' })
  })

  it('refuses a file sent in place of a text field and echoes nothing for it', () => {
    const form = formData({ fullName: null }, [['fullName', new Blob(['Jana'], { type: 'text/plain' })]])
    const result = parseRegistrationForm(form, now)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors.fullName).toBe('registration.error.generic')
    expect(result.values.fullName).toBe('')
  })

  it('requires consent, given as "yes"', () => {
    expect(refused({ consent: null }).errors).toEqual({ consent: 'registration.error.consent' })
    expect(refused({ consent: '' }).errors).toEqual({ consent: 'registration.error.consent' })
    expect(refused({ consent: 'on' }).errors).toEqual({ consent: 'registration.error.consent' })
  })

  it('refuses a participant type that is not on the list and keeps it', () => {
    const { errors, values } = refused({ participantType: 'student' })
    expect(errors).toEqual({ participantType: 'registration.error.participantType' })
    expect(values.participantType).toBe('student')
  })

  it('reports each wrong field at once, each with its own message', () => {
    const { errors, values } = refused({ fullName: '<b>x</b>', email: 'nope', note: long(1001), consent: null })
    expect(errors).toEqual({
      fullName: 'registration.error.markup',
      email: 'registration.error.emailInvalid',
      note: 'registration.error.noteTooLong',
      consent: 'registration.error.consent',
    })
    expect(values.organisation).toBe(teacher.organisation)
    expect(values.schoolLevel).toBe('zs')
  })
})

describe('the date of birth, asked only where a certificate needs it', () => {
  it('accepts a real past date and keeps it', () => {
    expect(accepted({ dateOfBirth: '1984-02-29' }).data.dateOfBirth).toBe('1984-02-29')
    expect(accepted({ dateOfBirth: day(-1) }).data.dateOfBirth).toBe(day(-1))
  })

  it('refuses today and any day after it, judged by the clock it is given, and keeps what was typed', () => {
    for (const date of [day(0), day(1), day(400)]) {
      const { errors, values } = refused({ dateOfBirth: date })
      expect(errors).toEqual({ dateOfBirth: 'registration.error.dateOfBirth' })
      expect(values.dateOfBirth).toBe(date)
    }
    // Reported together with any other mistake, not only once the rest is right.
    expect(refused({ dateOfBirth: day(1), email: 'nope' }).errors).toEqual({
      dateOfBirth: 'registration.error.dateOfBirth',
      email: 'registration.error.emailInvalid',
    })
    // The same form a year later: the day that was in the future is now in the past.
    const aYearLater = new Date(testStart.getTime() + 366 * 86_400_000)
    expect(parseRegistrationForm(formData({ dateOfBirth: day(1) }), aYearLater).ok).toBe(true)
  })

  it('moves on at Prague midnight, and back for a clock given earlier again', () => {
    // The form is built once per day: each call must still judge by the day of its own clock.
    const lateOnDay1 = atDay(1, '23:59')
    const earlyOnDay2 = atDay(2, '00:01')
    const birth = { dateOfBirth: day(1) }
    expect(parseRegistrationForm(formData(birth), lateOnDay1).ok).toBe(false)
    expect(parseRegistrationForm(formData(birth), earlyOnDay2).ok).toBe(true)
    expect(parseRegistrationForm(formData(birth), lateOnDay1).ok).toBe(false)
    expect(parseParticipantForm(formData(birth), lateOnDay1).ok).toBe(false)
    expect(parseParticipantForm(formData(birth), earlyOnDay2).ok).toBe(true)
  })

  it('refuses days that do not exist and years before 1900', () => {
    for (const date of ['1983-02-29', '1990-13-01', '1990-04-31', '1899-12-31', '15. 3. 1990']) {
      expect(refused({ dateOfBirth: date }).errors).toEqual({ dateOfBirth: 'registration.error.dateOfBirth' })
    }
  })
})

describe('the version of the consent text', () => {
  const older = CONSENT_VERSIONS.find((v) => v.version !== CURRENT_CONSENT_VERSION)!.version

  it('accepts the current version and leaves it out of the data', () => {
    const { data, values } = accepted({ consentVersion: CURRENT_CONSENT_VERSION })
    expect(data).not.toHaveProperty('consentVersion')
    expect(values).toEqual(teacher)
  })

  it.each([
    ['an older version', older],
    ['an unknown version', '2099-01-01'],
    ['no version', null],
    ['an empty version', ''],
  ])('refuses %s on the consent, unticks the box and keeps everything else', (_name, consentVersion) => {
    const { errors, values } = refused({ consentVersion })
    expect(errors).toEqual({ consent: 'registration.error.consentChanged' })
    expect(values).toEqual({ ...teacher, consent: '' })
  })

  it('judges the other fields too, those checked together included', () => {
    const { errors } = refused({ consentVersion: older, schoolLevel: '', email: 'nope' })
    expect(errors).toEqual({
      email: 'registration.error.emailInvalid',
      schoolLevel: 'registration.error.schoolLevel',
      consent: 'registration.error.consentChanged',
    })
  })

  it('says the text changed rather than that consent is missing when the box was not ticked either', () => {
    expect(refused({ consentVersion: older, consent: null }).errors).toEqual({ consent: 'registration.error.consentChanged' })
  })

  it('refuses a version sent twice', () => {
    expect(refused({}, [['consentVersion', CURRENT_CONSENT_VERSION]]).errors).toEqual({ consent: 'registration.error.repeated' })
  })

  it('asks no version of someone an organiser adds', () => {
    const parsed = parseParticipantForm(formData({ consentVersion: null }), now)
    expect(parsed.ok).toBe(true)
  })
})
