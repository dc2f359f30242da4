#!/usr/bin/env node
/**
 * Build the command line into `dist/`, over the per-module files `tsc` wrote there:
 *
 * - `dist/cli.cjs`: the whole CLI in one CommonJS bundle. Node then loads one file instead of
 *   ~150 ES modules: about a third off every run's start-up, which a pre-commit hook or a
 *   small scan mostly is (docs/performance.md).
 * - `dist/cli.js` (the `cguard` bin): a launcher that compiles cli.cjs with `dist/cli.cache`,
 *   a V8 code cache made right here by running the CLI once over `examples/`. A cache made
 *   after a run holds the bytecode of every function that run compiled, so a small scan
 *   skips most compiling (about 45 ms of 290 on the compose benchmark). A cache V8 refuses
 *   (another Node version, other V8 flags) or that is missing just costs that time again.
 * - `dist/scan-worker.js`: the worker-thread entry, an ES module bundle.
 *
 * `@typescript-eslint/typescript-estree` stays outside: it loads the whole TypeScript compiler
 * and is required only when a config has custom rules (src/policy/expression.ts).
 *
 * Usage: `node scripts/build-cli.mjs [OUT_DIR]` (default `dist`). Tests bundle into a
 * temporary folder; the bundle finds the built-in policies at `OUT_DIR/../policies/`.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { COMMONJS_SHIM, policiesDirPlugin, yamlEsmPlugin } from './bundle-shared.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function buildCli(outDir) {
  mkdirSync(outDir, { recursive: true });
  // Ties the cache to this bundle: V8 itself only checks that the source has the same length.
  const buildId = randomUUID();
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    external: ['@typescript-eslint/typescript-estree'],
    plugins: [policiesDirPlugin(root), yamlEsmPlugin(root)],
    logLevel: 'warning',
  };
  await build({
    ...common,
    entryPoints: ['src/cli.ts'],
    format: 'cjs',
    outfile: path.join(outDir, 'cli.cjs'),
    define: { 'import.meta.url': '__cguardModuleUrl' },
    banner: { js: `// cguard build ${buildId}\nconst __cguardModuleUrl = require('node:url').pathToFileURL(__filename).href;` },
  });
  // src/cli.ts's `#!` line: the launcher has its own, and inside the CommonJS wrapper it is an error.
  const bundle = path.join(outDir, 'cli.cjs');
  writeFileSync(bundle, readFileSync(bundle, 'utf8').replace(/^#![^\n]*\n/, ''));
  await build({
    ...common,
    entryPoints: ['src/scan-worker.ts'],
    format: 'esm',
    outfile: path.join(outDir, 'scan-worker.js'),
    banner: { js: COMMONJS_SHIM.join('\n') },
  });
  const launcher = path.join(outDir, 'cli.js');
  writeFileSync(launcher, launcherSource(buildId));
  chmodSync(launcher, 0o755);
  writeCodeCache(outDir);
}

/**
 * Run the CLI over the examples with CGUARD_WRITE_CODE_CACHE, so the launcher writes the cache
 * when the run ends. A failure here leaves no cache, never a broken build.
 */
function writeCodeCache(outDir) {
  const cache = path.join(outDir, 'cli.cache');
  rmSync(cache, { force: true });
  const run = spawnSync(process.execPath, [path.join(outDir, 'cli.js'), 'scan', '--fail-on', 'never', 'examples'], {
    cwd: root,
    env: { ...process.env, CGUARD_WRITE_CODE_CACHE: cache, CGUARD_THREADS: '1', NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (run.status !== 0) process.stderr.write(`build-cli: no code cache (the warm-up run failed: ${run.stderr.trim().split('\n').pop()})\n`);
}

function launcherSource(buildId) {
  return `#!/usr/bin/env node
// The cguard command: compiles cli.cjs with the V8 code cache cli.cache (scripts/build-cli.mjs).
// cli.cache is this build's id, the SHA-256 of the V8 data, then the data: V8 checks only the
// source's length, and a release build of V8 aborts on corrupt data instead of refusing it.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const BUILD = '// cguard build ${buildId}';
const file = fileURLToPath(new URL('./cli.cjs', import.meta.url));
let source = '';
try {
  source = readFileSync(file, 'utf8');
} catch {}
if (!source.startsWith(BUILD)) {
  process.stderr.write(\`cguard: \${file} is missing or from another build — reinstall cguard, or run npm run build in its folder\\n\`);
  process.exit(2);
}
const sha256 = (data) => createHash('sha256').update(data).digest('hex');
let cachedData;
let cache = 'missing';
try {
  const data = readFileSync(new URL('./cli.cache', import.meta.url));
  const payload = data.subarray(BUILD.length + 64);
  cache = data.subarray(0, BUILD.length).toString('latin1') !== BUILD ? 'of another build' : data.subarray(BUILD.length, BUILD.length + 64).toString('latin1') !== sha256(payload) ? 'corrupt' : 'read';
  if (cache === 'read') cachedData = payload;
} catch {}
const script = new Script(Module.wrap(source), { filename: file, cachedData });
if (process.env.CGUARD_CODE_CACHE_DEBUG) process.stderr.write(\`cguard: code cache \${cache === 'read' ? (script.cachedDataRejected ? 'refused by V8' : 'used') : cache}\\n\`);
const module = { exports: {} };
script.runInThisContext()(module.exports, Module.createRequire(file), module, file, fileURLToPath(new URL('.', import.meta.url)));
const cacheOut = process.env.CGUARD_WRITE_CODE_CACHE;
if (cacheOut) {
  process.on('exit', () => {
    const data = script.createCachedData();
    writeFileSync(cacheOut, Buffer.concat([Buffer.from(BUILD + sha256(data), 'latin1'), data]));
  });
}
module.exports.main();
`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildCli(path.resolve(process.argv[2] ?? path.join(root, 'dist')));
}
