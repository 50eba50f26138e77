// Lint rules are errors or off, never warnings (style.md rule 14).
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const SPAWN_AND_MOUNT = ['child_process', 'node:child_process', 'cluster', 'node:cluster'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.next/**',
      '**/out/**',
      '**/.nx/**',
      'prisma/generated/**',
      '**/*.mjs',
      '**/*.js',
      'vitest.config.ts',
      'apps/web/next-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          enforceBuildableLibDependency: false,
          depConstraints: [
            {
              sourceTag: 'scope:web',
              onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'],
              bannedExternalImports: [
                '@nestjs/*',
                '@prisma/client',
                'bullmq',
                'ioredis',
                'node:child_process',
                'child_process',
              ],
            },
            {
              sourceTag: 'scope:server',
              onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'],
              bannedExternalImports: ['next', 'react', 'react-dom'],
            },
            {
              sourceTag: 'scope:agent',
              onlyDependOnLibsWithTags: ['scope:agent', 'scope:shared'],
              bannedExternalImports: ['@prisma/client', 'next', 'react', 'react-dom', '@nestjs/*'],
            },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['*'] },
            {
              sourceTag: 'type:ui',
              onlyDependOnLibsWithTags: ['type:ui', 'type:contracts', 'type:util'],
            },
            {
              sourceTag: 'type:data-access',
              onlyDependOnLibsWithTags: ['type:data-access', 'type:contracts', 'type:util'],
            },
            {
              sourceTag: 'type:engine',
              onlyDependOnLibsWithTags: ['type:engine', 'type:host', 'type:contracts', 'type:util'],
            },
            { sourceTag: 'type:host', onlyDependOnLibsWithTags: ['type:contracts', 'type:util'] },
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:util'],
              allowedExternalImports: ['zod'],
            },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
          ],
        },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      'no-console': 'error',
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
      'no-restricted-imports': [
        'error',
        {
          paths: SPAWN_AND_MOUNT.map((name) => ({
            name,
            message: 'Only @wharf/engine-host spawns processes.',
          })),
          patterns: [
            {
              group: ['../../*'],
              message: 'No deep relative imports: use an @wharf/* import across libraries.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through the app config (parsed once with zod).',
        },
      ],
    },
  },
  {
    // Engine-host is the one library that touches the OS (style.md rule 3).
    files: ['libs/engine/host/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../../*'], message: 'No deep relative imports.' }] },
      ],
    },
  },
  {
    // Config modules are the one place that reads the environment.
    files: ['**/config/**/*.ts', '**/env.schema.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // The launcher behind `npm run up` supervises redis, server and agent processes by design.
    files: ['apps/server/src/launcher/**/*.ts'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-properties': 'off' },
  },
  {
    // Page components are mostly JSX markup, which inflates line counts without adding logic; files
    // stay under max-lines and logic lives in hooks and libs/web.
    files: ['apps/web/src/app/**/page.tsx'],
    rules: {
      'max-lines-per-function': ['error', { max: 100, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Tests and their harness start real services (redis, postgres, registry, engine); that is the point.
    files: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': 'off',
      'no-restricted-properties': 'off',
      'max-lines-per-function': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  prettier,
);
