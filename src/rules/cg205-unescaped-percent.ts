/**
 * CG205 unescaped-percent — a `%` in an `Exec*=` or `Environment=` value that systemd reads as
 * a unit specifier, where a literal `%` was meant.
 *
 * Facts (systemd.unit(5) "Specifiers"; facts §2; checked with `systemd-analyze verify` 252):
 * every `%` followed by a letter or digit is a specifier. A known one is replaced silently
 * (`date +%Y-%m-%d` becomes the unit's folder, the machine id and the credentials folder); an
 * unknown one (`%Z`, `%k`, `%1`) is "Failed to resolve unit specifiers … Invalid slot" — a fatal
 * error for an Exec line (the unit does not start) and "ignoring" for an Environment= assignment
 * (the variable is silently missing). A `%` before anything else (`50%`, `% `, `%-d`) is kept as
 * written, and `%%` is a literal `%`.
 */
import type { Edit } from '../model/edit.js';
import type { SourceFile, Span } from '../model/source.js';
import type { UnitEntry, UnitModel } from '../model/unit.js';
import { splitUnitWords } from '../parsers/exec-line.js';
import { effectiveValues } from '../parsers/systemd-unit.js';
import { defineRule, type RuleFinding } from './types.js';
import { basename, execCommands } from './unit-helpers.js';

/** The specifiers systemd 252 resolves in unit files (systemd.unit(5)); `%c %r %R` are deprecated but resolved. */
const SPECIFIERS = new Set('aAbBcCdEfgGhHiIjJlLmMnNopPqrRsStTuUvVwWyY');
/**
 * strftime conversions that are also specifiers: two or more of them joined only by date
 * punctuation (`%Y-%m-%d`, `%H:%M`, `%Y%m%d`) are a date format, not paths and ids.
 */
const DATE_LETTERS = new Set('YmdHMSy');
/** Commands whose arguments are formats. */
const FORMAT_COMMANDS = new Set(['date', 'printf']);
/** Options whose value is a format. */
const FORMAT_OPTION = /^--?(format|date-format|time-format|timefmt|timestamp-format|time-style)$/;

interface Percent {
  /** Index in the word's value. */
  at: number;
  letter: string;
  invalid: boolean;
}

/** `%X` occurrences of a value, `%%` skipped. */
function percents(value: string): Percent[] {
  const found: Percent[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '%') continue;
    const next = value[i + 1];
    if (next === '%') {
      i++;
      continue;
    }
    if (next !== undefined && /[A-Za-z0-9]/.test(next)) found.push({ at: i, letter: next, invalid: !SPECIFIERS.has(next) });
  }
  return found;
}

/** The blank-separated token around index `at`, quotes and shell punctuation trimmed. */
function tokenAround(value: string, at: number): { text: string; before: string } {
  let start = at;
  while (start > 0 && !/\s/.test(value[start - 1]!)) start--;
  let end = at;
  while (end < value.length && !/\s/.test(value[end]!)) end++;
  const trim = (s: string) => s.replace(/^[`'"($=]+|[`'")]+$/g, '');
  const before = value.slice(0, start).trimEnd().split(/\s+/).pop() ?? '';
  return { text: trim(value.slice(start, end)), before: trim(before) };
}

/** Whether a resolvable specifier sits where a literal `%` (a date or printf format) was meant. */
function meantLiterally(value: string, p: Percent, program: string | undefined): boolean {
  if (program !== undefined && FORMAT_COMMANDS.has(program)) return true;
  const { text, before } = tokenAround(value, p.at);
  if (text.startsWith('+') || /^--?[a-z-]+=\+/.test(text)) return true;
  if (FORMAT_COMMANDS.has(basename(before)) || FORMAT_OPTION.test(before)) return true;
  if (/^--?[a-z-]*(format|fmt)[a-z-]*=/.test(text)) return true;
  return isDateFormat(text);
}

function isDateFormat(token: string): boolean {
  const conversions = percents(token);
  if (conversions.length < 2 || !conversions.every((q) => DATE_LETTERS.has(q.letter))) return false;
  return conversions.slice(1).every((q, k) => /^[-:._T ]*$/.test(token.slice(conversions[k]!.at + 2, q.at)));
}

interface Word {
  value: string;
  /** File offset of each character of `value`. */
  offsets: number[];
  span: Span;
}

function examine(file: SourceFile, word: Word, program: string | undefined): { flagged: Percent[]; fixable: boolean } {
  const flagged = percents(word.value).filter((p) => p.invalid || meantLiterally(word.value, p, program));
  // A `%` that reached the value through an escape (`\x25`) is not a `%` in the file.
  const fixable = flagged.every((p) => file.text[word.offsets[p.at]!] === '%');
  return { flagged, fixable };
}

function finding(file: SourceFile, entry: UnitEntry, word: Word, flagged: Percent[], fixable: boolean): RuleFinding {
  const first = flagged[0]!;
  const start = word.offsets[first.at]!;
  const list = [...new Set(flagged.map((p) => `%${p.letter}`))].join(', ');
  const invalid = flagged.filter((p) => p.invalid);
  const effect = invalid.length === 0
    ? `systemd replaces ${flagged.length > 1 ? 'them' : 'it'} with unit specifiers (${list.split(', ').map(describeSpecifier).join(', ')}) before the command sees ${flagged.length > 1 ? 'them' : 'it'}`
    : entry.key === 'Environment'
      ? `${invalid.map((p) => `%${p.letter}`).join(', ')} is no specifier, so systemd ignores this assignment ("Failed to resolve specifiers")`
      : `${invalid.map((p) => `%${p.letter}`).join(', ')} is no specifier: "Failed to resolve unit specifiers", and the unit does not start`;
  const edits: Edit[] = flagged.map((p) => ({ start: word.offsets[p.at]!, end: word.offsets[p.at]!, text: '%' }));
  return {
    span: { start, end: word.offsets[first.at + 1]! + 1 },
    message: `${list} in ${entry.key}=: ${effect}; write %% for a literal %`,
    ...(fixable ? { fix: { description: `escape ${list} as %${list.replace(/, /g, ', %')}`, safety: 'safe' as const, edits } } : {}),
  };
}

const MEANINGS: Record<string, string> = {
  Y: "the unit file's folder", m: 'the machine id', d: 'the credentials folder', H: 'the host name', M: 'the OS image id',
  S: 'the state folder', s: "the user's shell", y: "the unit file's path", b: 'the boot id', a: 'the architecture',
  T: 'the temporary folder', u: 'the user name', U: 'the user id', j: 'the name after the last dash', B: 'the OS build id',
  A: 'the OS image version', V: 'the large temporary folder', g: 'the group name', G: 'the group id', C: 'the cache folder',
  l: 'the short host name', t: 'the runtime folder', h: "the user's home", n: 'the unit name', N: 'the unit name without its type',
  i: 'the instance', I: 'the unescaped instance', p: 'the prefix', P: 'the unescaped prefix', f: 'the unescaped file name',
  E: 'the configuration folder', L: 'the log folder', o: 'the OS id', w: 'the OS version id', W: 'the OS variant id',
  v: 'the kernel release', q: 'the pretty host name', J: 'the unescaped name after the last dash',
};

function describeSpecifier(spec: string): string {
  const meaning = MEANINGS[spec.slice(1)];
  return meaning ? `${spec} is ${meaning}` : spec;
}

function check(file: SourceFile, unit: UnitModel): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const { entry, command } of execCommands(unit)) {
    const program = basename(command.words[0]!.value);
    for (const word of command.words) {
      if (!word.offsets || word.offsets.length !== word.value.length + 1) continue;
      const { flagged, fixable } = examine(file, word as Word, program);
      if (flagged.length > 0) findings.push(finding(file, entry, word as Word, flagged, fixable));
    }
  }
  for (const entry of effectiveValues(unit, 'Service', 'Environment')) {
    for (const scanned of splitUnitWords(entry.value) ?? []) {
      const offsets = [...scanned.chars.map((i) => entry.valueOffsets[i]!), entry.valueOffsets[scanned.end - 1]! + 1];
      const word: Word = { value: scanned.value, offsets, span: { start: offsets[0]!, end: offsets[offsets.length - 1]! } };
      // The variable's name is not a format; its value is read like an argument.
      const eq = scanned.value.indexOf('=');
      const value = eq < 0 ? scanned.value : scanned.value.slice(eq + 1);
      const shift = eq < 0 ? 0 : eq + 1;
      const { flagged, fixable } = examine(file, { value, offsets: offsets.slice(shift), span: word.span }, undefined);
      if (flagged.length > 0) findings.push(finding(file, entry, { value, offsets: offsets.slice(shift), span: word.span }, flagged, fixable));
    }
  }
  return findings;
}

export default defineRule({
  id: 'CG205',
  name: 'unescaped-percent',
  level: 'warning',
  securitySeverity: 3.5,
  tags: ['correctness', 'systemd'],
  cwe: ['CWE-116'],
  targets: ['unit'],
  fixable: 'safe',
  docs: {
    summary: 'A % in an Exec*= or Environment= value is read as a unit specifier',
    what:
      'Flags a `%` followed by a letter or digit in the words of `Exec*=` lines (of [Service] and [Socket]) and in `[Service] Environment=` values when it is either (1) not a specifier systemd knows — `%Z`, `%k`, `%e`, `%F`, `%1` … — or (2) a known specifier where a literal `%` is plainly meant: an argument of `date` or `printf`, a token that starts with `+` (`date +%s`, also inside a `sh -c` script), the value of a `--format`-like option, or a token made of two or more strftime-style conversions (`%Y-%m-%d`, `%H:%M`). Specifiers used as names (`%n`, `%i`, `%t/%n.cid`, `--hostname %H`) are not flagged, nor is a `%` before anything but a letter or digit (`50%`, `%-d`): systemd keeps those as written. `%%` is already a literal `%`. Docker `--format \'{{.Names}}\'` templates contain no `%` and are fine.',
    why:
      'systemd expands specifiers before the command runs, quoted or not. A known one is replaced silently: `ExecStartPre=/bin/sh -c \'docker tag app app:$(date +%Y%m%d)\'` tags the image with the unit folder and the machine id, and `date +%s` prints the user\'s shell. An unknown one is a fatal load error for an Exec line ("Failed to resolve unit specifiers … Invalid slot": the unit will not start) and makes systemd drop an `Environment=` assignment with only a log line.',
    example: { lang: 'ini', code: "[Service]\nExecStartPre=/bin/sh -c 'docker tag app:latest app:$(date +%Y-%m-%d)'\nExecStart=/usr/bin/docker run --rm --name app app:latest" },
    useInstead: { lang: 'ini', code: "[Service]\nExecStartPre=/bin/sh -c 'docker tag app:latest app:$(date +%%Y-%%m-%%d)'\nExecStart=/usr/bin/docker run --rm --name app app:latest" },
    fixSafety:
      'Safe: doubles each flagged `%` (`%Y` → `%%Y`), which systemd turns back into the single `%` the command was written with. For an unknown specifier the unit could not start (or the variable was dropped) before; for a date or printf format the command now gets the format instead of a path or an id. Specifiers used as names are never touched. No fix when the `%` was written as an escape (`\\x25`).',
    references: ['systemd.unit(5): Specifiers', 'systemd.service(5): Command lines', 'CWE-116: Improper Encoding or Escaping of Output'],
  },
  check(target) {
    return target.kind === 'unit' ? check(target.file, target.unit) : [];
  },
});
