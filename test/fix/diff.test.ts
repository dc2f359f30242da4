import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeBlocks, quotePath, splitLines, unifiedDiff } from '../../src/fix/diff.js';

const lines = (...items: string[]): string => items.map((l) => `${l}\n`).join('');
const numbered = (n: number, from = 1): string[] => Array.from({ length: n }, (_, i) => `line ${i + from}`);

/** A patch applier independent of the diff code: strict about context, like `git apply`. */
function applyPatch(before: string, patch: string): string {
  const old = before.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const rows = patch.match(/[^\n]*\n/g) ?? [];
  const out: string[] = [];
  let oldIndex = 0;
  let r = 0;
  while (r < rows.length && !rows[r]!.startsWith('@@')) r++;
  while (r < rows.length) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@\n$/.exec(rows[r++]!);
    if (!header) throw new Error(`bad hunk header: ${rows[r - 1]}`);
    const count = header[2] === undefined ? 1 : Number(header[2]);
    const start = count === 0 ? Number(header[1]) : Number(header[1]) - 1;
    while (oldIndex < start) out.push(old[oldIndex++]!);
    while (r < rows.length && !rows[r]!.startsWith('@@')) {
      const row = rows[r++]!;
      let content = row.slice(1);
      if (rows[r] === '\\ No newline at end of file\n') {
        content = content.slice(0, -1);
        r++;
      }
      if (row[0] === '+') {
        out.push(content);
      } else {
        if (old[oldIndex] !== content) throw new Error(`context mismatch at old line ${oldIndex + 1}`);
        if (row[0] === ' ') out.push(content);
        oldIndex++;
      }
    }
  }
  while (oldIndex < old.length) out.push(old[oldIndex++]!);
  return out.join('');
}

describe('unifiedDiff', () => {
  const cases: Array<{ name: string; before: string; after: string; bom?: boolean; context?: number; diff: string }> = [
    { name: 'equal texts', before: lines('a', 'b'), after: lines('a', 'b'), diff: '' },
    { name: 'both empty', before: '', after: '', diff: '' },
    {
      name: 'a change in the middle',
      before: lines(...numbered(10)),
      after: lines(...numbered(4), 'changed', ...numbered(5, 6)),
      diff: '@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+changed\n line 6\n line 7\n line 8\n',
    },
    {
      name: 'an insertion at the start',
      before: lines('a', 'b', 'c', 'd', 'e'),
      after: lines('new', 'a', 'b', 'c', 'd', 'e'),
      diff: '@@ -1,3 +1,4 @@\n+new\n a\n b\n c\n',
    },
    {
      name: 'a deletion at the end',
      before: lines('a', 'b', 'c', 'd', 'e'),
      after: lines('a', 'b', 'c', 'd'),
      diff: '@@ -2,4 +2,3 @@\n b\n c\n d\n-e\n',
    },
    { name: 'from empty', before: '', after: lines('a', 'b'), diff: '@@ -0,0 +1,2 @@\n+a\n+b\n' },
    { name: 'to empty', before: lines('a'), after: '', diff: '@@ -1 +0,0 @@\n-a\n' },
    {
      name: 'no newline at end, on both sides',
      before: 'a\nb',
      after: 'a\nc',
      diff: '@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n',
    },
    { name: 'adding the final newline', before: 'a\nb', after: 'a\nb\n', diff: '@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n' },
    {
      name: 'CRLF lines keep their CR',
      before: 'FROM a\r\nUSER root\r\n',
      after: 'FROM a\r\nUSER app\r\n',
      diff: '@@ -1,2 +1,2 @@\n FROM a\r\n-USER root\r\n+USER app\r\n',
    },
    {
      name: 'a BOM stays on the first line of both sides',
      before: 'a\nb\n',
      after: 'a\nc\n',
      bom: true,
      diff: '@@ -1,2 +1,2 @@\n \uFEFFa\n-b\n+c\n',
    },
    {
      name: 'changes 6 lines apart share a hunk',
      before: lines(...numbered(12)),
      after: lines('x', ...numbered(6, 2), 'y', ...numbered(4, 9)),
      diff: '@@ -1,11 +1,11 @@\n-line 1\n+x\n line 2\n line 3\n line 4\n line 5\n line 6\n line 7\n-line 8\n+y\n line 9\n line 10\n line 11\n',
    },
    {
      name: 'changes 7 lines apart get two hunks',
      before: lines(...numbered(12)),
      after: lines('x', ...numbered(7, 2), 'y', ...numbered(3, 10)),
      diff: '@@ -1,4 +1,4 @@\n-line 1\n+x\n line 2\n line 3\n line 4\n@@ -6,7 +6,7 @@\n line 6\n line 7\n line 8\n-line 9\n+y\n line 10\n line 11\n line 12\n',
    },
    { name: 'context 0', before: lines('a', 'b', 'c'), after: lines('a', 'x', 'c'), context: 0, diff: '@@ -2 +2 @@\n-b\n+x\n' },
    { name: 'context 0, pure insertion', before: lines('a', 'b'), after: lines('a', 'x', 'b'), context: 0, diff: '@@ -1,0 +2 @@\n+x\n' },
  ];
  it.each(cases)('$name', ({ before, after, bom, context, diff }) => {
    const header = 'diff --git a/dir/Dockerfile b/dir/Dockerfile\n--- a/dir/Dockerfile\n+++ b/dir/Dockerfile\n';
    expect(unifiedDiff('dir/Dockerfile', before, after, { bom, context })).toBe(diff === '' ? '' : header + diff);
  });

  it('quotes paths as git does', () => {
    expect(quotePath('a/compose.yml')).toBe('a/compose.yml');
    expect(quotePath('a/my app/compose.yml')).toBe('a/my app/compose.yml');
    expect(quotePath('a/tést.yml')).toBe('"a/t\\303\\251st.yml"');
    expect(quotePath('a/x"y\\z')).toBe('"a/x\\"y\\\\z"');
    expect(quotePath('a/evil\n+++ b/etc/passwd')).toBe('"a/evil\\n+++ b/etc/passwd"');
    expect(unifiedDiff('t\té', 'a\n', 'b\n').split('\n').slice(0, 3)).toEqual([
      'diff --git "a/t\\t\\303\\251" "b/t\\t\\303\\251"',
      '--- "a/t\\t\\303\\251"',
      '+++ "b/t\\t\\303\\251"',
    ]);
  });

  it('splits lines keeping their terminators', () => {
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a')).toEqual(['a']);
    expect(splitLines('a\r\nb\n\nc')).toEqual(['a\r\n', 'b\n', '\n', 'c']);
  });
});

describe('changeBlocks', () => {
  /** Length of a longest common subsequence, by dynamic programming (small inputs only). */
  const lcs = (a: string[], b: string[]): number => {
    const row = new Array<number>(b.length + 1).fill(0);
    for (const x of a) {
      let diagonal = 0;
      for (let j = 1; j <= b.length; j++) {
        const above = row[j]!;
        row[j] = x === b[j - 1] ? diagonal + 1 : Math.max(above, row[j - 1]!);
        diagonal = above;
      }
    }
    return row[b.length]!;
  };
  const lineArray = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'unique'), { maxLength: 25 });

  it('finds a minimal edit script', () => {
    fc.assert(
      fc.property(lineArray, lineArray, (a, b) => {
        const blocks = changeBlocks(a, b);
        const edits = blocks.reduce((n, c) => n + (c.aEnd - c.aStart) + (c.bEnd - c.bStart), 0);
        expect(edits).toBe(a.length + b.length - 2 * lcs(a, b));
        // Blocks are separated by equal lines.
        let i = 0;
        let j = 0;
        for (const block of blocks) {
          expect(block.aStart - i).toBe(block.bStart - j);
          for (; i < block.aStart; i++, j++) expect(a[i]).toBe(b[j]);
          i = block.aEnd;
          j = block.bEnd;
        }
        expect(a.slice(i)).toEqual(b.slice(j));
      }),
      { numRuns: 1000 },
    );
  });

  it('is fast on 10k-line files', () => {
    const big = numbered(10_000);
    const edited = big.map((line, i) => (i % 1000 === 500 ? `${line} changed` : line));
    edited.splice(7000, 0, 'inserted');
    let started = performance.now();
    expect(changeBlocks(big, edited)).toHaveLength(11);
    expect(performance.now() - started).toBeLessThan(500);

    started = performance.now();
    expect(changeBlocks(big, numbered(10_000, 20_001))).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(500);

    // Many repeated lines and a large edit distance: the O(ND) search itself.
    const repetitive = Array.from({ length: 10_000 }, (_, i) => ['{', '}', '', 'x'][(i * 7919) % 4]!);
    const shuffled = Array.from({ length: 10_000 }, (_, i) => ['{', '}', '', 'x'][(i * 104_729) % 5 % 4]!);
    started = performance.now();
    changeBlocks(repetitive, shuffled);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('unifiedDiff with git apply', () => {
  let repo: string;
  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'cguard-diff-'));
    execFileSync('git', ['init', '-q'], { cwd: repo });
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  /** Write `before` (with a BOM when asked), apply the patch with git, return the bytes. */
  const gitApply = (path: string, before: string, after: string, bom = false): string => {
    const file = join(repo, path);
    writeFileSync(file, (bom ? '\uFEFF' : '') + before);
    const patch = unifiedDiff(path, before, after, { bom });
    writeFileSync(join(repo, 'fix.patch'), patch);
    const git = ['-c', 'core.autocrlf=false', 'apply'];
    execFileSync('git', [...git, '--check', 'fix.patch'], { cwd: repo, stdio: 'pipe' });
    execFileSync('git', [...git, 'fix.patch'], { cwd: repo, stdio: 'pipe' });
    return readFileSync(file, 'utf8');
  };

  const cases: Array<{ name: string; before: string; after: string; bom?: boolean; path?: string }> = [
    { name: 'insertions', before: lines(...numbered(20)), after: lines(...numbered(10), 'cap_drop: [ALL]', ...numbered(10, 11)) },
    { name: 'deletions', before: lines(...numbered(20)), after: lines(...numbered(9), ...numbered(10, 11)) },
    { name: 'change at the start', before: lines(...numbered(8)), after: lines('FROM x@sha256:00', ...numbered(7, 2)) },
    { name: 'change at the end', before: lines(...numbered(8)), after: lines(...numbered(7), 'USER app') },
    { name: 'no final newline before', before: 'a\nb\nc', after: 'a\nb\nc\nd\n' },
    { name: 'no final newline after', before: 'a\nb\n', after: 'a\nx' },
    { name: 'no final newline on either side', before: 'a\nb\nc', after: 'a\nB\nc' },
    { name: 'CRLF file', before: 'FROM a\r\nRUN x\r\nUSER root\r\n', after: 'FROM a\r\nRUN x\r\nUSER app\r\nHEALTHCHECK NONE\r\n' },
    { name: 'BOM file', before: 'a\nb\nc\n', after: 'a\nb\nc\nd\n', bom: true },
    { name: 'BOM file, first line changed', before: 'services:\n  a: {}\n', after: 'version: "3"\nservices:\n  a: {}\n', bom: true },
    { name: 'multiple hunks', before: lines(...numbered(40)), after: lines('x', ...numbered(19, 2), 'y', ...numbered(19, 22), 'z') },
    { name: 'unicode text', before: lines('# 日本語', 'image: café', '😀'), after: lines('# 日本語', 'image: café:1', '😀') },
    { name: 'a path with spaces', before: 'a\n', after: 'b\n', path: 'compose file.yml' },
    { name: 'a path with unicode and a quote', before: 'a\n', after: 'b\n', path: 'my "dir" é.yml' },
    { name: 'from empty', before: '', after: 'a\n' },
    { name: 'to empty', before: 'a\nb\n', after: '' },
  ];
  it.each(cases)('$name', ({ before, after, bom, path }) => {
    expect(gitApply(path ?? 'file.txt', before, after, bom)).toBe((bom ? '\uFEFF' : '') + after);
  });

  const text = fc
    .tuple(fc.array(fc.constantFrom('a', 'b', 'c', 'é', '  x: 1', ''), { maxLength: 15 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
    .map(([items, eol, finalEol]) => items.map((l) => l + eol).join('') + (finalEol || items.length === 0 ? '' : 'last'));

  it('round-trips random texts through git apply', () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        if (before === after) return;
        expect(gitApply('random.txt', before, after)).toBe(after);
      }),
      { numRuns: 30 },
    );
  });

  it('round-trips random texts through a strict patch applier', () => {
    fc.assert(
      fc.property(text, text, fc.integer({ min: 0, max: 4 }), (before, after, context) => {
        expect(applyPatch(before, unifiedDiff('f', before, after, { context }))).toBe(after);
      }),
      { numRuns: 2000 },
    );
  });
});
