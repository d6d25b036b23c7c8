/*
 * The lawful bases of GDPR Art. 6(1), in the order of its letters a) to f). Each purpose of the
 * privacy page (PURPOSES in retention-policy.ts) rests on exactly one of them.
 */
export const LEGAL_BASES = [
  'consent',
  'contract',
  'legal-obligation',
  'vital-interests',
  'public-task',
  'legitimate-interests',
] as const

export type LegalBasis = (typeof LEGAL_BASES)[number]
