/**
 * What the Action's tests share: a pull request in a temporary repository (a base commit with
 * one root Dockerfile, a head commit adding another), the runner's files, and readers for what
 * the Action leaves behind (SARIF, outputs, step summary).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sarifValidator } from '../shared-schemas.js';
import type * as Sarif from 'sarif';
import { commitAll, tempRepo, writeFiles } from './git-repo.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `FROM` with no `USER`: the final stage runs as root (CG001, error). */
export const ROOT_DOCKERFILE = 'FROM alpine:3.20\nCMD ["sleep", "infinity"]\n';
export const CLEAN_DOCKERFILE = 'FROM alpine:3.20\nUSER 65532:65532\nCMD ["sleep", "infinity"]\n';

export interface PullRequestFixture {
  /** The checked-out workspace (a git repository at the head commit). */
  workspace: string;
  base: string;
  head: string;
  /** Folder for the runner's files (event payload, outputs, summary). */
  runnerTemp: string;
}

/** base: `Dockerfile` (CG001); head: adds `app/Dockerfile` (CG001) and `README.md`. */
export function pullRequestFixture(extra: Record<string, string> = {}): PullRequestFixture {
  const workspace = tempRepo('cguard-action-');
  writeFiles(workspace, { Dockerfile: ROOT_DOCKERFILE });
  const base = commitAll(workspace, 'base');
  writeFiles(workspace, { 'app/Dockerfile': ROOT_DOCKERFILE, 'README.md': '# app\n', ...extra });
  const head = commitAll(workspace, 'head');
  return { workspace, base, head, runnerTemp: mkdtempSync(path.join(tmpdir(), 'cguard-runner-')) };
}

/** The variables the runner sets for a JavaScript action step, for a pull_request (or another) event. */
export function runnerEnv(
  fx: PullRequestFixture,
  inputs: Record<string, string> = {},
  event: { name: string; payload: unknown } = { name: 'pull_request', payload: { pull_request: { base: { sha: fx.base }, head: { sha: fx.head } } } },
): Record<string, string> {
  const eventPath = path.join(fx.runnerTemp, 'event.json');
  writeFileSync(eventPath, JSON.stringify(event.payload));
  const env: Record<string, string> = {
    GITHUB_WORKSPACE: fx.workspace,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: path.join(fx.runnerTemp, 'output'),
    GITHUB_STEP_SUMMARY: path.join(fx.runnerTemp, 'summary.md'),
    // As the runner does for every input with a default in action.yml.
    INPUT_PATH: '.',
    'INPUT_SARIF-FILE': 'cguard.sarif',
    'INPUT_FAIL-ON': 'error',
    'INPUT_ONLY-CHANGED': 'auto',
    INPUT_ANNOTATIONS: 'true',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return env;
}

/** Parse `GITHUB_OUTPUT` (heredoc form `name<<DELIM` … `DELIM`) as the runner does. */
export function readOutputs(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const lines = readFileSync(file, 'utf8').split('\n');
  const outputs: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const m = /^([^<=]+)<<(.+)$/.exec(line);
    if (!m) throw new Error(`unexpected line in GITHUB_OUTPUT: ${line}`);
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    if (i >= lines.length) throw new Error(`delimiter ${m[2]} never closed`);
    outputs[m[1]!] = value.join('\n');
  }
  return outputs;
}

// CommonJS: under NodeNext the default import is module.exports, whose `default` is the class.

/** Read a SARIF file and check it against the SARIF 2.1.0 schema (when ../shared has it); throws with the schema errors. */
export function readValidSarif(file: string): Sarif.Log {
  const log = JSON.parse(readFileSync(file, 'utf8')) as Sarif.Log;
  const validator = sarifValidator();
  if (validator && !validator(log)) throw new Error(`invalid SARIF: ${JSON.stringify(validator.errors, null, 2)}`);
  return log;
}

/** `path:ruleId` for every result, sorted. */
export function sarifResults(log: Sarif.Log): string[] {
  return log.runs[0]!.results!.map((r) => `${r.locations![0]!.physicalLocation!.artifactLocation!.uri}:${r.ruleId}`).sort();
}
