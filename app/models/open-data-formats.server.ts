import { stringify } from 'csv-stringify/sync'
import { OPEN_DATA_LICENCE, OPEN_DATASETS, type ColumnType, type OpenDataset } from './open-data'
import type { OpenDataRow } from './open-data.server'

/*
 * The files of an open dataset. CSV: RFC 4180 (comma, CRLF, quotes where needed), UTF-8, one
 * header row of the column names. CSVW metadata (W3C "CSV on the Web") describes its columns
 * and types; a JSON Schema does the same for the JSON file. DCAT-AP-CZ records (the JSON-LD of
 * the Czech "Rozhraní katalogů otevřených dat", 2021-01-11) let a local catalogue and the
 * national one (NKOD) harvest them.
 */

export type OpenDataUrls = { base: string }

const fileUrl = ({ base }: OpenDataUrls, name: string) => `${base}/open-data/${name}`
export const datasetFiles = (dataset: OpenDataset) => ({
  csv: `${dataset.id}.csv`,
  json: `${dataset.id}.json`,
  csvw: `${dataset.id}.csv-metadata.json`,
  schema: `${dataset.id}.schema.json`,
  dcat: `${dataset.id}.jsonld`,
})

export function openDataCsv(dataset: OpenDataset, rows: OpenDataRow[]): string {
  return stringify(rows, {
    header: true,
    columns: dataset.columns.map((c) => c.name),
    record_delimiter: '\r\n',
    // null (withheld, or a rate of nothing) is an empty cell; numbers as JavaScript writes them (dot decimals).
    cast: { number: (n) => String(n) },
  })
}

export function openDataJson(dataset: OpenDataset, rows: OpenDataRow[], urls: OpenDataUrls, generatedAt: Date) {
  return {
    $schema: fileUrl(urls, datasetFiles(dataset).schema),
    dataset: dataset.id,
    title: { cs: dataset.cs.title, en: dataset.en.title },
    licence: OPEN_DATA_LICENCE,
    generatedAt: generatedAt.toISOString(),
    rows: rows.map((row) => Object.fromEntries(dataset.columns.map((c) => [c.name, row[c.name] ?? null]))),
  }
}

const CSVW_TYPES: Record<ColumnType, string> = {
  integer: 'integer',
  decimal: 'decimal',
  string: 'string',
  gYearMonth: 'gYearMonth',
  gYear: 'gYear',
}

/** CSVW table metadata: the file, its licence, every column with its type and whether it may be empty. */
export function openDataCsvw(dataset: OpenDataset, urls: OpenDataUrls) {
  return {
    '@context': ['http://www.w3.org/ns/csvw', { '@language': 'cs' }],
    url: fileUrl(urls, datasetFiles(dataset).csv),
    'dc:title': [
      { '@value': dataset.cs.title, '@language': 'cs' },
      { '@value': dataset.en.title, '@language': 'en' },
    ],
    'dc:license': { '@id': OPEN_DATA_LICENCE },
    dialect: { delimiter: ',', encoding: 'utf-8', header: true, lineTerminators: ['\r\n'] },
    tableSchema: {
      columns: dataset.columns.map((c) => ({
        name: c.name,
        titles: c.name,
        'dc:description': [
          { '@value': c.cs, '@language': 'cs' },
          { '@value': c.en, '@language': 'en' },
        ],
        datatype: CSVW_TYPES[c.type],
        required: c.required,
      })),
      primaryKey: dataset.primaryKey,
    },
  }
}

const JSON_TYPES: Record<ColumnType, object> = {
  integer: { type: 'integer', minimum: 0 },
  decimal: { type: 'number', minimum: 0 },
  string: { type: 'string' },
  gYearMonth: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' },
  gYear: { type: 'string', pattern: '^\\d{4}$' },
}

/** A JSON Schema (2020-12) of the JSON file, column for column as the CSVW metadata says. */
export function openDataJsonSchema(dataset: OpenDataset, urls: OpenDataUrls) {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: fileUrl(urls, datasetFiles(dataset).schema),
    title: dataset.en.title,
    type: 'object',
    additionalProperties: false,
    required: ['$schema', 'dataset', 'title', 'licence', 'generatedAt', 'rows'],
    properties: {
      $schema: { type: 'string', format: 'uri' },
      dataset: { const: dataset.id },
      title: { type: 'object', required: ['cs', 'en'], properties: { cs: { type: 'string' }, en: { type: 'string' } } },
      licence: { const: OPEN_DATA_LICENCE },
      generatedAt: { type: 'string', format: 'date-time' },
      rows: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: dataset.columns.map((c) => c.name),
          properties: Object.fromEntries(
            dataset.columns.map((c) => [
              c.name,
              { description: c.en, ...(c.required ? JSON_TYPES[c.type] : { oneOf: [{ type: 'null' }, JSON_TYPES[c.type]] }) },
            ]),
          ),
        },
      },
    },
  }
}

const DCAT_CONTEXT =
  'https://ofn.gov.cz/rozhraní-katalogů-otevřených-dat/2021-01-11/kontexty/rozhraní-katalogů-otevřených-dat.jsonld'
const EU = 'http://publications.europa.eu/resource/authority'

/** Who publishes: the IRI of the public body in the register of rights and duties (RPP), from OPEN_DATA_PUBLISHER. */
export type OpenDataPublisher = { iri: string | undefined; contactEmail: string | undefined }

/** CC BY 4.0 for the database; no copyright works, no personal data (podmínky užití, OFN). */
function termsOfUse(authorName: string) {
  return {
    typ: 'Specifikace podmínek užití',
    autorské_dílo: 'https://data.gov.cz/podmínky-užití/neobsahuje-autorská-díla/',
    databáze_jako_autorské_dílo: OPEN_DATA_LICENCE,
    autor_databáze: { cs: authorName },
    databáze_chráněná_zvláštními_právy: OPEN_DATA_LICENCE,
    osobní_údaje: 'https://data.gov.cz/podmínky-užití/neobsahuje-osobní-údaje/',
  }
}

function distribution(
  urls: OpenDataUrls,
  name: string,
  title: string,
  format: 'CSV' | 'JSON',
  conformsTo: string,
  author: string,
) {
  const media = format === 'CSV' ? 'text/csv' : 'application/json'
  return {
    typ: 'Distribuce',
    iri: `${fileUrl(urls, name)}#distribuce`,
    název: { cs: title },
    podmínky_užití: termsOfUse(author),
    soubor_ke_stažení: fileUrl(urls, name),
    přístupové_url: fileUrl(urls, name),
    typ_média: `http://www.iana.org/assignments/media-types/${media}`,
    formát: `${EU}/file-type/${format}`,
    schéma: conformsTo,
  }
}

/** A dataset's DCAT-AP-CZ record (typ "Datová sada"), with a CSV and a JSON distribution. */
export function openDataDcat(dataset: OpenDataset, urls: OpenDataUrls, publisher: OpenDataPublisher, author: string) {
  const files = datasetFiles(dataset)
  return {
    '@context': DCAT_CONTEXT,
    iri: fileUrl(urls, files.dcat),
    typ: 'Datová sada',
    ...(publisher.iri ? { poskytovatel: publisher.iri } : {}),
    název: { cs: dataset.cs.title, en: dataset.en.title },
    popis: { cs: dataset.cs.description, en: dataset.en.description },
    klíčové_slovo: { cs: dataset.cs.keywords, en: dataset.en.keywords },
    téma: [`${EU}/data-theme/EDUC`, `${EU}/data-theme/GOVE`],
    periodicita_aktualizace: `${EU}/frequency/DAILY`,
    dokumentace: `${urls.base}/open-data`,
    ...(publisher.contactEmail ? { kontaktní_bod: { typ: 'Organizace', email: `mailto:${publisher.contactEmail}` } } : {}),
    distribuce: [
      distribution(urls, files.csv, `${dataset.cs.title} (CSV)`, 'CSV', fileUrl(urls, files.csvw), author),
      distribution(urls, files.json, `${dataset.cs.title} (JSON)`, 'JSON', fileUrl(urls, files.schema), author),
    ],
  }
}

/** The local catalogue (typ "Katalog") listing every dataset, for registration in NKOD. */
export function openDataCatalog(urls: OpenDataUrls, publisher: OpenDataPublisher, title: { cs: string; en: string }) {
  return {
    '@context': DCAT_CONTEXT,
    iri: fileUrl(urls, 'catalog.jsonld'),
    typ: 'Katalog',
    název: title,
    popis: {
      cs: 'Souhrnná čísla o workshopech, jejich účastnících a účasti, bez osobních údajů.',
      en: 'Totals about the workshops, their participants and attendance, without personal data.',
    },
    ...(publisher.iri ? { poskytovatel: publisher.iri } : {}),
    domovská_stránka: `${urls.base}/open-data`,
    datová_sada: OPEN_DATASETS.map((d) => fileUrl(urls, datasetFiles(d).dcat)),
  }
}
