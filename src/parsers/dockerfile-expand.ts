/**
 * Variable substitution as BuildKit performs it on FROM, USER, ARG and ENV words
 * (moby/buildkit frontend/dockerfile/shell/lex.go `ProcessWord`): quotes are removed, the escape
 * character keeps the next character, and `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}`,
 * `${NAME:+word}`, `${NAME+word}`, `${NAME:?message}` are replaced.
 *
 * cguard does not know the build arguments a build will pass, so a variable can be *unknown*:
 * an ARG without a default, an automatic platform ARG, or a name the base image may define.
 * An unknown variable used plainly leaves its reference in the result as written and marks the
 * word unresolved; with `:-`/`-`/`:+`/`+` it counts as unset, because the word then says what the
 * build uses when nobody passes a value.
 */

export type VariableValue = { kind: 'set'; value: string } | { kind: 'unset' } | { kind: 'unknown' };

export type VariableLookup = (name: string) => VariableValue;

export interface Expansion {
  value: string;
  /** Some reference could not be resolved; `value` keeps it as written. */
  unresolved: boolean;
}

class SyntaxProblem extends Error {}

/** Expand one word. Never throws: a malformed word comes back as written, unresolved. */
export function expandWord(word: string, lookup: VariableLookup, escape: string): Expansion {
  const expander = new WordExpander(word, lookup, escape);
  try {
    const value = expander.until(undefined);
    return { value, unresolved: expander.unresolved };
  } catch (error) {
    if (error instanceof SyntaxProblem) return { value: word, unresolved: true };
    throw error;
  }
}

class WordExpander {
  pos = 0;
  unresolved = false;

  constructor(
    private readonly src: string,
    private readonly lookup: VariableLookup,
    private readonly escape: string,
  ) {}

  /** `processStopOn`: read up to `stop` (consumed) or the end of the word. */
  until(stop: string | undefined): string {
    let out = '';
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos]!;
      if (stop !== undefined && ch === stop) {
        this.pos++;
        return out;
      }
      if (ch === '$') out += this.dollar();
      else if (ch === "'") out += this.singleQuoted();
      else if (ch === '"') out += this.doubleQuoted();
      else if (ch === this.escape) {
        this.pos++;
        if (this.pos >= this.src.length) break;
        out += this.src[this.pos++];
      } else {
        out += ch;
        this.pos++;
      }
    }
    if (stop !== undefined) throw new SyntaxProblem(`missing ${stop}`);
    return out;
  }

  private singleQuoted(): string {
    const close = this.src.indexOf("'", this.pos + 1);
    if (close < 0) throw new SyntaxProblem('unterminated single quote');
    const text = this.src.slice(this.pos + 1, close);
    this.pos = close + 1;
    return text;
  }

  private doubleQuoted(): string {
    let out = '';
    this.pos++;
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos]!;
      if (ch === '"') {
        this.pos++;
        return out;
      }
      if (ch === '$') {
        out += this.dollar();
        continue;
      }
      this.pos++;
      // Inside double quotes the escape character only escapes `"`, `$` and itself.
      const next = this.src[this.pos];
      if (ch === this.escape && (next === '"' || next === '$' || next === this.escape)) {
        out += next;
        this.pos++;
      } else if (!(ch === this.escape && next === undefined)) {
        out += ch;
      }
    }
    throw new SyntaxProblem('unterminated double quote');
  }

  private dollar(): string {
    const start = this.pos;
    this.pos++;
    if (this.src[this.pos] !== '{') {
      const name = this.name();
      if (name === '') return '$';
      return this.plain(name, start);
    }
    this.pos++;
    const first = this.src[this.pos];
    if (first === undefined || first === '{' || first === '}' || first === ':') throw new SyntaxProblem('bad substitution');
    const name = this.name();
    const op = this.src[this.pos++];
    if (op === '}') return this.plain(name, start);
    let modifier = op ?? '';
    let nullIsUnset = false;
    if (op === ':') {
      nullIsUnset = true;
      modifier = this.src[this.pos++] ?? '';
    }
    if (modifier !== '-' && modifier !== '+' && modifier !== '?') {
      // Pattern operators (`#`, `%`, `/`) and anything else: not evaluated here, kept as written.
      this.skipBraces();
      this.unresolved = true;
      return this.src.slice(start, this.pos);
    }
    const word = this.until('}');
    const value = this.lookup(name);
    if (value.kind === 'unknown' && modifier === '?') {
      this.unresolved = true;
      return this.src.slice(start, this.pos);
    }
    const set = value.kind === 'set' && !(nullIsUnset && value.value === '');
    if (modifier === '-') return set ? (value as { value: string }).value : word;
    if (modifier === '+') return set ? word : '';
    if (!set) throw new SyntaxProblem(`${name} is not allowed to be unset`);
    return (value as { value: string }).value;
  }

  /** `$NAME` / `${NAME}`: unknown values stay as written. */
  private plain(name: string, start: number): string {
    // Shell parameters (`$1`, `$@`, `$-`) exist only in a shell: BuildKit replaces them with nothing.
    if (/^(\d+|[@*#?\-$!])$/.test(name)) return '';
    const value = this.lookup(name);
    if (value.kind === 'set') return value.value;
    this.unresolved = true;
    return this.src.slice(start, this.pos);
  }

  /** `processName`: letters, digits and `_`; a leading digit run or one special parameter. */
  private name(): string {
    const src = this.src;
    const begin = this.pos;
    if (/[0-9]/.test(src[begin] ?? '')) {
      while (/[0-9]/.test(src[this.pos] ?? '')) this.pos++;
      return src.slice(begin, this.pos);
    }
    if ('@*#?-$!0'.includes(src[begin] ?? 'x')) {
      this.pos++;
      return src.slice(begin, this.pos);
    }
    while (this.pos < src.length && /[\p{L}\p{Nd}_]/u.test(src[this.pos]!)) this.pos++;
    return src.slice(begin, this.pos);
  }

  private skipBraces(): void {
    let depth = 1;
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos++];
      if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) return;
    }
    throw new SyntaxProblem("missing '}'");
  }
}
