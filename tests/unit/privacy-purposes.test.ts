import { describe, expect, it } from 'vitest'
import { columnsHoldingPeople, RETENTION_RULES } from '../../db/classification'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { durationText, keptMessages, PrivacyPurposes, purposeBasis } from '~/components/PrivacyPurposes'
import { I18nProvider, translator } from '~/i18n/intl'
import { LEGAL_BASES, type LegalBasis } from '~/models/legal-basis'
import { DEFAULT_RETENTION, PURPOSES, retentionPolicyFrom, ruleDuration } from '~/models/retention-policy'

const tCs = translator('cs')
const tEn = translator('en')

describe('the privacy page names every kind of personal data', () => {
  const held = columnsHoldingPeople().map((c) => ({ column: `${c.table}.${c.column}`, rule: c.rule }))

  it.each(held)('$column is kept for exactly the purpose of its rule ($rule)', ({ column, rule }) => {
    const purposes = PURPOSES.filter((p) => (p.columns as readonly string[]).includes(column))
    expect(purposes.map((p) => p.rule)).toEqual([rule])
  })

  it('lists under the purposes only columns that hold people', () => {
    const holding = new Set(held.map((c) => c.column))
    const listed = PURPOSES.flatMap((p) => [...p.columns])
    expect(listed.filter((column) => !holding.has(column))).toEqual([])
  })

  it('has one purpose for every retention rule', () => {
    expect(PURPOSES.map((p) => p.rule).sort()).toEqual([...RETENTION_RULES].sort())
  })

  it.each(PURPOSES.map((p) => p.id))('says in words what the purpose %s keeps', (id) => {
    expect(keptMessages(id).length).toBeGreaterThan(0)
  })
})

describe('the lengths, in Czech and English plurals', () => {
  const months = (n: number) => durationText(tCs, { kind: 'months-after', months: n, after: 'session-end' })
  const days = (n: number) => durationText(tCs, { kind: 'days-after', days: n, after: 'sending' })

  it.each([
    [1, '1\u00a0měsíc po skončení termínu'],
    [2, '2\u00a0měsíce po skončení termínu'],
    [4, '4\u00a0měsíce po skončení termínu'],
    [5, '5\u00a0měsíců po skončení termínu'],
    [24, '24\u00a0měsíců po skončení termínu'],
  ])('%i months: "%s" (a no-break space after the number)', (n, text) => {
    expect(months(n)).toBe(text)
  })

  it.each([
    [1, '1\u00a0den po odeslání'],
    [3, '3\u00a0dny po odeslání'],
    [14, '14\u00a0dní po odeslání'],
    [30, '30\u00a0dní po odeslání'],
  ])('%i days: "%s" (a no-break space after the number)', (n, text) => {
    expect(days(n)).toBe(text)
  })

  it('reads the lengths from the policy the retention job uses', () => {
    const policy = retentionPolicyFrom({ RETENTION_MONTHS: 18, MAIL_RETENTION_DAYS: 1, AUDIT_RETENTION_MONTHS: 6 })
    expect(durationText(tCs, ruleDuration('booking', policy))).toBe('18\u00a0měsíců po skončení termínu')
    expect(durationText(tCs, ruleDuration('certificate', policy))).toBe('18\u00a0měsíců po vydání')
    expect(durationText(tCs, ruleDuration('account', policy))).toBe('18\u00a0měsíců po posledním přihlášení')
    expect(durationText(tCs, ruleDuration('audit', policy))).toBe('6\u00a0měsíců po zápisu')
    expect(durationText(tCs, ruleDuration('mail', policy))).toBe('1\u00a0den po odeslání')
    expect(durationText(tEn, ruleDuration('booking', policy))).toBe('18\u00a0months after the session ends')
    expect(durationText(tEn, ruleDuration('mail', policy))).toBe('1\u00a0day after sending')
  })
})

describe('the legal basis of each purpose (GDPR Art. 6(1))', () => {
  it.each(PURPOSES.map((p) => [p.id, p]))('%s rests on exactly one of the six bases', (_id, purpose) => {
    const bases = Object.entries(purpose).filter(([key]) => key === 'basis' || key === 'bases')
    expect(bases).toEqual([['basis', purpose.basis]])
    expect(LEGAL_BASES).toContain(purposeBasis(purpose.id))
  })

  it('rests nothing on legitimate interests, which public bodies cannot use for their tasks', () => {
    expect(PURPOSES.filter((p) => (p.basis as LegalBasis) === 'legitimate-interests')).toEqual([])
  })

  it.each([
    ['cs', 'Právní základ:'],
    ['en', 'Legal basis:'],
  ] as const)('the page states one basis under each purpose (%s)', (locale, label) => {
    const purposes = PURPOSES.map((p) => ({ id: p.id, duration: ruleDuration(p.rule, DEFAULT_RETENTION) }))
    const html = renderToStaticMarkup(
      I18nProvider({
        locale,
        children: createElement(PrivacyPurposes, { purposes, bookingDuration: ruleDuration('booking', DEFAULT_RETENTION) }),
      }),
    )
    const sections = html.split('<h3>').slice(1)
    expect(sections).toHaveLength(PURPOSES.length)
    for (const [index, section] of sections.entries()) {
      expect(section.split(label).length - 1, PURPOSES[index]!.id).toBe(1)
    }
  })
})
