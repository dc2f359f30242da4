/**
 * Worker threads must not change the output: a generated tree scanned on 1 thread and on 3
 * gives byte-identical JSON and SARIF. The worker runs from an esbuild bundle of
 * src/scan-worker.ts, since vitest's TypeScript sources cannot be loaded by a Worker.
 */
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/policy/config.js';
import { settingFor } from '../../src/policy/policy.js';
import { formatJson } from '../../src/report/json.js';
import { formatSarif } from '../../src/report/sarif.js';
import { formatText, TextReport } from '../../src/report/text.js';
import { allRules } from '../../src/rules/index.js';
import { scan, type ScanResult } from '../../src/scan.js';
import { compactOutcome, type Retain } from '../../src/worker-pool.js';
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
});
