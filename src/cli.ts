#!/usr/bin/env node
/** The command line: argument parsing, exit codes, output — nothing else. */
import { accessSync, closeSync, constants, existsSync, fchmodSync, mkdirSync, openSync, realpathSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { HELP, parseArgs, UsageError, type Args, type ScanArgs } from './cli-args.js';
import { runPin } from './cli-pin.js';
import { runFixes } from './fix/fix-files.js';
import { removeQuietly, temporaryPathBeside, writeAll } from './fix/write.js';
import { changedFilesSince, GitError } from './git.js';
import { applyBaseline, BaselineError, createBaseline, loadBaseline } from './policy/baseline.js';
import { ConfigError, loadPolicy } from './policy/config.js';
import { settingFor, type ResolvedPolicy } from './policy/policy.js';
import { formatGithub } from './report/github.js';
import { formatJson, JsonReport } from './report/json.js';
import { BufferedWriter } from './report/stream.js';
import { formatSarif, SarifReport } from './report/sarif.js';
import { formatText, TextReport } from './report/text.js';
import { renderRuleText } from './rules/docs.js';
import { allRules, findRule } from './rules/index.js';
import { describeFsError } from './read.js';
import { createAnalysisEnv, scan, type ScanResult } from './scan.js';
import { mergeSarifFiles, SarifMergeError } from './report/merge-sarif.js';
import { VERSION } from './version.js';

export interface CliIO {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

/** Run the CLI and return its exit code (0 clean, 1 findings, 2 usage/config/internal error). */
export function runCli(argv: readonly string[], io: CliIO): number {
  let args: Args | undefined;
  try {
    args = parseArgs(argv);
    return dispatch(args, io);
  } catch (error) {
    return reportFailure(error, args, io);
  }
}

/**
 * Every command, `pin` included: it asks registries over the network, so it is asynchronous;
 * the others run through runCli. The process entry below uses this one.
 */
export async function runCliAsync(argv: readonly string[], io: CliIO): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch {
    return runCli(argv, io);
  }
  if (args.command !== 'pin') return runCli(argv, io);
  try {
    return await runPin(args, io);
  } catch (error) {
    return reportFailure(error, args, io);
  }
}

/** An error that ends the run: one line on stderr (a stack only with --debug), exit code 2. */
function reportFailure(error: unknown, args: Args | undefined, io: CliIO): number {
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof GitError || error instanceof BaselineError || error instanceof SarifMergeError) {
    // One line, whatever text (a path, a git message) the message carries.
    io.stderr(`cguard: ${error.message.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ')}\n`);
    return 2;
  }
  const debug = args && 'debug' in args && args.debug;
  // The first line only: a worker's failure carries its stack in the message.
  const message = String((error as Error)?.message ?? error).split('\n')[0];
  io.stderr(`cguard: internal error: ${message}${debug ? '' : ' (run with --debug for details)'}\n`);
  if (debug) io.stderr(`${(error as Error)?.stack ?? ''}\n`);
  return 2;
}

function dispatch(args: Args, io: CliIO): number {
  switch (args.command) {
    case 'version':
      io.stdout(`cguard ${VERSION}\n`);
      return 0;
    case 'help':
      io.stdout(HELP);
      return 0;
    case 'explain': {
      const rule = findRule(args.id);
      if (!rule) throw new UsageError(`no rule '${args.id}'; 'cguard rules' lists them`);
      io.stdout(renderRuleText(rule));
      return 0;
    }
    case 'rules': {
      const { policy } = loadPolicy({ cwd: io.cwd, configPath: args.config, policy: args.policy, rules: allRules });
      const rows = allRules.map((r) => ({
        id: r.id,
        name: r.name,
        level: settingFor(policy, r.id, '').level,
        defaultLevel: r.level,
        strictOnly: !!r.strictOnly,
        securitySeverity: r.securitySeverity,
        tags: [...r.tags, ...(policy.ruleTags.get(r.id) ?? [])],
        cis: r.cis ?? [],
        fixable: r.fixable ?? null,
        targets: r.targets,
        summary: r.docs.summary,
      }));
      if (args.format === 'json') {
        io.stdout(JSON.stringify({ policy: policy.name, rules: rows }, null, 2) + '\n');
      } else {
        for (const r of rows) {
          const cis = policy.ruleTags.get(r.id)?.filter((t) => t.startsWith('cis-')) ?? [];
          io.stdout(`${r.id}  ${r.name.padEnd(28)} ${r.level.padEnd(8)} ${r.summary}${r.fixable ? ` [fix: ${r.fixable}]` : ''}${cis.length ? ` (${cis.join(', ')})` : ''}\n`);
        }
      }
      return 0;
    }
    case 'merge-sarif': {
      const merged = mergeSarifFiles(args.inputs.map((p) => path.resolve(io.cwd, p)));
      writeOrPrint(merged, args.output, io);
      return 0;
    }
    case 'pin':
      throw new UsageError("'cguard pin' is asynchronous: run it through runCliAsync");
    case 'scan':
    case 'baseline':
      return runScan(args, io);
  }
}

function runScan(args: ScanArgs, io: CliIO): number {
  const { policy } = loadPolicy({ cwd: io.cwd, configPath: args.config, policy: args.policy, rules: allRules });
  // Usage errors before the scan: a mistyped path must not pass a CI gate by scanning nothing,
  // and a bad --baseline must not stop a --fix run half way.
  const missing = args.paths.filter((p) => !existsSync(path.resolve(io.cwd, p)));
  for (const p of missing) io.stderr(`cguard: ${p}: no such file or directory — check the path (scan takes existing files and folders)\n`);
  if (missing.length) return 2;
  const baseline = args.baseline ? loadBaseline(path.resolve(io.cwd, args.baseline)) : undefined;
  const onlyFiles = args.changedSince ? changedFilesSince(args.changedSince, io.cwd) : undefined;
  const maxFileSize = args.maxFileSize ?? policy.maxFileSize;
  const color = args.color ?? (io.isTTY && !args.output && !io.env.NO_COLOR);
  // The text, JSON and SARIF reports of a scan are written file by file while the scan runs,
  // straight to their output, so no file's findings are kept and no report is held whole.
  const streamed = args.command === 'scan' && !args.fix && !args.diff && args.format !== 'github';
  const output = streamed ? openOutput(args.output, io) : undefined;
  try {
    const fileReport = output && (args.format === 'text'
      ? new TextReport(color, output.write)
      : args.format === 'json'
        ? new JsonReport(output.write, { includeSuppressed: args.includeSuppressed })
        : new SarifReport(output.write, {
            rules: allRules,
            customRules: policy.customRules,
            ruleTags: policy.ruleTags,
            levelOf: (id) => settingFor(policy, id, '').level,
            includeSuppressed: args.includeSuppressed,
            category: args.category,
          }));
    let failing = false;
    const result = scan({
      cwd: io.cwd, paths: args.paths, forcedKind: args.type, policy, rules: allRules, maxFileSize, onlyFiles, shard: args.shard,
      // Workers re-load the same policy; CGUARD_THREADS=1 keeps everything on one thread.
      parallel: { threads: threadsFromEnv(io.env), policySource: { cwd: io.cwd, configPath: args.config, policy: args.policy } },
      // Keep only what the output reads: fixes as edits for JSON and SARIF, nothing of a file's text otherwise.
      retain: args.fix || args.diff ? 'all' : args.command === 'scan' && (args.format === 'json' || args.format === 'sarif') ? 'fixes' : 'findings',
      // Only JSON, SARIF and baselines show or compare fingerprints (a SHA-256 per finding).
      fingerprints: args.command === 'baseline' || Boolean(args.baseline) || args.format === 'json' || args.format === 'sarif',
      onOutcome: fileReport
        ? (outcome) => {
            if (baseline) applyBaseline(outcome.findings, baseline);
            fileReport.add(outcome.findings);
            failing ||= exitCode(outcome.findings, args.failOn) === 1;
          }
        : undefined,
    });
    for (const problem of result.problems) io.stderr(`cguard: ${problem}\n`);

    if (args.command === 'baseline') {
      const out = args.output ?? '.cguard-baseline.json';
      const created = createBaseline(result.findings);
      writeOrPrint(JSON.stringify(created, null, 2) + '\n', out, io);
      io.stdout(`cguard: wrote ${created.findings.length} finding${created.findings.length === 1 ? '' : 's'} to ${out}\n`);
      return 0;
    }
    if (output) {
      fileReport!.finish(result.fileCount);
      output.close();
      return failing ? 1 : 0;
    }
    return reportWhole(args, io, policy, maxFileSize, baseline, result, color);
  } finally {
    output?.abandon();
  }
}

/** The reports made from every file at once: after `--fix` or `--diff`, and GitHub annotations. */
function reportWhole(args: ScanArgs, io: CliIO, policy: ResolvedPolicy, maxFileSize: number | undefined, baseline: ReadonlySet<string> | undefined, result: ScanResult, color: boolean): number {
  let files = result.files;
  if (args.fix || args.diff) {
    const env = { ...createAnalysisEnv(policy, allRules, maxFileSize), hostJournald: result.hostJournald, composeStartedBy: result.composeStartedBy };
    const fixed = runFixes(files, env, { unsafe: args.unsafeFixes, diffOnly: args.diff, roots: result.roots });
    for (const note of fixed.notes) io.stderr(`cguard: ${note}\n`);
    if (args.diff) {
      writeOrPrint(fixed.diff, args.output, io);
      return fixed.diff ? 1 : 0;
    }
    if (fixed.changed.length) {
      io.stderr(`cguard: applied ${fixed.appliedCount} fix${fixed.appliedCount === 1 ? '' : 'es'} in ${fixed.changed.length} file${fixed.changed.length === 1 ? '' : 's'}\n`);
    }
    files = fixed.files;
  }
  const findings = files.flatMap((f) => f.findings);
  if (baseline) applyBaseline(findings, baseline);

  const texts = new Map(files.map((f) => [f.path, f.source?.text]));
  const textOf = (p: string): string | undefined => texts.get(p);
  let report: string;
  switch (args.format) {
    case 'json':
      report = formatJson(findings, { filesScanned: files.length, textOf, includeSuppressed: args.includeSuppressed });
      break;
    case 'sarif':
      report = formatSarif(findings, {
        rules: allRules,
        customRules: policy.customRules,
        ruleTags: policy.ruleTags,
        levelOf: (id) => settingFor(policy, id, '').level,
        textOf,
        includeSuppressed: args.includeSuppressed,
        category: args.category,
      });
      break;
    case 'github':
      report = formatGithub(findings);
      break;
    default:
      report = formatText(findings, { color, filesScanned: files.length });
  }
  writeOrPrint(report, args.output, io);
  return exitCode(findings, args.failOn);
}

/** `CGUARD_THREADS=N` (N ≥ 1) sets the scan's threads; default: one below DEFAULT_MIN_FILES files, every core from there (worker-pool.ts). */
function threadsFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const n = Number(env.CGUARD_THREADS);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

function exitCode(findings: ReadonlyArray<{ level: string; suppressed?: unknown }>, failOn: ScanArgs['failOn']): number {
  if (failOn === 'never') return 0;
  const rank = { error: 3, warning: 2, note: 1 } as const;
  const threshold = rank[failOn];
  return findings.some((f) => !f.suppressed && rank[f.level as keyof typeof rank] >= threshold) ? 1 : 0;
}

function writeOrPrint(text: string, output: string | undefined, io: CliIO): void {
  if (!output) {
    io.stdout(text);
    return;
  }
  const target = path.resolve(io.cwd, output);
  try {
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  } catch (error) {
    throw outputError(output, error);
  }
}

/** The one-line error for an `-o`/`--output` that cannot be written. */
function outputError(output: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'a folder on its path is a file' : describeFsError(error);
  return new UsageError(`${output}: cannot write the output (${why}) — give -o/--output the path of a file in a folder you can write to`);
}

/**
 * Where a streamed report goes: stdout, or `-o FILE`, opened before the scan (so an unwritable
 * path fails at once) and written as the report grows, in writes of about 1 MB. A regular file
 * is written to a temporary file beside it that replaces it only once the report is whole, so
 * an error or a kill mid-scan leaves the previous report, never half of one; anything else
 * (`/dev/stdout`, a FIFO) is written directly.
 */
function openOutput(output: string | undefined, io: CliIO): { write: (chunk: string) => void; close(): void; abandon(): void } {
  if (!output) {
    const buffer = new BufferedWriter(io.stdout);
    return { write: buffer.write, close: () => buffer.flush(), abandon: () => {} };
  }
  let target = path.resolve(io.cwd, output);
  let temp: string | undefined;
  let fd: number | undefined;
  try {
    mkdirSync(path.dirname(target), { recursive: true });
    const existing = statSync(target, { throwIfNoEntry: false });
    if (existing?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (existing && !existing.isFile()) {
      fd = openSync(target, 'w');
    } else {
      // Through a symlink, the file it names is replaced, as a plain write would.
      if (existing) {
        target = realpathSync(target);
        accessSync(target, constants.W_OK);
      }
      temp = temporaryPathBeside(target);
      fd = openSync(temp, 'wx', 0o666);
      if (existing) fchmodSync(fd, existing.mode & 0o7777);
    }
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    if (temp) removeQuietly(temp);
    throw outputError(output, error);
  }
  const buffer = new BufferedWriter((chunk) => {
    try {
      writeAll(fd!, Buffer.from(chunk, 'utf8'));
    } catch (error) {
      throw outputError(output, error);
    }
  });
  const abandon = (): void => {
    if (fd === undefined) return;
    closeSync(fd);
    fd = undefined;
    if (temp) removeQuietly(temp);
  };
  return {
    write: buffer.write,
    close() {
      buffer.flush();
      closeSync(fd!);
      fd = undefined;
      try {
        if (temp) renameSync(temp, target);
      } catch (error) {
        removeQuietly(temp!);
        throw outputError(output, error);
      }
    },
    abandon,
  };
}

function isMainModule(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    // Through `npx`/a bin link argv[1] is the link; compare real paths.
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

/** Run the command line of this process, then exit with its code (the `cguard` bin calls this). */
export function main(): void {
  void runCliAsync(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (s) => writeToFd(1, s),
    stderr: (s) => writeToFd(2, s),
    isTTY: isatty(1),
    env: process.env,
  }).then((code) => process.exit(code));
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Write all of `text` to fd 1 or 2 as it comes. Not through process.stdout: a scan blocks the
 * event loop, and Node queues what it writes to a pipe until the loop runs, so a report piped
 * to another program would be held whole in memory (and cost the scan its speed in GC) after
 * all. A full non-blocking pipe is waited for; a reader that has gone (`| head`) gets no more.
 */
function writeToFd(fd: 1 | 2, text: string): void {
  if (closedFds.has(fd)) return;
  const bytes = Buffer.from(text, 'utf8');
  for (let written = 0; written < bytes.length; ) {
    try {
      written += writeSync(fd, bytes, written, bytes.length - written);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 1);
        continue;
      }
      if (code === 'EPIPE') {
        closedFds.add(fd);
        return;
      }
      throw error;
    }
  }
}

const closedFds = new Set<number>();

if (isMainModule()) main();
