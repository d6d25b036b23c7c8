import { getEnv, type Env } from './env.server'

/*
 * Who stands behind this website, as the deployment configures it (OPERATOR_*, DPO_*): the
 * accessibility statement and the privacy page name them. Unset, the pages say so in words
 * and point to the organisers' contacts instead.
 */

export type Operator = { name: string; email: string; phone: string | null }
export type DataProtectionOfficer = { name: string | null; email: string; phone: string | null }
export type PublicBody = { operator: Operator | null; dpo: DataProtectionOfficer | null; siteAddress: string }

export function publicBody(env: Env = getEnv()): PublicBody {
  return {
    operator:
      env.OPERATOR_NAME && env.OPERATOR_EMAIL
        ? { name: env.OPERATOR_NAME, email: env.OPERATOR_EMAIL, phone: env.OPERATOR_PHONE ?? null }
        : null,
    dpo: env.DPO_EMAIL ? { name: env.DPO_NAME ?? null, email: env.DPO_EMAIL, phone: env.DPO_PHONE ?? null } : null,
    siteAddress: env.APP_URL,
  }
}
