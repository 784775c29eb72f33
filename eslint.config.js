// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The folders of src/ that are layers. */
const SRC = [
  'model',
  'loader',
  'rules',
  'planner',
  'render',
  'kinds',
  'storage',
  'apiserver',
  'delivery',
  'providers',
  'controllers',
  'studio',
  'client',
  'server',
  'cli',
  'codes',
  'testing',
];

/**
 * One `no-restricted-imports` block per layer, from the folders it may import: every other layer
 * is refused (test support and the code catalogue stay importable by whoever needs them).
 */
const layers = (rules) =>
  rules
    .map(([folder, allowed]) => [
      folder,
      SRC.filter((f) => f !== folder.slice(4) && !allowed.includes(f) && f !== 'testing' && f !== 'codes'),
    ])
    .map(([folder, forbidden]) => ({
      files: [`${folder}/**/*.ts`],
      ignores: ['**/*.test.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: forbidden.map((f) => ({
              group: [`**/${f}/*`, `**/${f}/**`],
              message: `${folder} sits below src/${f} in the dependency direction (see README, Layout).`,
            })),
          },
        ],
      },
    }));

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.paletteai/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports (house style).' },
      ],
    },
  },
  {
    files: ['eslint.config.js', 'vitest.config.ts', 'web/vite.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  // The dependency direction (model → rules/planner/render → kinds → storage → apiserver →
  // server/controllers → cli), enforced: each layer lists the folders of src/ it may import.
  ...layers([
    ['src/model', []],
    ['src/loader', ['model']],
    ['src/rules', ['model', 'loader']],
    ['src/planner', ['model', 'loader', 'rules']],
    ['src/render', ['model', 'loader', 'rules', 'planner']],
    ['src/kinds', ['model', 'loader', 'rules', 'planner', 'render']],
    ['src/storage', ['model', 'loader', 'rules', 'planner', 'render']],
    ['src/apiserver', ['model', 'loader', 'rules', 'planner', 'render', 'kinds', 'storage']],
    // Delivery packs and ships what the render made; providers talk to Palette or a cluster.
    ['src/delivery', ['model', 'render']],
    ['src/providers', ['model']],
    [
      'src/controllers',
      [
        'model',
        'loader',
        'rules',
        'planner',
        'render',
        'kinds',
        'storage',
        'apiserver',
        'delivery',
        'providers',
      ],
    ],
    ['src/studio', ['model', 'loader', 'rules', 'planner', 'render', 'kinds']],
    ['src/client', ['model', 'loader', 'rules', 'planner', 'render', 'kinds', 'studio']],
    ['src/server', [...SRC.filter((f) => f !== 'cli' && f !== 'server')]],
  ]),
  // The web UI (React, in the browser): it may use the model and the pure code above it (rules,
  // planner, kinds, the shared API paths), never storage, the server, controllers or the CLI.
  { files: ['web/**/*.{ts,tsx}'] },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...[
              'storage',
              'apiserver',
              'delivery',
              'providers',
              'controllers',
              'studio',
              'server',
              'cli',
              'loader',
            ].map((f) => ({
              group: [`**/src/${f}/*`, `**/src/${f}/**`],
              message: `the web UI runs in the browser: src/${f} is server-side (see README, Layout).`,
            })),
            {
              group: ['**/src/client/*', '!**/src/client/paths.js'],
              message: 'the web UI has its own fetch client (web/src/api); share only src/client/paths.',
            },
          ],
        },
      ],
    },
  },
  // API tests read loosely typed JSON answers
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
