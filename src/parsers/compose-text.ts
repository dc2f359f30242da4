/**
 * Text layout for edits of a YAML file: lines, columns, how the file writes scalars, and
 * turning a before/after pair of texts into the few edits that changed it.
 */
import type { Edit } from '../model/edit.js';

export function lineStart(text: string, offset: number): number {
  // lastIndexOf reads a negative start as 0 and would find a line break at offset 0.
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

export function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** The offset just after the line break ending the line that `end` is on (or the text's end). */
export function afterLine(text: string, end: number): number {
  if (end > 0 && text[end - 1] === '\n') return end;
  const newline = text.indexOf('\n', end);
  return newline < 0 ? text.length : newline + 1;
}

/** Only spaces between the start of its line and `offset`. */
export function startsLine(text: string, offset: number): boolean {
  return /^[ ]*$/.test(text.slice(lineStart(text, offset), offset));
}

/**
 * Insert whole lines after the line `end` is on, ending the file's last line first if needed.
 * Comment lines indented deeper than `column` still belong to what precedes them (a
 * commented-out item, a note inside a block) and stay above the new lines.
 */
export function insertLines(text: string, end: number, lines: string[], eol: string, column = Infinity): Edit {
  const commentLine = /( *)#[^\n]*/y;
  let at = afterLine(text, end);
  for (;;) {
    commentLine.lastIndex = at;
    const comment = at < text.length ? commentLine.exec(text) : null;
    if (!comment || comment[1]!.length <= column) break;
    at = afterLine(text, commentLine.lastIndex);
  }
  if (at === text.length && !text.endsWith('\n')) {
    return { start: at, end: at, text: lines.map((line) => eol + line).join('') };
  }
  return { start: at, end: at, text: lines.map((line) => line + eol).join('') };
}

export type Quote = '"' | "'";

/** Strings that the YAML 1.2 core schema would read as something other than a string. */
const NOT_A_STRING = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const PLAIN = /^[A-Za-z0-9_./~][A-Za-z0-9_./~=:@+,-]*$/;

/**
 * A string scalar as a person would write it: plain when YAML reads it back as the same
 * string, quoted otherwise. In a flow collection `,` and `:` are quoted too, because not every
 * YAML reader takes them plain there.
 */
export function formatString(value: string, quote: Quote, flow = false): string {
  const plain = PLAIN.test(value) && !NOT_A_STRING.test(value) && !(flow && /[,:]/.test(value)) && !/:$/.test(value);
  return plain ? value : quoteString(value, quote);
}

export function quoteString(value: string, quote: Quote): string {
  if (quote === "'" && !/[\n\r\t\\]/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  const escaped = value.replace(/[\\"]/g, (ch) => `\\${ch}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return `"${escaped}"`;
}

export function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) {
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  }
  return out;
}

/**
 * The edits that turn `before` into `after`, line by line, so that two changes far apart stay
 * two small edits. Only the region between the common prefix and suffix is compared; `known`
 * gives lengths of a prefix and a suffix the caller knows to be the same in both.
 */
export function diffEdits(before: string, after: string, known: { prefix: number; suffix: number } = { prefix: 0, suffix: 0 }): Edit[] {
  const max = Math.min(before.length, after.length);
  let prefix = Math.min(known.prefix, max);
  if (prefix === before.length && before.length === after.length) return [];
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (prefix === max && before.length === after.length) return [];
  prefix = lineStart(before, prefix);
  let suffix = Math.min(known.suffix, max - prefix);
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  // Keep the suffix to whole lines as well, so edits start and end at line boundaries.
  while (suffix > 0 && before[before.length - suffix - 1] !== '\n' && before.length - suffix > prefix) suffix--;
  const oldLines = splitLines(before.slice(prefix, before.length - suffix));
  const newLines = splitLines(after.slice(prefix, after.length - suffix));
  if (oldLines.length * newLines.length > 1_000_000) {
    return [{ start: prefix, end: before.length - suffix, text: after.slice(prefix, after.length - suffix) }];
  }
  return lineDiff(oldLines, newLines, prefix);
}

function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Longest-common-subsequence diff of lines, emitted as replacements at original offsets. */
function lineDiff(oldLines: string[], newLines: string[], base: number): Edit[] {
  const n = oldLines.length;
  const m = newLines.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = oldLines[i] === newLines[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const edits: Edit[] = [];
  let offset = base;
  let pending: Edit | undefined;
  const flush = (): void => {
    if (pending) edits.push(pending);
    pending = undefined;
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && oldLines[i] === newLines[j]) {
      flush();
      offset += oldLines[i]!.length;
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      pending ??= { start: offset, end: offset, text: '' };
      pending.text += newLines[j]!;
      j++;
    } else {
      pending ??= { start: offset, end: offset, text: '' };
      offset += oldLines[i]!.length;
      pending.end = offset;
      i++;
    }
  }
  flush();
  return edits;
}
