import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discover, kindFromName } from '../../src/discover.js';

const dirs: string[] = [];
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'cguard-discover-'));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(root, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  return root;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('kindFromName', () => {
  it.each([
    ['Dockerfile', 'dockerfile'],
    ['Dockerfile.alpine', 'dockerfile'],
    ['api.Dockerfile', 'dockerfile'],
    ['api.dockerfile', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['Containerfile.dev', 'dockerfile'],
    ['compose.yaml', 'compose'],
    ['compose.yml', 'compose'],
    ['compose.prod.yaml', 'compose'],
    ['docker-compose.yml', 'compose'],
    ['docker-compose.override.yaml', 'compose'],
    ['docker-compose-dev.yml', 'compose'],
    ['web.service', 'unit'],
    ['web@.service', 'unit'],
    ['backup.timer', 'unit'],
    ['web.socket', 'unit'],
    ['watch.path', 'unit'],
    ['cache.container', 'quadlet'],
    ['values.yaml', 'yaml'],
    ['stack.yml', 'yaml'],
  ])('%s is %s', (name, kind) => {
    expect(kindFromName(name)).toBe(kind);
  });
  it.each(['README.md', 'docker.sock', 'service', 'Makefile', 'app.conf'])('%s is not ours', (name) => {
    expect(kindFromName(name)).toBeUndefined();
  });
});

describe('discover', () => {
  it('walks directories in path order, with relative forward-slash paths', () => {
    const root = tree({ 'b/Dockerfile': 'FROM a', 'a/compose.yaml': 'services: {}', 'a/notes.txt': 'x', 'web.service': '[Service]' });
    const found = discover({ cwd: root, paths: ['.'] });
    expect(found.files.map((f) => [f.path, f.kind])).toEqual([
      ['a/compose.yaml', 'compose'],
      ['b/Dockerfile', 'dockerfile'],
      ['web.service', 'unit'],
    ]);
  });

  it('gives each file to onFile as the walk finds it, already in sorted path order', () => {
    // `a.yml` sorts before everything in `a/` ('.' < '/'), `a-b/` before `a/` ('-' < '/'),
    // `a/` before `a0.yml`, upper case before lower: a walk that takes a folder's files first, or
    // its entries by bare name, would disagree with the sorted list.
    const root = tree({
      'a/docker-compose.yml': 'services: {}',
      'a/z/Dockerfile': 'FROM a',
      'a.yml': 'services: {}',
      'a-b/Dockerfile': 'FROM a',
      'a0.yml': 'services: {}',
      'B/web.service': '[Service]',
      'Dockerfile': 'FROM a',
      'é/Dockerfile': 'FROM a',
      'a/Dockerfile': 'FROM a',
    });
    const seen: string[] = [];
    const found = discover({ cwd: root, paths: ['.'] }, (file) => seen.push(file.path));
    expect(found.streamed).toBe(true);
    expect(seen).toEqual(['B/web.service', 'Dockerfile', 'a-b/Dockerfile', 'a.yml', 'a/Dockerfile', 'a/docker-compose.yml', 'a/z/Dockerfile', 'a0.yml', 'é/Dockerfile']);
    expect(found.files.map((f) => f.path)).toEqual(seen);
  });

  it('streams only a single walk inside cwd, whose order is the sorted one', () => {
    const root = tree({ 'app/Dockerfile': 'FROM a', 'ops/compose.yaml': 'services: {}' });
    const streamed = (cwd: string, paths: string[]): boolean => {
      let calls = 0;
      const found = discover({ cwd: path.join(root, cwd), paths }, () => calls++);
      expect(calls).toBe(found.streamed ? found.files.length : 0);
      return found.streamed;
    };
    expect(streamed('.', ['app'])).toBe(true);
    expect(streamed('.', ['app', 'ops'])).toBe(false);
    // From app/, `..` holds app itself, named `Dockerfile`, after `../ops/…` in sorted order.
    expect(streamed('app', ['..'])).toBe(false);
    expect(discover({ cwd: root, paths: ['.'] }).streamed).toBe(false);
  });

  it('honours .gitignore, nested ones, and the enclosing repository’s', () => {
    const root = tree({
      '.git/HEAD': 'ref: refs/heads/main',
      '.gitignore': 'build/\n*.local.yaml\n',
      'sub/.gitignore': 'Dockerfile.skip\n',
      'sub/Dockerfile.skip': 'FROM a',
      'sub/Dockerfile': 'FROM a',
      'build/Dockerfile': 'FROM a',
      'compose.local.yaml': 'services: {}',
    });
    expect(discover({ cwd: root, paths: ['.'] }).files.map((f) => f.path)).toEqual(['sub/Dockerfile']);
    // Scanning a subdirectory still applies the repository root's .gitignore.
    expect(discover({ cwd: path.join(root, 'sub'), paths: ['.'] }).files.map((f) => f.path)).toEqual(['Dockerfile']);
  });

  it('names files relative to cwd when the scanned folder holds it (`scan ..`) or is beside it', () => {
    const root = tree({ 'app/Dockerfile': 'FROM a', 'app/sub/web.service': '[Service]', 'ops/compose.yaml': 'services: {}' });
    const paths = (cwd: string, input: string) => discover({ cwd: path.join(root, cwd), paths: [input] }).files.map((f) => f.path);
    expect(paths('app', '..')).toEqual(['../ops/compose.yaml', 'Dockerfile', 'sub/web.service']);
    expect(paths('app/sub', '../..')).toEqual(['../../ops/compose.yaml', '../Dockerfile', 'web.service']);
    expect(paths('app', '../ops')).toEqual(['../ops/compose.yaml']);
    expect(paths('.', 'app')).toEqual(['app/Dockerfile', 'app/sub/web.service']);
  });
  it('applies a .gitignore to names that start with two dots', () => {
    const root = tree({ '.git/HEAD': '', '.gitignore': '..skip.yml\n', '..skip.yml': 'services: {}', 'a/..skip.yml': 'services: {}', '..keep.yml': 'services: {}' });
    expect(discover({ cwd: root, paths: ['.'] }).files.map((f) => f.path)).toEqual(['..keep.yml']);
  });
  it('always considers explicit files, even ignored ones, and forces their kind with --type', () => {
    const root = tree({ '.git/HEAD': '', '.gitignore': 'ignored/\n', 'ignored/Dockerfile': 'FROM a', 'custom.txt': 'FROM a' });
    const found = discover({ cwd: root, paths: ['ignored/Dockerfile', 'custom.txt'] });
    expect(found.files.map((f) => [f.path, f.kind, f.explicit])).toEqual([
      ['custom.txt', 'unknown', true],
      ['ignored/Dockerfile', 'dockerfile', true],
    ]);
    expect(discover({ cwd: root, paths: ['custom.txt'], forcedKind: 'dockerfile' }).files[0]!.kind).toBe('dockerfile');
  });

  it('applies ignore globs from the config', () => {
    const root = tree({ 'test/fixtures/Dockerfile': 'FROM a', 'Dockerfile': 'FROM a' });
    expect(discover({ cwd: root, paths: ['.'], ignoreGlobs: ['test/fixtures/**'] }).files.map((f) => f.path)).toEqual(['Dockerfile']);
  });

  it('reports a missing path in one line and goes on', () => {
    const root = tree({ Dockerfile: 'FROM a' });
    const found = discover({ cwd: root, paths: ['nope', '.'] });
    expect(found.problems).toEqual([{ path: 'nope', message: 'nope: no such file or directory' }]);
    expect(found.files.map((f) => f.path)).toEqual(['Dockerfile']);
  });

  it('never enters symlinked directories (no loops) and reads symlinked files only inside the roots', () => {
    const outside = tree({ 'Dockerfile': 'FROM outside' });
    const root = tree({ 'app/Dockerfile': 'FROM a' });
    symlinkSync(root, path.join(root, 'app', 'loop'));
    symlinkSync(path.join(outside, 'Dockerfile'), path.join(root, 'Dockerfile.outside'));
    symlinkSync(path.join(root, 'app', 'Dockerfile'), path.join(root, 'Dockerfile.inside'));
    const found = discover({ cwd: root, paths: ['.'] });
    expect(found.files.map((f) => f.path)).toEqual(['Dockerfile.inside', 'app/Dockerfile']);
  });

  it('walks a very deep tree without overflowing the stack', () => {
    const parts = Array.from({ length: 120 }, (_, i) => `d${i}`);
    const root = tree({ [`${parts.join('/')}/Dockerfile`]: 'FROM a' });
    expect(discover({ cwd: root, paths: ['.'] }).files).toHaveLength(1);
  });

  it('handles names with spaces and non-ASCII characters', () => {
    const root = tree({ 'my app/Dockerfile': 'FROM a', 'dépôt/compose.yaml': 'services: {}' });
    expect(discover({ cwd: root, paths: ['.'] }).files.map((f) => f.path)).toEqual(['dépôt/compose.yaml', 'my app/Dockerfile']);
  });
});
