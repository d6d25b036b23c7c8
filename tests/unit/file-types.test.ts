import { describe, expect, it } from 'vitest'
import { detectFileType } from '~/utils/file-types.server'

const text = (s: string) => Buffer.from(s, 'utf8')

describe('detectFileType', () => {
  it('accepts Czech CSV and plain text, with or without a byte-order mark', async () => {
    expect(await detectFileType(text('jméno;obec\r\nJana Řehořová;Liberec\r\n'), 'účastníci.csv')).toEqual({
      ok: true,
      ext: 'csv',
      contentType: 'text/csv; charset=utf-8',
    })
    expect(await detectFileType(text('\uFEFFÚkol 1: spočítejte průměr < 5 a > 2.'), 'zadání.TXT')).toMatchObject({
      ok: true,
      ext: 'txt',
    })
  })

  it('refuses text that a sniffing browser would run as a page', async () => {
    for (const page of [
      '<!doctype html><p>ahoj',
      '  <html><script>alert(1)</script>',
      '<!-- uloženo z prohlížeče -->\n<html><script>alert(1)</script>',
      '<svg xmlns="http://www.w3.org/2000/svg"/>',
      'Poznámky\n\nviz <script src="https://zlo.example/x.js"></script>',
      '<?xml version="1.0"?><x/>',
    ]) {
      expect(await detectFileType(text(page), 'poznámky.txt'), page).toEqual({ ok: false, reason: 'unsupported' })
    }
  })

  it('refuses bytes that are not UTF-8 text, and empty files', async () => {
    expect(await detectFileType(Buffer.from([0x50, 0xe8, 0x6b, 0x6e, 0xfd]), 'cp1250.csv')).toEqual({
      ok: false,
      reason: 'unsupported',
    })
    expect(await detectFileType(Buffer.from('a\u0000b'), 'nul.txt')).toEqual({ ok: false, reason: 'unsupported' })
    expect(await detectFileType(Buffer.alloc(0), 'prázdný.pdf')).toEqual({ ok: false, reason: 'empty' })
  })

  it('keeps a head that ends inside a Czech letter', async () => {
    const cut = text('Řeřicha').subarray(0, 1)
    expect(await detectFileType(Buffer.concat([text('abc'), cut]), 'konec.txt')).toMatchObject({ ok: true })
  })

  it('judges by content: a PDF named .docx is a mismatch, a program named .pdf is refused', async () => {
    expect(await detectFileType(text('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'list.docx')).toEqual({ ok: false, reason: 'mismatch' })
    const program = Buffer.concat([text('MZ'), Buffer.alloc(62), text('PE\0\0')])
    expect(await detectFileType(program, 'list.pdf')).toEqual({ ok: false, reason: 'unsupported' })
    expect(await detectFileType(text('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'list.pdf')).toMatchObject({
      ok: true,
      contentType: 'application/pdf',
    })
  })
})
