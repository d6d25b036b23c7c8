import { databaseAnswers, getDb } from '~/utils/db.server'

export async function loader() {
  const headers = { 'Cache-Control': 'no-store' }
  if (await databaseAnswers(getDb())) return Response.json({ status: 'ok', database: 'ok' }, { headers })
  return Response.json({ status: 'error', database: 'unavailable' }, { status: 503, headers })
}
