/**
 * The pre-commit hooks, end to end with the real `pre-commit`: it installs this repository as
 * a Node package (running `prepare`, the TypeScript build) and runs the hooks on a project.
 * Slow (an npm install inside pre-commit), so skipped where `pre-commit` or `git` is missing.
 *
 * pre-commit installs from a git revision, and the working tree may hold changes not yet in
 * HEAD, so the hook repository is a temporary commit of the working tree (what git would
 * commit: tracked and untracked files, not ignored ones such as node_modules and dist).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitAll, git, GIT_ENV, hasGit, tempRepo, writeFiles } from '../action/git-repo.js';

const INSTALL_TIMEOUT = 300_000;

function hasPreCommit(): boolean {
  try {
    execFileSync('pre-commit', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Copy the working tree of the repository this test lives in into a new repo, and commit it. */
function snapshotWorkingTree(): { repo: string; sha: string } {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const top = git(here, 'rev-parse', '--show-toplevel').trim();
  const files = git(top, 'ls-files', '-z', '--cached', '--others', '--exclude-standard').split('\0').filter(Boolean);
  const repo = tempRepo('cguard-hook-repo-');
  for (const rel of files) {
    const from = path.join(top, rel);
    if (!existsSync(from)) continue; // deleted in the working tree, not yet committed
    mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
    copyFileSync(from, path.join(repo, rel));
  }
  return { repo, sha: commitAll(repo, 'snapshot of the working tree') };
}

describe.skipIf(!hasGit() || !hasPreCommit())('pre-commit hooks', () => {
  let hookRepo: { repo: string; sha: string };
  let project: string;
  let preCommitHome: string;

  beforeAll(() => {
    hookRepo = snapshotWorkingTree();
    preCommitHome = realpathSync(mkdtempSync(path.join(tmpdir(), 'cguard-pre-commit-home-')));
    project = tempRepo('cguard-pre-commit-project-');
    writeFiles(project, {
      '.pre-commit-config.yaml': [
        'repos:',
        `  - repo: ${hookRepo.repo}`,
        `    rev: ${hookRepo.sha}`,
        '    hooks:',
        '      - id: cguard',
        '      - id: cguard-systemd',
        '',
      ].join('\n'),
      // Not a compose file: the hook receives it and must skip it without a word.
      '.github/labels.yml': '- name: bug\n  color: d73a4a\n',
    });
  });
  afterAll(() => {
    for (const dir of [hookRepo?.repo, project, preCommitHome]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function preCommit(...args: string[]): { code: number | null; output: string } {
    git(project, 'add', '-A');
    const result = spawnSync('pre-commit', ['run', '--all-files', '--color', 'never', ...args], {
      cwd: project,
      env: { ...GIT_ENV, PRE_COMMIT_HOME: preCommitHome },
      encoding: 'utf8',
      timeout: INSTALL_TIMEOUT,
    });
    if (result.error) throw result.error;
    return { code: result.status, output: `${result.stdout}${result.stderr}` };
  }

  it(
    'fails on a Dockerfile whose final stage runs as root, naming CG001',
    () => {
      writeFiles(project, { Dockerfile: 'FROM alpine:3.20\nCMD ["sleep", "infinity"]\n' });
      const { code, output } = preCommit('cguard');
      expect(output).toMatch(/cguard \(Dockerfiles and Compose files\)\.+Failed/);
      expect(output).toContain('CG001');
      expect(output).toContain('Dockerfile');
      expect(output).not.toContain('labels.yml');
      expect(code).toBe(1);
    },
    INSTALL_TIMEOUT,
  );

  it(
    'passes on a clean Dockerfile and a non-compose YAML file',
    () => {
      writeFiles(project, { Dockerfile: 'FROM alpine:3.20\nUSER 65532:65532\nCMD ["sleep", "infinity"]\n' });
      const { code, output } = preCommit('cguard');
      expect(output).toMatch(/cguard \(Dockerfiles and Compose files\)\.+Passed/);
      expect(code).toBe(0);
    },
    INSTALL_TIMEOUT,
  );

  it(
    'checks systemd units with cguard-systemd and leaves them to it alone',
    () => {
      writeFiles(project, {
        'deploy/web.service': [
          '[Unit]',
          'Description=web',
          '',
          '[Service]',
          'ExecStart=/usr/bin/docker run --rm --name web --privileged nginx:1.27',
          'Restart=always',
          '',
        ].join('\n'),
      });
      const systemd = preCommit('cguard-systemd');
      expect(systemd.output).toMatch(/cguard \(systemd and Quadlet units\)\.+Failed/);
      expect(systemd.output).toContain('deploy/web.service');
      expect(systemd.code).toBe(1);
      const dockerfiles = preCommit('cguard');
      expect(dockerfiles.output).toMatch(/cguard \(Dockerfiles and Compose files\)\.+Passed/);
      rmSync(path.join(project, 'deploy'), { recursive: true });
    },
    INSTALL_TIMEOUT,
  );

  it(
    'cguard-fix applies safe fixes and fails because it changed a file',
    () => {
      writeFileSync(
        path.join(project, '.pre-commit-config.yaml'),
        readFileSync(path.join(project, '.pre-commit-config.yaml'), 'utf8') + '      - id: cguard-fix\n',
      );
      const compose = 'services:\n  web:\n    image: nginx:1.27\n';
      writeFiles(project, { 'compose.yaml': compose });
      const { output } = preCommit('cguard-fix');
      expect(output).toMatch(/cguard --fix \(safe fixes\)\.+Failed/);
      expect(output).toContain('files were modified by this hook');
      expect(readFileSync(path.join(project, 'compose.yaml'), 'utf8')).not.toBe(compose);
      expect(readFileSync(path.join(project, 'compose.yaml'), 'utf8')).toContain('max-size');
    },
    INSTALL_TIMEOUT,
  );
});
