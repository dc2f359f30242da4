/**
 * The parser behind `safe-regex.ts`: the regular subset of JavaScript's regex syntax (outside
 * unicode mode) into a small tree whose leaves are character predicates. Everything that is
 * not regular, or that would change the meaning of the syntax, is a `RegexSyntaxError`.
 */

export const MAX_COUNT = 1000;

export type Pred = (c: number) => boolean;
export type RegexNode =
  | { t: 'char'; match: Pred }
  | { t: 'assert'; kind: '^' | '$' | 'b' | 'B' }
  | { t: 'seq'; items: RegexNode[] }
  | { t: 'alt'; options: RegexNode[] }
  | { t: 'repeat'; node: RegexNode; min: number; max: number };

export class RegexSyntaxError extends Error {}

export const isLineTerminator = (c: number) => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
const isDigit: Pred = (c) => c >= 48 && c <= 57;
export const isWord: Pred = (c) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const SPACES = new Set([9, 10, 11, 12, 13, 32, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);
const isSpace: Pred = (c) => SPACES.has(c) || (c >= 0x2000 && c <= 0x200a);
const not = (p: Pred): Pred => (c) => !p(c);

/** JavaScript's non-unicode case folding: upper case, unless that turns non-ASCII into ASCII. */
function canonical(c: number): number {
  const upper = String.fromCharCode(c).toUpperCase();
  if (upper.length !== 1) return c;
  const u = upper.charCodeAt(0);
  return c >= 128 && u < 128 ? c : u;
}

/** Canonical form → every UTF-16 code unit with that form; built once, on the first `i` regex. */
let preimages: Map<number, number[]> | undefined;

function sameCase(c: number): number[] {
  if (!preimages) {
    preimages = new Map();
    for (let m = 0; m <= 0xffff; m++) {
      const k = canonical(m);
      if (k === m) continue; // most characters are their own form; only the others are stored
      const list = preimages.get(k) ?? [k];
      list.push(m);
      preimages.set(k, list);
    }
  }
  const k = canonical(c);
  return preimages.get(k) ?? [k];
}

/** With `i`, a set matches a character when it holds any character of the same canonical form. */
function folded(p: Pred, ignoreCase: boolean): Pred {
  if (!ignoreCase) return p;
  return (c) => sameCase(c).some(p);
}

export class Parser {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly ignoreCase: boolean,
    private readonly dotAll: boolean,
  ) {}

  parse(): RegexNode {
    const node = this.alternation();
    if (this.i < this.src.length) this.fail('unmatched `)`');
    return node;
  }

  /** `at` is the 0-based index of the offending character; messages count from 1. */
  private fail(what: string, at = this.i): never {
    throw new RegexSyntaxError(`invalid regex at ${at + 1}: ${what}`);
  }

  private alternation(): RegexNode {
    const options = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0]! : { t: 'alt', options };
  }

  private sequence(): RegexNode {
    const items: RegexNode[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.atom();
      const quantifierAt = this.i;
      const q = this.quantifier();
      if (!q) items.push(atom);
      else if (atom.t === 'assert') this.fail('an assertion cannot be repeated', quantifierAt);
      else items.push({ t: 'repeat', node: atom, ...q });
    }
    return { t: 'seq', items };
  }

  private quantifier(): { min: number; max: number } | undefined {
    const c = this.src[this.i];
    let q: { min: number; max: number } | undefined;
    if (c === '*') q = { min: 0, max: Infinity };
    else if (c === '+') q = { min: 1, max: Infinity };
    else if (c === '?') q = { min: 0, max: 1 };
    if (q) this.i++;
    else {
      // Outside unicode mode a `{` that does not start a valid count is a literal brace.
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return undefined;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      if (min > max) this.fail('numbers out of order in {} quantifier');
      if (min > MAX_COUNT || (max !== Infinity && max > MAX_COUNT)) this.fail(`counts above ${MAX_COUNT} are not supported`);
      this.i += m[0].length;
      q = { min, max };
    }
    if (this.src[this.i] === '?') this.i++; // lazy: same answer for `test`
    return q;
  }

  private atom(): RegexNode {
    const at = this.i;
    const c = this.src[this.i++]!;
    switch (c) {
      case '^':
      case '$':
        return { t: 'assert', kind: c };
      case '.':
        return { t: 'char', match: this.dotAll ? () => true : not(isLineTerminator) };
      case '*':
      case '+':
      case '?':
        return this.fail('nothing to repeat', at);
      case '(': {
        if (this.src.startsWith('?:', this.i)) this.i += 2;
        else if (/^\?<[A-Za-z_$][\w$]*>/.test(this.src.slice(this.i))) this.i = this.src.indexOf('>', this.i) + 1;
        else if (this.src[this.i] === '?') this.fail('lookahead, lookbehind and inline flags are not supported', at);
        const inner = this.alternation();
        if (this.src[this.i] !== ')') this.fail('missing `)`');
        this.i++;
        return inner;
      }
      case '[':
        return { t: 'char', match: this.charClass() };
      case '\\': {
        const esc = this.escape(false);
        return typeof esc === 'string' ? { t: 'assert', kind: esc } : { t: 'char', match: folded(esc, this.ignoreCase) };
      }
      default:
        return { t: 'char', match: folded(literal(c.charCodeAt(0)), this.ignoreCase) };
    }
  }

  private charClass(): Pred {
    const negated = this.src[this.i] === '^';
    if (negated) this.i++;
    const parts: Pred[] = [];
    while (this.src[this.i] !== ']') {
      if (this.i >= this.src.length) this.fail('missing `]`');
      const rangeAt = this.i;
      const from = this.classAtom();
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && this.i + 1 < this.src.length) {
        this.i++;
        const to = this.classAtom();
        if (typeof from !== 'number' || typeof to !== 'number') {
          // `[\d-x]`: outside unicode mode the dash is literal next to a class escape.
          parts.push(asPred(from), literal(45), asPred(to));
        } else {
          if (from > to) this.fail('range out of order in character class', rangeAt);
          parts.push((c) => c >= from && c <= to);
        }
      } else parts.push(asPred(from));
    }
    this.i++;
    // Case folding applies to the members, before negation: /[^a]/i does not match `A`.
    const any = folded((c) => parts.some((p) => p(c)), this.ignoreCase);
    return negated ? not(any) : any;
  }

  /** A character code, or a predicate for a class escape such as `\d`. */
  private classAtom(): number | Pred {
    const c = this.src[this.i++]!;
    if (c !== '\\') return c.charCodeAt(0);
    if (this.src[this.i] === 'b') {
      this.i++;
      return 8; // `[\b]` is backspace
    }
    const esc = this.escape(true);
    if (typeof esc === 'string') return this.fail(`\\${esc} cannot be used in a class`, this.i - 2);
    return esc;
  }

  /** After a backslash: a predicate, or the assertion `b`/`B` outside classes. */
  private escape(inClass: boolean): Pred | 'b' | 'B' {
    const at = this.i - 1; // the backslash
    const c = this.src[this.i++];
    if (c === undefined) return this.fail('`\\` at end of pattern', at);
    const simple: Record<string, Pred> = { d: isDigit, D: not(isDigit), w: isWord, W: not(isWord), s: isSpace, S: not(isSpace) };
    if (simple[c]) return simple[c]!;
    const controls: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13 };
    if (controls[c] !== undefined) return literal(controls[c]!);
    if ((c === 'b' || c === 'B') && !inClass) return c;
    if (c === '0' && !isDigit(this.src.charCodeAt(this.i))) return literal(0);
    if (c >= '0' && c <= '9') return this.fail('backreferences are not supported', at);
    if (c === 'x' || c === 'u') {
      const digits = c === 'x' ? 2 : 4;
      const hex = this.src.slice(this.i, this.i + digits);
      if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) this.fail(`\\${c} needs ${digits} hex digits`, at);
      this.i += digits;
      return literal(parseInt(hex, 16));
    }
    if (/[A-Za-z]/.test(c)) return this.fail(`\\${c} is not supported`, at);
    return literal(c.charCodeAt(0));
  }
}

const literal = (code: number): Pred => (c) => c === code;
const asPred = (x: number | Pred): Pred => (typeof x === 'number' ? literal(x) : x);
