// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** One `no-restricted-imports` block per layer: the folders it must not import from. */
const layers = (rules) =>
  rules.map(([folder, forbidden]) => ({
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
  { files: ['eslint.config.js', 'vitest.config.ts'], rules: { 'no-restricted-syntax': 'off' } },
  // The dependency direction (model → rules/planner/render → kinds → storage → apiserver →
  // server/controllers → cli), enforced: a layer never imports one above it.
  ...layers([
    [
      'src/model',
      [
        'loader',
        'rules',
        'planner',
        'render',
        'kinds',
        'storage',
        'apiserver',
        'controllers',
        'server',
        'studio',
        'client',
        'cli',
      ],
    ],
    [
      'src/loader',
      [
        'rules',
        'planner',
        'render',
        'kinds',
        'storage',
        'apiserver',
        'controllers',
        'server',
        'studio',
        'client',
        'cli',
      ],
    ],
    ['src/rules', ['kinds', 'storage', 'apiserver', 'controllers', 'server', 'studio', 'client', 'cli']],
    ['src/planner', ['kinds', 'storage', 'apiserver', 'controllers', 'server', 'studio', 'client', 'cli']],
    ['src/render', ['kinds', 'storage', 'apiserver', 'controllers', 'server', 'studio', 'client', 'cli']],
    ['src/kinds', ['storage', 'apiserver', 'controllers', 'server', 'studio', 'client', 'cli']],
    ['src/storage', ['kinds', 'apiserver', 'controllers', 'server', 'studio', 'client', 'cli']],
    ['src/apiserver', ['controllers', 'server', 'studio', 'client', 'cli']],
    ['src/controllers', ['server', 'studio', 'client', 'cli']],
    ['src/studio', ['storage', 'apiserver', 'controllers', 'server', 'client', 'cli']],
    ['src/client', ['storage', 'apiserver', 'controllers', 'server', 'cli']],
    ['src/server', ['cli']],
    // Delivery packs and ships what the render made: it reads the model and the render only.
    [
      'src/delivery',
      [
        'loader',
        'rules',
        'planner',
        'kinds',
        'storage',
        'apiserver',
        'controllers',
        'server',
        'studio',
        'client',
        'cli',
      ],
    ],
    // Providers talk to Palette or a cluster for the controllers: they read the model only.
    [
      'src/providers',
      [
        'loader',
        'rules',
        'planner',
        'render',
        'kinds',
        'storage',
        'apiserver',
        'controllers',
        'server',
        'studio',
        'delivery',
        'client',
        'cli',
      ],
    ],
  ]),
  // API tests read loosely typed JSON answers
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
