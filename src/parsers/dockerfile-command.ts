/**
 * How BuildKit reads one instruction once its lines are joined into a single logical line
 * (moby/buildkit frontend/dockerfile/parser: split_command.go and line_parsers.go).
 * Pure string functions over that logical line; spans are the callers' business.
 */

/** Go's `unicode.IsSpace`, which BuildKit uses to trim and split (wider than ASCII, narrower than JS `\s`). */
export function isGoSpace(ch: string): boolean {
  switch (ch) {
    case ' ':
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case '\u0085':
    case '\u00a0':
      return true;
  }
  const c = ch.charCodeAt(0);
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

export function leadingGoSpace(s: string): number {
  let i = 0;
  while (i < s.length && isGoSpace(s[i]!)) i++;
  return i;
}

/** Go's `strings.TrimSpace`. */
export function trimGoSpace(s: string): string {
  let end = s.length;
  while (end > 0 && isGoSpace(s[end - 1]!)) end--;
  return s.slice(leadingGoSpace(s.slice(0, end)), end);
}

/** BuildKit's `reWhitespace`/`tokenWhitespace`: the separators between plain words. */
const WHITESPACE_RUN = /[\t\v\f\r ]+/;

/** `parseStringsWhitespaceDelimited`: FROM, EXPOSE, and ADD/COPY/VOLUME outside JSON form. */
export function splitWhitespace(rest: string): string[] {
  return rest === '' ? [] : rest.split(WHITESPACE_RUN);
}

export interface CommandLine {
  /** The keyword as written. */
  keyword: string;
  /** Leading `--name[=value]` words, quotes and escapes removed, as BuildKit hands them to its flag parser. */
  flags: string[];
  /** Everything after the flags, trimmed: what the instruction's own parser reads. */
  rest: string;
}

/** `splitCommand`: the keyword, the builder flags, and the rest. */
export function splitCommand(line: string): CommandLine {
  const trimmed = trimGoSpace(line);
  const match = WHITESPACE_RUN.exec(trimmed);
  if (!match) return { keyword: trimmed, flags: [], rest: '' };
  const { flags, rest } = extractBuilderFlags(trimmed.slice(match.index + match[0].length));
  return { keyword: trimmed.slice(0, match.index), flags, rest: trimGoSpace(rest) };
}

/**
 * `extractBuilderFlags`: words are flags while they start with `--`; a bare `--` ends them.
 * Quotes group and vanish, `\` escapes (always `\`, whatever the escape directive says).
 */
function extractBuilderFlags(line: string): { flags: string[]; rest: string } {
  const flags: string[] = [];
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let word = '';
  let quote = '';
  let blankOk = false;
  for (let pos = 0; pos <= line.length; pos++) {
    let ch = line[pos] ?? '';
    if (phase === 'spaces') {
      if (pos === line.length) break;
      if (isGoSpace(ch)) continue;
      if (ch !== '-' || line[pos + 1] !== '-') return { flags, rest: line.slice(pos) };
      phase = 'word';
    }
    if (pos === line.length) {
      if (word !== '--' && (blankOk || word.length > 0)) flags.push(word);
      break;
    }
    if (phase === 'word') {
      if (isGoSpace(ch)) {
        phase = 'spaces';
        if (word === '--') return { flags, rest: line.slice(pos) };
        if (blankOk || word.length > 0) flags.push(word);
        word = '';
        blankOk = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOk = true;
        phase = 'quote';
        continue;
      }
      if (ch === '\\') {
        if (pos + 1 === line.length) continue;
        ch = line[++pos]!;
      }
      word += ch;
      continue;
    }
    if (ch === quote) {
      phase = 'word';
      continue;
    }
    if (ch === '\\') {
      if (pos + 1 === line.length) {
        phase = 'word';
        continue;
      }
      ch = line[++pos]!;
    }
    word += ch;
  }
  return { flags, rest: '' };
}

export type JsonArray = { kind: 'strings'; values: string[] } | { kind: 'not-strings' };

/**
 * `parseJSON`: the exec form. Anything that is not a JSON array is shell form; a JSON array with
 * a non-string element is an error (`arrays must be comprised of strings only`).
 */
export function parseJsonArray(rest: string): JsonArray | undefined {
  const body = rest.slice(leadingGoSpace(rest));
  if (!body.startsWith('[')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  if (!parsed.every((v): v is string => typeof v === 'string')) return { kind: 'not-strings' };
  return { kind: 'strings', values: parsed };
}

/**
 * `parseWords`: words separated by spaces, where quotes group (and are kept) and the escape
 * character keeps the next character in the word. ENV, LABEL and ARG read their pairs this way.
 */
export function parseWords(rest: string, escape: string): string[] {
  const words: string[] = [];
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let quote = '';
  let blankOk = false;
  let word = '';
  for (let pos = 0; pos <= rest.length; pos++) {
    let ch = rest[pos] ?? '';
    if (phase === 'spaces') {
      if (pos === rest.length) break;
      if (isGoSpace(ch)) continue;
      phase = 'word';
    }
    if (pos === rest.length) {
      if (blankOk || word.length > 0) words.push(word);
      break;
    }
    if (phase === 'word') {
      if (isGoSpace(ch)) {
        phase = 'spaces';
        if (blankOk || word.length > 0) words.push(word);
        word = '';
        blankOk = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOk = true;
        phase = 'quote';
      }
      if (ch === escape) {
        if (pos + 1 === rest.length) continue;
        word += ch;
        ch = rest[++pos]!;
      }
      word += ch;
      continue;
    }
    if (ch === quote) phase = 'word';
    // Inside single quotes nothing can be escaped.
    if (ch === escape && quote !== "'") {
      if (pos + 1 === rest.length) {
        phase = 'word';
        continue;
      }
      word += ch;
      ch = rest[++pos]!;
    }
    word += ch;
  }
  return words;
}

/** A `name=value` pair of ENV, LABEL or ARG; `value` is undefined for a bare ARG name. */
export interface NameValue {
  name: string;
  value?: string;
}

export type NameValueResult = { pairs: NameValue[] } | { error: string };

/**
 * `parseNameVal` + `parseKvps` for ENV and LABEL: either the legacy `KEY value with spaces` or
 * `k=v` pairs. Values are raw (quotes kept); expansion happens later.
 */
export function parseNameValues(keyword: 'ENV' | 'LABEL', rest: string, escape: string): NameValueResult {
  const words = parseWords(rest, escape);
  if (words.length === 0) return { error: `${keyword} requires at least one argument` };
  let pairs: NameValue[];
  if (!words[0]!.includes('=')) {
    const match = WHITESPACE_RUN.exec(rest);
    if (!match) return { error: `${keyword} must have two arguments` };
    pairs = [{ name: rest.slice(0, match.index), value: rest.slice(match.index + match[0].length) }];
  } else {
    pairs = [];
    for (const word of words) {
      const eq = word.indexOf('=');
      if (eq < 0) return { error: `Syntax error - can't find = in ${JSON.stringify(word)}. Must be of the form: name=value` };
      pairs.push({ name: word.slice(0, eq), value: word.slice(eq + 1) });
    }
  }
  if (pairs.some((p) => p.name === '')) return { error: `${keyword} names can not be blank` };
  return { pairs };
}

/** `parseNameOrNameVal` + `parseArg`: `ARG name`, `ARG name=value`, several per line. */
export function parseArgNames(rest: string, escape: string): NameValueResult {
  const words = parseWords(rest, escape);
  if (words.length === 0) return { error: 'ARG requires at least one argument' };
  const pairs = words.map((word): NameValue => {
    const eq = word.indexOf('=');
    return eq < 0 ? { name: word } : { name: word.slice(0, eq), value: word.slice(eq + 1) };
  });
  if (pairs.some((p) => p.name === '')) return { error: 'ARG names can not be blank' };
  return { pairs };
}
