import { describe, expect, it } from 'vitest'
import { formatDateTime } from '~/utils/dates'
import { safeFileName } from '~/utils/file-names'
import { attachment, exportFileName } from '~/web/file-response.server'

describe('generated file names', () => {
  it('turns a removed character into one space, never two', () => {
    expect(safeFileName('Kybernetická bezpečnost: základy', 'pdf')).toBe('Kybernetická bezpečnost základy.pdf')
    expect(safeFileName('Data  a  školy / 2. stupeň', 'csv')).toBe('Data a školy 2. stupeň.csv')
    expect(safeFileName('  Otevřená data?  ', 'xlsx')).toBe('Otevřená data.xlsx')
  })

  it('writes a date’s no-break spaces as plain ones, so the ASCII fallback has no underscores for them', () => {
    const title = `Počasí v kraji – ${formatDateTime('2026-12-21T08:00:00.000Z', 'cs').replace(/:/g, '.')}`
    const name = exportFileName(title, 'csv')
    expect(name).toBe('Počasí v kraji – po 21. 12. 2026 09.00.csv')
    expect(name).not.toMatch(/\u00a0| {2}/)
    const header = attachment(name)
    expect(header).toContain('filename="Pocasi v kraji _ po 21. 12. 2026 09.00.csv"')
    expect(header).not.toMatch(/ {2}|%C2%A0|%20%20/)
  })

  it('does not end in a space when the title is cut at 100 characters', () => {
    const name = safeFileName(`${'a'.repeat(99)} b`, 'pdf')
    expect(name).toBe(`${'a'.repeat(99)}.pdf`)
  })
})
