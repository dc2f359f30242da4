/**
 * Which words of an instruction open a heredoc, as BuildKit's `heredocsFromLine` and
 * `ParseHeredoc` decide (moby/buildkit frontend/dockerfile/parser/parser.go): the logical line is
 * split into shell words (quotes and `\` escapes kept), and a word `[fd]<<[-]DELIM` opens one.
 * `"<<EOF"` inside quotes is therefore an argument, not a heredoc, and `<<"EOF"` / `<<'EOF'`
 * name the delimiter `EOF`. The shell lexer always uses `\` here, whatever `# escape=` says.
 *
 * Simplification: `$` is read as a plain character. BuildKit leaves unset variables as written
 * when it looks for heredocs, so this differs only for malformed `${` (where BuildKit finds none).
 */
import { isGoSpace } from './dockerfile-command.js';

export interface HeredocMarker {
  name: string;
  /** `<<-`: leading tabs of body lines (and the terminator) are dropped. */
  chomp: boolean;
}

const MARKER = /^(\d*)<<(-?)([^<]*)$/;

export function heredocMarkers(line: string): HeredocMarker[] {
  // A marker word holds `<<`; nearly no line does, and splitting it into words would be wasted.
  if (!line.includes('<<')) return [];
  const markers: HeredocMarker[] = [];
  for (const word of shellWords(line) ?? []) {
    const match = MARKER.exec(word);
    if (!match || match[3] === '') continue;
    const name = singleUnquotedWord(match[3]!);
    if (name !== undefined) markers.push({ name, chomp: match[2] === '-' });
  }
  return markers;
}

/** Words with their quotes and escapes kept; undefined when a quote is left open (BuildKit then finds no heredoc). */
function shellWords(line: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === "'" || ch === '"') {
      const close = closingQuote(line, i);
      if (close < 0) return undefined;
      word += line.slice(i, close + 1);
      i = close + 1;
    } else if (ch === '\\') {
      word += line.slice(i, i + 2);
      i += 2;
    } else if (isGoSpace(ch)) {
      if (word !== '') words.push(word);
      word = '';
      i++;
    } else {
      word += ch;
      i++;
    }
  }
  if (word !== '') words.push(word);
  return words;
}

/** Index of the quote closing the one at `open`, or -1. In double quotes `\` escapes `"`, `$` and `\`. */
function closingQuote(text: string, open: number): number {
  const quote = text[open]!;
  if (quote === "'") return text.indexOf("'", open + 1);
  for (let i = open + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') return i;
    if (ch === '\\' && (text[i + 1] === '"' || text[i + 1] === '$' || text[i + 1] === '\\')) i++;
  }
  return -1;
}

/** The delimiter with quotes and escapes removed, if it is exactly one non-empty word. */
function singleUnquotedWord(text: string): string | undefined {
  const words: string[] = [];
  let word = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"') {
      const close = closingQuote(text, i);
      if (close < 0) return undefined;
      const inner = text.slice(i + 1, close);
      word += ch === '"' ? inner.replace(/\\(["$\\])/g, '$1') : inner;
      i = close + 1;
    } else if (ch === '\\') {
      word += text[i + 1] ?? '';
      i += 2;
    } else if (isGoSpace(ch)) {
      if (word !== '') words.push(word);
      word = '';
      i++;
    } else {
      word += ch;
      i++;
    }
  }
  if (word !== '') words.push(word);
  return words.length === 1 ? words[0] : undefined;
}
