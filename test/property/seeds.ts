/**
 * Inputs for the property suite: real files from the shared corpus (listed once, read when
 * fast-check picks them, so a seed reproduces a run) and hand-written ones when the corpus is
 * absent, broken the way hands, editors and tools break them: lines deleted, duplicated or
 * inserted, stray bytes, `\` continuations, quotes, CRLF or mixed line endings, a BOM, the final
 * line break added or removed.
 *
 * Runs are reproducible: every property uses SEED (override with CGUARD_PROPERTY_SEED) and
 * fast-check prints the seed and the shrunk input of a failure. CGUARD_PROPERTY_SCALE multiplies
 * the number of runs for a longer local search.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

export const SEED = Number(process.env.CGUARD_PROPERTY_SEED ?? 20240701);
const SCALE = Number(process.env.CGUARD_PROPERTY_SCALE ?? 1);

/** fast-check options for a property of `numRuns` runs at scale 1. */
export const runs = (numRuns: number): fc.Parameters<unknown> => ({ seed: SEED, numRuns: Math.max(1, Math.round(numRuns * SCALE)) });

const CORPUS = fileURLToPath(new URL('../../../shared/corpus', import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Corpus files of one folder whose relative path matches, sorted; empty without the corpus. */
export function corpusFiles(folder: 'dockerfile' | 'compose' | 'systemd', matches: (rel: string) => boolean = () => true): string[] {
  const root = join(CORPUS, folder);
  if (!existsSync(root)) return [];
  return walk(root).map((abs) => `${folder}/${relative(root, abs)}`).filter(matches).sort();
}

/** A seed is `corpus:<path>` or `inline:<text>`. */
const INLINE = 'inline:';
const texts = new Map<string, string>();

export function seedText(seed: string): string {
  if (seed.startsWith(INLINE)) return seed.slice(INLINE.length);
  let text = texts.get(seed);
  if (text === undefined) {
    text = readFileSync(join(CORPUS, seed.slice('corpus:'.length)), 'utf8');
    texts.set(seed, text);
  }
  return text;
}

/** Seeds from corpus files plus inline texts, which are all there is without the corpus. */
export function seeds(files: readonly string[], inline: readonly string[]): string[] {
  return [...inline.map((text) => INLINE + text), ...files.map((file) => `corpus:${file}`)];
}

export type Mutation =
  | { op: 'delete'; line: number }
  | { op: 'duplicate'; line: number }
  /** Insert `text` before a line, with that line's indentation when `indent`. */
  | { op: 'insert'; line: number; text: string; indent: boolean }
  /** Insert characters at an offset anywhere in the text. */
  | { op: 'bytes'; at: number; text: string }
  /** End a line with a `\` continuation. */
  | { op: 'continue'; line: number }
  | { op: 'quote'; at: number; quote: '"' | "'" };

export interface Framing {
  /** `keep`: the seed's own (CRLF when it has any); `mixed`: CRLF and LF in turn. */
  eol: 'keep' | 'lf' | 'crlf' | 'mixed';
  bom: boolean;
  finalNewline: 'keep' | 'add' | 'strip';
}

export interface Input {
  seed: string;
  mutations: Mutation[];
  framing: Framing;
}

/** Characters that have a meaning somewhere in the formats cguard reads. */
const SPECIAL = fc.constantFrom('\\', '"', "'", '\r', '\n', '\r\n', '\t', ' ', '\0', '\uFEFF', '%', '$', '${', '=', '[', ']', ';', '#', ':', '-', '{', '}', '&', '*', '|', '<<', 'é', '\u{1F600}', '\uD800',
  // Names every object has: a lookup table that is a plain object must not find them.
  'constructor', 'toString', '__proto__', 'hasOwnProperty');

const inserted = fc.oneof(SPECIAL, fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ unit: fc.constantFrom('\\', '"', "'", ' ', 'a', '\n', '='), maxLength: 6 }));

/** A mutation of a text; `lines` are lines a format would have (inserted as they are). */
export function mutation(lines: readonly string[]): fc.Arbitrary<Mutation> {
  const line = fc.nat();
  return fc.oneof(
    fc.record({ op: fc.constant('delete' as const), line }),
    fc.record({ op: fc.constant('duplicate' as const), line }),
    fc.record({ op: fc.constant('insert' as const), line, text: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...lines) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) }), indent: fc.boolean() }),
    fc.record({ op: fc.constant('bytes' as const), at: fc.nat(), text: inserted }),
    fc.record({ op: fc.constant('continue' as const), line }),
    fc.record({ op: fc.constant('quote' as const), at: fc.nat(), quote: fc.constantFrom('"' as const, "'" as const) }),
  );
}

const framing: fc.Arbitrary<Framing> = fc.record({
  eol: fc.constantFrom('keep', 'lf', 'crlf', 'mixed'),
  bom: fc.boolean(),
  finalNewline: fc.constantFrom('keep', 'add', 'strip'),
});

/** A seed with up to `maxMutations` mutations and a framing; `text` turns it into a file. */
export function input(seedList: readonly string[], lines: readonly string[], maxMutations = 6): fc.Arbitrary<Input> {
  return fc.record({
    seed: fc.constantFrom(...seedList),
    mutations: fc.array(mutation(lines), { maxLength: maxMutations }),
    framing,
  });
}

/** The raw file an input describes (a BOM included when the framing asks for one). */
export function text(generated: Input): string {
  const original = seedText(generated.seed);
  const lines = original.split(/\r?\n/);
  const finalNewline = lines.length > 1 && lines[lines.length - 1] === '';
  if (finalNewline) lines.pop();
  for (const m of generated.mutations) mutate(lines, m);
  const { eol, bom, finalNewline: final } = generated.framing;
  const keptEol = /\r\n/.test(original) ? '\r\n' : '\n';
  const ending = (i: number) => (eol === 'crlf' ? '\r\n' : eol === 'lf' ? '\n' : eol === 'mixed' ? (i % 2 ? '\n' : '\r\n') : keptEol);
  let out = lines.map((line, i) => (i < lines.length - 1 ? line + ending(i) : line)).join('');
  if (final === 'add' || (final === 'keep' && finalNewline)) out += ending(lines.length - 1);
  return (bom ? '\uFEFF' : '') + out;
}

function mutate(lines: string[], m: Mutation): void {
  if (lines.length === 0) lines.push('');
  const at = 'line' in m ? m.line % lines.length : 0;
  switch (m.op) {
    case 'delete':
      if (lines.length > 1) lines.splice(at, 1);
      return;
    case 'duplicate':
      lines.splice(at, 0, lines[at]!);
      return;
    case 'insert':
      lines.splice(at, 0, (m.indent ? /^[ \t]*/.exec(lines[at]!)![0] : '') + m.text);
      return;
    case 'continue':
      lines[at] += ' \\';
      return;
    case 'bytes':
    case 'quote': {
      const joined = lines.join('\n');
      const offset = m.at % (joined.length + 1);
      const next = joined.slice(0, offset) + (m.op === 'bytes' ? m.text : m.quote) + joined.slice(offset);
      lines.splice(0, lines.length, ...next.split('\n'));
    }
  }
}

/** A short description of an input for assertion messages (the file itself can be long). */
export function describeInput(generated: Input): string {
  return JSON.stringify({ seed: generated.seed.slice(0, 120), mutations: generated.mutations, framing: generated.framing });
}
