#!/usr/bin/env node
/**
 * Times cguard's Dockerfile word reader (src/parsers/dockerfile-words.ts) against the
 * dockerfile-ast reading it replaced (kept as the test oracle, test/parsers/dockerfile-words-oracle.ts)
 * on every corpus Dockerfile: both get the same `scanDockerfile` result, only the word reading
 * is timed. Medians of several passes in one process, after a warm-up pass. Not a test: nothing
 * here fails on a slow machine.
 *
 * Usage: node scripts/bench-dockerfile-words.mjs [--runs N] [--corpus DIR]
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at < 0 ? fallback : args[at + 1];
};
const runs = Number(option('--runs', '7'));
const corpus = path.resolve(option('--corpus', '/work/shared/corpus/dockerfile'));

// The sources are TypeScript: bundle the three modules (dockerfile-ast included) into one file.
const entry = `
export { scanDockerfile, LINE_TOO_LONG } from './src/parsers/dockerfile-scan.ts';
export { readInstructionWords } from './src/parsers/dockerfile-words.ts';
export { readInstructionWordsWithDockerfileAst } from './test/parsers/dockerfile-words-oracle.ts';
`;
const bundled = await build({
  stdin: { contents: entry, resolveDir: root, loader: 'ts' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  write: false,
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  logLevel: 'warning',
});
const dir = mkdtempSync(path.join(tmpdir(), 'cguard-bench-words-'));
const file = path.join(dir, 'words.mjs');
writeFileSync(file, bundled.outputFiles[0].text);
const { scanDockerfile, LINE_TOO_LONG, readInstructionWords, readInstructionWordsWithDockerfileAst } = await import(pathToFileURL(file).href);
rmSync(dir, { recursive: true, force: true });

const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
const inputs = walk(corpus)
  .map((p) => readFileSync(p, 'utf8'))
  .map((text) => ({ text, scan: scanDockerfile(text) }))
  // parseDockerfile reads no words in a file BuildKit refuses for a too-long line.
  .filter(({ scan }) => !scan.errors.some((e) => e.message === LINE_TOO_LONG));
const bytes = inputs.reduce((sum, { text }) => sum + Buffer.byteLength(text), 0);

function pass(read) {
  const start = process.hrtime.bigint();
  let words = 0;
  for (const { text, scan } of inputs) for (const instruction of read(text, scan)) words += instruction.words.length;
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, words };
}

function measure(name, read) {
  pass(read);
  const passes = Array.from({ length: runs }, () => pass(read));
  const times = passes.map((p) => p.ms).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`${name.padEnd(14)} median ${median.toFixed(1).padStart(7)} ms  (min ${times[0].toFixed(1)}, max ${times.at(-1).toFixed(1)})  ${(bytes / 1e6 / (median / 1000)).toFixed(1).padStart(6)} MB/s  ${passes[0].words} words`);
  return median;
}

console.log(`${inputs.length} Dockerfiles, ${(bytes / 1e6).toFixed(2)} MB, ${runs} passes each (node ${process.version})`);
const oracle = measure('dockerfile-ast', readInstructionWordsWithDockerfileAst);
const own = measure('cguard reader', readInstructionWords);
console.log(`speed-up ${(oracle / own).toFixed(1)}×`);
