import { rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { changedFilesBetween, changedFilesSince, GitError } from '../../src/git.js';
import { commitAll, git, hasGit, tempRepo, writeFiles } from '../action/git-repo.js';

const ROOT = 'FROM alpine:3.20\nRUN echo hi\n';

/**
 * base:  modified/, renamed-from/, deleted/, unchanged/, dirty/ (one Dockerfile each)
 * head:  added/ new, modified/ edited, renamed-from/ → renamed-to/, deleted/ removed
 * tree:  dirty/ edited but not committed, untracked/ new and not added, ignored/ new and .gitignored
 */
describe.skipIf(!hasGit())('--changed-since', () => {
  let dir: string;
  let base: string;
  let head: string;

  beforeAll(() => {
    dir = tempRepo('cguard-changed-');
    writeFiles(dir, {
      '.gitignore': 'ignored/\n',
      'modified/Dockerfile': ROOT,
      'renamed-from/Dockerfile': ROOT,
      'deleted/Dockerfile': ROOT,
      'unchanged/Dockerfile': ROOT,
      'dirty/Dockerfile': ROOT,
    });
    base = commitAll(dir, 'base');
    writeFiles(dir, { 'added/Dockerfile': ROOT, 'modified/Dockerfile': `${ROOT}RUN echo more\n` });
    git(dir, 'mv', 'renamed-from', 'renamed-to');
    git(dir, 'rm', '-q', 'deleted/Dockerfile');
    head = commitAll(dir, 'head');
    writeFiles(dir, { 'dirty/Dockerfile': `${ROOT}# edited\n`, 'untracked/Dockerfile': ROOT, 'ignored/Dockerfile': ROOT });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const rel = (files: Set<string>): string[] => [...files].map((f) => path.relative(dir, f)).sort();

  it('lists added, modified, renamed, uncommitted and untracked files, not deleted or ignored ones', () => {
    expect(rel(changedFilesSince(base, dir))).toEqual([
      'added/Dockerfile',
      'dirty/Dockerfile',
      'modified/Dockerfile',
      'renamed-to/Dockerfile',
      'untracked/Dockerfile',
    ]);
  });

  it('answers from a subfolder with paths from the repository root', () => {
    expect(rel(changedFilesSince(base, path.join(dir, 'unchanged')))).toContain('renamed-to/Dockerfile');
  });

  it('between two commits lists only committed changes', () => {
    expect(rel(changedFilesBetween(base, head, dir))).toEqual(['added/Dockerfile', 'modified/Dockerfile', 'renamed-to/Dockerfile']);
  });

  it('refuses a ref that looks like an option', () => {
    expect(() => changedFilesSince('--output=/tmp/x', dir)).toThrow(GitError);
    expect(() => changedFilesBetween(base, '-p', dir)).toThrow(GitError);
  });

  function cli(args: string[], cwd = dir): { code: number; stdout: string; stderr: string } {
    const out: string[] = [];
    const err: string[] = [];
    const code = runCli(args, { cwd, stdout: (s) => out.push(s), stderr: (s) => err.push(s), isTTY: false, env: {} });
    return { code, stdout: out.join(''), stderr: err.join('') };
  }

  it('scans only the changed files', () => {
    const { code, stdout, stderr } = cli(['scan', '--changed-since', base, '--format', 'json']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const files = [...new Set((JSON.parse(stdout) as { results: Array<{ file: string; ruleId: string }> }).results.filter((r) => r.ruleId === 'CG001').map((r) => r.file))].sort();
    expect(files).toEqual(['added/Dockerfile', 'dirty/Dockerfile', 'modified/Dockerfile', 'renamed-to/Dockerfile', 'untracked/Dockerfile']);
  });

  it('scans nothing and exits 0 when nothing changed since HEAD in the scanned path', () => {
    const { code, stdout } = cli(['scan', 'unchanged', '--changed-since', 'HEAD', '--format', 'json']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { results: unknown[] }).results).toEqual([]);
  });

  it('fails with one line and exit 2 on an unknown ref', () => {
    const { code, stdout, stderr } = cli(['scan', '--changed-since', 'no-such-ref']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^cguard: .*no-such-ref.*\n$/);
    expect(stderr.split('\n').length).toBe(2);
  });

  it('fails with exit 2 outside a git repository', () => {
    const outside = path.dirname(dir);
    const { code, stderr } = cli(['scan', path.join(dir, 'unchanged'), '--changed-since', 'HEAD'], outside);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^cguard: .*not a git repository/i);
  });

  it('leaves out a tracked file deleted in the working tree but not committed', () => {
    unlinkSync(path.join(dir, 'unchanged/Dockerfile'));
    try {
      expect(rel(changedFilesSince(base, dir))).toEqual(['added/Dockerfile', 'dirty/Dockerfile', 'modified/Dockerfile', 'renamed-to/Dockerfile', 'untracked/Dockerfile']);
    } finally {
      writeFileSync(path.join(dir, 'unchanged/Dockerfile'), ROOT);
    }
  });
});
