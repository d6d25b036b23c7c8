import { z } from 'zod'
import { setRole } from '~/models/auth.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { prepareDatabase } from './prepare-database'

// npm run create-admin -- someone@kraj.example.cz
const email = z.email().safeParse(process.argv[2]?.trim())
if (!email.success) {
  console.error('Usage: npm run create-admin -- <e-mail address>')
  process.exit(2)
}
try {
  await prepareDatabase()
  const user = await setRole(getDb(), { email: email.data, role: 'admin', actor: null, now: new Date() })
  console.log(`${user.email} is an admin. Sign in at ${getEnv().APP_URL}/sign-in with that address.`)
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
} finally {
  await getDb().destroy()
}
