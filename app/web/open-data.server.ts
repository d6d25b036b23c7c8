import { createHash } from 'node:crypto'
import { OPEN_DATASETS, type OpenDataset } from '~/models/open-data'
import {
  datasetFiles,
  openDataCatalog,
  openDataCsv,
  openDataCsvw,
  openDataDcat,
  openDataJson,
  openDataJsonSchema,
  type OpenDataPublisher,
} from '~/models/open-data-formats.server'
import { openDataRows } from '~/models/open-data.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { refuse } from './refusals.server'

const TYPES = {
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/json; charset=utf-8',
  jsonld: 'application/ld+json; charset=utf-8',
  schema: 'application/schema+json; charset=utf-8',
  csvw: 'application/csvm+json; charset=utf-8',
}

function publisher(): OpenDataPublisher {
  const env = getEnv()
  return { iri: env.OPEN_DATA_PUBLISHER, contactEmail: env.OPEN_DATA_CONTACT_EMAIL }
}

const urls = () => ({ base: getEnv().APP_URL })

/** The file behind /open-data/<name>: a dataset's CSV, JSON, schemas or record, or the catalogue. */
async function openDataFile(name: string, now: Date): Promise<{ body: string; type: string } | undefined> {
  if (name === 'catalog.jsonld') {
    const body = openDataCatalog(urls(), publisher(), {
      cs: 'Otevřená data o workshopech',
      en: 'Open data about the workshops',
    })
    return { body: JSON.stringify(body, null, 2), type: TYPES.jsonld }
  }
  const dataset = OPEN_DATASETS.find((d) => Object.values(datasetFiles(d)).includes(name))
  if (!dataset) return undefined
  const files = datasetFiles(dataset)
  const author = getEnv().OPEN_DATA_PUBLISHER_NAME
  switch (name) {
    case files.csv:
      return { body: openDataCsv(dataset, await rowsOf(dataset, now)), type: TYPES.csv }
    case files.json:
      return { body: JSON.stringify(openDataJson(dataset, await rowsOf(dataset, now), urls(), now), null, 2), type: TYPES.json }
    case files.csvw:
      return { body: JSON.stringify(openDataCsvw(dataset, urls()), null, 2), type: TYPES.csvw }
    case files.schema:
      return { body: JSON.stringify(openDataJsonSchema(dataset, urls()), null, 2), type: TYPES.schema }
    default:
      return { body: JSON.stringify(openDataDcat(dataset, urls(), publisher(), author), null, 2), type: TYPES.jsonld }
  }
}

function rowsOf(dataset: OpenDataset, now: Date) {
  return openDataRows(getDb(), { id: dataset.id, now })
}

/**
 * An open-data file for anyone: cacheable for an hour, readable from other sites (CORS), with
 * an ETag of its content so harvesters that ask again get a 304.
 */
export async function openDataResponse(request: Request, name: string | undefined, now: Date): Promise<Response> {
  const file = name ? await openDataFile(name, now) : undefined
  if (!file) refuse('not_found')
  // The JSON file says when it was made; the tag is of what it says, so an unchanged dataset keeps it.
  const tag = `"${createHash('sha256')
    .update(file.body.replace(/"generatedAt": "[^"]*"/, ''))
    .digest('base64url')
    .slice(0, 27)}"`
  const headers = {
    'Content-Type': file.type,
    'Cache-Control': 'public, max-age=3600',
    'Access-Control-Allow-Origin': '*',
    ETag: tag,
  }
  if (
    request.headers
      .get('If-None-Match')
      ?.split(/\s*,\s*/)
      .includes(tag)
  )
    return new Response(null, { status: 304, headers })
  return new Response(file.body, { headers })
}
