/*
 * The layers, and the one direction they import in (docs/architecture.md):
 *
 *   app/routes → app/web → app/jobs → app/models → emails → app/utils, app/i18n
 *                      ↘ app/components (views of model types)     db/schema ←┘
 *
 * Checked by dependency-cruiser in `npm run lint`, so a wrong-way import fails the tests.
 */
const typeOnly = { dependencyTypesNot: ['type-only'] }

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Modules that import each other cannot be read, tested or changed one at a time.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'utils-sit-below-the-domain',
      severity: 'error',
      comment: 'app/utils and app/i18n hold what the domain stands on (db handle, env, mailer, dates, codes, text).',
      from: { path: '^app/(utils|i18n)/' },
      to: { path: '^(app/(models|web|jobs|routes|components)/|emails/)' },
    },
    {
      name: 'models-know-no-http',
      severity: 'error',
      comment: 'Models take the db as a parameter and return views; Request, Response and routing live in app/web.',
      from: { path: '^app/models/' },
      to: { path: '^(app/(web|jobs|routes|components)/|node_modules/@remix-run/)' },
    },
    {
      name: 'emails-and-db-below-the-app',
      severity: 'error',
      comment: 'Templates and the schema are used by the app; they never reach up into it.',
      from: { path: '^(emails|db)/', pathNot: '^db/seed/' },
      to: { path: '^app/(models|web|jobs|routes|components)/' },
    },
    {
      name: 'seeds-write-through-models',
      severity: 'error',
      comment: 'Seeds use the same write path as production: model functions, never routes or the web layer.',
      from: { path: '^db/seed/' },
      to: { path: '^app/(web|jobs|routes|components)/' },
    },
    {
      name: 'components-are-views',
      severity: 'error',
      comment: 'Components take enums and types from app/models, never db/schema, and run in the browser too.',
      from: { path: '^app/components/' },
      to: { path: '^(db/|app/(web|jobs|routes)/.*\\.server|app/utils/.*\\.server)' },
    },
    {
      name: 'components-take-only-types-from-server-models',
      severity: 'error',
      from: { path: '^app/components/' },
      to: { path: '^app/models/.*\\.server', ...typeOnly },
    },
    {
      name: 'routes-go-through-models',
      severity: 'error',
      comment: 'Routes take enums and types from app/models and build no queries.',
      from: { path: '^app/routes/' },
      to: { path: '^(db/|node_modules/kysely/)' },
    },
    {
      name: 'the-web-layer-serves-routes',
      severity: 'error',
      from: { path: '^app/(web|jobs)/' },
      to: { path: '^app/routes/' },
    },
    {
      name: 'jobs-know-no-http',
      severity: 'error',
      from: { path: '^app/jobs/' },
      to: { path: '^(app/web/|node_modules/@remix-run/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    exclude: { path: '^(build|public/build|node_modules)/' },
  },
}
