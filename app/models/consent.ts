/*
 * The consent on the booking form has a version; each booking stores the one it accepted, so
 * what a person agreed to can be shown later even after the text changed. A new text gets a
 * new version (and its own message id); old versions stay listed for the record.
 */
export const CONSENT_VERSIONS = [
  /** The first text: "I agree to the processing of my personal data for this booking." */
  { version: '2026-11-25', message: 'booking.fields.consent.2026-11-25' },
  /** Names the retention and links the privacy page, whose purposes come from the same policy. */
  { version: '2026-12-07', message: 'booking.fields.consent' },
] as const

export type ConsentVersion = (typeof CONSENT_VERSIONS)[number]['version']

export const CURRENT_CONSENT_VERSION: ConsentVersion = '2026-12-07'

export function isConsentVersion(value: string): value is ConsentVersion {
  return CONSENT_VERSIONS.some((v) => v.version === value)
}
