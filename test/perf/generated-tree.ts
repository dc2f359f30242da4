/** A small generated tree (scripts/gen-large-tree.mjs) from the shared corpus, for the scale tests. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CORPUS = fileURLToPath(new URL('../../../shared/corpus', import.meta.url));
export const hasCorpus = existsSync(CORPUS);

export function generateTree(count: number, seed = 7): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'cguard-perf-')), 'tree');
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'gen-large-tree.mjs'), dir, '--count', String(count), '--seed', String(seed), '--corpus', CORPUS]);
  return dir;
}
