/**
 * `Exec*=` command lines as systemd reads them (systemd.service(5) "Command lines",
 * systemd.syntax(7) "Quoting"), and the variable expansion systemd applies when it runs them.
 *
 * Behaviour was checked against systemd 252 (`systemd --test` dumps, `systemd-analyze verify`):
 * - words split on whitespace; `"…"` and `'…'` group, and a quote may also open mid-word
 *   (`a"b c"d` is one word `ab cd`, as extract_first_word() does, whatever the man page says);
 * - C escapes work inside and outside quotes; an unknown one (`\q`) is kept as written, with
 *   the warning "Ignoring unknown escape sequences";
 * - a lone `;` separates commands, a lone `\;` is a literal `;`, `a;` and `;;` are words;
 * - specifiers (`%i`) and `$VAR`/`${VAR}` stay as written: systemd expands variables when it
 *   runs the command (see expandExecWords).
 */
import type { Span } from '../model/source.js';
import type { ExecCommand, ExecWord, UnitEntry } from '../model/unit.js';

export interface ExecProblem {
  message: string;
  span: Span;
}

/** A word found in a string, with indices into that string. */
export interface ScannedWord {
  value: string;
  /** Index of the word's first and one-past-last character (quotes included). */
  start: number;
  end: number;
  quoted: boolean;
  /** Index in the string of each character of `value` (an escape maps to its backslash). */
  chars: number[];
  unknownEscapes: string[];
}

type Scan = { word?: ScannedWord; next: number; unbalanced?: boolean };

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/**
 * The next word from `pos`, as extract_first_word() with EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE|
 * EXTRACT_CUNESCAPE_RELAX (`'unit'`). `'value'` is EXTRACT_UNQUOTE|EXTRACT_RELAX, used when
 * the value of a `$VAR` is split: a backslash just keeps the next character and a quote left
 * open is closed at the end.
 */
export function scanUnitWord(text: string, pos: number, mode: 'unit' | 'value' = 'unit'): Scan {
  const cEscapes = mode === 'unit';
  let i = pos;
  while (i < text.length && isSpace(text[i])) i++;
  if (i >= text.length) return { next: i };
  const start = i;
  const chars: number[] = [];
  const unknownEscapes: string[] = [];
  let value = '';
  let quote: string | undefined;
  let quoteCount = 0;
  let lastClose = -1;
  const push = (s: string, at: number) => {
    value += s;
    for (let k = 0; k < s.length; k++) chars.push(at);
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quote === undefined && isSpace(c)) break;
    if (c === '\\' && i + 1 < text.length) {
      const escape = cEscapes ? cUnescape(text, i) : { value: text[i + 1]!, length: 2 };
      if (escape) {
        push(escape.value, i);
        i += escape.length - 1;
      } else {
        unknownEscapes.push(text.slice(i, i + 2));
        push('\\', i);
        push(text[i + 1]!, i + 1);
        i++;
      }
    } else if (quote !== undefined && c === quote) {
      quote = undefined;
      lastClose = i;
    } else if (quote === undefined && (c === '"' || c === "'")) {
      quote = c;
      quoteCount++;
    } else {
      push(c, i);
    }
  }
  if (quote !== undefined && cEscapes) return { next: text.length, unbalanced: true };
  const quoted = quoteCount === 1 && (text[start] === '"' || text[start] === "'") && lastClose === i - 1;
  return { word: { value, start, end: i, quoted, chars, unknownEscapes }, next: i };
}

/** All words of a string (`Environment=` values); undefined on unbalanced quotes. */
export function splitUnitWords(text: string): ScannedWord[] | undefined {
  const words: ScannedWord[] = [];
  for (let scan = scanUnitWord(text, 0); ; scan = scanUnitWord(text, scan.next)) {
    if (scan.unbalanced) return undefined;
    if (!scan.word) return words;
    words.push(scan.word);
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  '\\': '\\', '"': '"', "'": "'", s: ' ',
};

/** cunescape_one(): `\n`, `\xNN`, `\nnn`, `\uNNNN`, `\UNNNNNNNN`; undefined when unknown or NUL. */
function cUnescape(text: string, at: number): { value: string; length: number } | undefined {
  const c = text[at + 1]!;
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return { value: simple, length: 2 };
  const digits = (count: number, pattern: RegExp, radix: number) => {
    const s = text.slice(at + 2, at + 2 + count);
    return s.length === count && pattern.test(s) ? parseInt(s, radix) : undefined;
  };
  let code: number | undefined;
  let length = 0;
  if (c === 'x') [code, length] = [digits(2, /^[0-9a-f]+$/i, 16), 4];
  else if (c === 'u') [code, length] = [digits(4, /^[0-9a-f]+$/i, 16), 6];
  else if (c === 'U') [code, length] = [digits(8, /^[0-9a-f]+$/i, 16), 10];
  else if (c >= '0' && c <= '7') {
    const octal = text.slice(at + 1, at + 4);
    if (/^[0-7]{3}$/.test(octal)) [code, length] = [parseInt(octal, 8), 4];
    if (code !== undefined && code > 0xff) code = undefined;
  }
  if (code === undefined || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return { value: String.fromCodePoint(code), length };
}

/** Map a scanned word of `entry.value` to an ExecWord with file spans. */
function toExecWord(entry: UnitEntry, word: ScannedWord, from = 0): ExecWord {
  const at = (i: number) => entry.valueOffsets[i]!;
  const chars = word.chars.slice(from);
  const start = from === 0 ? at(word.start) : at(chars[0] ?? word.end);
  const end = at(word.end - 1) + 1;
  return {
    value: word.value.slice(from),
    span: { start, end },
    quoted: word.quoted,
    offsets: [...chars.map(at), end],
  };
}

/** Split the leading prefix characters off the first word, as config_parse_exec() does. */
function splitPrefixes(first: string): string {
  let ignore = false;
  let argv0 = false;
  let noExpand = false;
  let privilege = '';
  let i = 0;
  for (; i < first.length; i++) {
    const c = first[i];
    if (c === '-' && !ignore) ignore = true;
    else if (c === '@' && !argv0) argv0 = true;
    else if (c === ':' && !noExpand) noExpand = true;
    else if ((c === '+' || c === '!') && privilege === '') privilege = c;
    else if (c === '!' && privilege === '!') privilege = '!!';
    else break;
  }
  return first.slice(0, i);
}

/** The commands of one `Exec*=` entry, and what systemd would warn about or refuse in it. */
export function parseExecLine(entry: UnitEntry): { commands: ExecCommand[]; problems: ExecProblem[] } {
  // The parser and many rules ask for the same entry's commands; read each entry once.
  const cached = execLineCache.get(entry);
  if (cached) return cached;
  const reader = new ExecLineReader(entry);
  const commands: ExecCommand[] = [];
  for (let more = true; more; ) {
    const read = reader.readCommand();
    if (read.command) commands.push(read.command);
    more = read.more;
  }
  const parsed = { commands, problems: reader.problems };
  execLineCache.set(entry, parsed);
  return parsed;
}

const execLineCache = new WeakMap<UnitEntry, { commands: ExecCommand[]; problems: ExecProblem[] }>();

type CommandRead = { command?: ExecCommand; more: boolean };

/** Reads the commands of one entry in order, as config_parse_exec() does. */
class ExecLineReader {
  readonly problems: ExecProblem[] = [];
  private pos = 0;
  private readonly text: string;

  constructor(private readonly entry: UnitEntry) {
    this.text = entry.value;
  }

  readCommand(): CommandRead {
    const first = scanUnitWord(this.text, this.pos);
    if (first.unbalanced) return this.unbalanced();
    if (!first.word) return { more: false };
    this.pos = first.next;
    // A lone `;` where a command should start is an empty command: systemd skips it.
    if (first.word.value === ';' && !first.word.quoted) return { more: true };
    this.warnEscapes(first.word);
    const prefixes = splitPrefixes(first.word.value);
    const path = first.word.value.slice(prefixes.length);
    const firstSpan = this.span(first.word.start, first.word.end);
    if (path === '') return this.refuse(`Empty path in command line, ignoring: "${first.word.value}"`, firstSpan);
    if (!path.startsWith('/') && (path.includes('/') || path === '.' || path === '..')) {
      return this.refuse(`Neither a valid executable name nor an absolute path: ${path}`, firstSpan);
    }
    const pathWord = toExecWord(this.entry, first.word, prefixes.length);
    const words: ExecWord[] = [pathWord];
    const rest = this.readArguments(words);
    if (rest === 'unbalanced') return this.unbalanced();
    if (prefixes.includes('@') && words.length < 2) {
      this.problems.push({ message: `Empty executable name or zeroeth argument: ${first.word.value}`, span: firstSpan });
      return { more: rest === 'separated' };
    }
    const prefixStart = prefixes ? this.entry.valueOffsets[first.word.chars[0]!]! : pathWord.span.start;
    const command: ExecCommand = {
      entry: this.entry,
      prefixes,
      prefixSpan: { start: prefixStart, end: pathWord.span.start },
      words,
      span: { start: firstSpan.start, end: words[words.length - 1]!.span.end },
    };
    return { command, more: rest === 'separated' };
  }

  /** Words up to a lone `;` or the end; a lone `\;` is the word `;`. */
  private readArguments(words: ExecWord[]): 'end' | 'separated' | 'unbalanced' {
    const text = this.text;
    for (;;) {
      while (this.pos < text.length && isSpace(text[this.pos])) this.pos++;
      const lone = (length: number) => this.pos + length >= text.length || isSpace(text[this.pos + length]);
      if (text[this.pos] === ';' && lone(1)) {
        this.pos++;
        return 'separated';
      }
      if (text[this.pos] === '\\' && text[this.pos + 1] === ';' && lone(2)) {
        const span = this.span(this.pos, this.pos + 2);
        words.push({ value: ';', span, quoted: false, offsets: [span.start, span.end] });
        this.pos += 2;
        continue;
      }
      const next = scanUnitWord(text, this.pos);
      if (next.unbalanced) return 'unbalanced';
      if (!next.word) return 'end';
      this.warnEscapes(next.word);
      words.push(toExecWord(this.entry, next.word));
      this.pos = next.next;
    }
  }

  private span(start: number, end: number): Span {
    const offsets = this.entry.valueOffsets;
    return { start: offsets[start]!, end: end > start ? offsets[end - 1]! + 1 : offsets[start]! };
  }

  /** systemd stops reading the entry at a command it refuses. */
  private refuse(message: string, span: Span): CommandRead {
    this.problems.push({ message, span });
    return { more: false };
  }

  /** systemd drops the rest of the entry and quotes all of it. */
  private unbalanced(): CommandRead {
    return this.refuse(`Unbalanced quoting, ignoring: "${this.text}"`, this.span(0, this.text.length));
  }

  private warnEscapes(word: ScannedWord): void {
    if (word.unknownEscapes.length > 0) {
      this.problems.push({ message: `Ignoring unknown escape sequences: "${word.value}"`, span: this.span(word.start, word.end) });
    }
  }
}

export function parseExecCommands(entry: UnitEntry): ExecCommand[] {
  return parseExecLine(entry).commands;
}

/** A word after variable expansion; words from one `$VAR` share the span of the word written. */
export interface ExpandedWord extends ExecWord {
  /** The word as written, when a variable in it was substituted. */
  written?: string;
  /** Variables the word uses that the environment does not define; they stay as written. */
  unresolved?: string[];
  /** The word is (part of) the value of a lone `$VAR`, which systemd splits on whitespace. */
  split?: boolean;
}

const LONE_VARIABLE = /^\$(?![{$])/;

/**
 * Expand variables as systemd's replace_env_argv() does when it runs the command: a word that
 * is `$VAR` becomes the value split on whitespace (quotes respected, then removed) — zero or
 * more words; `${VAR}` anywhere in a word is replaced by the value as is, so the word stays one
 * word; `$$` is a literal `$`; `${VAR:-x}` is not supported there and stays as written.
 *
 * systemd substitutes an unknown variable with nothing. cguard rarely knows the whole
 * environment (EnvironmentFile=, the manager's own variables), so by default a word with an
 * unknown variable stays as written and lists it in `unresolved`; `unknownIsEmpty` gives
 * systemd's exact result.
 */
export function expandExecWords(
  words: readonly ExecWord[],
  env: ReadonlyMap<string, string>,
  options: { unknownIsEmpty?: boolean } = {},
): ExpandedWord[] {
  const out: ExpandedWord[] = [];
  for (const word of words) {
    if (!word.value.includes('$')) {
      out.push(word);
    } else if (LONE_VARIABLE.test(word.value)) {
      const name = word.value.slice(1);
      const value = env.get(name);
      // A lone `$` names no variable: systemd drops the word.
      if (name === '') continue;
      if (value !== undefined) {
        for (let scan = scanUnitWord(value, 0, 'value'); scan.word; scan = scanUnitWord(value, scan.next, 'value')) {
          out.push({ value: scan.word.value, span: word.span, quoted: false, written: word.value, split: true });
        }
      } else if (!options.unknownIsEmpty) {
        out.push({ ...word, unresolved: [name], split: true });
      }
    } else {
      out.push(substituteBraced(word, env, options.unknownIsEmpty ?? false));
    }
  }
  return out;
}

/** replace_env() without extensions: `${NAME}` and `$$`; anything else is kept. */
function substituteBraced(word: ExecWord, env: ReadonlyMap<string, string>, unknownIsEmpty: boolean): ExpandedWord {
  const text = word.value;
  const unresolved: string[] = [];
  let value = '';
  let changed = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '$') {
      value += '$';
      i++;
      changed = true;
      continue;
    }
    const close = text[i] === '$' && text[i + 1] === '{' ? text.indexOf('}', i + 2) : -1;
    const name = close > 0 ? text.slice(i + 2, close) : undefined;
    if (name === undefined || name.includes(':')) {
      value += text[i];
      continue;
    }
    const resolved = env.get(name);
    if (resolved === undefined && !unknownIsEmpty) {
      unresolved.push(name);
      value += text.slice(i, close + 1);
    } else {
      value += resolved ?? '';
      changed = true;
    }
    i = close;
  }
  const expanded: ExpandedWord = changed ? { value, span: word.span, quoted: word.quoted, written: text } : { ...word };
  if (unresolved.length > 0) expanded.unresolved = unresolved;
  return expanded;
}
