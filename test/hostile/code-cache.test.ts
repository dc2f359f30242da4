/**
 * The launcher's V8 code cache (scripts/build-cli.mjs): used when it is this build's and
 * intact, and otherwise ignored — a corrupt cache must never reach V8, whose release build
 * aborts the process on corrupt data instead of refusing it (reproduced by hand).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli, crashLines, runScript } from './helpers.js';

let dir: string;
let cli: string;
let cacheFile: string;
let pristine: Buffer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cguard-code-cache-'));
  cli = await bundleCli(dir);
  cacheFile = path.join(path.dirname(cli), 'cli.cache');
  pristine = readFileSync(cacheFile);
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine\nUSER 1000\n');
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function scanWith(cache: Buffer | undefined): Promise<{ state: string; code: number; stdout: string; crash: string[] }> {
  if (cache) writeFileSync(cacheFile, cache);
  else rmSync(cacheFile, { force: true });
  const run = await runScript(cli, dir, ['scan', 'Dockerfile'], { CGUARD_CODE_CACHE_DEBUG: '1' });
  return { state: run.stderr.trim(), code: run.code, stdout: run.stdout, crash: crashLines(run.stderr) };
}

describe('the code cache of the built CLI', () => {
  it('is made by the build and used', async () => {
    const run = await scanWith(pristine);
    expect(run.state).toBe('cguard: code cache used');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/CG004/);
  });

  it('is ignored, with the same report, when it is corrupt, cut short, of another build or missing', async () => {
    const expected = (await scanWith(pristine)).stdout;
    const flipped = Buffer.from(pristine);
    for (let i = 200; i < flipped.length; i += 997) flipped[i] = flipped[i]! ^ 0xff;
    const otherBuild = Buffer.from(pristine);
    // 'x' is never in the id (a UUID), so the header surely names another build.
    otherBuild.write('x', '// cguard build '.length, 'latin1');
    const cases: Array<[Buffer | undefined, string]> = [
      [flipped, 'cguard: code cache corrupt'],
      [pristine.subarray(0, pristine.length >> 1), 'cguard: code cache corrupt'],
      [otherBuild, 'cguard: code cache of another build'],
      [undefined, 'cguard: code cache missing'],
    ];
    for (const [cache, state] of cases) {
      const run = await scanWith(cache);
      expect(run.crash).toEqual([]);
      expect(run.state).toBe(state);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe(expected);
    }
  });

  it('the launcher without its bundle, or with another build\'s, says so in one line and exits 2', async () => {
    const lone = path.join(dir, 'lone');
    mkdirSync(lone);
    copyFileSync(cli, path.join(lone, 'cli.js'));
    for (const bundle of [undefined, '// cguard build another\n']) {
      if (bundle) writeFileSync(path.join(lone, 'cli.cjs'), bundle);
      const run = await runScript(path.join(lone, 'cli.js'), dir, ['scan', 'Dockerfile']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`cguard: ${path.join(lone, 'cli.cjs')} is missing or from another build — reinstall cguard, or run npm run build in its folder\n`);
    }
  });
});
