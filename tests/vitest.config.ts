import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

// The integration suites run on SQLite always, and again on PostgreSQL when a server is named.
const postgresUrl = process.env.TEST_POSTGRES_URL
// The config is loaded once per worker too: say it once.
if (!postgresUrl && !process.env.POSTGRES_SKIP_SAID) {
  process.env.POSTGRES_SKIP_SAID = '1'
  console.warn('PostgreSQL: skipped. Set TEST_POSTGRES_URL=postgres://user@host:port/db to run the integration tests on it too.')
}
const postgresProjects = postgresUrl
  ? [
      {
        extends: true as const,
        test: {
          name: 'integration-pg',
          include: ['tests/integration/**/*.test.ts', 'tests/postgres/**/*.test.ts'],
          env: { TEST_DATABASE_ENGINE: 'postgres' },
        },
      },
    ]
  : []

export default defineConfig({
  root,
  resolve: { alias: { '~': path.join(root, 'app') } },
  test: {
    environment: 'node',
    pool: 'forks',
    // A worker runs file after file without importing the app anew for each (that import was
    // about a third of the unit and integration suites' time); tests/support/shared-process.ts
    // puts back what a file leaves in the process. Projects then run one after another.
    isolate: false,
    setupFiles: ['tests/support/shared-process.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Browser tests and servers are heavy on a 2-core machine; two files at a time is plenty.
    maxWorkers: 2,
    minWorkers: 1,
    // `--project unit --project integration` runs everything but the browser, e.g. under faketime.
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['tests/integration/**/*.test.ts'] } },
      ...postgresProjects,
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/browser-setup.ts'],
          // Browser test files still import their modules afresh, in the same worker process.
          poolOptions: { forks: { isolate: true } },
          // A browser test walks several pages and runs axe on each: seconds a page on a busy
          // 2-core machine. The limit is there to catch a hang, not to time anything.
          testTimeout: 90_000,
        },
      },
    ],
  },
})
