/**
 * systemd unit files, read the way systemd's config_parse() reads them (systemd.syntax(7)),
 * not as INI: keys repeat, an empty assignment resets a list, a trailing `\` joins the next
 * line, and every key and value keeps its exact span for fixes.
 *
 * Checked against systemd 252 (`systemd-analyze verify`, `systemd --test` dumps):
 * - a line whose first non-blank character is `#` or `;` is a comment, and it never continues
 *   onto the next line, even when it ends with `\`;
 * - a line ending in an odd number of `\` continues: the `\` becomes a space and the next line
 *   is appended as is; comment lines inside a continuation are skipped; a blank line ends it;
 *   a continuation still open at the end of the file is simply the last line;
 * - `[Section]` must end with `]` (else the whole unit fails to load), an assignment before any
 *   section or a line without `=` is ignored with a warning; key and value are trimmed.
 */
import type { SourceFile, Span } from '../model/source.js';
import type { UnitEntry, UnitModel, UnitSection } from '../model/unit.js';
import { parseExecLine, splitUnitWords } from './exec-line.js';
import type { ParseError, ParseResult } from './types.js';

/** A physical line: `end` is before its `\r\n` or `\n`, so an edit at `end` never splits a CRLF. */
export interface Line {
  start: number;
  /** End of the line's text, before `\r\n` or `\n`. */
  end: number;
  /** Start of the next line. */
  next: number;
}

/** The text systemd parses as one line: continuation lines joined, with file offsets. */
interface LogicalLine {
  first: Line;
  last: Line;
  text: string;
  offsets: number[];
}

/** Sections systemd knows per unit type; `X-` sections are always accepted silently. */
const TYPE_SECTIONS: Record<string, string | null> = {
  service: 'Service', socket: 'Socket', timer: 'Timer', path: 'Path', mount: 'Mount',
  automount: 'Automount', swap: 'Swap', slice: 'Slice', scope: 'Scope', target: null, device: null,
};

const isBlank = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const next = nl < 0 ? text.length : nl + 1;
    const end = nl < 0 ? text.length : nl > start && text[nl - 1] === '\r' ? nl - 1 : nl;
    lines.push({ start, end, next });
    start = next;
  }
  return lines;
}

function firstNonBlank(text: string, line: Line): string | undefined {
  for (let i = line.start; i < line.end; i++) if (!isBlank(text[i])) return text[i];
  return undefined;
}

/** An odd run of trailing backslashes: the last one is not itself escaped. */
function continues(text: string, line: Line): boolean {
  let run = 0;
  for (let i = line.end - 1; i >= line.start && text[i] === '\\'; i--) run++;
  return run % 2 === 1;
}

/** Join continuation lines into the logical lines systemd parses. */
function logicalLines(text: string): LogicalLine[] {
  const result: LogicalLine[] = [];
  let open: LogicalLine | undefined;
  for (const line of splitLines(text)) {
    const lead = firstNonBlank(text, line);
    if (lead === '#' || lead === ';') continue;
    if (!open) {
      if (lead === undefined) continue;
      open = { first: line, last: line, text: '', offsets: [] };
    }
    open.last = line;
    const more = continues(text, line);
    const end = more ? line.end - 1 : line.end;
    open.text += text.slice(line.start, end);
    for (let i = line.start; i < end; i++) open.offsets.push(i);
    if (more) {
      open.text += ' ';
      open.offsets.push(line.end - 1);
      continue;
    }
    result.push(open);
    open = undefined;
  }
  if (open) result.push(open);
  return result;
}

function trimmed(line: LogicalLine, from = 0, to = line.text.length): { start: number; end: number } {
  let start = from;
  let end = to;
  while (start < end && isBlank(line.text[start])) start++;
  while (end > start && isBlank(line.text[end - 1])) end--;
  return { start, end };
}

function fileSpan(line: LogicalLine, start: number, end: number): Span {
  if (end <= start) {
    const at = start < line.offsets.length ? line.offsets[start]! : line.last.end;
    return { start: at, end: at };
  }
  return { start: line.offsets[start]!, end: line.offsets[end - 1]! + 1 };
}

/**
 * The unit type from the file name. D-Bus activation files are also named `*.service` but
 * hold `[D-BUS Service]` and are read by dbus-daemon, not systemd: their type stays unknown.
 */
function unitType(path: string, text: string): string {
  if (/^[ \t]*\[D-BUS Service\][ \t]*\r?$/m.test(text)) return '';
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.slice(name.lastIndexOf('.') + 1);
}

/** Whether systemd knows this section for the unit's type; true when cguard cannot tell. */
function knownSection(name: string, type: string): boolean {
  // Own keys only: a file named `x.constructor` has no type cguard knows.
  if (!Object.hasOwn(TYPE_SECTIONS, type)) return true;
  return name === 'Unit' || name === 'Install' || name === TYPE_SECTIONS[type] || name.startsWith('X-');
}

export function parseUnit(file: SourceFile): ParseResult<UnitModel> {
  const text = file.text;
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  const type = unitType(file.path, text);
  const unit: UnitModel = { name, sections: [], entries: [], problems: [] };
  const problem = (message: string, span: Span) => unit.problems.push({ message, span });
  let section: UnitSection | undefined;
  // Only assignments before the first header are "outside of section"; after an invalid
  // header systemd refuses the unit, which is reported once at the header.
  let afterHeader = false;

  for (const line of logicalLines(text)) {
    const { start, end } = trimmed(line);
    const content = line.text.slice(start, end);
    const span = fileSpan(line, start, end);
    if (content.startsWith('[')) {
      section = undefined;
      afterHeader = true;
      if (!content.endsWith(']')) {
        problem(`Invalid section header '${content}'`, span);
        continue;
      }
      const sectionName = content.slice(1, -1);
      if (/[\x00-\x1f\x7f\\"']/.test(sectionName)) {
        problem(`Bad characters in section header '${content}'`, span);
        continue;
      }
      if (!knownSection(sectionName, type)) problem(`Unknown section '${sectionName}'. Ignoring.`, span);
      section = { name: sectionName, headerSpan: span, span: { start: line.first.start, end: line.last.next }, entries: [] };
      unit.sections.push(section);
      continue;
    }
    if (!section) {
      if (!afterHeader) problem('Assignment outside of section. Ignoring.', span);
      continue;
    }
    section.span.end = line.last.next;
    const eq = line.text.indexOf('=', start);
    if (eq < 0 || eq >= end) {
      problem(`Missing '=', ignoring line.`, span);
      continue;
    }
    if (eq === start) {
      problem(`Missing key name before '=', ignoring line.`, span);
      continue;
    }
    const key = trimmed(line, start, eq);
    const value = trimmed(line, eq + 1, end);
    // An empty value sits right after the `=`, where a fix would write one.
    const valueSpan = value.end > value.start ? fileSpan(line, value.start, value.end) : fileSpan(line, eq + 1, eq + 1);
    const entry: UnitEntry = {
      section: section.name,
      key: line.text.slice(key.start, key.end),
      value: line.text.slice(value.start, value.end),
      keySpan: fileSpan(line, key.start, key.end),
      valueSpan,
      span: { start: span.start, end: line.last.end },
      lineSpan: { start: line.first.start, end: line.last.next },
      valueOffsets: [...line.offsets.slice(value.start, value.end), valueSpan.end],
    };
    section.entries.push(entry);
    unit.entries.push(entry);
  }
  for (const p of commandProblems(unit, type)) problem(p.message, p.span);
  unit.problems.sort((a, b) => a.span.start - b.span.start);
  const errors: ParseError[] = unit.problems.map((p) => ({ message: p.message, span: p.span }));
  return { model: unit, errors };
}

/** Exec lines systemd would refuse, and a service with more than one ExecStart= outside Type=oneshot. */
function commandProblems(unit: UnitModel, type: string): Array<{ message: string; span: Span }> {
  const found: Array<{ message: string; span: Span }> = [];
  for (const entry of unit.entries) {
    if ((entry.section === 'Service' || entry.section === 'Socket') && entry.key.startsWith('Exec') && entry.value !== '') {
      found.push(...parseExecLine(entry).problems);
    }
  }
  const starts = effectiveValues(unit, 'Service', 'ExecStart').flatMap((e) => parseExecLine(e).commands);
  if (type === 'service' && starts.length > 1 && lastValue(unit, 'Service', 'Type')?.value !== 'oneshot') {
    found.push({
      message: 'Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.',
      span: starts[1]!.span,
    });
  }
  return found;
}

/**
 * The entries of a list setting as systemd ends up with them: repeated keys accumulate and an
 * empty assignment (`ExecStartPre=`) drops everything before it (systemd.unit(5)).
 */
export function effectiveValues(unit: UnitModel, section: string, key: string): UnitEntry[] {
  const result: UnitEntry[] = [];
  for (const entry of unit.entries) {
    if (entry.section !== section || entry.key !== key) continue;
    if (entry.value === '') result.length = 0;
    else result.push(entry);
  }
  return result;
}

/**
 * The entry that decides a single-valued setting: the last assignment wins. Its value is ''
 * when the last assignment resets the setting to its default.
 */
export function lastValue(unit: UnitModel, section: string, key: string): UnitEntry | undefined {
  let last: UnitEntry | undefined;
  for (const entry of unit.entries) if (entry.section === section && entry.key === key) last = entry;
  return last;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `[Service] Environment=` as the service gets it: several `NAME=value` words per line in
 * systemd quoting (`Environment="A=1 2" B=3`), later assignments win, an empty assignment
 * clears the list, invalid words are ignored (systemd warns). Values keep specifiers as
 * written. EnvironmentFile= is not read.
 */
export function unitEnvironment(unit: UnitModel): Map<string, string> {
  const env = new Map<string, string>();
  for (const entry of effectiveValues(unit, 'Service', 'Environment')) {
    for (const word of splitUnitWords(entry.value) ?? []) {
      const eq = word.value.indexOf('=');
      if (eq > 0 && ENV_NAME.test(word.value.slice(0, eq))) env.set(word.value.slice(0, eq), word.value.slice(eq + 1));
    }
  }
  return env;
}
