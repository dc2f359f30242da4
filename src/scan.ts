/**
 * The pipeline: discover → read → detect → parse → extract ContainerSpecs → rules → findings.
 * Used by the CLI, the GitHub Action and tests alike. Nothing here knows about output formats.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { discover, type DiscoveredFile, type DiscoverResult } from './discover.js';
import { assignFingerprints, compareFindings, type Finding } from './finding.js';
import type { ContainerSpec } from './model/container.js';
import type { DockerfileModel } from './model/dockerfile.js';
import type { HostJournald } from './model/journald.js';
import type { UnitModel } from './model/unit.js';
import { finalStage, hasHealthcheck, stageBaseImage, stageUser } from './model/dockerfile-facts.js';
import { LineIndex, sourceFromText, type FileKind, type SourceFile, type Span } from './model/source.js';
import { isComposeText, parseCompose } from './parsers/compose.js';
import { parseDockerfile } from './parsers/dockerfile.js';
import { parseDotenv } from './parsers/compose-dotenv.js';
import { isDaemonJsonText, parseDaemonJson } from './parsers/daemon-json.js';
import { linkComposeUnits, startedBySuffix } from './scan-links.js';
import { hostJournald } from './parsers/journald-conf.js';
import { parseQuadlet } from './parsers/quadlet.js';
import { parseUnit } from './parsers/systemd-unit.js';
import type { ParseError } from './parsers/types.js';
import { extractUnitContainers } from './parsers/unit-containers.js';
import { settingFor, type ResolvedPolicy } from './policy/policy.js';
import { applySuppressions } from './policy/suppressions.js';
import { customRuleFindings } from './policy/custom-rules.js';
import { DEFAULT_MAX_FILE_SIZE, readText } from './read.js';
import type { Rule, RuleContext, Target } from './rules/types.js';
import type { Fix } from './model/edit.js';
import { compactOutcome, ParallelScan, streamingThreadCount, threadCount, type ParallelOptions, type Retain, type WorkerJob } from './worker-pool.js';

export interface ScanOptions {
  cwd: string;
  paths: string[];
  forcedKind?: FileKind;
  policy: ResolvedPolicy;
  rules: readonly Rule[];
  maxFileSize?: number;
  /** Only these files (absolute paths), e.g. from `--changed-since`. */
  onlyFiles?: ReadonlySet<string>;
  /** `--shard I/N`: only the files whose path hashes to shard I (1-based) of N. */
  shard?: { index: number; count: number };
  /** Spread a large tree over worker threads (see worker-pool.ts); the result is the same either way. */
  parallel?: ParallelOptions;
  /** What to keep of each file after its analysis (see worker-pool.ts); default `all`. */
  retain?: Retain;
  /** Give findings their fingerprints (default true); output that shows none and no baseline can skip them. */
  fingerprints?: boolean;
  /**
   * Called with each file's outcome in file order, as soon as it and every file before it are
   * done. The outcomes are then not kept: `files` and `findings` of the result are empty, and a
   * 100,000-file scan holds only what the callback keeps.
   */
  onOutcome?: (outcome: FileOutcome) => void;
}

export interface FileOutcome {
  path: string;
  absPath: string;
  kind: FileKind;
  source?: SourceFile;
  findings: Finding[];
}

export interface ScanResult {
  files: FileOutcome[];
  /** Files analysed (skipped YAML that is not compose excluded), also with `onOutcome`. */
  fileCount: number;
  /** Every finding, sorted; suppressed ones carry `suppressed`. */
  findings: Finding[];
  /** One-line messages about paths that could not be walked. */
  problems: string[];
  /** Compose files that units of the tree bring up (see AnalysisEnv), for an env that re-analyses files. */
  composeStartedBy?: ReadonlyMap<string, readonly string[]>;
  /** Real paths of the scanned roots (fixes never write outside them). */
  roots: string[];
  /** The tree's journald.conf limits (undefined when it has none), for an env that re-analyses files. */
  hostJournald?: HostJournald;
}

/** What analysing one file needs besides its text. */
export interface AnalysisEnv {
  policy: ResolvedPolicy;
  rules: readonly Rule[];
  /** A parsed Dockerfile by absolute path, for compose services that build one. */
  dockerfileAt(absPath: string): DockerfileModel | undefined;
  /** The tree's journald.conf and drop-ins (CG209), read before any file is analysed. */
  hostJournald?: HostJournald;
  /** Compose files (absolute paths) that units of the tree bring up, with those units' paths. */
  composeStartedBy?: ReadonlyMap<string, readonly string[]>;
  /** The `.env` variables Compose interpolates into the compose file at this absolute path. */
  composeEnvAt?(composeAbsPath: string): Readonly<Record<string, string>> | undefined;
  /** Analysis time per file before it is cut short (default FILE_BUDGET_MS; tests lower it). */
  budgetMs?: number;
  /** false: leave `fingerprint` empty (see ScanOptions). */
  fingerprints?: boolean;
  /** false: nobody will read a fix's edits (`retain: 'findings'`), so they need no time budget. */
  fixEdits?: boolean;
}

export function scan(options: ScanOptions): ScanResult {
  const cwd = path.resolve(options.cwd);
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const job: WorkerJob = { maxFileSize, retain: options.retain ?? 'all', fingerprints: options.fingerprints ?? true };
  const selected: DiscoveredFile[] = [];
  // A large tree's workers start while the walk goes on (worker-pool.ts), once it has found enough files.
  let pool: ParallelScan | undefined;
  /** Set when the walk is over. */
  let found: DiscoverResult | undefined;
  const select = (file: DiscoveredFile): void => {
    if (file.kind === 'journald') return;
    if (options.onlyFiles && !options.onlyFiles.has(file.absPath)) return;
    if (options.shard && shardOf(file.path, options.shard.count) !== options.shard.index) return;
    selected.push(file);
    if (pool) pool.publish();
    else if (options.parallel && found === undefined) {
      const threads = streamingThreadCount(selected.length, options.parallel);
      if (threads > 1) pool = new ParallelScan(selected, threads, options.parallel, job);
    }
  };
  try {
    found = discover({ cwd, paths: options.paths, forcedKind: options.forcedKind, ignoreGlobs: options.policy.ignore }, select);
    if (!found.streamed) for (const file of found.files) select(file);
    const env: AnalysisEnv = {
      ...createAnalysisEnv(options.policy, options.rules, options.maxFileSize),
      hostJournald: readHostJournald(found.files, options.maxFileSize),
      composeStartedBy: linkComposeUnits(found.files, options.maxFileSize),
      fingerprints: job.fingerprints,
      fixEdits: job.retain !== 'findings',
    };
    if (!pool && options.parallel) {
      const threads = threadCount(selected.length, options.parallel);
      if (threads > 1) pool = new ParallelScan(selected, threads, options.parallel, job);
    }
    pool?.close({ hostJournald: env.hostJournald });
    const { files, fileCount } = scanFiles(selected, env, job, options, pool);
    const findings = files.flatMap((f) => f.findings).sort(compareFindings);
    return { files, fileCount, findings, problems: found.problems.map((p) => p.message), roots: found.roots, hostJournald: env.hostJournald, composeStartedBy: env.composeStartedBy };
  } finally {
    pool?.stop();
  }
}

/** Each selected file's outcome, in order; on the pool's threads when there is one. */
function scanFiles(selected: DiscoveredFile[], env: AnalysisEnv, job: WorkerJob, options: ScanOptions, pool: ParallelScan | undefined): { files: FileOutcome[]; fileCount: number } {
  const files: FileOutcome[] = [];
  let fileCount = 0;
  const emit = (outcome: FileOutcome | undefined): void => {
    if (!outcome) return;
    fileCount++;
    if (options.onOutcome) options.onOutcome(outcome);
    else files.push(outcome);
  };
  if (!pool) {
    for (const file of selected) emit(compactOutcome(scanFile(file, env, job.maxFileSize), job.retain));
    return { files, fileCount };
  }
  // Workers do not know which units start a compose file: its messages get that here, for all.
  const { composeStartedBy, ...local } = env;
  pool.run(
    (file) => compactOutcome(scanFile(file, local, job.maxFileSize), job.retain),
    (outcome) => {
      const startedBy = outcome?.kind === 'compose' ? composeStartedBy?.get(outcome.absPath) : undefined;
      if (startedBy?.length) addStartedBy(outcome!.findings, startedBy);
      emit(outcome);
    },
    // Only containers' findings read the tree's journald.conf (CG209).
    (outcome) => outcome.kind !== 'dockerfile' && outcome.kind !== 'daemon-json',
  );
  return { files, fileCount };
}

/**
 * Cross-file fact for CG209: every journald.conf and journald.conf.d/*.conf in the tree (all of
 * them, whatever --changed-since or --shard select), or undefined when there are none.
 */
function readHostJournald(files: readonly DiscoveredFile[], maxFileSize?: number): HostJournald | undefined {
  const texts = files.filter((f) => f.kind === 'journald').flatMap((f) => {
    const read = readText(f.absPath, maxFileSize);
    return read.ok ? [{ path: f.path, text: read.raw }] : [];
  });
  return texts.length ? hostJournald(texts) : undefined;
}

/** A stable shard number (1-based) for a path: FNV-1a of the relative path, so every machine agrees. */
export function shardOf(relPath: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < relPath.length; i++) {
    hash ^= relPath.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % count) + 1;
}

export function createAnalysisEnv(policy: ResolvedPolicy, rules: readonly Rule[], maxFileSize?: number): AnalysisEnv {
  const cache = new Map<string, DockerfileModel | undefined>();
  const dotenvCache = new Map<string, Record<string, string> | undefined>();
  return {
    policy,
    rules,
    composeEnvAt(composeAbsPath) {
      // Compose reads `.env` from the project directory, the folder of the (first) compose file.
      const file = path.join(path.dirname(composeAbsPath), '.env');
      if (!dotenvCache.has(file)) {
        // Most projects have no .env: asking first spares a thrown ENOENT (and its stack) per compose file.
        const read = existsSync(file) ? readText(file, maxFileSize) : undefined;
        dotenvCache.set(file, read?.ok ? parseDotenv(read.raw) : undefined);
      }
      return dotenvCache.get(file);
    },
    dockerfileAt(absPath) {
      if (!cache.has(absPath)) {
        const read = existsSync(absPath) ? readText(absPath, maxFileSize) : undefined;
        const model = read?.ok ? parseDockerfile(sourceFromText(absPath, 'dockerfile', read.raw, absPath)).model : undefined;
        cache.set(absPath, model);
      }
      return cache.get(absPath);
    },
  };
}

/** Read, detect and analyse one discovered file; undefined when it is not ours (plain YAML). */
export function scanFile(file: DiscoveredFile, env: AnalysisEnv, maxFileSize: number): FileOutcome | undefined {
  const read = readText(file.absPath, maxFileSize);
  let kind: FileKind | undefined = file.kind === 'yaml' || file.kind === 'unknown' || file.kind === 'journald' ? undefined : file.kind;
  if (!read.ok) {
    // A YAML file we cannot read might not be a compose file at all; stay quiet unless named.
    if (!kind && !file.explicit) return undefined;
    return {
      path: file.path,
      absPath: file.absPath,
      kind: kind ?? 'compose',
      findings: [parseErrorFinding(file.path, read.message)],
    };
  }
  if (!kind) kind = sniffKind(file, read.raw);
  if (!kind) return undefined;
  // A walked file named daemon.json is Docker's only when it looks like it (facts §6).
  if (kind === 'daemon-json' && !file.explicit && !isDaemonJsonText(read.raw)) return undefined;
  const source = sourceFromText(file.path, kind, read.raw, file.absPath);
  const { findings } = analyseSource(source, env);
  return { path: file.path, absPath: file.absPath, kind, source, findings };
}

/** The kind of a file whose name did not tell: compose by content, units and Dockerfiles for explicit files. */
export function sniffKind(file: DiscoveredFile, raw: string): FileKind | undefined {
  if (file.kind === 'yaml') return isComposeText(raw) ? 'compose' : undefined;
  if (!file.explicit) return undefined;
  if (isComposeText(raw)) return 'compose';
  if (/^\s*\[(Unit|Service|Install)\]\s*$/m.test(raw)) return 'unit';
  if (/^\s*\[Container\]\s*$/m.test(raw)) return 'quadlet';
  if (isDaemonJsonText(raw)) return 'daemon-json';
  const firstInstruction = raw.split(/\r?\n/).find((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  if (firstInstruction && /^\s*(FROM|ARG)\s/i.test(firstInstruction)) return 'dockerfile';
  return undefined;
}

interface Parsed {
  targets: Target[];
  errors: ParseError[];
  /** The file could be read as its format at all (fixes are dropped when a result does not). */
  parses: boolean;
}

function parseSource(source: SourceFile, env: AnalysisEnv): Parsed {
  switch (source.kind) {
    case 'dockerfile': {
      const result = parseDockerfile(source);
      if (!result.model) return { targets: [], errors: result.errors, parses: false };
      return { targets: [{ kind: 'dockerfile', file: source, dockerfile: result.model }], errors: result.errors, parses: true };
    }
    case 'compose': {
      const result = parseCompose(source, { env: source.absPath ? env.composeEnvAt?.(source.absPath) : undefined });
      if (!result.model) return { targets: [], errors: result.errors, parses: false };
      const targets: Target[] = [{ kind: 'compose', file: source, compose: result.model }];
      for (const service of result.model.services) {
        linkBuild(service.container, env);
        targets.push({ kind: 'container', file: source, container: service.container });
      }
      return { targets, errors: result.errors, parses: true };
    }
    case 'unit': {
      const result = parseUnit(source);
      if (!result.model) return { targets: [], errors: result.errors, parses: false };
      // parseUnit reports the unit's problems as its errors.
      return { targets: unitTargets(source, result.model, extractUnitContainers(source, result.model)), errors: result.errors, parses: true };
    }
    case 'daemon-json': {
      const result = parseDaemonJson(source);
      if (!result.model) return { targets: [], errors: result.errors, parses: false };
      return { targets: [{ kind: 'daemon', file: source, daemon: result.model }], errors: result.errors, parses: true };
    }
    case 'quadlet': {
      const result = parseQuadlet(source);
      if (!result.model) return { targets: [], errors: result.errors, parses: false };
      return { targets: unitTargets(source, result.model.unit, result.model.containers), errors: result.errors, parses: true };
    }
  }
}

/** Give a compose service that builds a Dockerfile in the tree that Dockerfile's user and base. */
/** A unit (systemd or Quadlet) is a target itself, and so is each container it runs. */
function unitTargets(file: SourceFile, unit: UnitModel, containers: ContainerSpec[]): Target[] {
  return [{ kind: 'unit', file, unit, containers }, ...containers.map((container): Target => ({ kind: 'container', file, container, unit }))];
}

function linkBuild(container: ContainerSpec, env: AnalysisEnv): void {
  const build = container.build;
  if (!build?.dockerfileAbsPath) return;
  const model = env.dockerfileAt(build.dockerfileAbsPath);
  if (!model || model.stages.length === 0) return;
  // `build.target` stops the build at that stage: its image is the one that runs.
  const final = build.target ? model.stages.find((stage) => stage.name === build.target) : finalStage(model);
  if (!final) return;
  build.resolved = {
    finalUser: stageUser(model, final.index)?.value,
    baseImage: stageBaseImage(model, final.index),
    healthcheck: hasHealthcheck(model, final.index),
  };
}

/**
 * Work limits per file. A pull request can hold a file built to make a parser or a rule slow,
 * and one such file must not stall the scan (or the fix run, or the Action):
 * 1. Size: a file over the size limit (5 MB, `--max-file-size`) is never read (src/read.ts);
 *    nor is anything that is not a regular file (a FIFO would block, /dev/zero never ends).
 * 2. Lines: a file of more than MAX_LINES lines is not parsed; real configuration files have a
 *    few thousand at most. Both are CG000 findings, the same on every machine.
 * 3. Time: analysis looks at the clock after parsing and before each rule; past the budget
 *    (FILE_BUDGET_MS) it stops, keeps the parse errors, drops the partial rule findings and
 *    reports CG000 "file too complex", and the file counts as not parsing, so no fix touches it.
 *    A call into a parser or a rule cannot be interrupted on one thread, so the bound is the
 *    budget plus one parse and one rule: the real budget is that parsers and rules are linear,
 *    which test/hostile/budget.test.ts measures on adversarial inputs (quadratic hot spots were
 *    fixed where they were). The fix loop has its own budget (src/fix/fix-files.ts).
 */
export const MAX_LINES = 100_000;
export const FILE_BUDGET_MS = 5_000;

/** Parse and run every enabled rule on one file. Also the `analyse` step of the fix loop. */
export function analyseSource(source: SourceFile, env: AnalysisEnv): { parses: boolean; findings: Finding[] } {
  const started = performance.now();
  const budget = env.budgetMs ?? FILE_BUDGET_MS;
  const index = new LineIndex(source.text);
  const findings: Finding[] = [];
  const place = (ruleId: string, ruleName: string, level: Finding['level'], message: string, span: Span, fix?: Finding['fix']): void => {
    findings.push({ ruleId, ruleName, level, message, path: source.path, span, region: index.region(span), fix, fingerprint: '' });
  };
  let parsed: Parsed;
  if (index.lineCount > MAX_LINES) {
    const message = `file too complex: ${index.lineCount} lines, cguard reads at most ${MAX_LINES}; skipped — if the file is generated, exclude it with \`ignore:\` in .cguard.yaml`;
    parsed = { targets: [], errors: [{ message, span: { start: 0, end: 0 } }], parses: false };
  } else {
    try {
      parsed = parseSource(source, env);
    } catch (error) {
      // A parser bug must not stop the scan; report it where it happened, as a parse error.
      parsed = { targets: [], errors: [{ message: `cguard could not parse this file (${(error as Error).message}); please report it`, span: { start: 0, end: 0 } }], parses: false };
    }
  }
  const parseErrorSetting = settingFor(env.policy, 'CG000', source.path);
  if (parseErrorSetting.level !== 'off') {
    for (const error of parsed.errors) place('CG000', 'parse-error', parseErrorSetting.level, error.message, error.span);
  }
  const parseErrorCount = findings.length;
  for (const rule of rulesFor(env.rules, parsed.targets)) {
    if (performance.now() - started > budget) {
      findings.length = parseErrorCount;
      const message = `file too complex: analysis stopped after ${Math.round(budget / 1000)} s and its findings are left out; split the file, or exclude it with \`ignore:\` in .cguard.yaml`;
      if (parseErrorSetting.level !== 'off') place('CG000', 'parse-error', parseErrorSetting.level, message, { start: 0, end: 0 });
      parsed = { targets: [], errors: parsed.errors, parses: false };
      break;
    }
    const setting = settingFor(env.policy, rule.id, source.path);
    if (setting.level === 'off') continue;
    const ctx: RuleContext = { trustedRegistries: env.policy.trustedRegistries, strict: env.policy.strict, options: setting.options, hostJournald: env.hostJournald, dockerDaemon: env.policy.dockerDaemon };
    for (const target of parsed.targets) {
      if (!rule.targets.includes(target.kind)) continue;
      let results;
      try {
        results = rule.check(target, ctx);
      } catch (error) {
        place('CG000', 'parse-error', 'error', `internal error in rule ${rule.id} (${(error as Error).message}); please report it`, { start: 0, end: 0 });
        continue;
      }
      for (const r of results) place(rule.id, rule.name, setting.level, r.message, r.span, r.fix);
    }
  }
  try {
    for (const custom of customRuleFindings(parsed.targets, env.policy)) {
      place(custom.id, custom.name, custom.level, custom.message, custom.span);
    }
  } catch (error) {
    // As for a built-in rule: the file is reported, the scan goes on.
    place('CG000', 'parse-error', 'error', `internal error in a custom rule (${(error as Error).message}); please report it`, { start: 0, end: 0 });
  }
  const kept = applySuppressions(source, findings, env.policy, index);
  kept.sort(compareFindings);
  if (env.fingerprints !== false) assignFingerprints(kept, source.text);
  // After the fingerprints, so adding or removing the unit does not change a baseline.
  const startedBy = source.kind === 'compose' && source.absPath ? env.composeStartedBy?.get(source.absPath) : undefined;
  if (startedBy?.length) addStartedBy(kept, startedBy);
  if (env.fixEdits !== false) boundLazyFixes(kept, budget);
  return { parses: parsed.parses, findings: kept };
}

/** Say which units bring a compose file up, in its findings' messages (not its parse errors'). */
function addStartedBy(findings: Finding[], units: readonly string[]): void {
  const suffix = startedBySuffix(units);
  for (const f of findings) if (f.ruleId !== 'CG000') f.message += suffix;
}

/** For each rule list, the rules that read some kind of target, by the set of kinds (a bit each). */
const rulesByKinds = new WeakMap<readonly Rule[], Map<number, readonly Rule[]>>();
const KIND_BIT: Record<Target['kind'], number> = { container: 1, dockerfile: 2, unit: 4, compose: 8, daemon: 16 };

/** The rules that read any of these targets, in rule order (most rules read other kinds of file). */
function rulesFor(rules: readonly Rule[], targets: readonly Target[]): readonly Rule[] {
  let kinds = 0;
  for (const target of targets) kinds |= KIND_BIT[target.kind];
  let byKinds = rulesByKinds.get(rules);
  if (!byKinds) rulesByKinds.set(rules, (byKinds = new Map()));
  let found = byKinds.get(kinds);
  if (!found) byKinds.set(kinds, (found = rules.filter((rule) => rule.targets.some((kind) => (kinds & KIND_BIT[kind]) !== 0))));
  return found;
}

/**
 * Work limit 3 for fixes: a rule may compute a fix's edits only when they are read (SARIF,
 * JSON, `--fix`), and a compose edit of several changes re-parses the file, so a file of
 * thousands of fixable findings would take minutes to produce them all. Once reading this
 * file's fixes has taken the time budget, the rest come out without edits, which reporters
 * and the fix engine skip (the findings themselves stay).
 */
function boundLazyFixes(findings: Finding[], budgetMs: number): void {
  let spent = 0;
  for (const finding of findings) {
    const fix = finding.fix;
    const read = fix && Object.getOwnPropertyDescriptor(fix, 'edits');
    if (!fix || !read?.get || !read.configurable) continue;
    const compute = read.get;
    let edits: Fix['edits'] | undefined;
    Object.defineProperty(fix, 'edits', {
      configurable: true,
      enumerable: true,
      get(): Fix['edits'] {
        if (edits === undefined) {
          const start = performance.now();
          edits = spent > budgetMs ? [] : (compute.call(fix) as Fix['edits']);
          spent += performance.now() - start;
        }
        return edits;
      },
    });
  }
}

function parseErrorFinding(filePath: string, message: string): Finding {
  const finding: Finding = {
    ruleId: 'CG000',
    ruleName: 'parse-error',
    level: 'error',
    message,
    path: filePath,
    span: { start: 0, end: 0 },
    region: { line: 1, column: 1, endLine: 1, endColumn: 1 },
    fingerprint: '',
  };
  assignFingerprints([finding], undefined);
  return finding;
}
