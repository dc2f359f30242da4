/**
 * The unit-file reader Quadlet itself uses (podman pkg/systemd/parser/unitfile.go), which is
 * not systemd's config_parse():
 * - every physical line is trimmed first, so a `\` followed by blanks still continues the line;
 * - a continued line loses its `\` and is joined to the next one with nothing in between;
 * - blank lines and `#`/`;` comments inside a continuation are skipped;
 * - a line that is neither a comment, a `[Group]` nor `key=value` is fatal ("file contains line
 *   N … which is not a key-value pair, group, or comment"), as is a key before any group.
 * The result has the same shape as the systemd reader's, so the unit rules and editors apply.
 */
import type { SourceFile, Span } from '../model/source.js';
import type { UnitEntry, UnitModel, UnitSection } from '../model/unit.js';
import { splitLines, type Line } from './systemd-unit.js';
import type { ParseError, ParseResult } from './types.js';

/** A logical line: trimmed physical lines joined, with the file offset of every character. */
interface JoinedLine {
  first: Line;
  last: Line;
  text: string;
  offsets: number[];
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\v' || c === '\f';

function trimmedRange(text: string, line: Line): [number, number] {
  let s = line.start;
  let e = line.end;
  while (s < e && isSpace(text[s])) s++;
  while (e > s && isSpace(text[e - 1])) e--;
  return [s, e];
}

function joinedLines(text: string): JoinedLine[] {
  const lines = splitLines(text);
  const out: JoinedLine[] = [];
  let open: JoinedLine | undefined;
  lines.forEach((line, i) => {
    const [s, e] = trimmedRange(text, line);
    const isComment = s === e || text[s] === '#' || text[s] === ';';
    if (isComment) {
      // Inside a continuation a comment (or blank line) is skipped; outside it is just a comment.
      return;
    }
    let end = e;
    const continued = text[e - 1] === '\\';
    if (continued) end = e - 1;
    if (!open) open = { first: line, last: line, text: '', offsets: [] };
    open.last = line;
    open.text += text.slice(s, end);
    for (let k = s; k < end; k++) open.offsets.push(k);
    if (continued && i !== lines.length - 1) return;
    out.push(open);
    open = undefined;
  });
  // A continuation still open at the end of the file is dropped, as unitfile.go does.
  return out;
}

function spanOf(line: JoinedLine, from: number, to: number): Span {
  if (to <= from) {
    const at = from < line.offsets.length ? line.offsets[from]! : line.last.end;
    return { start: at, end: at };
  }
  return { start: line.offsets[from]!, end: line.offsets[to - 1]! + 1 };
}

export function parseQuadletUnitFile(file: SourceFile): ParseResult<UnitModel> {
  const text = file.text;
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  const unit: UnitModel = { name, sections: [], entries: [], problems: [] };
  const fatal = (message: string, span: Span) => unit.problems.push({ message, span });
  let section: UnitSection | undefined;
  // Line numbers are counted as the lines go by: counting from the top for every line made a
  // file of many lines quadratic.
  let lineNr = 1;
  let counted = 0;
  for (const line of joinedLines(text)) {
    const content = line.text;
    const whole = spanOf(line, 0, content.length);
    for (let nl = text.indexOf('\n', counted); nl >= 0 && nl < line.first.start; nl = text.indexOf('\n', nl + 1)) lineNr++;
    counted = line.first.start;
    if (content.startsWith('[')) {
      const close = content.indexOf(']');
      if (close >= 0 && /^[ \t]*$/.test(content.slice(close + 1))) {
        const groupName = content.slice(1, close);
        // eslint-disable-next-line no-control-regex
        if (groupName === '' || /[[\]\x00-\x1f\x7f]/.test(groupName)) {
          fatal(`invalid group name: ${groupName}: Quadlet refuses the whole file`, whole);
          section = undefined;
          continue;
        }
        section = { name: groupName, headerSpan: whole, span: { start: line.first.start, end: line.last.next }, entries: [] };
        unit.sections.push(section);
        continue;
      }
    }
    const eq = content.indexOf('=');
    if (eq <= 0) {
      fatal(`line ${lineNr} is not a key-value pair, group, or comment: Quadlet refuses the whole file`, whole);
      continue;
    }
    if (!section) {
      fatal('key file does not start with a group: Quadlet refuses the whole file', whole);
      continue;
    }
    let keyEnd = eq;
    while (keyEnd > 0 && isSpace(content[keyEnd - 1])) keyEnd--;
    let valueStart = eq + 1;
    while (valueStart < content.length && isSpace(content[valueStart])) valueStart++;
    if (keyEnd === 0) {
      fatal(`invalid key name before '=': Quadlet refuses the whole file`, whole);
      continue;
    }
    section.span.end = line.last.next;
    const value = content.slice(valueStart);
    const valueSpan = value.length > 0 ? spanOf(line, valueStart, content.length) : spanOf(line, eq + 1, eq + 1);
    const entry: UnitEntry = {
      section: section.name,
      key: content.slice(0, keyEnd),
      value,
      keySpan: spanOf(line, 0, keyEnd),
      valueSpan,
      span: { start: whole.start, end: Math.max(whole.end, valueSpan.end) },
      lineSpan: { start: line.first.start, end: line.last.next },
      valueOffsets: [...line.offsets.slice(valueStart), valueSpan.end],
    };
    section.entries.push(entry);
    unit.entries.push(entry);
  }
  const errors: ParseError[] = unit.problems.map((p) => ({ message: p.message, span: p.span }));
  return { model: unit, errors };
}
