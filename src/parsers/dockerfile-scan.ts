/**
 * Where each Dockerfile instruction starts and ends, decided exactly as BuildKit's parser decides
 * it (moby/buildkit frontend/dockerfile/parser/parser.go), because that is what gets built:
 *
 * - Parser directives (`# escape=`, `# syntax=`, `# check=`) are read only until the first line
 *   that is not one; a repeated directive or an escape other than `\` and `` ` `` is an error.
 * - A line continues when it ends with the escape character (plus blanks) not itself preceded by
 *   one, so `C:\\` ends the instruction. Comment lines and blank lines inside a continuation are
 *   skipped. A `#` elsewhere is not a comment.
 * - RUN, COPY and ADD (also as an ONBUILD trigger), outside JSON form, read `<<WORD` heredocs:
 *   the following lines up to one equal to the word (after removing leading tabs for `<<-`).
 *   A heredoc that never ends is an error.
 */
import type { Span } from '../model/source.js';
import { isGoSpace, leadingGoSpace, parseJsonArray, splitCommand } from './dockerfile-command.js';
import { heredocMarkers } from './dockerfile-heredoc.js';
import type { ParseError } from './types.js';

export interface ScannedHeredoc {
  /** The delimiter word, quotes removed. */
  name: string;
  /** `<<-`: leading tabs are removed from each line of the body. */
  chomp: boolean;
  /** The body as the build sees it: raw lines with their line breaks (tabs removed for `<<-`). */
  content: string;
  /** The raw body lines, line breaks included, without the terminator line. */
  span: Span;
  terminated: boolean;
}

export interface ScannedInstruction {
  /** Offset of the keyword's first character. */
  start: number;
  /** Just after the last character of the last physical line that gave the logical line content (trailing blanks excluded). */
  commandEnd: number;
  /** End of the instruction: `commandEnd`, or the end of the last heredoc terminator line. */
  end: number;
  /** The logical line BuildKit parses: continuation characters, line breaks, comment and blank lines removed. */
  line: string;
  heredocs: ScannedHeredoc[];
}

export interface ParserDirective {
  /** Lower-cased name: `escape`, `syntax` or `check`. */
  name: string;
  value: string;
  span: Span;
}

export interface DockerfileScan {
  escape: '\\' | '`';
  directives: ParserDirective[];
  instructions: ScannedInstruction[];
  errors: ParseError[];
}

/** A physical line's share of a logical line, continuation character removed. */
interface Segment {
  text: string;
  /** Offset of `text[0]` in the file. */
  offset: number;
  line: PhysicalLine;
}

interface PhysicalLine {
  start: number;
  /** End of the content, line break (`\n` and any `\r` before it) excluded. */
  contentEnd: number;
  /** Start of the next line. */
  next: number;
}

/** bufio.Scanner's default token limit: BuildKit cannot read a longer line. */
const MAX_LINE_BYTES = 64 * 1024;
/** BuildKit's error for such a line; it refuses the whole file. */
export const LINE_TOO_LONG = `dockerfile line greater than max allowed size of ${MAX_LINE_BYTES - 1} bytes`;

const VALID_DIRECTIVES = new Set(['escape', 'syntax', 'check']);
// Go's `\s` is ASCII `[\t\n\f\r ]` and its `.` matches anything but `\n`.
const DIRECTIVE = /^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*([^\n]+?)[\t\n\f\r ]*$/;

export function scanDockerfile(text: string): DockerfileScan {
  const lines = physicalLines(text);
  const errors: ParseError[] = [];
  const directives = new DirectiveReader(errors);
  const instructions: ScannedInstruction[] = [];
  checkLineLengths(text, lines, errors);
  let i = 0;
  while (i < lines.length) {
    const logical = readLogicalLine(text, lines, i, directives);
    i = logical.next;
    if (!logical.instruction) continue;
    i = readHeredocs(text, lines, i, logical.instruction, errors);
    instructions.push(logical.instruction);
  }
  return { escape: directives.escape, directives: directives.found, instructions, errors };
}

/** One logical line from `lines[from]`: the instruction it holds (none for comments and blanks) and the next line to read. */
function readLogicalLine(
  text: string,
  lines: PhysicalLine[],
  from: number,
  directives: DirectiveReader,
): { instruction?: ScannedInstruction; next: number } {
  let i = from;
  const first = lines[i++]!;
  const raw = text.slice(first.start, first.contentEnd);
  const lead = leadingGoSpace(raw);
  const token = raw.slice(lead);
  directives.read(token, { start: first.start + lead, end: first.contentEnd });
  const escape = directives.escape;
  let part = trimContinuation(token.startsWith('#') ? '' : token, escape);
  if (!part.continues && part.text === '') return { next: i };
  if (!part.continues) {
    // One physical line, most instructions: its text starts at the token (no leading blanks).
    const commandEnd = trimmedEnd(text, first);
    return { instruction: { start: first.start + lead, commandEnd, end: commandEnd, line: part.text, heredocs: [] }, next: i };
  }

  const segments: Segment[] = [{ text: part.text, offset: first.start + lead, line: first }];
  while (part.continues && i < lines.length) {
    const next = lines[i++]!;
    const content = text.slice(next.start, next.contentEnd);
    directives.read(content, { start: next.start, end: next.contentEnd });
    const body = content.slice(leadingGoSpace(content));
    if (body === '' || body.startsWith('#')) continue;
    part = trimContinuation(content, escape);
    segments.push({ text: part.text, offset: next.start, line: next });
  }

  const start = firstContentOffset(segments);
  if (start === undefined) return { next: i };
  const contentLines = segments.filter((s) => leadingGoSpace(s.text) < s.text.length).map((s) => s.line);
  const commandEnd = trimmedEnd(text, contentLines[contentLines.length - 1] ?? first);
  const line = segments.map((s) => s.text).join('');
  return { instruction: { start, commandEnd, end: commandEnd, line, heredocs: [] }, next: i };
}

/** The heredoc bodies after an instruction's command line; returns the next line to read. */
function readHeredocs(text: string, lines: PhysicalLine[], from: number, instruction: ScannedInstruction, errors: ParseError[]): number {
  if (!canContainHeredoc(instruction.line)) return from;
  let i = from;
  for (const marker of heredocMarkers(instruction.line)) {
    const { heredoc, consumed } = readHeredoc(text, lines, i, marker.name, marker.chomp);
    i += consumed;
    instruction.heredocs.push(heredoc);
    if (consumed > 0) instruction.end = Math.max(instruction.end, lines[i - 1]!.contentEnd);
    if (!heredoc.terminated) {
      const span = { start: instruction.start, end: instruction.commandEnd };
      errors.push({ message: `unterminated heredoc: no line "${marker.name}" ends it`, span });
      break;
    }
  }
  return i;
}

function physicalLines(text: string): PhysicalLine[] {
  const lines: PhysicalLine[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const next = newline < 0 ? text.length : newline + 1;
    let contentEnd = newline < 0 ? text.length : newline;
    while (contentEnd > start && text.charCodeAt(contentEnd - 1) === 13) contentEnd--;
    lines.push({ start, contentEnd, next });
    start = next;
  }
  return lines;
}

function checkLineLengths(text: string, lines: PhysicalLine[], errors: ParseError[]): void {
  for (const line of lines) {
    // A UTF-16 unit is at most 3 UTF-8 bytes, so only long lines need measuring.
    if ((line.next - line.start) * 3 <= MAX_LINE_BYTES) continue;
    const bytes = Buffer.byteLength(text.slice(line.start, line.next), 'utf8');
    const hasNewline = text.charCodeAt(line.next - 1) === 10;
    if (bytes > MAX_LINE_BYTES || (!hasNewline && bytes >= MAX_LINE_BYTES)) {
      errors.push({
        message: LINE_TOO_LONG,
        span: { start: line.start, end: line.contentEnd },
      });
      return;
    }
  }
}

class DirectiveReader {
  escape: '\\' | '`' = '\\';
  readonly found: ParserDirective[] = [];
  private done = false;
  private readonly seen = new Set<string>();

  constructor(private readonly errors: ParseError[]) {}

  /** `DirectiveParser.ParseLine`: directives end at the first line that is not one. */
  read(token: string, span: Span): void {
    if (this.done) return;
    const match = token.startsWith('#') ? DIRECTIVE.exec(token.slice(1 + leadingGoSpace(token.slice(1)))) : null;
    const name = match?.[1]?.toLowerCase();
    if (!match || !name || !VALID_DIRECTIVES.has(name)) {
      this.done = true;
      return;
    }
    const value = match[2]!;
    if (this.seen.has(name)) {
      this.errors.push({ message: `only one ${name} parser directive can be used`, span });
      return;
    }
    this.seen.add(name);
    this.found.push({ name, value, span });
    if (name !== 'escape') return;
    if (value === '\\' || value === '`') this.escape = value;
    else this.errors.push({ message: `invalid escape token '${value}' does not match \` or \\`, span });
  }
}

/**
 * Where a line continues onto the next, as BuildKit's `lineContinuationRegex` decides: the index
 * of the escape character that ends it (only blanks after it, not itself escaped), or -1.
 */
export function continuationAt(line: string, escape: string): number {
  let end = line.length;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  const at = end - 1;
  if (at < 0 || line[at] !== escape) return -1;
  return at > 0 && line[at - 1] === escape ? -1 : at;
}

function trimContinuation(line: string, escape: string): { text: string; continues: boolean } {
  const at = continuationAt(line, escape);
  return at < 0 ? { text: line, continues: false } : { text: line.slice(0, at), continues: true };
}

function firstContentOffset(segments: Segment[]): number | undefined {
  for (const segment of segments) {
    const lead = leadingGoSpace(segment.text);
    if (lead < segment.text.length) return segment.offset + lead;
  }
  return undefined;
}

function trimmedEnd(text: string, line: PhysicalLine): number {
  let end = line.contentEnd;
  while (end > line.start && isGoSpace(text[end - 1]!)) end--;
  return end;
}

/** `canContainHeredoc`: RUN, COPY, ADD (directly or as an ONBUILD trigger), not in JSON form. */
function canContainHeredoc(line: string): boolean {
  let command = splitCommand(line);
  if (command.keyword.toLowerCase() === 'onbuild') command = splitCommand(command.rest);
  const keyword = command.keyword.toLowerCase();
  if (keyword !== 'run' && keyword !== 'copy' && keyword !== 'add') return false;
  return parseJsonArray(command.rest)?.kind !== 'strings';
}

function readHeredoc(
  text: string,
  lines: PhysicalLine[],
  from: number,
  name: string,
  chomp: boolean,
): { heredoc: ScannedHeredoc; consumed: number } {
  const bodyStart = lines[from]?.start ?? text.length;
  let content = '';
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    let candidate = text.slice(line.start, line.contentEnd);
    if (chomp) candidate = candidate.replace(/^\t+/, '');
    if (candidate === name) {
      const heredoc = { name, chomp, content, span: { start: bodyStart, end: line.start }, terminated: true };
      return { heredoc, consumed: i - from + 1 };
    }
    const raw = text.slice(line.start, line.next);
    content += chomp ? raw.replace(/^\t+/, '') : raw;
  }
  const heredoc = { name, chomp, content, span: { start: bodyStart, end: text.length }, terminated: false };
  return { heredoc, consumed: lines.length - from };
}
