/**
 * writeFileAtomic in child processes: killed with SIGKILL at random moments, and run as an
 * unprivileged user. The children run src/fix/write.ts transpiled to plain JavaScript (it
 * imports only `node:` modules), because there is no build and Node 20 cannot load TypeScript.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dir: string;
beforeAll(() => {
  dir = fs.realpathSync(fs.mkdtempSync(join(tmpdir(), 'cguard-kill-')));
  const source = fs.readFileSync(new URL('../../src/fix/write.ts', import.meta.url), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  fs.writeFileSync(join(dir, 'write.mjs'), outputText);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Generation `n` of the file: about 2 MB, every line naming its generation. */
const CONTENT_JS = `(n) => 'generation ' + n + '\\n' + (n + ' abcdefghijklmnopqrstuvwxyz0123456789\\n').repeat(50000) + 'end ' + n + '\\n'`;
const content = new Function(`return ${CONTENT_JS}`)() as (n: number) => string;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('writeFileAtomic killed with SIGKILL', () => {
  it('leaves the old or a new complete file, and at most temporary files', async () => {
    const work = join(dir, 'kill');
    fs.mkdirSync(work);
    const target = join(work, 'compose.yml');
    fs.writeFileSync(target, content(0));
    fs.writeFileSync(
      join(dir, 'rewrite.mjs'),
      `import { writeFileAtomic } from './write.mjs';
       const content = ${CONTENT_JS};
       const [target, root, first] = process.argv.slice(2);
       for (let n = Number(first); ; n++) {
         writeFileAtomic(target, content(n), { bom: false, roots: [root] });
         if (n === Number(first)) process.stdout.write('ready\\n');
       }`,
    );
    let generation = 0;
    let killedMidWrite = 0;
    for (let round = 0; round < 40; round++) {
      const child = spawn(process.execPath, [join(dir, 'rewrite.mjs'), target, work, String(generation + 1)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      // Half the rounds kill after the first complete write, half at any moment from start-up.
      if (round % 2 === 0) await new Promise((resolve) => child.stdout.once('data', resolve));
      await sleep(Math.random() * 60);
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      const text = fs.readFileSync(target, 'utf8');
      const seen = Number(/^generation (\d+)\n/.exec(text)?.[1]);
      expect(seen).toBeGreaterThanOrEqual(generation);
      expect(text === content(seen)).toBe(true);
      generation = seen;
      // A kill between creating and renaming the temporary file leaves it behind: the one
      // thing an interrupted write may leave, named so it is recognisable and hidden.
      const leftovers = fs.readdirSync(work).filter((name) => name !== 'compose.yml');
      for (const name of leftovers) expect(name).toMatch(/^\.compose\.yml\.cguard-\d+-[0-9a-f]{12}\.tmp$/);
      killedMidWrite += leftovers.length;
      for (const name of leftovers) fs.unlinkSync(join(work, name));
    }
    // The kills did land inside writes, or the test would prove nothing.
    expect(killedMidWrite).toBeGreaterThan(0);
    expect(generation).toBeGreaterThan(0);
  });
});

describe.runIf(process.getuid?.() === 0)('writeFileAtomic as an unprivileged user', () => {
  const NOBODY = 65534;
  /** Run writeFileAtomic as `nobody`; the error message, or '' on success. */
  const writeAsNobody = (target: string, root: string): string => {
    const script = `import { writeFileAtomic } from ${JSON.stringify(join(dir, 'write.mjs'))};
      try { writeFileAtomic(${JSON.stringify(target)}, 'new\\n', { bom: false, roots: [${JSON.stringify(root)}] }); }
      catch (error) { process.stdout.write(error.name + ': ' + error.message); }`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { uid: NOBODY, gid: NOBODY, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    return result.stdout;
  };

  it('refuses a read-only file and rewrites a group-writable one', () => {
    const work = join(dir, 'nobody');
    fs.mkdirSync(work);
    fs.chmodSync(dir, 0o755);
    fs.chownSync(work, NOBODY, NOBODY);
    const readOnly = join(work, 'Dockerfile');
    fs.writeFileSync(readOnly, 'old\n');
    fs.chownSync(readOnly, NOBODY, NOBODY);
    fs.chmodSync(readOnly, 0o444);
    expect(writeAsNobody(readOnly, work)).toBe(`FixWriteError: ${readOnly}: the file is read-only, not written`);
    expect(fs.readFileSync(readOnly, 'utf8')).toBe('old\n');

    // Owned by root, writable by nobody's group: written, the mode stays, but only root can give
    // a file away, so the new file belongs to nobody (a limit of writing by rename).
    const shared = join(work, 'compose.yml');
    fs.writeFileSync(shared, 'old\n');
    fs.chownSync(shared, 0, NOBODY);
    fs.chmodSync(shared, 0o664);
    expect(writeAsNobody(shared, work)).toBe('');
    const stat = fs.statSync(shared);
    expect([fs.readFileSync(shared, 'utf8'), stat.uid, stat.gid, stat.mode & 0o7777]).toEqual(['new\n', NOBODY, NOBODY, 0o664]);
    expect(fs.readdirSync(work).sort()).toEqual(['Dockerfile', 'compose.yml']);
  });
});
