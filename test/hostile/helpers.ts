/** Shared pieces of the hostile suite: the generated tree, the CLI with a fake io, snapshots. */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from '../../scripts/build-cli.mjs';
import { runCli } from '../../src/cli.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const GENERATOR = path.join(REPO, 'scripts/gen-hostile-tree.mjs');

/** What scripts/gen-hostile-tree.mjs writes to `DIR-outside/manifest.json`. */
export interface Manifest {
  root: string;
  outside: string;
  seed: number;
  garbage: Array<{ path: string; category: string; bytes: number }>;
  real: Array<{ path: string; crlf: boolean; bom: boolean; mode: number }>;
  expectCG000: string[];
  outsideFiles: string[];
  big: string;
  deep: string;
  tooComplex: string;
  heavy: string[];
  locked: { file: string; dir: string };
  fifos: string[];
  ignored: string[];
  notes: string[];
}

/** Generate the tree in a fresh temporary folder; `cleanup` restores modes and removes it all. */
export function generateTree(seed: number): { manifest: Manifest; cleanup: () => void } {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'cguard-hostile-'));
  const dir = path.join(parent, 'tree');
  const run = spawnSync(process.execPath, [GENERATOR, dir, '--seed', String(seed)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`gen-hostile-tree failed: ${run.stderr}`);
  const manifest = JSON.parse(readFileSync(`${dir}-outside/manifest.json`, 'utf8')) as Manifest;
  const cleanup = (): void => {
    for (const rel of [manifest.locked.dir, manifest.locked.file]) {
      try {
        chmodSync(path.join(dir, rel), 0o755);
      } catch {
        // Already gone.
      }
    }
    rmSync(parent, { recursive: true, force: true });
  };
  return { manifest, cleanup };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The real CLI in this process, with a fake io (for small inputs: it blocks the event loop). */
export function cli(cwd: string, ...argv: string[]): CliRun {
  let stdout = '';
  let stderr = '';
  const started = performance.now();
  const code = runCli(argv, { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false, env: {} });
  return { code, stdout, stderr, ms: Math.round(performance.now() - started) };
}

/**
 * The CLI built from the current sources the way `npm run build` bundles it
 * (scripts/build-cli.mjs), into `dir/bundle/`, so the hostile runs go through a real process:
 * a scan or fix that takes most of a minute would block vitest's own messaging if it ran in
 * this process. The bundle finds the built-in policies at `dir/policies/`.
 */
export async function bundleCli(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  symlinkSync(path.join(REPO, 'policies'), path.join(dir, 'policies'));
  writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n');
  await buildCli(path.join(dir, 'bundle'));
  return path.join(dir, 'bundle', 'cli.js');
}

/**
 * Run a CLI script (the bundle) in `cwd` as a child process. Asynchronous, so vitest's worker
 * keeps answering its runner while a long scan runs.
 */
export function runScript(script: string, cwd: string, argv: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...argv], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    const finish = (code: number, note = ''): void => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') + note, ms: Math.round(performance.now() - started) });
    };
    child.on('error', (error) => finish(-1, `\nspawn: ${error.message}`));
    child.on('close', (code, signal) => finish(code ?? -1, signal ? `\nkilled by ${signal}` : ''));
  });
}

/** A stack trace line, or a message cguard only gives for its own bugs. */
export function crashLines(text: string): string[] {
  return text.split('\n').filter((line) => /^\s+at\s/.test(line) || /internal error|please report it/i.test(line));
}

export interface FileState {
  sha: string;
  mode: number;
  mtimeMs: number;
  symlink: boolean;
}

/**
 * Every entry under `dir` (symlinks not followed, unreadable folders skipped) with its content
 * hash, mode and mtime.
 */
export function snapshot(dir: string): Map<string, FileState> {
  const states = new Map<string, FileState>();
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop()!;
    let names: string[];
    try {
      names = readdirSync(current);
    } catch {
      continue;
    }
    for (const name of names) {
      const abs = path.join(current, name);
      const rel = path.relative(dir, abs).split(path.sep).join('/');
      const stat = lstatSync(abs);
      if (stat.isDirectory()) {
        stack.push(abs);
        continue;
      }
      let sha = '';
      if (stat.isFile()) {
        try {
          sha = createHash('sha256').update(readFileSync(abs)).digest('hex');
        } catch {
          sha = 'unreadable';
        }
      }
      states.set(rel, { sha, mode: stat.mode & 0o7777, mtimeMs: stat.mtimeMs, symlink: stat.isSymbolicLink() });
    }
  }
  return states;
}

/** Paths whose content, mode or kind differ between two snapshots (added and removed included). */
export function changedPaths(before: Map<string, FileState>, after: Map<string, FileState>): string[] {
  const changed: string[] = [];
  for (const [rel, state] of after) {
    const old = before.get(rel);
    if (!old || old.sha !== state.sha || old.mode !== state.mode || old.symlink !== state.symlink) changed.push(rel);
  }
  for (const rel of before.keys()) if (!after.has(rel)) changed.push(rel);
  return changed.sort();
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export function modeOf(file: string): number {
  return statSync(file).mode & 0o777;
}
