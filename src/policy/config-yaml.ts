/**
 * Reading `.cguard.yaml` and policy files as YAML *documents*, not plain objects, so every
 * problem can name the line of the key it is about. The values may come from an untrusted pull
 * request: nothing here builds an object with a prototype from their keys, the reserved keys
 * `__proto__`, `constructor` and `prototype` are refused, aliases are expanded within a budget
 * (a "billion laughs" file cannot blow up), and the file size is capped before parsing.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';
import { MAX_YAML_DEPTH, yamlTooDeepAt } from '../parsers/yaml-depth.js';
import { firstDuplicateKey } from '../parsers/compose-yaml.js';
import { describeFsError } from '../read.js';

/** A configuration problem; `message` is one line: `FILE:LINE: key 'x': what is wrong — what to do`. */
export class ConfigError extends Error {
  override name = 'ConfigError';

  constructor(message: string) {
    // Keys and values in messages come from the file: keep them from breaking the one line or
    // sending terminal escape sequences.
    super(message.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?'));
  }
}

/** Configuration files are small; a bigger one is a mistake or an attack. */
const MAX_CONFIG_BYTES = 1024 * 1024;
/** Values visited per file, aliases expanded; generous for real files, fatal for alias bombs. */
const MAX_NODES = 20_000;
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface YamlFile {
  /** Absolute path. */
  path: string;
  /** How the path is shown in messages: relative to the working directory when inside it. */
  display: string;
  doc: Document.Parsed;
  lines: LineCounter;
  /** Nodes visited so far (aliases expanded), against MAX_NODES. */
  visited: number;
}

/** A mapping entry with its key's text and everything needed to report a problem at it. */
export interface Entry {
  key: string;
  /** Dotted path of the key for messages: `rules.CG004`, `custom-rules[0].when`. */
  keyPath: string;
  value: Node | null;
  /** 1-based line of the key. */
  line: number;
}

export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  if (rel === '') return '.';
  return !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

export function readYamlFile(file: string, cwd: string): YamlFile {
  const display = displayPath(file, cwd);
  let text: string;
  try {
    if (statSync(file).size > MAX_CONFIG_BYTES) {
      throw new ConfigError(`${display}: the file is larger than 1 MB — a cguard configuration is a few lines; check that this is the right file`);
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`${display}: cannot read the file (${describeFsError(error)}) — ${code === 'EACCES' || code === 'EPERM' ? 'make it readable by the user running cguard' : 'check the path'}`);
  }
  return parseYamlText(text, file, display);
}

export function parseYamlText(text: string, file: string, display: string): YamlFile {
  const lines = new LineCounter();
  const tooDeep = yamlTooDeepAt(text);
  if (tooDeep >= 0) throw new ConfigError(`${display}:${lineAt(text, tooDeep)}: nested more than ${MAX_YAML_DEPTH} levels deep — a config needs a few levels; fix the YAML`);
  // prettyErrors off: the messages stay one line and never quote the file's text, which matters
  // when a hostile config points `policy:` at a file that holds secrets.
  // yaml's own duplicate-key check compares each key with every earlier one (a 1 MB config of
  // keys took minutes); firstDuplicateKey does it in linear time.
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const duplicateAt = doc.errors.length === 0 ? firstDuplicateKey(doc)?.span.start : undefined;
  const duplicate = duplicateAt === undefined ? undefined : { code: 'DUPLICATE_KEY', pos: [duplicateAt, duplicateAt + 1], message: '' };
  const problem = doc.errors[0] ?? duplicate ?? doc.warnings[0];
  if (problem) {
    const line = lines.linePos(problem.pos[0]).line;
    if (problem.code === 'DUPLICATE_KEY') {
      // The error points at the start of the second key; read the key from there.
      const rest = text.slice(problem.pos[0]).split('\n')[0]!;
      const match = /^(?:"([^"]*)"|'([^']*)'|([^:#]*?))\s*:/.exec(rest);
      const key = truncate(match ? (match[1] ?? match[2] ?? match[3] ?? '') : rest);
      throw new ConfigError(`${display}:${line}: key '${key}': appears twice in the same mapping — keep one of them`);
    }
    if (problem.code === 'MULTIPLE_DOCS') throw new ConfigError(`${display}:${line}: the file holds more than one YAML document — keep one (remove the '---' line)`);
    throw new ConfigError(`${display}:${line}: ${problem.message.split('\n')[0]!.replace(/[.:]\s*$/, '')} — fix the YAML syntax`);
  }
  return { path: file, display, doc, lines, visited: 0 };
}

/** Report a problem at a key: `FILE:LINE: key 'x': what — todo`. */
export function fail(file: YamlFile, line: number, keyPath: string, what: string, todo: string): never {
  throw new ConfigError(`${file.display}:${line}: key '${keyPath}': ${what} — ${todo}`);
}

/** 1-based line where a node starts (1 for an empty document). */
export function lineOf(file: YamlFile, node: Node | null | undefined): number {
  const offset = node?.range?.[0];
  return offset === undefined ? 1 : file.lines.linePos(offset).line;
}

/** Follow an alias to the node it names, counting the visit against the budget. */
export function resolve(file: YamlFile, node: Node | null, at: { line: number; keyPath: string }): Node | null {
  file.visited++;
  if (file.visited > MAX_NODES) fail(file, at.line, at.keyPath, 'the file expands to too many values (YAML aliases?)', 'write the values out');
  if (node && isAlias(node)) {
    const target = node.resolve(file.doc);
    if (!target) fail(file, at.line, at.keyPath, `the alias *${node.source} names no anchor`, 'define the anchor before using it');
    return resolve(file, target as Node, at);
  }
  return node;
}

/** The top-level mapping of a file (an empty file is an empty mapping). */
export function rootEntries(file: YamlFile, what: string): Entry[] {
  const contents = file.doc.contents as Node | null;
  if (contents === null || (isScalar(contents) && contents.value === null)) return [];
  if (!isMap(contents)) throw new ConfigError(`${file.display}:${lineOf(file, contents)}: ${what} must be a mapping of keys to values — see the example in the README`);
  return mapEntries(file, contents, '', lineOf(file, contents));
}

/** The entries of a mapping node; anything else is an error naming `keyPath`. */
export function entriesOf(file: YamlFile, entry: Entry, expected: string): Entry[] {
  const node = resolve(file, entry.value, entry);
  // `rules:` with every line commented out is an empty mapping, not a mistake.
  if (isEmpty(node)) return [];
  if (!node || !isMap(node)) fail(file, entry.line, entry.keyPath, `expected ${expected}, got ${describe(node)}`, `write it as a mapping (key: value)`);
  return mapEntries(file, node, entry.keyPath, entry.line);
}

function mapEntries(file: YamlFile, map: { items: Pair[] }, parentPath: string, parentLine: number): Entry[] {
  const entries: Entry[] = [];
  for (const pair of map.items) {
    const keyNode = pair.key as Node | null;
    const line = keyNode ? lineOf(file, keyNode) : parentLine;
    if (!keyNode || !isScalar(keyNode) || (typeof keyNode.value !== 'string' && typeof keyNode.value !== 'number')) {
      fail(file, line, parentPath || '(top level)', 'a key is not a plain string', 'write keys as plain words');
    }
    const key = String(keyNode.value);
    const keyPath = parentPath ? `${parentPath}.${key}` : key;
    if (RESERVED_KEYS.has(key)) fail(file, line, keyPath, 'this key name is reserved', 'remove it');
    entries.push({ key, keyPath, value: (pair.value as Node | null) ?? null, line });
  }
  return entries;
}

/** The items of a sequence node, each as an entry named `key[i]`. */
export function itemsOf(file: YamlFile, entry: Entry, expected: string): Entry[] {
  const node = resolve(file, entry.value, entry);
  if (isEmpty(node)) return [];
  if (!node || !isSeq(node)) fail(file, entry.line, entry.keyPath, `expected ${expected}, got ${describe(node)}`, 'write it as a list: [a, b] or one "- item" per line');
  return node.items.map((item, i) => {
    const itemNode = item as Node | null;
    return { key: String(i), keyPath: `${entry.keyPath}[${i}]`, value: itemNode, line: itemNode ? lineOf(file, itemNode) : entry.line };
  });
}

/** A scalar value, or undefined when the node is not a scalar. */
export function scalarOf(file: YamlFile, entry: Entry): string | number | boolean | null | undefined {
  const node = resolve(file, entry.value, entry);
  if (node === null) return null;
  if (!isScalar(node)) return undefined;
  const value = node.value;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return undefined;
}

export function stringOf(file: YamlFile, entry: Entry, todo: string): string {
  const value = scalarOf(file, entry);
  if (typeof value !== 'string' || value.trim() === '') {
    fail(file, entry.line, entry.keyPath, `expected a non-empty string, got ${describeValue(value, entry, file)}`, todo);
  }
  return value;
}

export function booleanOf(file: YamlFile, entry: Entry): boolean {
  const value = scalarOf(file, entry);
  if (typeof value !== 'boolean') fail(file, entry.line, entry.keyPath, `expected true or false, got ${describeValue(value, entry, file)}`, 'write true or false');
  return value;
}

/** A string or a list of strings (for `files:` and the like). */
export function stringListOf(file: YamlFile, entry: Entry, what: string): Array<{ value: string; entry: Entry }> {
  const node = resolve(file, entry.value, entry);
  if (isEmpty(node)) return [];
  if (node && isScalar(node) && typeof node.value === 'string') return [{ value: node.value, entry }];
  if (!node || !isSeq(node)) fail(file, entry.line, entry.keyPath, `expected ${what} or a list of them, got ${describe(node)}`, 'write a list such as ["a", "b"]');
  return itemsOf(file, entry, `a list of ${what}`).map((item) => ({ value: stringOf(file, item, `write ${what} as a quoted string`), entry: item }));
}

/**
 * Plain data (rule options) from a node: null-prototype objects, frozen, no reserved keys.
 * Rules read these; nothing here can reach `Object.prototype`.
 */
export function plainDataOf(file: YamlFile, entry: Entry): unknown {
  const node = resolve(file, entry.value, entry);
  if (node === null) return null;
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
    fail(file, entry.line, entry.keyPath, 'this value has an unsupported type', 'use strings, numbers, booleans, lists and mappings');
  }
  if (isSeq(node)) return Object.freeze(itemsOf(file, entry, 'a list').map((item) => plainDataOf(file, item)));
  if (isMap(node)) {
    const out = Object.create(null) as Record<string, unknown>;
    for (const child of entriesOf(file, entry, 'a mapping')) out[child.key] = plainDataOf(file, child);
    return Object.freeze(out);
  }
  return fail(file, entry.line, entry.keyPath, 'this value has an unsupported type', 'use strings, numbers, booleans, lists and mappings');
}

/** A key with no value (`rules:` followed only by comments). */
function isEmpty(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

/** "a mapping", "a list", "the number 3", "nothing" — for messages. */
function describe(node: Node | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return describeScalar(node.value);
  return 'an unsupported value';
}

function describeValue(value: unknown, entry: Entry, file: YamlFile): string {
  if (value === undefined) return describe(resolve(file, entry.value, entry));
  return describeScalar(value);
}

export function describeScalar(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return value.trim() === '' ? 'an empty string' : `'${truncate(value)}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return 'an unsupported value';
}

/** Keep echoed user text short and on one line. */
export function truncate(text: string, max = 60): string {
  const flat = text.replace(/[\r\n\t]+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The 1-based line of an offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let k = text.indexOf('\n'); k >= 0 && k < offset; k = text.indexOf('\n', k + 1)) line++;
  return line;
}
