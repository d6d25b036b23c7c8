import schema from '../../docs/schemas/catalogue.schema.json'

/** The JSON Schema that /workshops.json follows. */
export function loader() {
  return new Response(JSON.stringify(schema, null, 2), {
    headers: {
      'Content-Type': 'application/schema+json; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
      'Access-Control-Allow-Origin': '*',
    },
  })
}
