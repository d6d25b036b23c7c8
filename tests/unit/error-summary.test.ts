import { describe, expect, it } from 'vitest'
import { summaryLine } from '~/components/FieldError'
import { translator } from '~/i18n/intl'
import { cs } from '~/i18n/messages/cs'
import { en } from '~/i18n/messages/en'

describe('a line of the error summary', () => {
  it('joins the field’s label and its error with a colon', () => {
    const t = translator('cs')
    expect(summaryLine(t('booking.fields.email'), t('registration.error.emailInvalid'))).toBe(
      `${t('booking.fields.email')}: ${t('registration.error.emailInvalid')}`,
    )
  })

  it('drops the full stop of a label that is a sentence, so no ".:" appears', () => {
    for (const locale of ['cs', 'en'] as const) {
      const t = translator(locale)
      const line = summaryLine(t('booking.fields.consent'), t('registration.error.consent'))
      expect(t('booking.fields.consent')).toMatch(/\.$/)
      expect(line).not.toContain('.:')
      expect(line).toBe(`${t('booking.fields.consent').slice(0, -1)}: ${t('registration.error.consent')}`)
    }
  })

  it('lets a question keep its mark with no colon after it', () => {
    const t = translator('cs')
    expect(summaryLine(t('feedback.useInWork'), t('feedback.error.tooLong'))).toBe(
      `${t('feedback.useInWork')} ${t('feedback.error.tooLong')}`,
    )
  })

  it('never writes a stop, question or exclamation mark, or a colon, before the colon of any label', () => {
    for (const locale of ['cs', 'en'] as const) {
      const catalogue = locale === 'cs' ? cs : en
      for (const label of Object.values(catalogue)) {
        expect(summaryLine(label, 'Chyba.'), label).not.toMatch(/[.:?!…]\s*: /)
      }
    }
  })
})
