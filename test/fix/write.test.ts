import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FixWriteError, isInside, writeFileAtomic } from '../../src/fix/write.js';

/** Faults injected into node:fs as write.ts sees it, to test the clean-up paths. */
const faults = vi.hoisted(() => ({ rename: false, write: false }));
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return {
    ...actual,
    renameSync: (...args: Parameters<typeof actual.renameSync>) => {
      if (faults.rename) throw Object.assign(new Error('EXDEV: cross-device link not permitted, rename'), { code: 'EXDEV' });
      return actual.renameSync(...args);
    },
    writeSync: (fd: number, buffer: Buffer, offset: number, length: number) => {
      // A disk that fills up half way through the write.
      if (faults.write) {
        actual.writeSync(fd, buffer, offset, Math.floor(length / 2));
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      return actual.writeSync(fd, buffer, offset, length);
    },
  };
});

let base: string; // outside the root
let root: string;
beforeEach(() => {
  base = fs.realpathSync(fs.mkdtempSync(join(tmpdir(), 'cguard-write-')));
  root = join(base, 'repo');
  fs.mkdirSync(join(root, 'sub'), { recursive: true });
  fs.mkdirSync(join(base, 'outside'));
});
afterEach(() => {
  faults.rename = false;
  faults.write = false;
  fs.rmSync(base, { recursive: true, force: true });
});

const put = (path: string, content: string | Buffer, mode = 0o644): string => {
  fs.writeFileSync(path, content);
  fs.chmodSync(path, mode);
  return path;
};
const names = (dir: string): string[] => fs.readdirSync(dir).sort();
const bytes = (path: string): string => fs.readFileSync(path).toString('hex');

describe('writeFileAtomic', () => {
  const contents: Array<{ name: string; text: string; bom: boolean; mode: number; onDisk: string }> = [
    { name: 'plain text, mode 0644', text: 'FROM a\nUSER app\n', bom: false, mode: 0o644, onDisk: 'FROM a\nUSER app\n' },
    { name: 'executable, mode 0755', text: '#!/bin/sh\n', bom: false, mode: 0o755, onDisk: '#!/bin/sh\n' },
    { name: 'private, mode 0600', text: 'secret=1\n', bom: false, mode: 0o600, onDisk: 'secret=1\n' },
    { name: 'BOM put back', text: 'services: {}\n', bom: true, mode: 0o644, onDisk: '\uFEFFservices: {}\n' },
    { name: 'CRLF kept', text: '[Unit]\r\nDescription=x\r\n', bom: false, mode: 0o640, onDisk: '[Unit]\r\nDescription=x\r\n' },
    { name: 'unicode', text: 'image: café 😀', bom: false, mode: 0o644, onDisk: 'image: café 😀' },
  ];
  it.each(contents)('$name', ({ text, bom, mode, onDisk }) => {
    const file = put(join(root, 'sub', 'Dockerfile'), 'old\n', mode);
    writeFileAtomic(file, text, { bom, roots: [root] });
    expect(bytes(file)).toBe(Buffer.from(onDisk, 'utf8').toString('hex'));
    expect(fs.statSync(file).mode & 0o7777).toBe(mode);
    expect(names(join(root, 'sub'))).toEqual(['Dockerfile']);
  });

  it.runIf(process.getuid?.() === 0)('keeps owner and group when running as root', () => {
    const file = put(join(root, 'compose.yml'), 'old\n');
    fs.chownSync(file, 1234, 5678);
    writeFileAtomic(file, 'new\n', { bom: false, roots: [root] });
    const stat = fs.statSync(file);
    expect([stat.uid, stat.gid, fs.readFileSync(file, 'utf8')]).toEqual([1234, 5678, 'new\n']);
  });

  it('writes through a symlink inside the roots and keeps the link', () => {
    const real = put(join(root, 'sub', 'real.yml'), 'old\n', 0o600);
    fs.symlinkSync('sub/real.yml', join(root, 'link.yml'));
    writeFileAtomic(join(root, 'link.yml'), 'new\n', { bom: false, roots: [root] });
    expect(fs.lstatSync(join(root, 'link.yml')).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(join(root, 'link.yml'))).toBe('sub/real.yml');
    expect(fs.readFileSync(real, 'utf8')).toBe('new\n');
    expect(fs.statSync(real).mode & 0o7777).toBe(0o600);
    expect(names(root)).toEqual(['link.yml', 'sub']);
    expect(names(join(root, 'sub'))).toEqual(['real.yml']);
  });

  it('writes a file whose name is as long as a name can be', () => {
    const file = put(join(root, `${'é'.repeat(100)}${'x'.repeat(51)}.yml`), 'old\n');
    writeFileAtomic(file, 'new\n', { bom: false, roots: [root] });
    expect(fs.readFileSync(file, 'utf8')).toBe('new\n');
    expect(names(root)).toEqual(['sub', file.slice(root.length + 1)]);
  });

  it('accepts a file that is itself a root', () => {
    const file = put(join(root, 'Containerfile'), 'old\n');
    writeFileAtomic(file, 'new\n', { bom: false, roots: [file] });
    expect(fs.readFileSync(file, 'utf8')).toBe('new\n');
  });

  const refusals: Array<{ name: string; setup: () => string; message: RegExp }> = [
    {
      name: 'a symlink to a file outside the roots',
      setup: () => {
        put(join(base, 'outside', 'passwd'), 'old\n');
        fs.symlinkSync(join(base, 'outside', 'passwd'), join(root, 'compose.yml'));
        return join(root, 'compose.yml');
      },
      message: /compose\.yml: resolves to .*outside\/passwd, outside the scanned paths; not written$/,
    },
    {
      name: 'a relative symlink that climbs out of the roots',
      setup: () => {
        put(join(base, 'outside', 'passwd'), 'old\n');
        fs.symlinkSync('../../outside/passwd', join(root, 'sub', 'x.service'));
        return join(root, 'sub', 'x.service');
      },
      message: /x\.service: resolves to .*outside\/passwd, outside the scanned paths; not written$/,
    },
    {
      name: 'a file in a folder symlinked to outside the roots',
      setup: () => {
        put(join(base, 'outside', 'Dockerfile'), 'old\n');
        fs.symlinkSync(join(base, 'outside'), join(root, 'linked'));
        return join(root, 'linked', 'Dockerfile');
      },
      message: /linked\/Dockerfile: resolves to .*outside\/Dockerfile, outside the scanned paths; not written$/,
    },
    {
      name: 'a link outside the roots to a file inside',
      setup: () => {
        put(join(root, 'Dockerfile'), 'old\n');
        fs.symlinkSync(join(root, 'Dockerfile'), join(base, 'outside', 'link'));
        return join(base, 'outside', 'link');
      },
      message: /outside\/link: is at .*outside\/link, outside the scanned paths; not written$/,
    },
    {
      name: 'a sibling folder whose name starts like the root',
      setup: () => {
        fs.mkdirSync(`${root}2`);
        return put(join(`${root}2`, 'Dockerfile'), 'old\n');
      },
      message: /repo2\/Dockerfile: resolves to .*, outside the scanned paths; not written$/,
    },
    { name: 'a missing file', setup: () => join(root, 'gone.yml'), message: /gone\.yml: not written: ENOENT: no such file or directory/ },
    { name: 'a folder', setup: () => join(root, 'sub'), message: /sub: not a regular file, not written$/ },
  ];
  it.each(refusals)('refuses $name', ({ setup, message }) => {
    const target = setup();
    const before = new Map([base, root, join(root, 'sub'), join(base, 'outside')].map((dir) => [dir, names(dir)]));
    const outsideBefore = fs.existsSync(join(base, 'outside', 'passwd')) ? fs.readFileSync(join(base, 'outside', 'passwd'), 'utf8') : undefined;
    let error: unknown;
    try {
      writeFileAtomic(target, 'new\n', { bom: false, roots: [root] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FixWriteError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
    for (const [dir, list] of before) expect(names(dir)).toEqual(list);
    if (outsideBefore !== undefined) expect(fs.readFileSync(join(base, 'outside', 'passwd'), 'utf8')).toBe(outsideBefore);
  });

  const failures: Array<{ name: string; fault: keyof typeof faults; message: RegExp }> = [
    { name: 'the disk fills up during the write', fault: 'write', message: /Dockerfile: not written: ENOSPC: no space left on device, write$/ },
    { name: 'the rename fails', fault: 'rename', message: /Dockerfile: not written: EXDEV: cross-device link not permitted, rename$/ },
  ];
  it.each(failures)('leaves the file and no temporary file behind when $name', ({ fault, message }) => {
    const file = put(join(root, 'Dockerfile'), 'old\n', 0o755);
    faults[fault] = true;
    expect(() => writeFileAtomic(file, 'new content\n'.repeat(1000), { bom: false, roots: [root] })).toThrow(message);
    expect(fs.readFileSync(file, 'utf8')).toBe('old\n');
    expect(fs.statSync(file).mode & 0o7777).toBe(0o755);
    expect(names(root)).toEqual(['Dockerfile', 'sub']);
  });
});

describe('isInside', () => {
  const cases: Array<[string, string, boolean]> = [
    ['/repo', '/repo', true],
    ['/repo', '/repo/a/b', true],
    ['/repo', '/repo2/a', false],
    ['/repo', '/', false],
    ['/repo/', '/repo/a', true],
    ['/', '/anything', true],
  ];
  it.each(cases)('%s contains %s: %s', (root, candidate, inside) => {
    expect(isInside(root, candidate)).toBe(inside);
  });
});
