// The project's rules, checked by `npm run lint` inside `npm test`. ARCHITECTURE.md explains the
// layers; the `layers` zones below are that picture written as rules, so a wrong import fails CI.
import js from '@eslint/js'
import {createTypeScriptImportResolver} from 'eslint-import-resolver-typescript'
import {importX} from 'eslint-plugin-import-x'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const LAYERS = ['commands', 'cli', 'services', 'core', 'db', 'importers', 'reports', 'hooks']

/**
 * Which layers each layer may import. `files` is the shared file-system edge (atomic private
 * output files, the shipped data folder): infrastructure for the layers that touch files.
 */
const MAY_IMPORT = {
  commands: ['cli', 'services', 'core'],
  hooks: ['cli', 'core'],
  // cli may open the registry (db/registry.ts, the composition root) and nothing else of db.
  cli: ['services', 'core'],
  services: ['db', 'importers', 'reports', 'core', 'files'],
  reports: ['core', 'files'],
  importers: ['core'],
  db: ['core', 'files'],
  core: [],
  files: ['core'],
}

const LAYER_PATHS = {
  ...Object.fromEntries(LAYERS.map((layer) => [layer, `./src/${layer}`])),
  files: ['./src/safe-files.ts', './src/data-files.ts'],
}

const targetsOf = (layer) => [LAYER_PATHS[layer]].flat()

const layerZones = Object.entries(MAY_IMPORT).flatMap(([layer, allowed]) =>
  Object.keys(LAYER_PATHS)
    .filter((other) => other !== layer && !allowed.includes(other))
    .flatMap((other) =>
      targetsOf(layer).flatMap((target) =>
        targetsOf(other).map((from) => ({
          target,
          from,
          ...(layer === 'cli' && other === 'db' ? {except: ['./registry.ts']} : {}),
          message: `${layer} may import ${allowed.join(', ') || 'nothing outside core'}, not ${other} (see ARCHITECTURE.md).`,
        })),
      ),
    ),
)

const commandZone = {
  target: './src/commands',
  from: './src/commands',
  message: 'A command never imports another command: move what they share into src/cli/.',
}

/** A leader's own record of outcomes is for directors to read: the matching engine never uses it (issue 17). */
const recordZones = [
  './src/core/match',
  './src/services/match.ts',
  './src/services/match-inputs.ts',
  './src/services/match-apply.ts',
  './src/services/match-targets.ts',
].flatMap((target) =>
  ['./src/core/impact', './src/services/leader-record.ts', './src/services/impact.ts'].map((from) => ({
    target,
    from,
    message: "The matching engine never reads outcomes or a leader's record of them (src/core/impact).",
  })),
)

/** The pure core does no I/O: no files, processes, network, databases, terminals or solver loading. */
const CORE_FORBIDDEN = [
  'node:fs',
  'node:fs/promises',
  'fs',
  'node:child_process',
  'node:net',
  'node:http',
  'node:https',
  'node:os',
  'node:process',
  'node:worker_threads',
  'kysely',
  'better-sqlite3',
  'pg',
  'highs',
  'chalk',
  'cli-table3',
  '@oclif/core',
  '@inquirer/prompts',
  'exceljs',
  'pdfmake',
  'pdfkit',
]

/**
 * Below the CLI, text speaks the domain's words: a flag (`--days`) or a `broker …` command in a
 * message belongs in src/cli/advice.ts (for coded errors) or in the CLI's wording of a result.
 */
const CLI_WORDS = String.raw`(^|[\s(\x60'"])--[a-z][a-z-]+|\x60broker [a-z]`
const cliWordsMessage =
  'Flags and broker commands are worded by the CLI (src/cli/advice.ts or a renderer): say it in domain terms here.'

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/out/**', 'oclif.manifest.json'],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      // test/tsconfig.json covers src, test, bench and vitest.config.ts: the one program the typecheck builds.
      parserOptions: {project: ['./test/tsconfig.json'], tsconfigRootDir: import.meta.dirname},
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
      '@typescript-eslint/consistent-type-imports': ['error', {fixStyle: 'inline-type-imports'}],
      // Async functions that implement an async interface (oclif flag parsers, kysely's driver,
      // hooks) have nothing to await; floating and misused promises are what matter.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {globals: globals.node},
  },
  {
    plugins: {'import-x': importX},
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({project: './test/tsconfig.json'})],
    },
    rules: {
      'import-x/no-duplicates': 'error',
      'import-x/first': 'error',
      'import-x/newline-after-import': 'error',
      'import-x/order': [
        'error',
        {
          groups: ['builtin', 'external', 'internal', ['parent', 'sibling', 'index']],
          'newlines-between': 'always',
          alphabetize: {order: 'asc', caseInsensitive: true},
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', {zones: [...layerZones, commandZone, ...recordZones]}],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {name: 'kysely', message: 'kysely is used only under src/db/.'},
            {name: 'better-sqlite3', message: 'better-sqlite3 is used only under src/db/.'},
            {name: 'pg', message: 'pg is used only under src/db/.'},
          ],
        },
      ],
    },
  },
  {
    files: ['src/db/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      // kysely hands its expression builder's methods out for destructuring (`({exists, ref}) =>`).
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: CORE_FORBIDDEN.map((name) => ({
            name,
            message: 'src/core is pure: pass what it needs in from a service.',
          })),
          patterns: [{group: ['@oclif/*', '@inquirer/*'], message: 'src/core is pure.'}],
        },
      ],
      'no-restricted-globals': [
        'error',
        {name: 'process', message: 'src/core is pure: take the value as a parameter.'},
      ],
    },
  },
  {
    files: [
      'src/core/**/*.ts',
      'src/services/**/*.ts',
      'src/db/**/*.ts',
      'src/importers/**/*.ts',
      'src/reports/**/*.ts',
      'src/safe-files.ts',
      'src/data-files.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {selector: `Literal[value=/${CLI_WORDS}/]`, message: cliWordsMessage},
        {selector: `TemplateElement[value.raw=/${CLI_WORDS}/]`, message: cliWordsMessage},
      ],
    },
  },
)
