/**
 * The pre-commit hooks, end to end with the real `pre-commit`: it installs this repository as
 * a Node package (running `prepare`, the TypeScript build) and runs the hooks on a project.
 * Slow (an npm install inside pre-commit), so skipped where `pre-commit` or `git` is missing.
 *
 * pre-commit installs from a git revision, and the working tree may hold changes not yet in
 * HEAD, so the hook repository is a temporary commit of the working tree (what git would
 * commit: tracked and untracked files, not ignored ones such as node_modules and dist).
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../../src/cli.js';
import { REPO_ROOT } from '../action/action-fixture.js';
import { commitAll, git, GIT_ENV, hasGit, tempRepo, writeFiles } from '../action/git-repo.js';

/** The first hook run installs the environment: two npm installs and a TypeScript build. */
const INSTALL_TIMEOUT = 600_000;

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

interface ManifestHook {
  id: string;
  name: string;
  entry: string;
  language: string;
  files?: string;
  types?: string[];
  types_or?: string[];
}

/** pre-commit matches `files` with Python's re.search; this repo's patterns use only `(?i)` beyond JS syntax. */
function pythonSearch(pattern: string, file: string): boolean {
  const caseless = pattern.startsWith('(?i)');
  return new RegExp(caseless ? pattern.slice(4) : pattern, caseless ? 'i' : '').test(file);
}

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as ManifestHook[];
  const byId = new Map(hooks.map((h) => [h.id, h]));

  it('declares the three hooks with the keys pre-commit requires', () => {
    expect(hooks.map((h) => [h.id, h.entry, h.language])).toEqual([
      ['cguard', 'cguard scan', 'node'],
      ['cguard-systemd', 'cguard scan', 'node'],
      ['cguard-fix', 'cguard scan --fix', 'node'],
    ]);
    for (const hook of hooks) expect(hook.name).toMatch(/^cguard/);
    expect(byId.get('cguard')!.types_or).toEqual(['dockerfile', 'yaml']);
    expect(byId.get('cguard-systemd')!.types).toEqual(['text']);
  });

  it.each([
    { file: 'deploy/web.service', systemd: true, fix: true },
    { file: 'web.socket', systemd: true, fix: true },
    { file: 'backup.timer', systemd: true, fix: true },
    { file: 'watch.path', systemd: true, fix: true },
    { file: 'quadlet/cache.container', systemd: true, fix: true },
    { file: 'Dockerfile', systemd: false, fix: true },
    { file: 'docker/Dockerfile.dev', systemd: false, fix: true },
    { file: 'app.Dockerfile', systemd: false, fix: true },
    { file: 'Containerfile', systemd: false, fix: true },
    { file: 'compose.yaml', systemd: false, fix: true },
    { file: 'ci/labels.yml', systemd: false, fix: true },
    { file: 'web.service.md', systemd: false, fix: false },
    { file: 'Dockerfiles/README', systemd: false, fix: false },
    { file: 'src/container.ts', systemd: false, fix: false },
  ])('$file: cguard-systemd $systemd, cguard-fix $fix', ({ file, systemd, fix }) => {
    expect(pythonSearch(byId.get('cguard-systemd')!.files!, file)).toBe(systemd);
    expect(pythonSearch(byId.get('cguard-fix')!.files!, file)).toBe(fix);
  });
});

describe('cguard scan on the files a hook passes', () => {
  let dir: string;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('skips a YAML file that is not a Compose file without a word of alarm', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cguard-hook-files-'));
    writeFiles(dir, { 'labels.yml': '- name: bug\n  color: d73a4a\n', '.github/dependabot.yml': 'version: 2\nupdates: []\n' });
    const out: string[] = [];
    const err: string[] = [];
    const code = runCli(['scan', 'labels.yml', '.github/dependabot.yml'], { cwd: dir, stdout: (s) => out.push(s), stderr: (s) => err.push(s), isTTY: false, env: {} });
    expect({ code, stdout: out.join(''), stderr: err.join('') }).toEqual({ code: 0, stdout: '✔ no problems (0 files scanned)\n', stderr: '' });
  });
});

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
  }, 60_000);
  afterAll(() => {
    for (const dir of [hookRepo?.repo, project, preCommitHome]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /**
   * `pre-commit run --all-files [HOOK]`, asynchronously: the first run installs the hook
   * environment for minutes, and a blocking spawnSync would starve vitest's worker of its
   * event loop (it reports "Timeout calling onTaskUpdate").
   */
  async function preCommit(...args: string[]): Promise<{ code: number | null; output: string }> {
    git(project, 'add', '-A');
    const child = spawn('pre-commit', ['run', '--all-files', '--color', 'never', ...args], {
      cwd: project,
      env: { ...GIT_ENV, PRE_COMMIT_HOME: preCommitHome },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    return { code, output };
  }

  it(
    'fails on a Dockerfile whose final stage runs as root, naming CG001',
    async () => {
      writeFiles(project, { Dockerfile: 'FROM alpine:3.20\nCMD ["sleep", "infinity"]\n' });
      const { code, output } = await preCommit('cguard');
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
    async () => {
      writeFiles(project, { Dockerfile: 'FROM alpine:3.20\nUSER 65532:65532\nCMD ["sleep", "infinity"]\n' });
      const { code, output } = await preCommit('cguard');
      expect(output).toMatch(/cguard \(Dockerfiles and Compose files\)\.+Passed/);
      expect(code).toBe(0);
    },
    INSTALL_TIMEOUT,
  );

  it(
    'checks systemd units with cguard-systemd and leaves them to it alone',
    async () => {
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
      const systemd = await preCommit('cguard-systemd');
      expect(systemd.output).toMatch(/cguard \(systemd and Quadlet units\)\.+Failed/);
      expect(systemd.output).toContain('deploy/web.service');
      expect(systemd.code).toBe(1);
      const dockerfiles = await preCommit('cguard');
      expect(dockerfiles.output).toMatch(/cguard \(Dockerfiles and Compose files\)\.+Passed/);
      rmSync(path.join(project, 'deploy'), { recursive: true });
    },
    INSTALL_TIMEOUT,
  );

  it(
    'cguard-fix applies safe fixes and fails because it changed a file',
    async () => {
      writeFileSync(
        path.join(project, '.pre-commit-config.yaml'),
        readFileSync(path.join(project, '.pre-commit-config.yaml'), 'utf8') + '      - id: cguard-fix\n',
      );
      const compose = 'services:\n  web:\n    image: nginx:1.27\n';
      writeFiles(project, { 'compose.yaml': compose });
      const { output } = await preCommit('cguard-fix');
      expect(output).toMatch(/cguard --fix \(safe fixes\)\.+Failed/);
      expect(output).toContain('files were modified by this hook');
      expect(readFileSync(path.join(project, 'compose.yaml'), 'utf8')).not.toBe(compose);
      expect(readFileSync(path.join(project, 'compose.yaml'), 'utf8')).toContain('max-size');
    },
    INSTALL_TIMEOUT,
  );
});
