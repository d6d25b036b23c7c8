import { retentionPolicyFrom, type RetentionPolicy } from '~/models/retention-policy'
import { getEnv } from '~/utils/env.server'

/** The policy this process runs with, from RETENTION_MONTHS and friends. */
export function currentRetentionPolicy(): RetentionPolicy {
  return retentionPolicyFrom(getEnv())
}
