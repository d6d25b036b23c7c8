import { describe, expect, it } from 'vitest'
import { safeRedirectPath } from '~/utils/safe-redirect'

describe('safeRedirectPath', () => {
  it.each([
    '/workshops',
    '/workshops?topic=cybersecurity&month=2',
    '/workshops/phishing-a-socialni-inzenyrstvi#terminy',
    '/organiser/sessions/12/registrations?q=%C5%98eho%C5%99ov%C3%A1',
    '/my/bookings',
  ])('keeps the path %j on this site as it was given', (path) => {
    expect(safeRedirectPath(path, '/fallback')).toBe(path)
  })

  it.each([
    // Browsers drop tabs and newlines from URLs, so each of these becomes //evil.example.
    ['a tab after the first slash', '/\t/evil.example'],
    ['a newline after the first slash', '/\n/evil.example'],
    ['a carriage return after the first slash', '/\r/evil.example'],
    ['a tab between the slashes of //', '/\t/evil.example/path'],
    ['a leading tab', '\t//evil.example'],
    ['a control character later in the path', '/workshops\u0000'],
    ['a DEL character', '/workshops\u007f'],
    ['a newline in the query (header injection)', '/workshops?x=1\r\nSet-Cookie: a=b'],
    ['a protocol-relative URL', '//evil.example'],
    ['a backslash after the slash', '/\\evil.example'],
    ['a backslash later in the path', '/workshops\\..\\..\\evil'],
    ['an absolute URL', 'https://evil.example/'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a relative path', 'workshops'],
    ['an empty value', ''],
    ['three slashes', '///evil.example'],
    ['a dot segment that leaves //', '/.//evil.example'],
    ['a dot-dot segment that leaves //', '/..//evil.example'],
  ])('refuses %s', (_name, path) => {
    expect(safeRedirectPath(path, '/fallback')).toBe('/fallback')
  })

  it('percent-encodes what a Location header cannot carry', () => {
    expect(safeRedirectPath('/worksheets?q=Řehořová', '/fallback')).toBe('/worksheets?q=%C5%98eho%C5%99ov%C3%A1')
  })

  it('falls back when nothing is given', () => {
    expect(safeRedirectPath(undefined, '/workshops')).toBe('/workshops')
  })
})
