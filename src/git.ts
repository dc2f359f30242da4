/** The git questions cguard asks: which files changed since a ref. Arguments are passed as argv, never through a shell. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export class GitError extends Error {}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new GitError('cannot run git: it is not installed or not on the PATH — install git');
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    throw new GitError(stderr || (error as Error).message);
  }
}

/**
 * Absolute paths of files added, copied, modified or renamed between `ref` and the working
 * tree, plus untracked files that are not ignored (new files not yet added are changes too).
 * Deleted files are left out.
 */
export function changedFilesSince(ref: string, cwd: string): Set<string> {
  if (ref.startsWith('-')) throw new GitError(`--changed-since '${ref}' is not a git ref — name a commit, branch or tag`);
  const top = withHint(() => git(cwd, ['rev-parse', '--show-toplevel']), `--changed-since needs a git repository — run cguard inside one, or leave out --changed-since`).trim();
  const changed = withHint(
    () => git(cwd, ['diff', '--name-only', '--no-renames', '--diff-filter=ACMRT', '-z', ref, '--']),
    `--changed-since '${ref}' is not a commit in this repository — fetch it (in CI: a full clone, such as fetch-depth: 0) or name an existing commit, branch or tag`,
  );
  const untracked = git(cwd, ['ls-files', '--others', '--exclude-standard', '-z', '--full-name']);
  const files = new Set<string>();
  for (const rel of [...changed.split('\0'), ...untracked.split('\0')]) {
    if (rel) files.add(path.resolve(top, rel));
  }
  return files;
}

/** Run a git step; on failure, one line: what cguard needed and what to do, then git's own words. */
function withHint(step: () => string, hint: string): string {
  try {
    return step();
  } catch (error) {
    if (!(error instanceof GitError) || error.message.startsWith('cannot run git')) throw error;
    throw new GitError(`${hint} (git: ${error.message.replace(/^fatal:\s*/, '')})`);
  }
}

/** Files changed between two commits (for pull requests: base...head). */
export function changedFilesBetween(base: string, head: string, cwd: string): Set<string> {
  for (const ref of [base, head]) if (ref.startsWith('-')) throw new GitError(`'${ref}' is not a git ref`);
  const top = git(cwd, ['rev-parse', '--show-toplevel']).trim();
  const changed = git(cwd, ['diff', '--name-only', '--no-renames', '--diff-filter=ACMRT', '-z', `${base}...${head}`, '--']);
  const files = new Set<string>();
  for (const rel of changed.split('\0')) if (rel) files.add(path.resolve(top, rel));
  return files;
}
