/**
 * The hostile tree (scripts/gen-hostile-tree.mjs) scanned and fixed by the real CLI, as a pull
 * request would have it scanned: nothing crashes or hangs, every unreadable file is a CG000 with
 * a relative path, nothing outside the tree is written, and fixes keep line endings, BOM and
 * mode, leave files that still parse, and change nothing the second time.
 *
 * Runs as root in CI, where mode 000 does not stop reading: the unreadable file and folder are
 * then only checked not to break anything (test/hostile/errors.test.ts simulates EACCES).
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readText } from '../../src/read.js';
import { sarifValidator } from '../shared-schemas.js';
import { bundleCli, changedPaths, crashLines, generateTree, isRoot, modeOf, runScript, snapshot, type CliRun, type FileState, type Manifest } from './helpers.js';

const BUDGET_MS = 60_000;

interface SarifResult {
  ruleId: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
}

let manifest: Manifest;
let cleanup: () => void;
let tree: string;
let outsideBefore: Map<string, FileState>;
let parentBefore: string[];
let sarifResults: SarifResult[];
let treeBeforeFix: Map<string, FileState>;
let treeAfterFix: Map<string, FileState>;
let fixRun: CliRun;
let cg000Before: Set<string>;

const uriPath = (r: SarifResult): string => decodeURIComponent(r.locations[0]!.physicalLocation.artifactLocation.uri);

function expectClean(run: CliRun, what: string): void {
  // eslint-disable-next-line no-console
  console.log(`hostile tree: ${what} took ${run.ms} ms (exit ${run.code})`);
  expect([0, 1], `${what}: exit code; stderr: ${run.stderr.slice(0, 500)}`).toContain(run.code);
  expect(crashLines(run.stderr), `${what}: stderr`).toEqual([]);
  expect(run.ms, `${what}: wall time`).toBeLessThan(BUDGET_MS);
}

let bundle: string;
/** The CLI from the current sources, on one thread: the scan as a pre-commit hook runs it. */
const cli = (cwd: string, ...argv: string[]): Promise<CliRun> => runScript(bundle, cwd, argv, { CGUARD_THREADS: '1' });

beforeAll(async () => {
  ({ manifest, cleanup } = generateTree(7));
  bundle = await bundleCli(path.join(path.dirname(manifest.outside), 'cli-bundle'));
  tree = manifest.root;
  outsideBefore = snapshot(manifest.outside);
  parentBefore = readdirSync(path.dirname(tree)).sort();
}, 120_000);

afterAll(() => cleanup?.());

describe('hostile tree: generation', () => {
  it('holds what the checks expect', () => {
    expect(manifest.garbage).toHaveLength(1200);
    expect(lstatSync(path.join(tree, manifest.big)).size).toBe(40 * 1024 * 1024);
    expect(manifest.deep.split('/')).toHaveLength(61);
    expect(lstatSync(path.join(tree, 'loop/inner/up')).isSymbolicLink()).toBe(true);
    expect(lstatSync(path.join(tree, 'escape/Dockerfile')).isSymbolicLink()).toBe(true);
    const categories = new Set(manifest.garbage.map((g) => g.category));
    for (const c of ['binary', 'invalid-utf8', 'ascii', 'soup', 'hostile', 'mutated']) expect(categories).toContain(c);
    const variants = manifest.real.filter((r) => r.path.startsWith('real/'));
    expect(new Set(variants.map((r) => `${r.crlf}/${r.bom}/${r.mode.toString(8)}`)).size).toBeGreaterThanOrEqual(5);
  });

  it('is the same for the same seed', () => {
    const again = generateTree(7);
    try {
      const strip = (m: Manifest) => ({ ...m, root: '', outside: '', outsideFiles: [] });
      expect(strip(again.manifest)).toEqual(strip(manifest));
      const a = snapshot(path.join(again.manifest.root, 'garbage'));
      const b = snapshot(path.join(tree, 'garbage'));
      expect([...a].map(([k, v]) => [k, v.sha])).toEqual([...b].map(([k, v]) => [k, v.sha]));
    } finally {
      again.cleanup();
    }
  }, 120_000);
});

describe('hostile tree: scan', () => {
  it('refuses the 40 MB Dockerfile by its size, without reading it', () => {
    const started = performance.now();
    const read = readText(path.join(tree, manifest.big));
    expect(read.ok).toBe(false);
    // This message comes from the size check made before any byte is read.
    expect(!read.ok && read.message).toMatch(/^file is too large \(40\.0 MB, the limit is 5\.0 MB\); skipped — raise it with --max-file-size/);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('SARIF: finishes in time, valid, CG000 with relative paths for what cannot be read', async () => {
    const run = await cli(tree, 'scan', '.', '--format', 'sarif');
    expectClean(run, 'scan --format sarif');
    const log = JSON.parse(run.stdout);
    const validate = sarifValidator();
    if (validate) expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    sarifResults = log.runs[0].results;
    expect(sarifResults.length).toBeGreaterThan(1000);
    for (const r of sarifResults) {
      const uri = r.locations[0]!.physicalLocation.artifactLocation.uri;
      expect(uri, uri).not.toMatch(/^(\/|\.\/|\.\.\/|[a-z]+:)|\\/i);
      expect(uri).not.toContain(tree);
    }
    const cg000 = new Map<string, string[]>();
    for (const r of sarifResults.filter((x) => x.ruleId === 'CG000')) cg000.set(uriPath(r), [...(cg000.get(uriPath(r)) ?? []), r.message.text]);
    cg000Before = new Set(cg000.keys());
    for (const rel of manifest.expectCG000) expect(cg000.has(rel), `CG000 for ${rel}`).toBe(true);
    expect(cg000.get(manifest.big)!.join()).toMatch(/too large/);
    expect(cg000.get(manifest.tooComplex)!.join()).toMatch(/file too complex/);
    expect(cg000.get('bomb/compose.yaml')!.join()).toMatch(/alias expansion exceeds/);
    // A parser or rule that threw would say so in a CG000; none may.
    const crashes = [...cg000].filter(([, messages]) => messages.some((m) => /internal error|please report/i.test(m)));
    expect(crashes).toEqual([]);
    // Nothing from outside the tree, nothing ignored, no FIFO, no folder named like a file.
    const reported = new Set(sarifResults.map(uriPath));
    for (const rel of ['escape/Dockerfile', 'escape/compose.yaml', ...manifest.ignored, ...manifest.fifos, 'edge/dir-named/Dockerfile']) {
      expect(reported.has(rel), rel).toBe(false);
    }
    expect([...reported].filter((p) => p.startsWith('escape/outside-dir/') || p.startsWith('loop/inner/up/') || p.startsWith('loop/self-dir/'))).toEqual([]);
    // Real files deep down and under odd names are found and analysed.
    for (const { path: rel } of manifest.real) expect(reported.has(rel), rel).toBe(true);
    if (!isRoot()) expect(cg000.get(manifest.locked.file)!.join()).toMatch(/permission denied/);
  }, 120_000);

  it('text: finishes in time, relative paths only', async () => {
    const run = await cli(tree, 'scan', '.');
    expectClean(run, 'scan (text)');
    expect(run.stdout).not.toContain(tree);
    expect(run.stdout).toContain('garbage/g000/');
    if (!isRoot()) expect(run.stderr).toMatch(/locked-dir: cannot read the directory \(permission denied\); skipped/);
  }, 120_000);
});

describe('hostile tree: fix', () => {
  beforeAll(async () => {
    treeBeforeFix = snapshot(tree);
    fixRun = await cli(tree, 'scan', '.', '--fix', '--unsafe-fixes', '--format', 'json');
    treeAfterFix = snapshot(tree);
  }, 180_000);

  it('finishes in time, applies fixes, no crash', () => {
    expectClean(fixRun, 'scan --fix --unsafe-fixes');
    expect(fixRun.stderr).toMatch(/applied \d+ fixes in \d+ files/);
  });

  it('writes nothing outside the tree and leaves no temporary files', () => {
    const outsideAfter = snapshot(manifest.outside);
    expect([...outsideAfter.keys()]).toEqual([...outsideBefore.keys()]);
    for (const [rel, state] of outsideBefore) {
      expect(outsideAfter.get(rel)!.sha, rel).toBe(state.sha);
      expect(outsideAfter.get(rel)!.mtimeMs, rel).toBe(state.mtimeMs);
    }
    expect(readdirSync(path.dirname(tree)).sort()).toEqual(parentBefore);
    const stray = [...treeAfterFix.keys()].filter((rel) => /\.cguard-[^/]*\.tmp$/.test(rel) || !treeBeforeFix.has(rel));
    expect(stray).toEqual([]);
  });

  it('keeps symlinks links, and unreadable garbage byte for byte', () => {
    for (const [rel, state] of treeBeforeFix) {
      if (state.symlink) expect(treeAfterFix.get(rel)!.symlink, rel).toBe(true);
    }
    const untouchable = manifest.garbage.filter((g) => /binary|invalid-utf8/.test(g.category)).map((g) => g.path);
    expect(untouchable.length).toBeGreaterThan(50);
    for (const rel of [...untouchable, manifest.big, ...manifest.ignored]) expect(treeAfterFix.get(rel)!.sha, rel).toBe(treeBeforeFix.get(rel)!.sha);
  });

  it('fixes the realistic files and keeps their line endings, BOM and mode', () => {
    for (const real of manifest.real) {
      const abs = path.join(tree, real.path);
      expect(treeAfterFix.get(real.path)!.sha, `${real.path} was fixed`).not.toBe(treeBeforeFix.get(real.path)!.sha);
      const bytes = readFileSync(abs);
      const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
      expect(hasBom, `${real.path} BOM`).toBe(real.bom);
      const text = bytes.toString('utf8');
      const bareLf = (text.match(/(?<!\r)\n/g) ?? []).length;
      const crlf = (text.match(/\r\n/g) ?? []).length;
      if (real.crlf) expect([bareLf, crlf > 5], `${real.path} CRLF`).toEqual([0, true]);
      else expect(crlf, `${real.path} LF`).toBe(0);
      expect(modeOf(abs).toString(8), `${real.path} mode`).toBe(real.mode.toString(8));
    }
  });

  it('leaves files that still parse: no CG000 on a file that had none', async () => {
    const rescan = await cli(tree, 'scan', '.', '--format', 'json');
    expectClean(rescan, 'rescan after fix');
    const after = new Set<string>(JSON.parse(rescan.stdout).results.filter((r: { ruleId: string }) => r.ruleId === 'CG000').map((r: { file: string }) => r.file));
    expect([...after].filter((rel) => !cg000Before.has(rel))).toEqual([]);
  }, 120_000);

  it('a second fix run changes nothing', async () => {
    const second = await cli(tree, 'scan', '.', '--fix', '--unsafe-fixes');
    expectClean(second, 'second fix run');
    expect(second.stderr).not.toMatch(/applied \d+ fix/);
    expect(changedPaths(treeAfterFix, snapshot(tree))).toEqual([]);
  }, 180_000);
});

describe('hostile tree: worker threads (CGUARD_THREADS=2; the default from 10,000 files)', () => {
  it('scans as SARIF and text in time, with the same SARIF as one thread', async () => {
    const sarif = await runScript(bundle, tree, ['scan', '.', '--format', 'sarif'], { CGUARD_THREADS: '2' });
    expectClean(sarif, 'scan --format sarif on 2 threads');
    const oneThread = await cli(tree, 'scan', '.', '--format', 'sarif');
    expect(sarif.stdout).toBe(oneThread.stdout);
    expectClean(await runScript(bundle, tree, ['scan', '.'], { CGUARD_THREADS: '2' }), 'scan (text) on 2 threads');
  }, 300_000);
});

it('the outside file the links point at exists and is intact', () => {
  for (const file of manifest.outsideFiles) expect(existsSync(file)).toBe(true);
});
