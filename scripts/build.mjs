#!/usr/bin/env node
// Builds the three programs into dist/: the agent and the server as single CommonJS bundles
// (esbuild; swc adds the decorator metadata NestJS needs), the web UI as a static Next export.
import { transformFile } from '@swc/core';
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = new Set(process.argv.slice(2));
const wants = (name) => only.size === 0 || only.has(name);

/** esbuild plugin: compile TypeScript with swc so decorators carry design-time type metadata. */
const swcDecorators = {
  name: 'swc-decorators',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const out = await transformFile(args.path, {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'es6' },
        sourceMaps: 'inline',
      });
      return { contents: out.code, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  packages: 'external',
  tsconfig: join(ROOT, 'tsconfig.base.json'),
  logLevel: 'warning',
  keepNames: true,
};

async function buildAgent() {
  await build({
    ...common,
    entryPoints: { main: join(ROOT, 'apps/agent/src/main.ts') },
    outdir: join(ROOT, 'dist/apps/agent'),
  });
}

async function buildServer() {
  await build({
    ...common,
    entryPoints: {
      main: join(ROOT, 'apps/server/src/main.ts'),
      up: join(ROOT, 'apps/server/src/launcher/up.ts'),
      cli: join(ROOT, 'apps/server/src/cli/cli.ts'),
    },
    outdir: join(ROOT, 'dist/apps/server'),
    plugins: [swcDecorators],
  });
}

function buildWeb() {
  const result = spawnSync('npx', ['next', 'build'], {
    cwd: join(ROOT, 'apps/web'),
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error('next build failed');
  const out = join(ROOT, 'apps/web/out');
  const target = join(ROOT, 'dist/apps/web');
  rmSync(target, { recursive: true, force: true });
  if (existsSync(out)) cpSync(out, target, { recursive: true });
}

if (wants('agent')) await buildAgent();
if (wants('server')) await buildServer();
if (wants('web')) buildWeb();
