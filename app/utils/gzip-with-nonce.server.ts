import { constants, crc32, deflateRawSync } from 'node:zlib'
import { crc32Combine, crc32Shift } from './crc32-combine.server'

/*
 * A cached page is the same for every visitor but for its CSP nonce, which must be new in each
 * response. Compressing it again for every browser that asks (all of them do) cost more than
 * serving it: 1,036 requests/s against 2,864 without compression. So the page is compressed
 * once, in pieces: the parts between the nonce's occurrences, each a deflate stream of its own
 * ended by a sync flush (byte-aligned, not final). A response strings them together with its
 * own nonce stored uncompressed between them, an empty final block and the gzip trailer
 * (RFC 1951 and 1952): a valid gzip member, decoded by any browser. The trailer's CRC-32 is
 * put together from the parts' own, found once, and the nonce's.
 */

export type GzipTemplate = {
  /** The page's bytes between the nonce's occurrences, each deflated on its own. */
  deflated: Buffer[]
  /** Each part's CRC-32 and what appending it does to a CRC (crc32-combine.server.ts). */
  crcs: number[]
  shifts: number[]
  /** The page's length without its nonces. */
  length: number
}

// ID1 ID2, deflate, no flags, no time, no extra flags, OS 3 (Unix).
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03])
// A final block of fixed Huffman codes holding nothing but its end.
const FINAL_BLOCK = Buffer.from([0x03, 0x00])

export function gzipTemplate(plain: Buffer[]): GzipTemplate {
  return {
    deflated: plain.map((part) => deflateRawSync(part, { finishFlush: constants.Z_SYNC_FLUSH })),
    crcs: plain.map((part) => crc32(part)),
    shifts: plain.map((part) => crc32Shift(part.length)),
    length: plain.reduce((sum, part) => sum + part.length, 0),
  }
}

/** The page with this nonce, gzipped, from its template: no compression at request time. */
export function gzipWithNonce(template: GzipTemplate, nonce: string): Buffer[] {
  const nonceBytes = Buffer.from(nonce)
  const nonceBlock = storedBlock(nonceBytes)
  const nonceCrc = crc32(nonceBytes)
  const nonceShift = crc32Shift(nonceBytes.length)
  const chunks: Buffer[] = [GZIP_HEADER, template.deflated[0]!]
  let checksum = template.crcs[0]!
  for (let i = 1; i < template.deflated.length; i++) {
    chunks.push(nonceBlock, template.deflated[i]!)
    checksum = crc32Combine(crc32Combine(checksum, nonceCrc, nonceShift), template.crcs[i]!, template.shifts[i]!)
  }
  const trailer = Buffer.alloc(8)
  trailer.writeUInt32LE(checksum, 0)
  trailer.writeUInt32LE((template.length + (template.deflated.length - 1) * nonceBytes.length) % 2 ** 32, 4)
  chunks.push(FINAL_BLOCK, trailer)
  return chunks
}

/** A stored (uncompressed) block, not final; the stream is byte-aligned after a sync flush. */
function storedBlock(data: Buffer): Buffer {
  if (data.length > 0xffff) throw new Error('a stored block holds at most 65,535 bytes')
  const header = Buffer.alloc(5)
  header.writeUInt8(0x00, 0) // BFINAL 0, BTYPE 00, padding to the byte's end
  header.writeUInt16LE(data.length, 1)
  header.writeUInt16LE(~data.length & 0xffff, 3)
  return Buffer.concat([header, data])
}
