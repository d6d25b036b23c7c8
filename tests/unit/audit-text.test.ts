import { describe, expect, it } from 'vitest'
import { translator } from '~/i18n/intl'
import type { Locale } from '~/i18n/locales'
import { auditEntryText, type AuditEntryForText, type AuditNames } from '~/models/audit-text'

/*
 * Audit entries in words, in both languages: the record by its name, the details as facts, an
 * action nobody wrote words for by its code, and details that are gone or not JSON left out.
 */

// 12 December 2030, 9:00–12:00 in Prague (winter time, UTC+1).
const SESSION = { workshop: 'Data ve výuce', startsAt: '2030-12-12T08:00:00.000Z', endsAt: '2030-12-12T11:00:00.000Z' }
const LATER = { workshop: 'Data ve výuce', startsAt: '2030-12-19T13:00:00.000Z', endsAt: '2030-12-19T15:00:00.000Z' }
const names: AuditNames = {
  workshops: { 3: 'Data ve výuce' },
  sessions: { 7: SESSION, 8: LATER },
  worksheets: { 4: { title: 'Počasí v kraji', workshop: 'Data ve výuce' } },
  registrations: { 42: 8 },
}

const say = (locale: Locale, entry: Partial<AuditEntryForText> & Pick<AuditEntryForText, 'action' | 'entityType'>) =>
  auditEntryText(translator(locale), locale, { entityId: null, details: null, ...entry }, names).replace(/\u00a0/g, ' ')

describe('an audit entry in words', () => {
  it('names the worksheet and its workshop, with the file and its size', () => {
    const entry = {
      action: 'worksheet.upload',
      entityType: 'worksheet',
      entityId: 4,
      details: JSON.stringify({ name: 'pocasi.pdf', size: 15_360 }),
    }
    expect(say('cs', entry)).toBe('Nahrán pracovní list „Počasí v kraji“ k workshopu „Data ve výuce“ – soubor pocasi.pdf (15 kB)')
    expect(say('en', entry)).toBe('Worksheet “Počasí v kraji” uploaded to workshop “Data ve výuce” – file pocasi.pdf (15 kB)')
  })

  it('names a session by its workshop and time, and says what the change did', () => {
    const entry = {
      action: 'session.update',
      entityType: 'session',
      entityId: 7,
      details: JSON.stringify({ changed: true, capacity: [20, 24], notified: 3, waitlistNotified: 2, promoted: 4 }),
    }
    expect(say('cs', entry)).toBe(
      'Upraven termín „Data ve výuce“, čt 12. 12. 2030 09:00–12:00 – změněn čas nebo místo, počet míst 20 → 24, ' +
        'e-mail dostaly 3 osoby, z pořadníku upozorněny 2 osoby, místo z pořadníku dostaly 4 osoby',
    )
    expect(say('en', entry)).toBe(
      'Session “Data ve výuce”, Thu 12 Dec 2030 09:00–12:00 edited – time or place changed, seats 20 → 24, ' +
        '3 people e-mailed, 2 people on the waiting list told, 4 people moved up from the waiting list',
    )
  })

  it('names a booking by number and session, and where it was moved', () => {
    const entry = {
      action: 'registration.move',
      entityType: 'registration',
      entityId: 42,
      details: JSON.stringify({ from: 7, to: 8, promoted: 1 }),
    }
    expect(say('cs', entry)).toBe(
      'Přihláška č. 42 (termín „Data ve výuce“, čt 19. 12. 2030 14:00–16:00) přesunuta na jiný termín – ' +
        'z termínu čt 12. 12. 2030 09:00–12:00 na termín čt 19. 12. 2030 14:00–16:00, místo z pořadníku dostala 1 osoba',
    )
  })

  it('says role changes and invitations with the address and the roles', () => {
    const entry = {
      action: 'user.role',
      entityType: 'user',
      entityId: 9,
      details: JSON.stringify({ email: 'jana@kraj.example', from: 'participant', to: 'organiser' }),
    }
    expect(say('cs', entry)).toBe('Změněna role pro jana@kraj.example – role účastník → organizátor')
    expect(say('en', entry)).toBe('Role of jana@kraj.example changed – role participant → organiser')
  })

  it('a record that is gone keeps its number; cleared or broken details are left out', () => {
    expect(say('cs', { action: 'worksheet.remove', entityType: 'worksheet', entityId: 99, details: null })).toBe(
      'Akce worksheet.remove: pracovní list č. 99',
    )
    expect(say('cs', { action: 'session.cancel', entityType: 'session', entityId: 123, details: '{not json' })).toBe(
      'Zrušen termín č. 123',
    )
    expect(say('en', { action: 'access.users', entityType: 'user', details: '[1,2]' })).toBe('List of users viewed')
  })

  it('an action without words of its own reads as its code and its record, with the details it knows', () => {
    const entry = { action: 'session.archive', entityType: 'session', entityId: 7, details: JSON.stringify({ rows: 5, x: 1 }) }
    expect(say('cs', entry)).toBe('Akce session.archive: termín „Data ve výuce“, čt 12. 12. 2030 09:00–12:00 – 5 řádků')
    expect(say('en', { action: 'thing.happened', entityType: 'gadget', entityId: 2 })).toBe('Action thing.happened: gadget no. 2')
  })

  it('never shows raw JSON for any action the app writes', () => {
    const details = JSON.stringify({ rows: 2, notified: 1, subject: 'Změna místa', message: 'x'.repeat(200), table: 'summary' })
    for (const action of ['session.message', 'session.cancel', 'export.csv', 'person.erase', 'feedback.export']) {
      for (const locale of ['cs', 'en'] as const) {
        const text = say(locale, { action, entityType: 'session', entityId: 7, details })
        expect(text).not.toMatch(/[{}"]/)
        expect(text.length).toBeLessThan(300)
      }
    }
  })
})
