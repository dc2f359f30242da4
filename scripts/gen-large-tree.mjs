#!/usr/bin/env node
/**
 * Generate a large tree for the scale benchmark: COUNT files (default 100,000) drawn from the
 * corpus in /work/shared/corpus with its own mix of formats (about 58% Dockerfiles, 20% compose
 * and other YAML, 22% systemd and Quadlet units), laid out as many small projects
 * (`p00042/svc3/Dockerfile`, …) the way a monorepo or an infrastructure repository looks.
 *
 * Deterministic: the same COUNT and SEED give the same tree, byte for byte, so runs compare.
 * Each copy gets a one-line comment naming its copy number, so no two files are identical (a
 * linter cannot win by caching identical texts; fingerprints stay distinct).
 *
 * Usage: node scripts/gen-large-tree.mjs [OUT_DIR] [--count N] [--corpus DIR] [--seed S]
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = args[at + 1];
  args.splice(at, 2);
  return value;
};
const count = Number(option('--count', '100000'));
const corpus = path.resolve(option('--corpus', '/work/shared/corpus'));
let seed = Number(option('--seed', '42')) >>> 0;
const out = path.resolve(args[0] ?? '/tmp/cguard-large-tree');

/** mulberry32: a small seeded generator, so the tree does not depend on Math.random. */
function random() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Every regular file of the corpus with the name it must keep (the name decides the kind). */
function corpusFiles(dir) {
  const found = [];
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop();
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const abs = path.join(current, entry.name);
      if (entry.isDirectory()) stack.push(abs);
      else if (entry.isFile() && !/^(MANIFEST\.tsv|SOURCES\.md)$/.test(entry.name)) found.push(abs);
    }
  }
  return found.sort();
}

/** A comment line in the file's own syntax, put where each format allows it. */
function stamp(name, text, n) {
  const line = `# cguard-bench copy ${n}`;
  // A Dockerfile's parser directives (`# syntax=`, `# escape=`) must stay first; append instead.
  if (/(^|[./])(docker|container)file/i.test(name)) return text.endsWith('\n') ? `${text}${line}\n` : `${text}\n${line}\n`;
  return `${line}\n${text}`;
}

const sources = corpusFiles(corpus).map((abs) => ({ name: path.basename(abs), text: readFileSync(abs, 'utf8') }));
if (sources.length === 0) throw new Error(`no files under ${corpus}`);
rmSync(out, { recursive: true, force: true });
let bytes = 0;
const perProject = 12;
for (let n = 0; n < count; n++) {
  const source = sources[Math.floor(random() * sources.length)];
  const project = `p${String(Math.floor(n / perProject)).padStart(5, '0')}`;
  const dir = path.join(out, project.slice(0, 3), project, `svc${n % perProject}`);
  mkdirSync(dir, { recursive: true });
  const text = stamp(source.name, source.text, n);
  writeFileSync(path.join(dir, source.name), text);
  bytes += Buffer.byteLength(text);
}
const total = statSync(out).isDirectory() ? count : 0;
process.stdout.write(`gen-large-tree: wrote ${total} files (${(bytes / 1e6).toFixed(1)} MB) under ${out}\n`);
