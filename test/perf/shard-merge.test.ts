/**
 * `--shard I/N` then `cguard merge-sarif` is one full scan split over machines: shards 1/3, 2/3
 * and 3/3 of a generated tree, merged, carry exactly the results of one full scan.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as Sarif from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { generateTree, hasCorpus } from './generated-tree.js';

let tree: string;
let out: string;

beforeAll(() => {
  tree = generateTree(90, 11);
  out = mkdtempSync(path.join(tmpdir(), 'cguard-shards-'));
}, 120_000);

afterAll(() => {
  if (tree) rmSync(path.dirname(tree), { recursive: true, force: true });
  if (out) rmSync(out, { recursive: true, force: true });
});

function cli(args: string[]): number {
  const stderr: string[] = [];
  const code = runCli(args, { cwd: tree, stdout: () => {}, stderr: (s) => stderr.push(s), isTTY: false, env: {} });
  expect(stderr.join('')).toBe('');
  return code;
}

const sarif = (file: string): Sarif.Log => JSON.parse(readFileSync(file, 'utf8')) as Sarif.Log;

/** A result as it reads, with ruleIndex resolved to the rule id (indexes differ between logs). */
function results(log: Sarif.Log): string[] {
  const run = log.runs[0]!;
  return (run.results ?? []).map((r) => JSON.stringify({ ...r, ruleIndex: run.tool.driver.rules?.[r.ruleIndex ?? -1]?.id })).sort();
}

describe.skipIf(!hasCorpus)('--shard and merge-sarif', () => {
  it('shards 1/3, 2/3, 3/3 merged give the results of one full scan', () => {
    cli(['scan', '--format', 'sarif', '--fail-on', 'never', '-o', path.join(out, 'full.sarif'), '.']);
    const shards = [1, 2, 3].map((i) => path.join(out, `shard-${i}.sarif`));
    shards.forEach((file, k) => cli(['scan', '--format', 'sarif', '--fail-on', 'never', '--shard', `${k + 1}/3`, '-o', file, '.']));
    cli(['merge-sarif', '-o', path.join(out, 'merged.sarif'), ...shards]);

    const full = sarif(path.join(out, 'full.sarif'));
    const merged = sarif(path.join(out, 'merged.sarif'));
    const perShard = shards.map((file) => results(sarif(file)).length);
    expect(perShard.every((n) => n > 0)).toBe(true);
    expect(perShard.reduce((a, b) => a + b, 0)).toBe(results(full).length);
    expect(results(merged)).toEqual(results(full));
    expect(merged.runs).toHaveLength(1);
    expect(merged.runs[0]!.tool.driver.rules?.map((r) => r.id)).toEqual(full.runs[0]!.tool.driver.rules?.map((r) => r.id));
  }, 120_000);
});
