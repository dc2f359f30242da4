#!/usr/bin/env node
// Regenerates docs/policy-fields.md from the field catalogue in src/policy/model-view.ts.
// The catalogue is TypeScript and Node 20 cannot import it directly, so the generation runs
// inside the test that checks the file: vitest compiles it, CGUARD_UPDATE_DOCS=1 writes it.
import { spawnSync } from 'node:child_process';

const result = spawnSync(
  'npx',
  ['vitest', 'run', 'test/policy/model-view.test.ts', '-t', 'is generated from the catalogue'],
  { stdio: 'inherit', env: { ...process.env, CGUARD_UPDATE_DOCS: '1' } },
);
process.exit(result.status ?? 1);
