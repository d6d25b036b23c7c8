/*
 * Codes people read aloud and type: Crockford's base32 (no I, L, O, U), shown in groups of
 * four. Typing is forgiving: case, spaces, dashes and look-alike letters do not matter.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

export function randomCode(length: number, random: (max: number) => number): string {
  return Array.from({ length }, () => ALPHABET[random(ALPHABET.length)]).join('')
}

/** "K7P4QX2M" → "K7P4-QX2M". */
export function formatCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-')
}

/** What someone typed, as stored: "k7p4 qx2m", "K7P4-QX2M" and "K7P4QXZM" all work. */
export function normalizeCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1').replace(/U/g, 'V').slice(0, 32)
}

export function isCode(value: string, length: number): boolean {
  return value.length === length && [...value].every((c) => ALPHABET.includes(c))
}
