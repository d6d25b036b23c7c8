import schema from '../../docs/schemas/personal-data-export.schema.json'

/** The JSON Schema that "my data" downloads follow, published where the downloads point. */
export function loader() {
  return new Response(JSON.stringify(schema, null, 2), {
    headers: { 'Content-Type': 'application/schema+json; charset=utf-8', 'Cache-Control': 'public, max-age=3600' },
  })
}
