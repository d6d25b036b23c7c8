import { randomInt } from 'node:crypto'
import { randomCode } from './codes'

/** 8 characters (40 bits): typed at the door, unique across all bookings. */
export const CHECK_IN_CODE_LENGTH = 8
/** 12 characters (60 bits): printed on a certificate, not guessable by trying. */
export const CERTIFICATE_CODE_LENGTH = 12

export const newCheckInCode = () => randomCode(CHECK_IN_CODE_LENGTH, randomInt)
export const newCertificateCode = () => randomCode(CERTIFICATE_CODE_LENGTH, randomInt)
