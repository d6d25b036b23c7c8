// ESLint, flat config. Run by `npm run lint` (and so by `npm test`) with --max-warnings 0.
// It lives under scripts/ because the project's top level is fixed; `npm run lint` points at it.
import js from '@eslint/js'
import jsxA11y from 'eslint-plugin-jsx-a11y'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const SQL_BUILDERS = ['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto']

export default tseslint.config(
  { ignores: ['build/**', 'public/build/**', 'node_modules/**', '.cache/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Control characters are what several field rules exist to refuse.
      'no-control-regex': 'off',
      '@typescript-eslint/consistent-type-imports': ['warn', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    files: ['app/**/*.tsx'],
    ...jsxA11y.flatConfigs.recommended,
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    // The route boundary: one shape for every route (docs/architecture.md, decision 013).
    files: ['app/routes/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'warn',
        ...SQL_BUILDERS.map((name) => ({
          selector: `CallExpression[callee.property.name='${name}']`,
          message: 'No SQL in routes: call one model function (app/models) that returns a view.',
        })),
        {
          selector: "TSAsExpression > CallExpression[callee.name='useActionData']",
          message: 'Every action answers ActionData (app/web/action-data.ts); read it without a cast.',
        },
        {
          selector: "ThrowStatement > NewExpression[callee.name='Response']",
          message: 'Refuse with refuse / orRefuse / orNotFound (app/web/refusals.server.ts), not a hand-made Response.',
        },
      ],
      'no-restricted-imports': [
        'warn',
        {
          patterns: [
            { group: ['**/db/schema'], message: 'Take enums and types from app/models, not from db/schema.' },
            { group: ['kysely'], message: 'Routes do not build queries; call a model function.' },
          ],
        },
      ],
    },
  },
  {
    files: ['app/components/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'warn',
        {
          patterns: [
            { group: ['**/db/schema'], message: 'Components take enums and types from app/models, not from db/schema.' },
            {
              group: ['~/utils/*.server', '~/models/*.server', '~/web/*.server'],
              allowTypeImports: true,
              message: 'Components are rendered in the browser too: take only types from server modules.',
            },
          ],
        },
      ],
    },
  },
  {
    // Migrations are frozen in time: they are written against Kysely<any>, not today's schema.
    files: ['db/migrations/**/*.ts', 'db/migrate.ts', 'db/dialect.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['tests/**/*.{ts,tsx}', 'scripts/**/*.{ts,mjs,js}'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
)
