/**
 * The fast block-YAML reader against `yaml` itself: whenever it returns a document, that
 * document must be the one `parseAllDocuments` composes — same node classes, values, styles,
 * sources, formats and all three offsets of every range — on hand-written edge cases, on every
 * YAML file of the corpus, and on mutations of them. Comments are not compared: yaml keeps
 * them on nodes, cguard never reads them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAlias, isDocument, isMap, isPair, isScalar, isSeq, Pair, parseAllDocuments, Scalar } from 'yaml';
import { YAML_OPTIONS } from '../../src/parsers/compose-yaml.js';
import { readBlockYaml } from '../../src/parsers/yaml-block.js';

const IGNORED = new Set(['comment', 'commentBefore', 'spaceBefore']);

function plainValue(value: unknown): unknown {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : Number.isNaN(value) ? 'NaN' : Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return `symbol:${value.description}`;
  return value;
}

/** Every enumerable property of every node, comments left out. */
function tree(node: unknown): unknown {
  if (node === null || node === undefined) return node;
  const kind = isDocument(node) ? 'DOC' : isMap(node) ? 'MAP' : isSeq(node) ? 'SEQ' : isScalar(node) ? 'SCALAR' : isPair(node) ? 'PAIR' : isAlias(node) ? 'ALIAS' : typeof node;
  if (kind === 'DOC') {
    const doc = node as { contents: unknown; range: unknown; errors: unknown[]; warnings: unknown[] };
    return { kind, contents: tree(doc.contents), range: doc.range, errors: doc.errors.length, warnings: doc.warnings.length };
  }
  const out: Record<string, unknown> = { kind };
  for (const [key, value] of Object.entries(node as object)) {
    if (IGNORED.has(key)) continue;
    if (key === 'items') out.items = (value as unknown[]).map(tree);
    else if (kind === 'PAIR' && (key === 'key' || key === 'value')) out[key] = tree(value);
    else out[key] = kind === 'SCALAR' && key === 'value' ? plainValue(value) : value;
  }
  return out;
}

/** What yaml makes of the text, when it is one document without errors. */
function reference(text: string): unknown {
  const docs = parseAllDocuments(text, YAML_OPTIONS);
  if (!Array.isArray(docs) || docs.length !== 1 || docs[0]!.errors.length > 0) return 'yaml refuses or splits it';
  return tree(docs[0]);
}

/** The fast reader agrees with yaml, or declines. Returns whether it read the text. */
function agrees(text: string): boolean {
  const fast = readBlockYaml(text, YAML_OPTIONS);
  if (!fast) return false;
  expect(tree(fast), JSON.stringify(text)).toEqual(reference(text));
  return true;
}

describe('readBlockYaml', () => {
  const read = [
    'a: 1 # c\nb:\n  - x\n  - y: 2\n    z:\nc: "q"\n\n# end\n',
    'a:\n  b: 1\n\n  # c\n\nd:\ne: x   \nf: [a, "b", 1]  # k\ng: []\nh:\n- 1\n-\ni: 2\n',
    'a:\n  b: 1\n\n# c\n\nd: 2\n',
    'a:\n  b: 1\n    # c\nd: 2\n',
    'a:\n  - 1\n  # c\n\nd: 2\n',
    'a:\n  b: 1\n\n  # c\n',
    'a:\n  b: 1\n  # c\n# d\n  # e\nd: 2\n',
    'a:\n  b:\n    c: 1\n\n    # x\n  d: 2\n',
    'x:\n  - a\n\n  # c\n  \n  - b\n',
    's:\n  a:\n  - x\n  # c\n  b: 1\n',
    '# top\n\na: 1\n\n# end',
    'a: 1',
    'a:\n\n\nb: 1\n',
    'z:   \nq: 1\n',
    'a: 1\n   # c\n\n   # d\n\nb: 2\n',
    'a : 1\n"b": x\n\'c d\' : [ ]\n',
    'a: |\n  x\n   y\n\nb: >-\n  p\n  q\n\n  r\nc: 2\n',
    'a: |+\n  x\n\n# c\nb: 1\n',
    'a: |-\n  x\n\n  y\n\n\nb: |\n  last',
    'a: >\n\n  p\n  q\n',
    'a: |\n  x\n      \n  y\n',
    'k: 1.50\nl: 0o17\nm: .inf\nn: ~\no: 0x1F\np: 1e3\nq: -0\nr: .NaN\ns: +12\nt: true\nu: False\nv: null\nw: 12345678901234567890\n',
    '80: x\n8.5: y\ntrue: z\n',
    'a: "esc \\" \\\\ \\n \\t \\x41 \\u00e9 \\U0001F600 \\/ \\ "\nb: \'it\'\'s\'\n',
    'a: [x, "y", ]\nb: [ -1, ?x, :y, a b ]\n',
    'services:\n  web:\n    image: nginx:1.27  # pinned\n    ports:\n      - "80:80"\n      - 443:443\n    environment:\n      A: b=c\n      URL: http://x:8080/p#frag\n',
    '- a\n- b: 1\n  c: 2\n-\n  d: 3\n- # c\n  e: 4\n',
    'a: {}\nb: { }  # c\nc:\n  - {}\n',
    'a: -x\nb: x-y: z\n',
  ];
  it.each(read.map((text) => [text]))('reads %j as yaml does', (text) => {
    expect(agrees(text)).toBe(text !== 'a: -x\nb: x-y: z\n');
  });

  const declined = [
    'x: &a 1\ny: *a\n', // anchors, aliases
    '<<: {a: 1}\n', // merge keys
    'a: !reset\n', // tags
    'a: {b: 1}\n', // flow mappings
    'a: b\n  c\n', // multi-line plain scalar
    'a: "b\n  c"\n', // multi-line quoted scalar
    '---\na: 1\n', // markers
    '%YAML 1.2\n---\na: 1\n',
    'a: 1\r\nb: 2\r\n', // CR
    'a:\tb\n', // tab
    '\ufeffa: 1\n', // BOM
    'a:\n  # only a comment\nb: 1\n', // comments after an empty value
    'a: # c\nb: 1\n',
    '- # c\n- 1\n',
    'a: |2\n   x\n', // indentation indicator
    'a: b: c\n', // invalid
    'a:\n  - x\n  b: 1\n', // invalid
    '- - x\n', // nested compact sequence
    '  a: 1\n', // indented top level
    'a: [b, {c: 1}]\n',
    'a: [b,\n  c]\n',
    '? a\n: b\n',
    'a: "\\q"\n',
    '# only comments\n',
    '',
  ];
  it.each(declined.map((text) => [text]))('leaves %j to yaml', (text) => {
    expect(readBlockYaml(text, YAML_OPTIONS)).toBeUndefined();
  });

  const corpus = path.resolve(__dirname, '../../../shared/corpus');
  const files: string[] = [];
  if (existsSync(corpus)) {
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const abs = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(abs);
        else if (/\.ya?ml$/i.test(entry.name)) files.push(abs);
      }
    };
    walk(corpus);
  }

  it.skipIf(files.length === 0)('agrees with yaml on every YAML file of the corpus, and reads most of them', () => {
    let readCount = 0;
    for (const file of files) if (agrees(readFileSync(file, 'utf8'))) readCount++;
    expect(readCount / files.length).toBeGreaterThan(0.8);
  });

  it.skipIf(files.length === 0)('agrees with yaml on mutated corpus files', () => {
    const texts = files.map((f) => readFileSync(f, 'utf8')).filter((t) => t.length < 20_000);
    const pieces = [' ', '  ', '\n', '#', ' #', ':', ': ', '- ', '-', '"', "'", '[', ']', ',', '{}', '{ }', '}', '|', '>', '|-', '>+', '\n\n', '\n  ', '\n    # c\n', 'x', '0', '1.0', '~', '\\'];
    let readCount = 0;
    fc.assert(
      fc.property(fc.nat(texts.length - 1), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(4), fc.constantFrom(...pieces)), { minLength: 1, maxLength: 4 }), (k, edits) => {
        let text = texts[k]!;
        for (const [where, drop, piece] of edits) {
          const at = Math.floor(where * text.length);
          text = text.slice(0, at) + piece + text.slice(at + drop);
        }
        if (agrees(text)) readCount++;
      }),
      { numRuns: 3000, seed: 9 },
    );
    // Not vacuous: a good share of the mutants are read, not declined.
    expect(readCount).toBeGreaterThan(500);
  });
});

describe('readBlockYaml nodes', () => {
  it('are yaml scalars and pairs made without a symbol defined on each (the fast path is in use)', () => {
    const doc = readBlockYaml('a: 1\n', YAML_OPTIONS)!;
    const pair = (doc.contents as { items: unknown[] }).items[0] as Pair<Scalar, Scalar>;
    expect([isPair(pair), pair instanceof Pair, isScalar(pair.key), pair.key instanceof Scalar, isScalar(pair.value)]).toEqual([true, true, true, true, true]);
    // With yaml's constructors each node would carry its own type symbol; should a yaml version
    // rename it, the reader falls back to them and this says the fast path is gone.
    expect([Object.getOwnPropertySymbols(pair), Object.getOwnPropertySymbols(pair.key)]).toEqual([[], []]);
    expect(isScalar(pair.key.clone())).toBe(true);
  });
});
