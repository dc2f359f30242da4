/**
 * The instructions BuildKit refuses to parse (moby/buildkit frontend/dockerfile/parser/line_parsers.go
 * and frontend/dockerfile/instructions/parse.go), one error per instruction: the first one BuildKit
 * would stop at. Only refusals are reported; BuildKit's lint warnings are not errors.
 */
import type { Span } from '../model/source.js';
import { parseArgNames, parseJsonArray, parseNameValues, splitWhitespace } from './dockerfile-command.js';
import type { ParsedInstruction } from './dockerfile-instruction.js';
import type { ParseError } from './types.js';

/**
 * Flags each instruction accepts: stable BuildKit plus the labs channel (`COPY --parents`,
 * `--exclude`, `RUN --device`), since `# syntax=docker/dockerfile:1-labs` turns those on.
 * Instructions that are absent take no flags; STOPSIGNAL and ARG never look at theirs.
 */
const KNOWN_FLAGS: Record<string, readonly string[]> = {
  FROM: ['platform'],
  RUN: ['mount', 'network', 'security', 'device'],
  COPY: ['from', 'chown', 'chmod', 'link', 'parents', 'exclude'],
  ADD: ['chown', 'chmod', 'link', 'keep-git-dir', 'checksum', 'exclude', 'unpack'],
  HEALTHCHECK: ['interval', 'timeout', 'start-period', 'start-interval', 'retries'],
};
const FLAGS_IGNORED = new Set(['STOPSIGNAL', 'ARG']);

export const INSTRUCTIONS = [
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK',
  'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
] as const;
const KNOWN = new Set<string>(INSTRUCTIONS);

/** BuildKit lower-cases stage names and then requires this shape. */
const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;

export function checkInstruction(parsed: ParsedInstruction, escape: string): ParseError | undefined {
  const { instruction } = parsed;
  const keyword = instruction.keyword;
  const whole: Span = { start: instruction.span.start, end: instruction.argsSpan.end };
  const fail = (message: string, span: Span = whole): ParseError => ({ message, span });
  if (!KNOWN.has(keyword)) return fail(unknownInstruction(parsed.command.keyword), instruction.keywordSpan);
  const problem = argumentProblem(parsed, escape);
  if (problem) return fail(problem.message, problem.span ?? whole);
  // HEALTHCHECK reads its flags in the middle of its own checks.
  return keyword === 'HEALTHCHECK' ? undefined : flagProblem(parsed);
}

function unknownInstruction(written: string): string {
  const suggestion = closestInstruction(written.toUpperCase());
  const shown = written.length > 40 ? `${written.slice(0, 40)}…` : written;
  return `unknown instruction: ${shown}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`;
}

type Problem = { message: string; span?: Span } | undefined;

function argumentProblem(parsed: ParsedInstruction, escape: string): Problem {
  const { instruction, command, argWords } = parsed;
  const keyword = instruction.keyword;
  const rest = command.rest;
  const json = parseJsonArray(rest);
  switch (keyword) {
    case 'ENV':
    case 'LABEL': {
      const result = parseNameValues(keyword, rest, escape);
      return 'error' in result ? { message: result.error } : undefined;
    }
    case 'ARG': {
      const result = parseArgNames(rest, escape);
      return 'error' in result ? { message: result.error } : undefined;
    }
    case 'MAINTAINER':
    case 'WORKDIR':
    case 'USER':
    case 'STOPSIGNAL':
      return rest === '' ? { message: `${keyword} requires exactly one argument` } : undefined;
    case 'EXPOSE':
      return rest === '' ? { message: 'EXPOSE requires at least one argument' } : undefined;
    case 'FROM':
      return fromProblem(splitWhitespace(rest), argWords);
    case 'ADD':
    case 'COPY':
      return copyProblem(keyword, json, rest);
    case 'VOLUME':
      if (json?.kind === 'not-strings') return { message: NOT_STRINGS };
      if ((json?.kind === 'strings' ? json.values : splitWhitespace(rest)).length === 0) return { message: 'VOLUME requires at least one argument' };
      if (json?.kind === 'strings' && json.values.some((v) => v.trim() === '')) return { message: 'VOLUME specified can not be an empty string' };
      return undefined;
    case 'RUN':
    case 'CMD':
    case 'ENTRYPOINT':
      return json?.kind === 'not-strings' ? { message: NOT_STRINGS } : undefined;
    case 'SHELL':
      if (json?.kind === 'not-strings') return { message: NOT_STRINGS };
      if (rest === '' || (json?.kind === 'strings' && json.values.length === 0)) return { message: 'SHELL requires at least one argument' };
      return json ? undefined : { message: 'SHELL requires the arguments to be in JSON form' };
    case 'ONBUILD':
      return onbuildProblem(rest);
    case 'HEALTHCHECK':
      return healthcheckProblem(parsed);
  }
  return undefined;
}

const NOT_STRINGS = 'when using JSON array syntax, arrays must be comprised of strings only';

function fromProblem(args: string[], argWords: ParsedInstruction['argWords']): Problem {
  if (args.length === 3 && args[1]!.toLowerCase() === 'as') {
    if (!STAGE_NAME.test(args[2]!.toLowerCase())) {
      return {
        message: `invalid name for build stage: ${JSON.stringify(args[2])}, name can't start with a number or contain symbols`,
        span: argWords[2]?.span,
      };
    }
    return undefined;
  }
  return args.length === 1 ? undefined : { message: 'FROM requires either one or three arguments' };
}

function copyProblem(keyword: string, json: ReturnType<typeof parseJsonArray>, rest: string): Problem {
  if (json?.kind === 'not-strings') return { message: NOT_STRINGS };
  const args = json?.kind === 'strings' ? json.values : splitWhitespace(rest);
  if (args.length < 2) {
    return { message: `${keyword} requires at least two arguments, but only one was provided. Destination could not be determined` };
  }
  if (/^\d*<<-?[^<]+$/.test(args[args.length - 1]!)) return { message: `${keyword} cannot accept a heredoc as a destination` };
  return undefined;
}

function onbuildProblem(rest: string): Problem {
  if (rest === '') return { message: 'ONBUILD requires at least one argument' };
  const trigger = rest.split(/[\t\v\f\r ]+/, 1)[0]!.toUpperCase();
  if (trigger === 'ONBUILD') return { message: 'Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed' };
  if (trigger === 'MAINTAINER' || trigger === 'FROM') return { message: `${trigger} isn't allowed as an ONBUILD trigger` };
  return undefined;
}

function healthcheckProblem(parsed: ParsedInstruction): Problem {
  const rest = parsed.command.rest;
  if (rest === '') return { message: 'HEALTHCHECK requires at least one argument' };
  const typeEnd = rest.search(/\s|$/);
  const type = rest.slice(0, typeEnd).toUpperCase();
  const command = rest.slice(typeEnd).trim();
  const json = parseJsonArray(command);
  if (json?.kind === 'not-strings') return { message: NOT_STRINGS };
  // HEALTHCHECK NONE never reads its flags.
  if (type === 'NONE') return command === '' ? undefined : { message: 'HEALTHCHECK NONE takes no arguments' };
  const unknownFlag = flagProblem(parsed);
  if (unknownFlag) return unknownFlag;
  if (type !== 'CMD') return { message: `Unknown type ${JSON.stringify(type)} in HEALTHCHECK (try CMD)`, span: parsed.argWords[0]?.span };
  if (command === '' || (json?.kind === 'strings' && json.values.length === 0)) return { message: 'Missing command after HEALTHCHECK CMD' };
  for (const flag of parsed.instruction.flags) {
    if (flag.name === 'retries' && flag.value !== undefined && flag.value !== '') {
      if (!/^[+-]?\d+$/.test(flag.value)) return { message: `invalid --retries value ${JSON.stringify(flag.value)}: not an integer`, span: flag.span };
      if (Number(flag.value) < 0) return { message: `--retries cannot be negative (${Number(flag.value)})`, span: flag.span };
    } else if (flag.name !== 'retries' && flag.value) {
      const duration = parseGoDuration(flag.value);
      if (duration === undefined) return { message: `invalid --${flag.name} duration ${JSON.stringify(flag.value)}`, span: flag.span };
      if (duration !== 0 && duration < 1e6) return { message: `Interval "${flag.name}" cannot be less than 1ms`, span: flag.span };
    }
  }
  return undefined;
}

/** `BFlags.Parse`: a flag the instruction does not define stops the build. */
function flagProblem(parsed: ParsedInstruction): ParseError | undefined {
  const keyword = parsed.instruction.keyword;
  if (FLAGS_IGNORED.has(keyword)) return undefined;
  const known = KNOWN_FLAGS[keyword] ?? [];
  const unknown = parsed.instruction.flags.find((flag) => !known.includes(flag.name));
  return unknown ? { message: `unknown flag: --${unknown.name} (${keyword} ${describeFlags(known)})`, span: unknown.span } : undefined;
}

function describeFlags(known: readonly string[]): string {
  return known.length === 0 ? 'takes no flags' : `accepts ${known.map((f) => `--${f}`).join(', ')}`;
}

const DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's `time.ParseDuration` (HEALTHCHECK intervals), in nanoseconds; undefined when Go rejects it. */
function parseGoDuration(text: string): number | undefined {
  const match = /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+|0)$/.exec(text);
  if (!match) return undefined;
  let total = 0;
  for (const part of match[2]!.matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * DURATION_UNITS[part[2]!]!;
  }
  return match[1] === '-' ? -total : total;
}

function closestInstruction(written: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of INSTRUCTIONS) {
    const distance = levenshtein(written, name);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return bestDistance <= (written.length < 5 ? 1 : 2) ? best : undefined;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
