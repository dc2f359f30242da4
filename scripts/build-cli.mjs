#!/usr/bin/env node
/**
 * Bundle the command line into `dist/cli.js` and its worker into `dist/scan-worker.js`, over
 * the per-module files `tsc` wrote there (the rest of dist/ stays as tsc wrote it). Node then
 * loads one file instead of ~150 ES modules: about a third off every run's start-up, which
 * a pre-commit hook or a small scan mostly is (docs/performance.md).
 *
 * `@typescript-eslint/typescript-estree` stays outside: it loads the whole TypeScript compiler
 * and is required only when a config has custom rules (src/policy/expression.ts).
 *
 * Usage: `node scripts/build-cli.mjs [OUT_DIR]` (default `dist`). Tests bundle into a
 * temporary folder; the bundle finds the built-in policies at `OUT_DIR/../policies/`.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { COMMONJS_SHIM, policiesDirPlugin } from './bundle-shared.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function buildCli(outDir) {
  mkdirSync(outDir, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: ['src/cli.ts', 'src/scan-worker.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: outDir,
    external: ['@typescript-eslint/typescript-estree'],
    banner: { js: COMMONJS_SHIM.join('\n') },
    plugins: [policiesDirPlugin(root)],
    logLevel: 'warning',
  });
  chmodSync(path.join(outDir, 'cli.js'), 0o755);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildCli(path.resolve(process.argv[2] ?? path.join(root, 'dist')));
}
