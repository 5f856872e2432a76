import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import tseslint from 'typescript-eslint';

// Every folder of src/modules is a module; its index.ts is its one door.
const MODULES = readdirSync(new URL('./src/modules/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** The architecture's boundaries (docs/architecture.md), checked on every import. */
export const boundaries = {
  files: ['src/**/*.ts'],
  plugins: { 'import-x': importX },
  settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
  rules: {
    // No import cycle (value imports here; type-only ones too in test/unit/architecture.test.ts).
    'import-x/no-cycle': ['error', { ignoreExternal: true }],
    'import-x/no-restricted-paths': [
      'error',
      {
        zones: [
          {
            target: './src/config.ts',
            from: './src',
            except: ['./config.ts'],
            message: 'config.ts is the ground: it parses the environment and imports nothing of src/.',
          },
          {
            target: './src/core',
            from: ['./src/modules', './src/rules', './src/events', './src/search', './src/db', './src/jobs', './src/http'],
            message: 'core is the ground floor: it imports no module and nothing above it.',
          },
          {
            target: './src/rules',
            from: ['./src/modules', './src/events', './src/search', './src/db', './src/jobs'],
            message: 'the rules engine depends on core only.',
          },
          {
            target: ['./src/events', './src/search'],
            from: ['./src/modules', './src/db', './src/jobs'],
            message: 'events and search sit below the modules: what flows up travels as a DomainEvent.',
          },
          ...MODULES.map((name) => ({
            target: `./src/modules/${name}`,
            from: './src/modules',
            except: [`./${name}`, './manifest.ts', ...MODULES.filter((m) => m !== name).map((m) => `./${m}/index.ts`)],
            message: 'a module uses another only through its door (its index.ts).',
          })),
        ],
      },
    ],
    'no-restricted-syntax': [
      'error',
      {
        selector: "NewExpression[callee.name='Date'][arguments.length=0]",
        message: 'time comes from the clock: ctx.clock.now() (or the Clock a service was given).',
      },
      { selector: 'TSAsExpression > TSNeverKeyword', message: 'no `as never`: type the value.' },
    ],
  },
};

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'web/dist/',
      'web/src/gql/',
      'node_modules/',
      'coverage/',
      'test/generated/',
      '.data/',
      '.bench-data/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        __dirname: 'readonly',
        fetch: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        TextEncoder: 'readonly',
        globalThis: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  boundaries,
  { files: ['src/core/clock.ts'], rules: { 'no-restricted-syntax': 'off' } },
  { files: ['scripts/**', 'bench/**', 'test/browser/**'], rules: { 'no-console': 'off' } },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { module: 'writable', require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
