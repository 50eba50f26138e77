#!/usr/bin/env node
// `npm test`: every test (unit, integration with real services, end-to-end, real browser) in one
// vitest run. The summary reporter prints the closing `tests: N passed, N failed, N skipped` line.
import { spawnSync } from 'node:child_process';

const args = ['vitest', 'run', ...process.argv.slice(2)];
const result = spawnSync('npx', args, {
  stdio: 'inherit',
  env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' },
});
process.exit(result.status ?? 1);
