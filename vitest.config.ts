import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

import { workspaceAliases } from './test/support/aliases';

// NestJS needs decorator metadata, which esbuild (vite's default transform) does not emit; swc does.
const swcPlugin = swc.vite({
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { decoratorMetadata: true, legacyDecorator: true },
    target: 'es2022',
  },
  module: { type: 'es6' },
});

const shared = { resolve: { alias: workspaceAliases() }, plugins: [swcPlugin] };

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          include: ['{apps,libs,scripts}/**/*.spec.ts'],
          exclude: ['**/node_modules/**', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
          environment: 'node',
        },
      },
      {
        ...shared,
        test: {
          name: 'integration',
          include: ['{apps,libs}/**/*.int-spec.ts', 'test/**/*.e2e-spec.ts'],
          environment: 'node',
          // Kernel-touching and service-starting tests share one machine: run files one at a time.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          globalSetup: ['./test/support/global-setup.ts'],
        },
      },
    ],
  },
});
