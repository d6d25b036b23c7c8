import { publishingOrganisers } from '~/models/privacy.server'
import { getDb } from '~/utils/db.server'
import { publicBody } from '~/utils/public-body.server'

/** What the accessibility statement names: who runs the site, its address, and the organisers to write to. */
export async function accessibilityStatementView() {
  const { operator, siteAddress } = publicBody()
  return { operator, siteAddress, organisers: await publishingOrganisers(getDb()) }
}
