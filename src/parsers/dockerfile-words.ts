/**
 * The words of each instruction, with their positions: split at blanks, escape-aware,
 * continuation characters, comment lines and blank lines inside a continuation left out.
 *
 * Instruction boundaries come from `scanDockerfile`, which follows BuildKit; this module cuts
 * each instruction's command line (`start` to `commandEnd`) into its keyword and words in one
 * pass over the characters. Rules were written against dockerfile-ast's words (the parser behind
 * the VS Code Docker tooling, `Instruction.getArguments()`), so these are its words, quirks
 * included: quotes do not group (`"a b"` is two words, quotes kept), the escape character keeps
 * the character after it except before `$` (`\$` stays, for variable expansion), and an escape
 * followed by blanks but no line break ends the word and drops the blanks.
 *
 * Where dockerfile-ast misreads what BuildKit builds, this reader follows BuildKit:
 * - a comment line inside a continuation is skipped whole, as BuildKit skips it (dockerfile-ast
 *   reads escapes in it, `# see C:\x`, and then loses the next line's words);
 * - a `\r` is a line break only before `\n` (dockerfile-ast also breaks lines at a lone `\r`);
 * - whether the last line continues is BuildKit's call (the scan's), not a look past `commandEnd`;
 * - an escaped blank right after a continuation gives no empty word.
 * test/parsers/dockerfile-words-oracle.test.ts holds this reader to dockerfile-ast on every
 * corpus Dockerfile and on generated ones.
 */
import type { Span } from '../model/source.js';
import type { DockerfileScan } from './dockerfile-scan.js';

export interface Word {
  /** The word with escapes resolved (`\$` is kept, as dockerfile-ast keeps it). */
  value: string;
  span: Span;
}

export interface InstructionWords {
  keywordSpan: Span;
  /** Words of the command line (flags included), heredoc bodies excluded; for RUN, see `all`. */
  words: Word[];
  /**
   * For RUN, whose words no check and no built-in rule reads (rules read its shell script):
   * `words` holds only what the flags need, the flags and the word after them, and this
   * reads them all when asked. RUN is most of a Dockerfile's text.
   */
  all?: () => Word[];
}

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const HASH = 35;
const DOLLAR = 36;
/** Past the end of the command line. */
const END = -1;

export function readInstructionWords(text: string, scan: DockerfileScan): InstructionWords[] {
  const escape = scan.escape.charCodeAt(0);
  return scan.instructions.map(({ start, commandEnd }) => {
    const line = new CommandLine(text, commandEnd, escape);
    const keywordEnd = readKeyword(line, start);
    const keywordSpan = { start, end: keywordEnd };
    if (keywordEnd - start === 3 && text.slice(start, keywordEnd).toUpperCase() === 'RUN') {
      return { keywordSpan, words: readWords(line, keywordEnd, true), all: () => readWords(line, keywordEnd, false) };
    }
    return { keywordSpan, words: readWords(line, keywordEnd, false) };
  });
}

/**
 * One instruction's command line as the reader sees it: the text up to `end`, then a line break
 * if BuildKit continues the last line (its `lineContinuationRegex`: the escape character not
 * preceded by another one), else nothing.
 */
class CommandLine {
  /** `end`, plus one for the line break that follows a final continuation character. */
  readonly limit: number;

  constructor(
    readonly text: string,
    readonly end: number,
    readonly escape: number,
  ) {
    this.limit = end;
    if (text.charCodeAt(end - 1) !== escape || text.charCodeAt(end - 2) === escape) return;
    // Only spaces and tabs may follow the escape (the scan trims other blanks, `\r` and `\f` too).
    let k = end;
    while (text.charCodeAt(k) === SPACE || text.charCodeAt(k) === TAB) k++;
    while (text.charCodeAt(k) === CR) k++;
    if (k === text.length || text.charCodeAt(k) === LF) this.limit = end + 1;
  }

  /** The character code at `k`, `LF` for the line break after a final continuation, `END` past it. */
  at(k: number): number {
    if (k < this.end) return this.text.charCodeAt(k);
    return k < this.limit ? LF : END;
  }

  /** A blank: space, tab, or a `\r` that does not end the line. */
  isBlank(k: number): boolean {
    const c = this.at(k);
    return c === SPACE || c === TAB || (c === CR && !this.isLineBreak(k));
  }

  /** `\n`, or a `\r` in the run of `\r` before one (BuildKit strips those with the line break). */
  isLineBreak(k: number): boolean {
    let c = this.at(k);
    while (c === CR) c = this.at(++k);
    return c === LF;
  }

  /** The first position from `k` that is not a blank. */
  skipBlanks(k: number): number {
    while (this.isBlank(k)) k++;
    return k;
  }

  /** Position of the `\n` that ends the physical line holding `k`. */
  lineEnd(k: number): number {
    const newline = this.text.indexOf('\n', k);
    return newline < 0 || newline >= this.limit ? this.limit : newline;
  }
}

/**
 * The keyword's end, as dockerfile-ast's `processInstruction` finds it: at the first blank or
 * line break, across continuations (`FR\⏎OM` is FROM), after an escaped blank (`A\ B` is `A\`).
 */
function readKeyword(line: CommandLine, start: number): number {
  const { end, escape } = line;
  let keywordEnd = -1;
  // After a continuation: blanks up to a line break and comment lines do not end the keyword.
  let continued = false;
  for (let i = start + 1; i < end; i++) {
    const c = line.text.charCodeAt(i);
    if (c === escape) {
      continued = true;
      if (line.isLineBreak(i + 1)) {
        if (keywordEnd === -1) keywordEnd = i;
        i = line.lineEnd(i + 1);
      } else if (line.isBlank(i + 1)) {
        const j = line.skipBlanks(i + 2);
        if (!line.isLineBreak(j)) return i + 1;
        i = line.lineEnd(j);
      } else {
        keywordEnd = i + 1;
        continued = false;
      }
    } else if (line.isLineBreak(i)) {
      if (!continued) return i;
      i = line.lineEnd(i);
    } else if (line.isBlank(i)) {
      if (!continued) return keywordEnd === -1 ? i : keywordEnd;
      // Blanks at the start of a continued line: a blank line or a comment line goes on.
      const j = line.skipBlanks(i + 1);
      if (!line.isLineBreak(j) && line.at(j) !== HASH) return keywordEnd === -1 ? i : keywordEnd;
      i = line.lineEnd(j);
    } else if (c === HASH && continued) {
      // A comment line inside the continuation: `continued` means only blanks since the line break.
      i = line.lineEnd(i);
    } else {
      keywordEnd = i + 1;
      continued = false;
    }
  }
  return keywordEnd === -1 ? end : keywordEnd;
}

/**
 * The words from `from` to the end of the command line, as dockerfile-ast's `getRawArguments`
 * reads them. A word's value is built from runs of source text, so a word without escapes is one
 * `slice`. `flagsOnly`: stop after the first word that is not a `--flag` (or after `--`), unless
 * a flag holds a quote, whose value may run over the next words (dockerfile-instruction.ts).
 */
function readWords(line: CommandLine, from: number, flagsOnly: boolean): Word[] {
  const { text, end, escape } = line;
  const words: Word[] = [];
  /** Start of the current word, or -1. */
  let wordStart = -1;
  /** Where the current word ends if the escape sequence being read ends it, or -1. */
  let escapeMarker = -1;
  /** After a continuation, before the next word character: blanks and line breaks are skipped. */
  let continued = false;
  /** After a continuation, only blanks so far on this line: a `#` starts a comment line. */
  let lineStart = false;
  /** A blank after a continuation: a word the continuation cut ends at `escapeMarker`. */
  let blankAfterContinuation = false;
  // The value read so far: `head` plus the pending run `text.slice(runStart, runEnd)`.
  let head = '';
  let runStart = 0;
  let runEnd = 0;

  const append = (k: number, count: number) => {
    if (k !== runEnd) {
      head += text.slice(runStart, runEnd);
      runStart = k;
      runEnd = k;
    }
    runEnd += count;
  };
  /** With `flagsOnly`: the words read are enough. */
  let done = false;
  let quotedFlag = false;
  const finish = (wordEnd: number) => {
    if (wordStart !== -1) {
      const value = head + text.slice(runStart, runEnd);
      words.push({ value, span: { start: wordStart, end: wordEnd } });
      if (flagsOnly && !quotedFlag) {
        if (value.length > 2 && value.startsWith('--')) quotedFlag = value.includes('"') || value.includes("'");
        else done = true;
      }
    }
    head = '';
    runStart = runEnd = 0;
    wordStart = -1;
  };
  const startContinuation = () => {
    continued = true;
    lineStart = true;
  };

  for (let i = from; i < end && !done; i++) {
    const c = text.charCodeAt(i);
    if (c === escape) {
      lineStart = false;
      if (line.isLineBreak(i + 1)) {
        startContinuation();
        if (wordStart !== -1 && escapeMarker === -1) escapeMarker = i;
        i = line.lineEnd(i + 1);
      } else if (line.isBlank(i + 1)) {
        const j = line.skipBlanks(i + 2);
        if (line.at(j) === END) continue;
        if (line.isLineBreak(j)) {
          // Escape, blanks, line break: a continuation for BuildKit too.
          startContinuation();
          if (wordStart !== -1) escapeMarker = i;
          i = line.lineEnd(j);
        } else {
          // An escaped blank: the word ends at the escape and the blanks are dropped.
          escapeMarker = i;
          if (wordStart === -1) i = j - 1;
        }
      } else {
        if (blankAfterContinuation && escapeMarker !== -1) finish(escapeMarker);
        escapeMarker = -1;
        blankAfterContinuation = false;
        continued = false;
        if (i + 1 >= end) break;
        if (wordStart === -1) wordStart = i;
        if (text.charCodeAt(i + 1) === DOLLAR) append(i, 2);
        else append(i + 1, 1);
        i++;
      }
    } else if (line.isLineBreak(i)) {
      if (continued) {
        blankAfterContinuation = false;
        lineStart = true;
      } else if (wordStart !== -1) {
        finish(escapeMarker === -1 ? i : escapeMarker);
        escapeMarker = -1;
      }
      i = line.lineEnd(i);
    } else if (line.isBlank(i)) {
      if (continued) {
        blankAfterContinuation = true;
      } else if (wordStart !== -1) {
        finish(escapeMarker === -1 ? i : escapeMarker);
        escapeMarker = -1;
      }
    } else if (lineStart && c === HASH) {
      // BuildKit skips the whole comment line, escapes in it included.
      i = line.lineEnd(i) - 1;
    } else {
      if (blankAfterContinuation && escapeMarker !== -1) finish(escapeMarker);
      blankAfterContinuation = false;
      continued = false;
      lineStart = false;
      escapeMarker = -1;
      if (wordStart === -1) wordStart = i;
      append(i, 1);
    }
  }
  if (wordStart !== -1 && !done) finish(escapeMarker === -1 ? end : escapeMarker);
  return words;
}
