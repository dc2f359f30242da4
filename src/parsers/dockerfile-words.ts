/**
 * The words of each instruction, with their positions, as dockerfile-ast (the parser behind the
 * VS Code Docker tooling) splits them: at blanks, escape-aware, continuation characters, comment
 * lines and blank lines inside a continuation left out. This is the only module that uses
 * dockerfile-ast, so replacing it touches nothing else.
 *
 * Instruction boundaries come from `scanDockerfile`, which follows BuildKit. dockerfile-ast
 * disagrees on a few inputs (a line ending in an escaped escape, `C:\\`, continues for it and
 * swallows the next instruction; a `<<EOF` inside quotes opens a heredoc for it), so its whole-file
 * parse is used only when its instructions start where BuildKit's do; otherwise each instruction's
 * command line is parsed on its own.
 */
import { createRequire } from 'node:module';
import type { Instruction } from 'dockerfile-ast';
import type { Span } from '../model/source.js';
import type { DockerfileScan, ScannedInstruction } from './dockerfile-scan.js';

export interface Word {
  /** The word with escapes resolved (dockerfile-ast keeps `\$`). */
  value: string;
  span: Span;
}

export interface InstructionWords {
  keywordSpan: Span;
  /** Words of the command line (flags included), heredoc bodies excluded. */
  words: Word[];
}

type DockerfileAst = typeof import('dockerfile-ast');
let ast: DockerfileAst | undefined;
/** Loaded on the first Dockerfile (~0.1 s of start-up a compose-only or unit-only scan does not pay). */
function dockerfileAst(): DockerfileAst {
  // A literal `require(...)` is what esbuild bundles into the Action (whose banner defines `require`).
  ast ??= (typeof require === 'function' ? require('dockerfile-ast') : createRequire(import.meta.url)('dockerfile-ast')) as DockerfileAst;
  return ast;
}

interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export function readInstructionWords(text: string, scan: DockerfileScan): InstructionWords[] {
  const dockerfile = dockerfileAst().DockerfileParser.parse(text);
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
  const parsed = dockerfileAst().DockerfileParser.parse(chunk).getInstructions();
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
    for (const arg of dockerfileAst().Instruction.prototype.getArguments.call(instruction)) {
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
