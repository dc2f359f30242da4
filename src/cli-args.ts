/** Command-line parsing: a small table-driven parser, so every error is one clear line. */
import type { FileKind } from './model/source.js';

export class UsageError extends Error {}

export type OutputFormat = 'text' | 'json' | 'sarif' | 'github';
export type FailOn = 'error' | 'warning' | 'note' | 'never';

export interface ScanArgs {
  command: 'scan' | 'baseline';
  paths: string[];
  format: OutputFormat;
  output?: string;
  fix: boolean;
  unsafeFixes: boolean;
  diff: boolean;
  config?: string;
  policy?: string;
  failOn: FailOn;
  changedSince?: string;
  baseline?: string;
  type?: FileKind;
  includeSuppressed: boolean;
  maxFileSize?: number;
  color?: boolean;
  debug: boolean;
  category?: string;
  shard?: { index: number; count: number };
}

/** `cguard pin`: `mode` is `write` unless --check, --dry-run or --diff says otherwise. */
export interface PinArgs {
  command: 'pin';
  paths: string[];
  mode: 'write' | 'dry-run' | 'diff' | 'check';
  format: 'text' | 'json';
  config?: string;
  type?: FileKind;
  maxFileSize?: number;
  debug: boolean;
}

export type Args =
  | ScanArgs
  | PinArgs
  | { command: 'rules'; format: 'text' | 'json'; config?: string; policy?: string; debug: boolean }
  | { command: 'explain'; id: string; debug: boolean }
  | { command: 'merge-sarif'; inputs: string[]; output?: string; debug: boolean }
  | { command: 'help'; topic?: string }
  | { command: 'version' };

const VALUE_FLAGS = new Set(['--format', '-f', '--output', '-o', '--config', '--policy', '--fail-on', '--changed-since', '--baseline', '--type', '--max-file-size', '--category', '--shard']);

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got '${value}')`);
  return value as T;
}

export function parseArgs(argv: readonly string[]): Args {
  const args = [...argv];
  if (args.length === 0) return { command: 'help' };
  const first = args[0]!;
  if (first === '--version' || first === '-V' || first === 'version') return { command: 'version' };
  if (first === '--help' || first === '-h' || first === 'help') return { command: 'help', topic: args[1] };
  let command = first;
  if (first.startsWith('-') || !['scan', 'rules', 'explain', 'baseline', 'merge-sarif', 'pin'].includes(first)) {
    if (!first.startsWith('-')) throw new UsageError(`unknown command '${first}'; try 'cguard scan ${first}' or 'cguard --help'`);
    command = 'scan';
  } else {
    args.shift();
  }
  const positional: string[] = [];
  const values = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    if (name === '--help' || name === '-h') return { command: 'help', topic: command };
    if (VALUE_FLAGS.has(name)) {
      const value = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      // `--shard --debug` is a forgotten value, not a shard named '--debug'.
      if (eq < 0 && value.startsWith('--')) throw new UsageError(`${name} needs a value, not the option '${value}' (write ${name}=${value} if that is the value)`);
      values.set(canonical(name), value);
    } else if (['--fix', '--unsafe-fixes', '--diff', '--include-suppressed', '--debug', '--color', '--no-color', '--check', '--dry-run'].includes(name)) {
      switches.add(name);
    } else {
      throw new UsageError(`unknown option '${arg}'; see 'cguard --help'`);
    }
  }
  const debug = switches.has('--debug');
  if (command === 'rules') {
    const format = oneOf('--format', values.get('--format') ?? 'text', ['text', 'json'] as const);
    return { command: 'rules', format, config: values.get('--config'), policy: values.get('--policy'), debug };
  }
  if (command === 'explain') {
    if (positional.length !== 1) throw new UsageError("usage: cguard explain RULE (an id such as CG001 or a name such as 'root-user')");
    return { command: 'explain', id: positional[0]!, debug };
  }
  if (command === 'merge-sarif') {
    if (positional.length === 0) throw new UsageError('usage: cguard merge-sarif FILE... [-o OUT]');
    return { command: 'merge-sarif', inputs: positional, output: values.get('--output'), debug };
  }
  if (command === 'pin') return pinArgs(positional, values, switches);
  for (const flag of PIN_ONLY) if (switches.has(flag)) throw new UsageError(`${flag} is an option of 'cguard pin', not of 'cguard ${command}'`);
  const maxFileSize = values.has('--max-file-size') ? parseSize(values.get('--max-file-size')!) : undefined;
  const shardText = values.get('--shard');
  let shard: ScanArgs['shard'];
  if (shardText !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(shardText);
    if (!m || Number(m[2]) < 1 || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new UsageError(`--shard must be I/N with 1 ≤ I ≤ N (got '${shardText}')`);
    shard = { index: Number(m[1]), count: Number(m[2]) };
  }
  const result: ScanArgs = {
    command: command as 'scan' | 'baseline',
    paths: positional,
    format: oneOf('--format', values.get('--format') ?? 'text', ['text', 'json', 'sarif', 'github'] as const),
    output: values.get('--output'),
    fix: switches.has('--fix') || switches.has('--unsafe-fixes'),
    unsafeFixes: switches.has('--unsafe-fixes'),
    diff: switches.has('--diff'),
    config: values.get('--config'),
    policy: values.get('--policy'),
    failOn: oneOf('--fail-on', values.get('--fail-on') ?? 'warning', ['error', 'warning', 'note', 'never'] as const),
    changedSince: values.get('--changed-since'),
    baseline: values.get('--baseline'),
    type: values.has('--type') ? oneOf('--type', values.get('--type')!, ['dockerfile', 'compose', 'unit', 'quadlet', 'daemon-json'] as const) : undefined,
    includeSuppressed: switches.has('--include-suppressed'),
    maxFileSize,
    color: switches.has('--no-color') ? false : switches.has('--color') ? true : undefined,
    debug,
    category: values.get('--category'),
    shard,
  };
  return result;
}

const PIN_ONLY = ['--check', '--dry-run'];
const PIN_VALUES = ['--format', '--config', '--type', '--max-file-size'];
const PIN_SWITCHES = ['--check', '--dry-run', '--diff', '--debug'];

function pinArgs(paths: string[], values: Map<string, string>, switches: Set<string>): PinArgs {
  for (const flag of [...values.keys(), ...switches]) {
    if (!PIN_VALUES.includes(flag) && !PIN_SWITCHES.includes(flag)) throw new UsageError(`${flag} is not an option of 'cguard pin'; see 'cguard --help'`);
  }
  const modes = (['--check', '--dry-run', '--diff'] as const).filter((flag) => switches.has(flag));
  if (modes.length > 1) throw new UsageError(`${modes.join(' and ')} cannot be combined: choose one`);
  const format = oneOf('--format', values.get('--format') ?? 'text', ['text', 'json'] as const);
  if (switches.has('--diff') && format === 'json') throw new UsageError('--diff prints a patch; it cannot be combined with --format json');
  return {
    command: 'pin',
    paths,
    mode: modes[0] ? (modes[0].slice(2) as PinArgs['mode']) : 'write',
    format,
    config: values.get('--config'),
    type: values.has('--type') ? oneOf('--type', values.get('--type')!, ['dockerfile', 'compose', 'unit', 'quadlet'] as const) : undefined,
    maxFileSize: values.has('--max-file-size') ? parseSize(values.get('--max-file-size')!) : undefined,
    debug: switches.has('--debug'),
  };
}

function canonical(flag: string): string {
  return flag === '-f' ? '--format' : flag === '-o' ? '--output' : flag;
}

function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)b?$/i.exec(text.trim());
  if (!m) throw new UsageError(`--max-file-size must be a size such as 5MB or 800k (got '${text}')`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(Number(m[1]) * unit);
}

export const HELP = `cguard — security linter for Dockerfiles, Compose files and systemd units that run containers

Usage:
  cguard scan [PATH...] [options]   scan files and directories (default: .)
  cguard rules [--format json]      list every rule
  cguard explain RULE               show one rule's documentation (id or name)
  cguard baseline [PATH...]         write .cguard-baseline.json with today's findings
  cguard merge-sarif FILE... -o OUT merge SARIF files from --shard runs into one run
  cguard pin [PATH...] [options]    pin image tags to their registry digests (name:tag@sha256:…)

Scan options:
  -f, --format text|json|sarif|github   output format (default: text)
  -o, --output FILE                     write the report to FILE
      --fix                             apply safe fixes
      --unsafe-fixes                    apply safe and unsafe fixes
      --diff                            print the fixes as a unified diff; write nothing
      --config FILE                     config file (default: .cguard.yaml found upwards)
      --policy NAME|FILE                recommended (default), strict, cis-docker, or a file
      --fail-on error|warning|note|never   exit 1 at or above this level (default: warning)
      --changed-since REF               only files changed since a git ref
      --baseline FILE                   report only findings not in the baseline
      --type dockerfile|compose|unit|quadlet|daemon-json   force the kind of explicit files
      --include-suppressed              keep suppressed findings in json and sarif
      --max-file-size SIZE              skip larger files with CG000 (default: 5MB)
      --category NAME                   SARIF run category (runAutomationDetails.id)
      --shard I/N                       scan only shard I of N (stable split by path)
      --color, --no-color               force colour on or off
      --debug                           print stack traces of internal errors

Pin options (the only command that uses the network; registry mirrors: 'pin:' in .cguard.yaml):
      --check                           write nothing; exit 1 if an image is unpinned or its pin is stale
      --dry-run                         report what would be pinned; write nothing
      --diff                            print the pins as a unified diff; write nothing
  -f, --format text|json                output format (default: text)
      --config FILE, --type KIND, --max-file-size SIZE, --debug   as for scan

Exit codes: 0 no findings at or above --fail-on, 1 findings (or a diff with --diff), 2 usage,
configuration or internal error. pin: 0 done (--check: every image pinned and current), 1 --check
found unpinned or stale images (or a diff with --diff), 2 an image could not be resolved, a file
could not be read, parsed or written, or a usage or configuration error.
`;
