/**
 * The oracle for cguard's Dockerfile word reader (src/parsers/dockerfile-words.ts): the
 * dockerfile-ast reading it replaced, unchanged, and the exact places where the two are meant to
 * differ because the reader follows BuildKit (what `docker build` runs) where dockerfile-ast does not.
 *
 * The old reading: dockerfile-ast (the parser behind the VS Code Docker tooling, a devDependency
 * only) splits each instruction's words, and this wrapper lines its instructions up with
 * BuildKit's (`scanDockerfile`). dockerfile-ast disagrees with BuildKit on a few inputs (a line
 * ending in an escaped escape, `C:\\`, continues for it and swallows the next instruction; a
 * `<<EOF` inside quotes opens a heredoc for it), so its whole-file parse is used only when its
 * instructions start where BuildKit's do; otherwise each instruction's command line is parsed on its own.
 */
import { DockerfileParser, Instruction } from 'dockerfile-ast';
import type { Span } from '../../src/model/source.js';
import { isGoSpace } from '../../src/parsers/dockerfile-command.js';
import type { DockerfileScan, ScannedInstruction } from '../../src/parsers/dockerfile-scan.js';
import type { InstructionWords, Word } from '../../src/parsers/dockerfile-words.js';

interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export function readInstructionWordsWithDockerfileAst(text: string, scan: DockerfileScan): InstructionWords[] {
  const dockerfile = DockerfileParser.parse(text);
  const parsed = dockerfile.getInstructions();
  const positions = new PositionMap(text);
  const aligned =
    dockerfile.getEscapeCharacter() === scan.escape &&
    parsed.length === scan.instructions.length &&
    parsed.every((instruction, k) => positions.offset(instruction.getRange().start) === scan.instructions[k]!.start);
  if (aligned) {
    return scan.instructions.map((scanned, k) => wordsOf([parsed[k]!], text, positions, 0, scanned.commandEnd, scan.escape));
  }
  return scan.instructions.map((scanned) => wordsOfCommandLine(text, scanned, scan.escape));
}

/** Parse one instruction's command line alone, so nothing around it can change its words. */
function wordsOfCommandLine(text: string, scanned: ScannedInstruction, escape: string): InstructionWords {
  const prefix = escape === '`' ? '# escape=`\n' : '';
  const chunk = prefix + text.slice(scanned.start, scanned.commandEnd);
  const parsed = DockerfileParser.parse(chunk).getInstructions();
  if (parsed.length === 0) {
    return { keywordSpan: { start: scanned.start, end: scanned.commandEnd }, words: [] };
  }
  return wordsOf(parsed, chunk, new PositionMap(chunk), scanned.start - prefix.length, scanned.commandEnd, escape);
}

/**
 * Words of `instructions[0]` that start before `commandEnd` (heredoc bodies come after it). When
 * dockerfile-ast cuts one command line into several instructions (it misreads `\\ \` before a
 * line break), the later keywords are words too. `base` is the offset of `parsedText` in the file.
 */
function wordsOf(
  instructions: Instruction[],
  parsedText: string,
  positions: PositionMap,
  base: number,
  commandEnd: number,
  escape: string,
): InstructionWords {
  const span = (range: Range): Span => ({ start: base + positions.offset(range.start), end: base + positions.offset(range.end) });
  const words: Word[] = [];
  instructions.forEach((instruction, k) => {
    if (k > 0) {
      const range = instruction.getInstructionRange();
      const raw = parsedText.slice(positions.offset(range.start), positions.offset(range.end));
      words.push({ value: unescape(raw, escape), span: span(range) });
    }
    // The base class's arguments: every word, flags included (subclasses drop flags).
    for (const arg of Instruction.prototype.getArguments.call(instruction)) {
      const wordSpan = span(arg.getRange());
      if (wordSpan.start < commandEnd) words.push({ value: arg.getValue(), span: wordSpan });
    }
  });
  return { keywordSpan: span(instructions[0]!.getInstructionRange()), words };
}

/** The escape character keeps the character after it. */
function unescape(raw: string, escape: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) out += raw[i] === escape && i + 1 < raw.length ? raw[++i] : raw[i];
  return out;
}

/**
 * Line/character → offset with dockerfile-ast's line breaks (`\r\n`, `\r` or `\n`, as in
 * vscode-languageserver-textdocument), which differ from cguard's LineIndex on a lone `\r`.
 */
class PositionMap {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (c === 10 || c === 13) this.starts.push(i + 1);
    }
  }

  offset(position: { line: number; character: number }): number {
    const lineStart = this.starts[position.line] ?? this.text.length;
    return Math.min(lineStart + position.character, this.text.length);
  }
}

// Where cguard's reader follows BuildKit instead. Each entry says what BuildKit does
// (moby/buildkit frontend/dockerfile/parser/parser.go), what dockerfile-ast does, and how the
// comparison accounts for it. The first three change the oracle's input or output so that the
// readings must then be equal; the last three name the offset from which one instruction's
// readings may differ, everything before it still compared.

/**
 * 1. A comment line inside a continuation: BuildKit skips it whole, as it skips a blank line.
 *    dockerfile-ast reads escapes in it (`# http\x3a//` starts a word `x`) and its comment state
 *    then runs on over the next line, losing that line's words. The oracle reads those lines
 *    blanked (offsets unchanged), which both read as BuildKit does.
 * 2. A lone `\r` (not before `\n`): BuildKit breaks lines only at `\n`, and splits words at a
 *    `\r` like at a space; dockerfile-ast breaks lines at it. The oracle reads it as a space.
 */
export function asBuildKitReads(text: string, scan: DockerfileScan): string {
  const chars = text.split('');
  for (let k = 0; k < text.length; k++) {
    if (text[k] === '\r' && !endsLine(text, k)) chars[k] = ' ';
  }
  for (const instruction of scan.instructions) {
    // The comment lines after a final continuation belong to it too.
    const until = continuesAtEnd(text, instruction, scan.escape) ? text.length : instruction.commandEnd;
    for (let lineStart = text.indexOf('\n', instruction.start) + 1; lineStart > 0 && lineStart < until; lineStart = text.indexOf('\n', lineStart) + 1) {
      let first = lineStart;
      while (first < text.length && text[first] !== '\n' && isGoSpace(text[first]!)) first++;
      if (text[first] !== '#') continue;
      for (let k = first; k < text.length && text[k] !== '\n' && !(text[k] === '\r' && endsLine(text, k)); k++) chars[k] = ' ';
    }
  }
  return chars.join('');
}

/**
 * 3. An escaped blank at the start of a continued line (`\⏎  \ x`): dockerfile-ast emits an
 *    empty word starting one character before the arguments. BuildKit has no empty word; the
 *    oracle's empty words are dropped.
 */
export function withoutEmptyWords(read: InstructionWords[]): InstructionWords[] {
  return read.map((instruction) => ({ ...instruction, words: instruction.words.filter((w) => w.value !== '') }));
}

export interface DocumentedDifference {
  reason: string;
  /** Offset in the file from which the readings may differ. */
  from: number;
}

/**
 * Whether instruction `k` of `text` (already through `asBuildKitReads`) is one where the readings
 * may differ from some offset on:
 *
 * 4. dockerfile-ast cuts BuildKit's one instruction into several: after an escaped blank it skips
 *    the next character, so in `a\ \⏎b` it misses the continuation. The oracle then turns the
 *    later keywords into words with every escape resolved (`\$` too). From its second instruction.
 * 5. The command line ends with the escape character and BuildKit does not continue it (an
 *    escaped escape, `C:\\`, or a `\r` after it) while dockerfile-ast does; or it continues into
 *    the end of the file, where the oracle, parsing a file it could not line up instruction by
 *    instruction, sees a lone escape at the end of its text. From the final escape.
 * 6. After a continuation, a line that starts with escape sequences and then `#` (`\$ # x`):
 *    dockerfile-ast still takes the `#` for the start of a comment line; BuildKit reads a content
 *    line. From the `#`.
 */
export function documentedDifference(text: string, scan: DockerfileScan, k: number): DocumentedDifference | undefined {
  const instruction = scan.instructions[k]!;
  const found = [cutInTwo(text, instruction, scan.escape), finalEscape(text, scan, k), escapesBeforeHash(text, instruction, scan.escape)];
  return found.reduce((first, next) => (next && (!first || next.from < first.from) ? next : first), undefined);
}

function cutInTwo(text: string, { start, commandEnd }: ScannedInstruction, escape: string): DocumentedDifference | undefined {
  const prefix = escape === '`' ? '# escape=`\n' : '';
  const chunk = prefix + text.slice(start, commandEnd);
  const second = DockerfileParser.parse(chunk).getInstructions()[1];
  if (!second) return undefined;
  return { reason: 'dockerfile-ast cuts the instruction in two', from: start - prefix.length + new PositionMap(chunk).offset(second.getRange().start) };
}

function finalEscape(text: string, scan: DockerfileScan, k: number): DocumentedDifference | undefined {
  const instruction = scan.instructions[k]!;
  if (text[instruction.commandEnd - 1] !== scan.escape) return undefined;
  const last = k === scan.instructions.length - 1;
  if (continuesAtEnd(text, instruction, scan.escape) && !last) return undefined;
  return { reason: 'a final escape read differently', from: instruction.commandEnd - 1 };
}

function escapesBeforeHash(text: string, { start, commandEnd }: ScannedInstruction, escape: string): DocumentedDifference | undefined {
  for (let lineStart = text.indexOf('\n', start) + 1; lineStart > 0 && lineStart < commandEnd; lineStart = text.indexOf('\n', lineStart) + 1) {
    let i = lineStart;
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] !== escape) continue;
    while (text[i] === escape || text[i] === ' ' || text[i] === '\t') i += text[i] === escape ? 2 : 1;
    if (text[i] === '#') return { reason: 'escapes before a # at the start of a continued line', from: i };
  }
  return undefined;
}

/** BuildKit's `lineContinuationRegex` on the instruction's last line: the escape, not escaped, then only spaces and tabs. */
function continuesAtEnd(text: string, instruction: ScannedInstruction, escape: string): boolean {
  const end = instruction.commandEnd;
  return text[end - 1] === escape && text[end - 2] !== escape && /^[ \t]*\r*(\n|$)/.test(text.slice(end, text.indexOf('\n', end) + 1 || undefined));
}

/** A `\r` that BuildKit strips with the line break: one of a run of `\r` before `\n` or the end of the text. */
function endsLine(text: string, k: number): boolean {
  while (text[k] === '\r') k++;
  return k === text.length || text[k] === '\n';
}
