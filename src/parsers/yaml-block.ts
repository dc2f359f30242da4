/**
 * A fast reader for the block-style YAML most compose files are: mappings and sequences by
 * indentation, plain and quoted one-line scalars, `|`/`>` block scalars, one-line flow
 * sequences of scalars, empty `{}`, comments. It builds the same `yaml` nodes, with the same ranges, values and
 * styles, as `parseAllDocuments` with YAML_OPTIONS would, so everything downstream (the
 * model, the rules, the editors) cannot tell the difference.
 *
 * Why: on a pull request's few small compose files, `yaml`'s general parser (lexer, CST,
 * composer) is mostly code running for the first time, about 0.5 ms per file; this reader is
 * a fraction of that code (issue #9, docs/performance.md).
 *
 * Anything else — anchors and aliases, tags, non-empty flow mappings, multi-line plain or quoted
 * scalars, document markers, directives, tabs, CR line breaks, comments after an empty value,
 * and anything invalid — makes it return undefined, and the caller uses `yaml`. Agreement
 * with `yaml` is checked on every corpus YAML file and on mutated ones
 * (test/parsers/yaml-block.test.ts).
 */
import { Document, isPair, isScalar, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Node } from 'yaml';
import { lineHolding } from '../model/source.js';
import { MAX_YAML_DEPTH } from './yaml-depth.js';

type Range = [number, number, number];
type Tag = { default?: boolean | 'key'; test?: RegExp; resolve: (value: string, onError: (message: string) => void, options: unknown) => unknown; format?: string };

/** Thrown where the text leaves the subset; caught once, at the top. */
const BAIL = new Error('outside the block subset');

// Text outside printable YAML (controls, tabs, CR, BOM, NEL, non-characters) goes to `yaml`.
const UNUSUAL = /[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\ud800-\udfff]/;
// Plain scalars may not start with these (`-`, `?`, `:` are allowed when a non-space follows).
const INDICATOR = new Set(['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);
const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  '"': '"', '/': '/', '\\': '\\', ' ': ' ', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
/**
 * Scalars and pairs as `yaml` builds them, but with their type symbol on a shared prototype:
 * `yaml`'s constructors define it on each node with `Object.defineProperty`, ≈ 2% of a large
 * scan. `isScalar`/`isPair`, `instanceof` and `clone()` see them as `yaml`'s own. The symbol
 * names are `yaml`'s internals (`Symbol.for('yaml.node.type')`, …): should a version name them
 * otherwise, the check below sees it and the constructors are used again.
 */
const NODE_TYPE = Symbol.for('yaml.node.type');
const SCALAR_PROTOTYPE: Scalar = Object.create(Scalar.prototype, { [NODE_TYPE]: { value: Symbol.for('yaml.scalar') } });
const PAIR_PROTOTYPE: Pair = Object.create(Pair.prototype, { [NODE_TYPE]: { value: Symbol.for('yaml.pair') } });
const PROTOTYPES_WORK = isScalar(Object.create(SCALAR_PROTOTYPE)) && isPair(Object.create(PAIR_PROTOTYPE));

function scalarNode(value: unknown): Scalar {
  if (!PROTOTYPES_WORK) return new Scalar(value);
  const node: Scalar = Object.create(SCALAR_PROTOTYPE);
  node.value = value;
  return node;
}

function pairNode(key: Scalar, value: Node): Pair<Scalar, Node> {
  if (!PROTOTYPES_WORK) return new Pair(key, value);
  const node: Pair<Scalar, Node> = Object.create(PAIR_PROTOTYPE);
  node.key = key;
  node.value = value;
  return node;
}

const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };
const MAX_KEY_LENGTH = 1024;

export interface BlockYamlOptions {
  version: '1.2';
  schema: 'core';
  merge: boolean;
  prettyErrors: boolean;
  uniqueKeys: boolean;
}

/** The document `yaml` would compose from `text`, or undefined when the text is outside the subset. */
export function readBlockYaml(text: string, options: BlockYamlOptions): Document.Parsed | undefined {
  if (UNUSUAL.test(text)) return undefined;
  const doc = new Document(undefined, options);
  try {
    const reader = new BlockReader(text, doc);
    const contents = reader.document();
    if (!contents) return undefined;
    doc.contents = contents;
    // Line breaks after a last empty value are its own (yaml does not count them for the document).
    doc.range = [contents.range![0], contents.range![2], endsEmpty(contents) ? contents.range![2] : text.length];
    return doc as Document.Parsed;
  } catch (error) {
    if (error === BAIL) return undefined;
    throw error;
  }
}

type Collection = YAMLMap<Scalar, Node> | YAMLSeq<Node>;

class BlockReader {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Column of the first non-space character; -1 for blank lines. */
  private readonly indents: number[] = [];
  private readonly tags: Tag[];
  private readonly stringTag: Tag;
  /** The line being read. */
  private line = 0;
  /** Collections open around the one being read; past MAX_YAML_DEPTH, yaml's own check reports it. */
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly doc: Document,
  ) {
    const tags = doc.schema.tags as unknown as Array<Tag & { tag: string }>;
    this.tags = tags.filter((t) => t.default === true && t.test);
    this.stringTag = tags.find((t) => t.tag === 'tag:yaml.org,2002:str')!;
    let start = 0;
    while (start <= text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      let col = start;
      while (col < end && text.charCodeAt(col) === 32) col++;
      this.starts.push(start);
      this.ends.push(end);
      this.indents.push(col === end ? -1 : col - start);
      if (col - start === 0 && col < end && isMarkerLine(text, col, end)) throw BAIL;
      start = end + 1;
    }
  }

  document(): Collection | undefined {
    const first = this.nextContent(0);
    if (first < 0 || this.indents[first] !== 0) return undefined;
    this.line = first;
    const root = this.isItem(first, 0) ? this.seq(0) : this.map(0, 0);
    if (this.nextContent(this.line + 1) >= 0) throw BAIL;
    return root;
  }

  // -- lines ---------------------------------------------------------------------------------

  private isComment(line: number): boolean {
    return this.indents[line]! >= 0 && this.text.charCodeAt(this.starts[line]! + this.indents[line]!) === 35;
  }

  /** The first line at or after `from` with content (not blank, not a comment); -1 at the end. */
  private nextContent(from: number): number {
    for (let l = from; l < this.starts.length; l++) if (this.indents[l]! >= 0 && !this.isComment(l)) return l;
    return -1;
  }

  /** `- ` or a lone `-` at `col` of `line`. */
  private isItem(line: number, col: number): boolean {
    const at = this.starts[line]! + col;
    return this.text.charCodeAt(at) === 45 && (at + 1 === this.ends[line] || this.text.charCodeAt(at + 1) === 32);
  }

  /** Offset after `line`'s line break (the text's end for the last line). */
  private afterLine(line: number): number {
    return Math.min(this.ends[line]! + 1, this.text.length);
  }

  // -- collections ---------------------------------------------------------------------------

  /** A block mapping whose keys are at column `indent`; the first key starts at `col` of the current line. */
  private map(indent: number, col: number): YAMLMap<Scalar, Node> {
    if (++this.depth > MAX_YAML_DEPTH) throw BAIL;
    const map = new YAMLMap<Scalar, Node>(this.doc.schema);
    let start = -1;
    let end = 0;
    for (;;) {
      const line = this.line;
      const at = this.starts[line]! + col;
      const key = this.key(at, this.ends[line]!);
      if (!key) throw BAIL;
      if (start < 0) start = at;
      const value = this.value(key.after, line, indent, true);
      map.items.push(pairNode(key.node, value));
      end = value.range![2];
      const next = this.nextContent(this.line + 1);
      if (next < 0 || this.indents[next]! < indent) break;
      if (this.indents[next]! > indent || this.isItem(next, indent)) throw BAIL;
      this.line = next;
      col = indent;
    }
    map.range = [start, end, this.trailingEnd(indent, end)];
    this.depth--;
    return map;
  }

  /** A block sequence whose `-` are at column `indent`, from the current line. */
  private seq(indent: number): YAMLSeq<Node> {
    if (++this.depth > MAX_YAML_DEPTH) throw BAIL;
    const seq = new YAMLSeq<Node>(this.doc.schema);
    const start = this.starts[this.line]! + indent;
    let end = 0;
    for (;;) {
      const line = this.line;
      const dash = this.starts[line]! + indent;
      const value = this.value(dash + 1, line, indent, false);
      seq.items.push(value);
      end = value.range![2];
      const next = this.nextContent(this.line + 1);
      if (next < 0 || this.indents[next]! < indent) break;
      if (this.indents[next]! > indent) throw BAIL;
      if (!this.isItem(next, indent)) break;
      this.line = next;
    }
    seq.range = [start, end, this.trailingEnd(indent, end)];
    this.depth--;
    return seq;
  }

  /**
   * Where a block collection ends once comments are counted. yaml keeps the comment lines after
   * a nested collection's last item in it when one of them is at least as indented as its
   * items (and then up to the next content, indentation included); otherwise they belong to
   * an outer collection, or to the document.
   */
  private trailingEnd(indent: number, end: number): number {
    if (indent === 0) return end;
    let line = lineHolding(this.starts, end);
    let keeps = false;
    for (; line < this.starts.length; line++) {
      if (this.indents[line]! < 0) continue;
      if (!this.isComment(line)) break;
      if (this.indents[line]! >= indent) keeps = true;
    }
    if (!keeps) return end;
    return line < this.starts.length ? this.starts[line]! + this.indents[line]! : this.text.length;
  }


  // -- values --------------------------------------------------------------------------------

  /**
   * The value after a key's `:` or an item's `-` (at `from` on `line`), in a collection at
   * column `indent`. Leaves `this.line` on the last line the value uses.
   */
  private value(from: number, line: number, indent: number, inMap: boolean): Node {
    const lineEnd = this.ends[line]!;
    let at = from;
    while (at < lineEnd && this.text.charCodeAt(at) === 32) at++;
    if (at < lineEnd && this.text.charCodeAt(at) !== 35) {
      if (at === from) throw BAIL; // `a:b` is not a pair, `-x` not an item
      return this.inlineValue(at, line, indent, inMap);
    }
    // Nothing on this line (but perhaps a comment): a nested block, or an empty value.
    const next = this.nextContent(line + 1);
    const nextIndent = next < 0 ? -1 : this.indents[next]!;
    if (nextIndent > indent || (inMap && nextIndent === indent && this.isItem(next, indent))) {
      this.line = next;
      return this.isItem(next, nextIndent) ? this.seq(nextIndent) : this.map(nextIndent, nextIndent);
    }
    // Where yaml ends an empty value that comments follow is not worth following.
    if (at < lineEnd) throw BAIL;
    for (let l = line + 1; l < (next < 0 ? this.starts.length : next); l++) if (this.isComment(l)) throw BAIL;
    this.line = line;
    const node = this.scalar('', 'PLAIN');
    node.range = [at, at, at];
    return node;
  }

  private inlineValue(at: number, line: number, indent: number, inMap: boolean): Node {
    const lineEnd = this.ends[line]!;
    const c = this.text[at]!;
    if (!inMap) {
      // `- key: value` starts a mapping at the key's column.
      if (this.key(at, lineEnd)) {
        this.line = line;
        return this.map(at - this.starts[line]!, at - this.starts[line]!);
      }
      if (this.isItem(line, at - this.starts[line]!)) throw BAIL;
    }
    if (c === '|' || c === '>') return this.blockScalar(at, line, indent);
    let node: Node;
    let valueEnd: number;
    if (c === '[') {
      const seq = this.flowSeq(at, lineEnd);
      node = seq.node;
      valueEnd = seq.end;
    } else if (c === '{') {
      // Only the empty mapping `{}` (compose files use it for "defaults"); others go to yaml.
      let close = at + 1;
      while (close < lineEnd && this.text.charCodeAt(close) === 32) close++;
      if (this.text[close] !== '}') throw BAIL;
      const map = new YAMLMap<Scalar, Node>(this.doc.schema);
      map.flow = true;
      node = map;
      valueEnd = close + 1;
    } else if (c === '"' || c === "'") {
      const quoted = this.quoted(at, lineEnd);
      node = quoted.node;
      valueEnd = quoted.end;
    } else {
      const plain = this.plain(at, lineEnd, false);
      if (plain.end < 0) throw BAIL;
      node = plain.node;
      valueEnd = plain.end;
    }
    // Only spaces and a comment may follow on the line.
    let rest = valueEnd;
    while (rest < lineEnd && this.text.charCodeAt(rest) === 32) rest++;
    if (rest < lineEnd && (this.text.charCodeAt(rest) !== 35 || rest === valueEnd)) throw BAIL;
    // A more indented line after it would continue the scalar (or be an error).
    const next = this.nextContent(line + 1);
    if (next >= 0 && this.indents[next]! > indent) throw BAIL;
    this.line = line;
    node.range = [at, valueEnd, this.absorbIndentedComments(line, indent)];
    return node;
  }

  /**
   * yaml gives a scalar or flow value the comment lines right after it that are more indented
   * than its collection (blank lines between included); its range then ends after the last.
   */
  private absorbIndentedComments(line: number, indent: number): number {
    let end = this.afterLine(line);
    for (let l = line + 1; l < this.starts.length; l++) {
      if (this.indents[l]! < 0) continue;
      if (!this.isComment(l) || this.indents[l]! <= indent) break;
      end = this.afterLine(l);
    }
    return end;
  }

  // -- scalars -------------------------------------------------------------------------------

  /** A mapping key at `at`: a plain or quoted one-line scalar followed by `:` and a space or the line's end. */
  private key(at: number, lineEnd: number): { node: Scalar; after: number } | undefined {
    const c = this.text[at]!;
    let node: Scalar;
    let end: number;
    if (c === '"' || c === "'") {
      const quoted = this.quoted(at, lineEnd);
      node = quoted.node;
      end = quoted.end;
      let colon = end;
      while (colon < lineEnd && this.text.charCodeAt(colon) === 32) colon++;
      if (this.text.charCodeAt(colon) !== 58 || !(colon + 1 === lineEnd || this.text.charCodeAt(colon + 1) === 32)) return undefined;
      node.range = [at, end, end];
      if (end - at > MAX_KEY_LENGTH) throw BAIL;
      return { node, after: colon + 1 };
    }
    const plain = this.plain(at, lineEnd, true);
    if (plain.end < 0 || plain.colon < 0) return undefined;
    if (plain.end - at > MAX_KEY_LENGTH || plain.node.value === '<<') throw BAIL;
    plain.node.range = [at, plain.end, plain.end];
    return { node: plain.node, after: plain.colon + 1 };
  }

  /**
   * A one-line plain scalar from `at`: its end (before trailing spaces and a comment) and,
   * for a key, the `:` after it (-1 when there is none). end is -1 when it cannot start here.
   */
  private plain(at: number, lineEnd: number, asKey: boolean): { node: Scalar; end: number; colon: number } {
    const text = this.text;
    const c = text[at]!;
    const none = { node: undefined as unknown as Scalar, end: -1, colon: -1 };
    if (INDICATOR.has(c)) {
      const next = text.charCodeAt(at + 1);
      if (!(c === '-' || c === '?' || c === ':') || at + 1 === lineEnd || next === 32) return none;
    }
    let end = at + 1;
    let i = at + 1;
    let colon = -1;
    for (; i < lineEnd; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 58 && (i + 1 === lineEnd || text.charCodeAt(i + 1) === 32)) {
        colon = i;
        break;
      }
      if (ch === 35 && text.charCodeAt(i - 1) === 32) break;
      if (ch !== 32) end = i + 1;
    }
    if (asKey) {
      if (colon < 0) return none;
    } else if (colon >= 0) {
      throw BAIL; // `a: b: c`, or a value ending in `:`
    }
    return { node: this.scalar(text.slice(at, end), 'PLAIN'), end, colon };
  }

  /** A quoted scalar that closes on its line; its end is after the closing quote. */
  private quoted(at: number, lineEnd: number): { node: Scalar; end: number } {
    const text = this.text;
    const quote = text[at]!;
    let value = '';
    let i = at + 1;
    for (;;) {
      if (i >= lineEnd) throw BAIL;
      const ch = text[i]!;
      if (ch === quote) {
        if (quote === "'" && text[i + 1] === "'") {
          value += "'";
          i += 2;
          continue;
        }
        break;
      }
      if (ch === '\\' && quote === '"') {
        const e = text[i + 1];
        if (e === undefined || i + 1 >= lineEnd) throw BAIL;
        const digits = HEX_ESCAPES[e];
        if (digits !== undefined) {
          const hex = text.slice(i + 2, i + 2 + digits);
          if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) throw BAIL;
          const code = parseInt(hex, 16);
          if (code > 0x10ffff) throw BAIL;
          value += String.fromCodePoint(code);
          i += 2 + digits;
          continue;
        }
        const escaped = ESCAPES[e];
        if (escaped === undefined) throw BAIL;
        value += escaped;
        i += 2;
        continue;
      }
      value += ch;
      i++;
    }
    return { node: this.scalar(value, quote === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE'), end: i + 1 };
  }

  /** `[a, "b", c]` on one line, of scalars only; end is after the `]`. */
  private flowSeq(at: number, lineEnd: number): { node: YAMLSeq<Node>; end: number } {
    const text = this.text;
    const seq = new YAMLSeq<Node>(this.doc.schema);
    seq.flow = true;
    let i = at + 1;
    const skip = () => {
      while (i < lineEnd && text.charCodeAt(i) === 32) i++;
    };
    for (;;) {
      skip();
      if (i >= lineEnd) throw BAIL;
      const c = text[i]!;
      if (c === ']') break;
      const itemStart = i;
      let node: Scalar;
      let end: number;
      if (c === '"' || c === "'") {
        ({ node, end } = this.quoted(i, lineEnd));
      } else {
        if (INDICATOR.has(c) && !((c === '-' || c === '?' || c === ':') && i + 1 < lineEnd && !' ,[]{}'.includes(text[i + 1]!))) throw BAIL;
        end = i;
        let j = i;
        for (; j < lineEnd; j++) {
          const ch = text[j]!;
          if (ch === ',' || ch === ']' || ch === '[' || ch === '{' || ch === '}') break;
          if (ch === ':' && (j + 1 === lineEnd || ' ,[]{}'.includes(text[j + 1]!))) throw BAIL;
          if (ch === '#' && text[j - 1] === ' ') throw BAIL;
          if (ch !== ' ') end = j + 1;
        }
        if (text[j] !== ',' && text[j] !== ']') throw BAIL;
        node = this.scalar(text.slice(i, end), 'PLAIN');
      }
      i = end;
      skip();
      // In a flow sequence, an item's node reaches the `,` or `]` after it.
      node.range = [itemStart, end, i];
      seq.items.push(node);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') break;
      throw BAIL;
    }
    return { node: seq, end: i + 1 };
  }

  /** `|` or `>` with an optional `-`/`+`, its lines more indented than the collection. */
  private blockScalar(at: number, line: number, indent: number): Scalar {
    const text = this.text;
    const folded = text[at] === '>';
    let i = at + 1;
    let chomp = '';
    if (text[i] === '-' || text[i] === '+') chomp = text[i++]!;
    const lineEnd = this.ends[line]!;
    let rest = i;
    while (rest < lineEnd && text.charCodeAt(rest) === 32) rest++;
    if (rest < lineEnd && (text.charCodeAt(rest) !== 35 || rest === i)) throw BAIL;
    // The content: the following lines more indented than the collection, blank lines between.
    let blockIndent = -1;
    let last = line; // the last content line
    let l = line + 1;
    for (; l < this.starts.length; l++) {
      const lineIndent = this.indents[l]!;
      if (lineIndent < 0) {
        // A blank line's spaces must not exceed the block's indentation before it is known.
        if (blockIndent < 0 && this.ends[l]! - this.starts[l]! > 0) throw BAIL;
        continue;
      }
      if (blockIndent < 0) {
        if (lineIndent <= indent) break;
        blockIndent = lineIndent;
      } else if (lineIndent < blockIndent) {
        if (lineIndent > indent && !this.isComment(l)) throw BAIL;
        break;
      }
      last = l;
    }
    if (blockIndent < 0) throw BAIL; // an empty block scalar
    const lines: string[] = [];
    let moreIndented = false;
    for (let k = line + 1; k <= last; k++) {
      // A blank line's spaces beyond the block's indentation are content.
      const content = this.ends[k]! - this.starts[k]! <= blockIndent ? '' : text.slice(this.starts[k]! + blockIndent, this.ends[k]!);
      if (content.startsWith(' ')) moreIndented = true;
      lines.push(content);
    }
    if (folded && moreIndented) throw BAIL;
    // Trailing blank lines after the last content line, for `+`.
    let trailing = 0;
    let keptEnd = this.afterLine(last);
    // (A last line without a line break holds no break to keep; one of spaces is yaml's to place.)
    for (let k = last + 1; k < this.starts.length && this.indents[k]! < 0; k++) {
      if (this.ends[k] === text.length) {
        if (chomp === '+' && this.ends[k]! > this.starts[k]!) throw BAIL;
        break;
      }
      if (this.ends[k]! - this.starts[k]! > blockIndent) throw BAIL;
      trailing++;
      keptEnd = this.afterLine(k);
    }
    let value = folded ? fold(lines) : lines.join('\n');
    // yaml ends a kept or clipped scalar with a line break even where the file has none.
    if (chomp === '+') value += '\n'.repeat(1 + trailing);
    else if (chomp === '') value += '\n';
    this.line = last;
    const node = this.scalar(value, folded ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL');
    const end = chomp === '+' ? keptEnd : this.afterLine(last);
    node.range = [at, end, end];
    return node;
  }

  /** A scalar node as yaml's composer makes it: core-schema tags for plain text, strings otherwise. */
  private scalar(source: string, type: Scalar.Type): Scalar {
    let tag = this.stringTag;
    if (type === 'PLAIN') {
      for (const t of this.tags) {
        if (t.test!.test(source)) {
          tag = t;
          break;
        }
      }
    }
    const resolved = tag.resolve(source, () => {
      throw BAIL;
    }, this.doc.options);
    const node = isScalar(resolved) ? resolved : scalarNode(resolved);
    node.source = source;
    node.type = type;
    if (tag.format) node.format = tag.format;
    return node;
  }
}

/** The document's last value is an empty one with nothing after it on its line. */
function endsEmpty(node: Node | null): boolean {
  for (;;) {
    if (node instanceof YAMLMap) node = (node.items.at(-1) as Pair<Scalar, Node> | undefined)?.value ?? null;
    else if (node instanceof YAMLSeq) node = (node.items.at(-1) as Node | undefined) ?? null;
    else return node instanceof Scalar && node.source === '' && node.type === 'PLAIN' && node.range![0] === node.range![2];
  }
}

/** `---`, `...` or a `%` directive at a line's start. */
function isMarkerLine(text: string, at: number, end: number): boolean {
  if (text[at] === '%') return true;
  const three = text.slice(at, at + 3);
  return (three === '---' || three === '...') && (at + 3 === end || text.charCodeAt(at + 3) === 32);
}

/** Folded content: a single line break between text lines is a space, n blank lines are n breaks. */
function fold(lines: string[]): string {
  let out = '';
  let blanks = 0;
  let started = false;
  for (const line of lines) {
    if (line === '') {
      blanks++;
      continue;
    }
    if (started) out += blanks > 0 ? '\n'.repeat(blanks) : ' ';
    else out += '\n'.repeat(blanks);
    out += line;
    blanks = 0;
    started = true;
  }
  return out;
}
