/**
 * The report on stdout of the real process. A scan blocks the event loop, so cguard writes to
 * fd 1 itself as the report grows (process.stdout would queue a pipe's writes in memory until
 * the scan ends): a slow reader, a non-blocking pipe and a reader that goes away early must all
 * be handled, with the same bytes as `-o`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli, crashLines } from './helpers.js';

let dir: string;
let cli: string;
let project: string;
let expected: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cguard-stdout-'));
  cli = await bundleCli(dir);
  project = path.join(dir, 'project');
  // About 2.5 MB of JSON: several 1 MB writes, each far more than a pipe holds.
  for (let i = 0; i < 1000; i++) {
    mkdirSync(path.join(project, `svc${i}`), { recursive: true });
    writeFileSync(path.join(project, `svc${i}`, 'Dockerfile'), `FROM alpine\nRUN curl -k https://x/${i} | sh && chmod 777 /srv\nUSER root\n`);
  }
  const out = path.join(dir, 'report.json');
  const run = spawnSync(process.execPath, [cli, 'scan', '--format', 'json', '-o', out, '.'], { cwd: project });
  expect(run.status).toBe(1);
  expected = readFileSync(out, 'utf8');
  expect(expected.length).toBeGreaterThan(2_000_000);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CLI's stdout through a shell pipeline (`| …`), which gives it a blocking pipe. */
function piped(reader: string): { status: number | null; stdout: string; stderr: string } {
  const command = `"${process.execPath}" "${cli}" scan --format json . | ${reader}; exit "\${PIPESTATUS[0]}"`;
  const run = spawnSync('bash', ['-c', command], { cwd: project, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('the report on stdout', () => {
  it('reaches a reader that starts late, whole and the same as -o', () => {
    const run = piped('(sleep 1; cat)');
    expect([run.status, crashLines(run.stderr)]).toEqual([1, []]);
    expect(run.stdout).toBe(expected);
  });

  it('stops quietly when the reader goes away, with the exit code of the findings', () => {
    const run = piped('head -c 100');
    expect(run.stdout).toBe(expected.slice(0, 100));
    expect([run.status, run.stderr]).toEqual([1, '']);
  });

  const python = spawnSync('python3', ['--version']).status === 0;
  it.skipIf(!python)('waits on a non-blocking pipe that is full', () => {
    // A parent that sets O_NONBLOCK on the pipe and reads only after a second: writes fail with
    // EAGAIN until it does.
    const script = [
      'import os, subprocess, fcntl, sys, time',
      'r, w = os.pipe()',
      'fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)',
      'p = subprocess.Popen(sys.argv[1:], stdout=w)',
      'os.close(w)',
      'time.sleep(1)',
      'chunks = []',
      'while True:',
      '    c = os.read(r, 65536)',
      '    if not c: break',
      '    chunks.append(c)',
      'sys.stdout.buffer.write(b"".join(chunks))',
      'sys.exit(p.wait())',
    ].join('\n');
    const run = spawnSync('python3', ['-c', script, process.execPath, cli, 'scan', '--format', 'json', '.'], { cwd: project, encoding: 'utf8', maxBuffer: 1 << 26 });
    expect([run.status, crashLines(run.stderr)]).toEqual([1, []]);
    expect(run.stdout).toBe(expected);
  });
});
