/*
 * The CRC-32 of two pieces joined, from the CRC-32 of each and the second one's length, as
 * zlib's crc32_combine_gen and crc32_combine_op do (Node exposes neither): the first piece's
 * CRC is multiplied by x^(8·length) modulo the CRC polynomial, then the second's is added.
 * A cached page's checksum is then a few multiplications per response, not a pass over it.
 */

// The CRC-32 polynomial, bit-reflected as zlib and gzip use it.
const POLY = 0xedb88320

/** a·b modulo the polynomial, both reflected (x^0 in the top bit). */
function multiplyModP(a: number, b: number): number {
  if (a === 0) return 0
  let m = 0x80000000
  let product = 0
  for (;;) {
    if (a & m) {
      product ^= b
      if ((a & (m - 1)) === 0) break
    }
    m >>>= 1
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1
  }
  return product >>> 0
}

// x^(2^k) modulo the polynomial, for k = 0..31.
const X_TO_2_TO_THE = new Uint32Array(32)
{
  let p = 0x40000000 // x^1
  X_TO_2_TO_THE[0] = p
  for (let k = 1; k < 32; k++) X_TO_2_TO_THE[k] = p = multiplyModP(p, p)
}

/** What appending `length` bytes does to the first piece's CRC: pass it to crc32Combine. */
export function crc32Shift(length: number): number {
  if (!Number.isSafeInteger(length) || length < 0) throw new Error(`not a length: ${length}`)
  let p = 0x80000000 // x^0
  // x^(8·length): length's bits, from k = 3 (2^3 = 8 bits a byte).
  for (let n = length, k = 3; n > 0; n = Math.floor(n / 2), k++) {
    if (n % 2 === 1) p = multiplyModP(X_TO_2_TO_THE[k & 31]!, p)
  }
  return p
}

/** The CRC-32 of A followed by B, from crc(A), crc(B) and crc32Shift(B's length). */
export function crc32Combine(crcA: number, crcB: number, shiftB: number): number {
  return (multiplyModP(shiftB, crcA) ^ crcB) >>> 0
}
