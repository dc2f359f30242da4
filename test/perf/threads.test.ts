/**
 * Worker threads must not change the output: a generated tree scanned on 1 thread and on 3
 * gives byte-identical JSON and SARIF. The worker runs from an esbuild bundle of
 * src/scan-worker.ts, since vitest's TypeScript sources cannot be loaded by a Worker.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/policy/config.js';
import { settingFor } from '../../src/policy/policy.js';
import { formatJson } from '../../src/report/json.js';
import { formatSarif } from '../../src/report/sarif.js';
import { formatText, TextReport } from '../../src/report/text.js';
import { allRules } from '../../src/rules/index.js';
import { createAnalysisEnv, scan, scanFile, type ScanResult } from '../../src/scan.js';
import { discover, type DiscoveredFile } from '../../src/discover.js';
import { DEFAULT_MAX_FILE_SIZE } from '../../src/read.js';
import { compactOutcome, ParallelScan, type Retain } from '../../src/worker-pool.js';
import { generateTree, hasCorpus, REPO_ROOT } from './generated-tree.js';

let tree: string;
let workerScript: string;
let threeThreads: ScanResult | undefined;

beforeAll(async () => {
  // Small enough that a synchronous scan does not starve vitest's RPC on a loaded machine.
  tree = generateTree(105);
  // `../../policies/` from the bundle must be the repository's policies, as from dist/policy/.
  const bundleRoot = path.join(path.dirname(tree), 'bundle');
  mkdirSync(path.join(bundleRoot, 'a', 'b'), { recursive: true });
  symlinkSync(path.join(REPO_ROOT, 'policies'), path.join(bundleRoot, 'policies'));
  workerScript = path.join(bundleRoot, 'a', 'b', 'scan-worker.mjs');
  await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: ['src/scan-worker.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: workerScript,
    logLevel: 'error',
    banner: {
      js: [
        "import { createRequire as __cr } from 'node:module';",
        "import { dirname as __dn } from 'node:path';",
        "import { fileURLToPath as __fu } from 'node:url';",
        'const require = __cr(import.meta.url);',
        'const __filename = __fu(import.meta.url);',
        'const __dirname = __dn(__filename);',
      ].join('\n'),
    },
  });
}, 120_000);

afterAll(() => {
  if (tree) rmSync(path.dirname(tree), { recursive: true, force: true });
});

function scanWith(threads: number, retain: Retain = 'fixes'): ScanResult {
  const { policy } = loadPolicy({ cwd: tree, rules: allRules });
  return scan({
    cwd: tree,
    paths: ['.'],
    policy,
    rules: allRules,
    retain,
    parallel: { threads, minFiles: 1, workerScript, policySource: { cwd: tree } },
  });
}

function reports(result: ScanResult): { json: string; sarif: string } {
  const { policy } = loadPolicy({ cwd: tree, rules: allRules });
  const texts = new Map(result.files.map((f) => [f.path, f.source?.text]));
  const textOf = (p: string): string | undefined => texts.get(p);
  return {
    json: formatJson(result.findings, { filesScanned: result.files.length, textOf, includeSuppressed: true }),
    sarif: formatSarif(result.findings, {
      rules: allRules,
      customRules: policy.customRules,
      ruleTags: policy.ruleTags,
      levelOf: (id) => settingFor(policy, id, '').level,
      textOf,
      includeSuppressed: true,
    }),
  };
}

describe.skipIf(!hasCorpus)('scanning on worker threads', () => {
  it('gives byte-identical JSON and SARIF on 1 and 3 threads', () => {
    const one = scanWith(1);
    const three = (threeThreads = scanWith(3));
    expect(one.files.length).toBeGreaterThan(80);
    expect(three.files.map((f) => f.path)).toEqual(one.files.map((f) => f.path));
    const a = reports(one);
    const b = reports(three);
    expect(b.json).toBe(a.json);
    expect(b.sarif).toBe(a.sarif);
  }, 120_000);

  it('streams the text report file by file, keeping nothing, the same on 1 and 3 threads', () => {
    const { policy } = loadPolicy({ cwd: tree, rules: allRules });
    const whole = scanWith(1);
    const expected = formatText(whole.files.flatMap((f) => f.findings), { color: false, filesScanned: whole.files.length });
    for (const threads of [1, 3]) {
      const chunks: string[] = [];
      const report = new TextReport(false, (chunk) => chunks.push(chunk));
      const seen: string[] = [];
      const streamed = scan({
        cwd: tree,
        paths: ['.'],
        policy,
        rules: allRules,
        retain: 'findings',
        parallel: { threads, minFiles: 1, workerScript, policySource: { cwd: tree } },
        onOutcome: (outcome) => {
          seen.push(outcome.path);
          report.add(outcome.findings);
        },
      });
      expect([streamed.files, streamed.findings]).toEqual([[], []]);
      expect(seen).toEqual(whole.files.map((f) => f.path));
      report.finish(streamed.fileCount);
      expect(chunks.join('')).toBe(expected);
    }
  }, 120_000);

  it('keeps no file text, and fixes as plain edits that carry their line and column', () => {
    const result = threeThreads ?? scanWith(3);
    let edits = 0;
    for (const file of result.files) {
      expect(file.source).toBeUndefined();
      for (const f of file.findings) {
        if (!f.fix) continue;
        expect(Object.getOwnPropertyDescriptor(f.fix, 'edits')?.get).toBeUndefined();
        for (const e of f.fix.edits) expect(e.at, `${f.ruleId} ${f.path}`).toBeDefined();
        edits += f.fix.edits.length;
      }
    }
    expect(edits).toBeGreaterThan(50);
    // The same reports as from every file's text (what --fix runs keep).
    const all = scanWith(1, 'all');
    expect(reports(result)).toEqual(reports(all));
    expect(compactOutcome(undefined, 'findings')).toBeUndefined();
  }, 120_000);

  it('starts workers while the walk goes on, and still gives the tree-wide facts found last', () => {
    // Workers start at the first file (minFiles 1) and scan Quadlet units and compose files before
    // the walk reaches zz/etc/systemd/journald.conf (CG209) and before the units that start the
    // compose files are linked: the outcomes must still be those of one thread.
    const root = mkdtempSync(path.join(tmpdir(), 'cguard-stream-'));
    try {
      for (let i = 0; i < 60; i++) {
        const dir = path.join(root, `p${String(i).padStart(2, '0')}`);
        mkdirSync(dir);
        writeFileSync(path.join(dir, 'app.container'), `[Container]\nImage=nginx:1.27\n# ${i}\n`);
        writeFileSync(path.join(dir, 'compose.yaml'), `services:\n  web${i}:\n    image: nginx:1.27\n    logging:\n      driver: journald\n`);
        writeFileSync(path.join(dir, 'app.service'), '[Service]\nWorkingDirectory=/srv/app\nExecStart=/usr/bin/docker compose up\n');
      }
      mkdirSync(path.join(root, 'zz', 'etc', 'systemd'), { recursive: true });
      writeFileSync(path.join(root, 'zz', 'etc', 'systemd', 'journald.conf'), '[Journal]\nStorage=persistent\n');
      const { policy } = loadPolicy({ cwd: root, rules: allRules });
      const run = (threads: number): string => {
        const result = scan({ cwd: root, paths: ['.'], policy, rules: allRules, retain: 'fixes', parallel: { threads, minFiles: 1, workerScript, policySource: { cwd: root } } });
        return formatJson(result.findings, { filesScanned: result.files.length, textOf: () => undefined, includeSuppressed: true });
      };
      const one = run(1);
      expect(one.match(/"ruleId": "CG209"/g)?.length).toBe(120);
      expect(one.match(/\(started by p\d\d\/app\.service\)/g)?.length).toBeGreaterThanOrEqual(120);
      expect(run(3)).toBe(one);

      // The pool itself, with workers that have scanned every file before the facts arrive: what
      // they made without journald.conf is made again, for the files that hold containers.
      const files = discover({ cwd: root, paths: ['.'] }).files.filter((f) => f.kind !== 'journald');
      const journald = scan({ cwd: root, paths: ['zz'], policy, rules: allRules }).hostJournald;
      expect(journald).toBeDefined();
      const env = { ...createAnalysisEnv(policy, allRules), hostJournald: journald };
      const scanOne = (file: DiscoveredFile) => compactOutcome(scanFile(file, env, DEFAULT_MAX_FILE_SIZE), 'fixes');
      const pool = new ParallelScan(files, 3, { minFiles: 1, workerScript, policySource: { cwd: root } }, { maxFileSize: DEFAULT_MAX_FILE_SIZE, retain: 'fixes', fingerprints: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2_000);
      pool.close({ hostJournald: journald });
      const outcomes: string[] = [];
      pool.run(scanOne, (outcome) => outcomes.push(JSON.stringify(outcome)), (outcome) => outcome.kind !== 'dockerfile');
      expect(outcomes).toEqual(files.map((file) => JSON.stringify(scanOne(file))));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});
