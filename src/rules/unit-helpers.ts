/**
 * What the systemd-integration rules (CG2xx) ask about a unit: the `Exec*=` commands systemd
 * keeps, which runtime a command runs, booleans and timeouts as systemd parses them, and edits
 * that take one flag out of a command line.
 */
import type { Edit } from '../model/edit.js';
import type { SourceFile, Span } from '../model/source.js';
import type { ExecCommand, ExecWord, UnitEntry, UnitModel } from '../model/unit.js';
import type { RunFlag } from '../parsers/docker-run.js';
import type { ExpandedWord } from '../parsers/exec-line.js';
import { parseExecCommands } from '../parsers/exec-line.js';
import { effectiveValues, lastValue } from '../parsers/systemd-unit.js';

/** Sections whose `Exec*=` lines systemd runs: services, and sockets' ExecStartPre= & co. */
const EXEC_SECTIONS = ['Service', 'Socket'];

/**
 * The `Exec*=` entries systemd keeps, in file order: repeated keys accumulate and an empty
 * assignment drops the earlier ones (the drop-in `ExecStart=` reset idiom, facts §2).
 */
export function execEntries(unit: UnitModel): UnitEntry[] {
  const kept = new Set<UnitEntry>();
  for (const section of EXEC_SECTIONS) {
    const keys = new Set(unit.entries.filter((e) => e.section === section && /^Exec[A-Za-z]+$/.test(e.key)).map((e) => e.key));
    for (const key of keys) for (const entry of effectiveValues(unit, section, key)) kept.add(entry);
  }
  return unit.entries.filter((e) => kept.has(e));
}

export interface UnitCommand {
  entry: UnitEntry;
  command: ExecCommand;
}

/** Every command of every kept `Exec*=` entry (an entry may hold several, split by a lone `;`). */
export function execCommands(unit: UnitModel): UnitCommand[] {
  return execEntries(unit).flatMap((entry) => parseExecCommands(entry).map((command) => ({ entry, command })));
}

/**
 * The command's arguments as the program sees them, before variable expansion: the `@` prefix
 * makes the second word argv[0], so it is dropped.
 */
export function commandArgs(command: ExecCommand): ExecWord[] {
  const [, ...rest] = command.words;
  return command.prefixes.includes('@') ? rest.slice(1) : rest;
}

export const basename = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** systemd's parse_boolean(). */
export function unitBoolean(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (['1', 'yes', 'y', 'true', 't', 'on'].includes(v)) return true;
  if (['0', 'no', 'n', 'false', 'f', 'off'].includes(v)) return false;
  return undefined;
}

/** The last assignment of any of `keys` in `section` (they set the same field), or undefined. */
export function lastOf(unit: UnitModel, section: string, keys: readonly string[]): UnitEntry | undefined {
  let found: UnitEntry | undefined;
  for (const e of unit.entries) if (e.section === section && keys.includes(e.key)) found = e;
  return found;
}

/** `Type=` as systemd reads it: `simple` when unset or reset (the unit has an ExecStart=). */
export function serviceType(unit: UnitModel): string {
  const type = lastValue(unit, 'Service', 'Type')?.value.trim();
  return type ? type : 'simple';
}

/** Unit names of a dependency list setting (`After=a.service b.socket`, repeated lines, resets). */
export function dependencyNames(unit: UnitModel, key: string): string[] {
  return effectiveValues(unit, 'Unit', key).flatMap((e) => e.value.split(/\s+/).filter(Boolean));
}

/**
 * A user unit (run by `systemctl --user`): it lives under a `systemd/user` folder, or it is
 * installed into `default.target` only — the user manager's target; system services go to
 * `multi-user.target` or `graphical.target`.
 */
export function isUserUnit(file: SourceFile, unit: UnitModel): boolean {
  if (/(^|\/)(systemd\/user|\.config\/systemd\/user)\//.test(file.path)) return true;
  const wantedBy = effectiveValues(unit, 'Install', 'WantedBy').flatMap((e) => e.value.split(/\s+/).filter(Boolean));
  return wantedBy.length > 0 && wantedBy.every((t) => t === 'default.target');
}

/** Whether every character of the word is written in the file as it reads (no variable, no escape). */
export function writtenAsIs(file: SourceFile, word: ExecWord): boolean {
  if ((word as ExpandedWord).written !== undefined || !word.offsets) return false;
  return word.offsets.length === word.value.length + 1;
}

/**
 * Edits that take a boolean flag out of a command line: one letter of a cluster (`-itd` → `-id`),
 * or the flag's whole word with the blank before it. A word alone on a continuation line goes
 * with its line. Undefined when the flag's text is not in the file as written (it came from a
 * variable).
 */
export function removeFlagEdits(file: SourceFile, words: readonly ExecWord[], flag: RunFlag): Edit[] | undefined {
  const word = words[flag.wordIndex];
  if (!word || !writtenAsIs(file, word) || flag.valueWordIndex !== undefined) return undefined;
  if (flag.inCluster) {
    if (flag.value !== undefined) return undefined;
    const { start, end } = flag.flagSpan;
    return file.text.slice(start, end).length === 1 ? [{ start, end, text: '' }] : undefined;
  }
  return [removeWordEdit(file.text, word.span)];
}

/** Delete a word and the blanks before it; a word alone on a continuation line takes its line. */
export function removeWordEdit(text: string, span: Span): Edit {
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  let lineEnd = text.indexOf('\n', span.end);
  if (lineEnd < 0) lineEnd = text.length;
  const before = text.slice(lineStart, span.start);
  const after = text.slice(span.end, lineEnd);
  if (/^[ \t]*$/.test(before) && /^[ \t]*\\[ \t]*\r?$/.test(after) && lineStart > 0) {
    return { start: lineStart, end: Math.min(lineEnd + 1, text.length), text: '' };
  }
  let start = span.start;
  while (start > lineStart && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  if (start < span.start) return { start, end: span.end, text: '' };
  let end = span.end;
  while (end < lineEnd && (text[end] === ' ' || text[end] === '\t')) end++;
  return { start: span.start, end, text: '' };
}

/** The runtime a command runs (`docker`, `podman`, `docker-compose`, …), looking past `env`. */
export function runtimeOf(command: ExecCommand): { name: string; index: number } | undefined {
  const words = command.words;
  let i = 0;
  if (basename(words[0]?.value ?? '') === 'env') {
    for (i = 1; i < words.length; i++) {
      const text = words[i]!.value;
      if (text === '-u' || text === '--unset' || text === '-C' || text === '--chdir') i++;
      else if (!text.startsWith('-') && !/^[^=]+=/.test(text)) break;
    }
  }
  const name = basename(words[i]?.value ?? '');
  return RUNTIME_PROGRAMS.has(name) ? { name, index: i } : undefined;
}

export const RUNTIME_PROGRAMS = new Set(['docker', 'podman', 'podman-remote', 'docker-compose', 'podman-compose']);

/** A shell run with `-c SCRIPT` (`sh -c '…'`, `bash -ec "…"`): the index of the script word. */
export function shellScriptIndex(command: ExecCommand): number | undefined {
  const words = command.words;
  if (!/^(sh|bash|dash|ash|zsh|ksh|busybox)$/.test(basename(words[0]?.value ?? ''))) return undefined;
  let i = 1;
  if (basename(words[0]!.value) === 'busybox') {
    if (!/^(sh|ash|bash)$/.test(words[1]?.value ?? '')) return undefined;
    i = 2;
  }
  for (; i < words.length; i++) {
    const text = words[i]!.value;
    if (text === '--') return undefined;
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(text)) return i + 1 < words.length ? i + 1 : undefined;
    if (!text.startsWith('-') && !text.startsWith('+')) return undefined;
    if (text === '-o' || text === '+o') i++;
  }
  return undefined;
}
