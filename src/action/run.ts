/**
 * The GitHub Action: scan the workspace (or only the pull request's changed files), always
 * write a SARIF file for `upload-sarif`, print annotations, write the step summary and the
 * outputs, and fail the step per `fail-on`.
 *
 * Everything the runner provides comes in through `env`, so tests run the Action exactly as
 * the runner does, with a fake environment. Output goes through `io` (workflow commands are
 * read from stdout).
 */
import { mkdirSync, realpathSync, writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import type { FailOn } from '../cli-args.js';
import type { Finding } from '../finding.js';
import { changedFilesBetween, GitError } from '../git.js';
import { ConfigError, loadPolicy } from '../policy/config.js';
import { defaultPolicy, settingFor, type ResolvedPolicy } from '../policy/policy.js';
import { escapeData, formatGithub } from '../report/github.js';
import { formatSarif } from '../report/sarif.js';
import { summarise } from '../report/summary.js';
import { allRules, findRule } from '../rules/index.js';
import { scan } from '../scan.js';
import { ruleHelpUri } from '../version.js';
import { EventError, isPullRequestEvent, readPullRequestRange, type PullRequestRange } from './event.js';
import { getInput, InputError, readInputs, type ActionEnv, type ActionInputs } from './inputs.js';
import { writeOutputs } from './outputs.js';
import { plural, renderStepSummary } from './summary.js';

export interface ActionIO {
  /** The step's log; workflow commands (`::error …::`) are read from here. */
  stdout(text: string): void;
}

const processIO: ActionIO = { stdout: (text) => void process.stdout.write(text) };

/** Run the Action and return the step's exit code: 0 pass, 1 findings at or above `fail-on`, 2 error. */
export async function runAction(env: ActionEnv, io: ActionIO = processIO): Promise<number> {
  const workspace = realWorkspace(env);
  // Known before anything can fail, so even a failed run leaves a SARIF file to upload.
  const sarifFile = getInput(env, 'sarif-file') || 'cguard.sarif';
  const progress = { sarifWritten: false };
  try {
    return runScan(env, io, workspace, readInputs(env), progress);
  } catch (error) {
    const known = error instanceof InputError || error instanceof ConfigError || error instanceof GitError || error instanceof EventError;
    const message = known ? (error as Error).message : `internal error: ${(error as Error)?.message ?? String(error)}`;
    io.stdout(`::error::${escapeData(`cguard: ${message}`)}\n`);
    try {
      // Keep the real report if the failure came after it (writing the summary, say).
      if (!progress.sarifWritten) writeSarif(workspace, sarifFile, [], defaultPolicy(allRules));
      if (env.GITHUB_OUTPUT) writeOutputs(env.GITHUB_OUTPUT, { 'sarif-file': sarifFile });
    } catch (secondary) {
      io.stdout(`::error::${escapeData(`cguard: could not write ${sarifFile}: ${(secondary as Error).message}`)}\n`);
    }
    return 2;
  }
}

function runScan(env: ActionEnv, io: ActionIO, workspace: string, inputs: ActionInputs, progress: { sarifWritten: boolean }): number {
  const { policy } = loadPolicy({ cwd: workspace, configPath: inputs.config, policy: inputs.policy, rules: allRules });

  const onlyChanged = inputs.onlyChanged === 'auto' ? isPullRequestEvent(env) : inputs.onlyChanged;
  let pullRequest: PullRequestRange | undefined;
  try {
    pullRequest = readPullRequestRange(env);
  } catch (error) {
    // Without only-changed the payload is needed for nicer links only.
    if (onlyChanged) throw error;
  }
  let onlyFiles: Set<string> | undefined;
  if (onlyChanged) {
    if (pullRequest) {
      onlyFiles = changedFiles(pullRequest, workspace);
    } else {
      io.stdout(`::warning::${escapeData('cguard: only-changed needs a pull_request event; scanning every file')}\n`);
    }
  }

  const result = scan({ cwd: workspace, paths: inputs.paths, policy, rules: allRules, maxFileSize: policy.maxFileSize, onlyFiles });
  for (const problem of result.problems) io.stdout(`::warning::${escapeData(`cguard: ${problem}`)}\n`);
  const findings = result.findings;
  const texts = new Map(result.files.map((f) => [f.path, f.source?.text]));
  const textOf = (p: string): string | undefined => texts.get(p);

  writeSarif(workspace, inputs.sarifFile, findings, policy, textOf);
  progress.sarifWritten = true;
  if (inputs.annotations) io.stdout(formatGithub(findings));

  const summary = summarise(findings, result.files.length);
  if (env.GITHUB_STEP_SUMMARY) {
    const markdown = renderStepSummary(findings, {
      filesScanned: result.files.length,
      policyName: policy.name,
      onlyChanged: onlyFiles !== undefined,
      sarifFile: inputs.sarifFile,
      helpUri: (id) => (findRule(id)?.id === id ? ruleHelpUri(id) : undefined),
      fileUri: fileLinker(env, pullRequest?.headSha ?? env.GITHUB_SHA),
    });
    appendFileSync(env.GITHUB_STEP_SUMMARY, markdown, 'utf8');
  }
  if (env.GITHUB_OUTPUT) {
    writeOutputs(env.GITHUB_OUTPUT, { 'sarif-file': inputs.sarifFile, findings: String(summary.findings), errors: String(summary.errors) });
  }
  io.stdout(
    `cguard: ${plural(summary.findings, 'finding')} (${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${plural(summary.notes, 'note')}) ` +
      `in ${plural(summary.files, 'file')}${onlyFiles ? ' changed in this pull request' : ''}; SARIF written to ${inputs.sarifFile}\n`,
  );
  return failsAt(findings, inputs.failOn) ? 1 : 0;
}

/**
 * Files added or changed in the pull request. `base...head` needs both commits and their merge
 * base, which a shallow checkout (actions/checkout's default depth 1) does not have.
 */
function changedFiles(pr: PullRequestRange, workspace: string): Set<string> {
  try {
    return changedFilesBetween(pr.baseSha, pr.headSha, workspace);
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    throw new GitError(
      `cannot list the files changed between the pull request's base ${pr.baseSha.slice(0, 12)} and head ${pr.headSha.slice(0, 12)} (${error.message}); ` +
        'only-changed needs the full history: set fetch-depth: 0 on actions/checkout (or only-changed: false)',
    );
  }
}

/** GITHUB_WORKSPACE as a real path: git reports real paths, and the changed-file set must match. */
function realWorkspace(env: ActionEnv): string {
  const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd());
  try {
    return realpathSync(workspace);
  } catch {
    return workspace;
  }
}

function writeSarif(workspace: string, sarifFile: string, findings: readonly Finding[], policy: ResolvedPolicy, textOf: (p: string) => string | undefined = () => undefined): void {
  const sarif = formatSarif(findings, {
    rules: allRules,
    customRules: policy.customRules,
    ruleTags: policy.ruleTags,
    levelOf: (id) => settingFor(policy, id, '').level,
    textOf,
    // GitHub ignores SARIF suppressions and would open alerts for them.
    includeSuppressed: false,
  });
  const target = path.resolve(workspace, sarifFile);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, sarif, 'utf8');
}

/** `https://github.com/owner/repo/blob/SHA/path#L3`, when the runner told us where the repository is. */
function fileLinker(env: ActionEnv, sha: string | undefined): (file: string, line: number) => string | undefined {
  const server = env.GITHUB_SERVER_URL;
  const repository = env.GITHUB_REPOSITORY;
  if (!server || !repository || !sha) return () => undefined;
  return (file, line) => `${server}/${repository}/blob/${sha}/${file.split('/').map(encodeURIComponent).join('/')}#L${line}`;
}

const RANK: Record<Exclude<FailOn, 'never'>, number> = { error: 3, warning: 2, note: 1 };

export function failsAt(findings: readonly Finding[], failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  return findings.some((f) => !f.suppressed && RANK[f.level] >= RANK[failOn]);
}
