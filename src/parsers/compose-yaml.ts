/**
 * Reading a parsed YAML document the way Compose (yaml.v3) reads it: aliases resolved to the
 * node their anchor names, `<<` merge keys expanded (the mapping's own keys win, then the
 * merged mappings in the order they are listed), and compose-go's `!reset` tag removing a key.
 * Nothing is copied: every value stays the node where it is written, so spans point at text.
 */
import { isAlias, isCollection, isDocument, isMap, isPair, isScalar } from 'yaml';
import type { Alias, Document, Node, Pair, Scalar, YAMLMap } from 'yaml';
import type { Span } from '../model/source.js';
import type { ParseError } from './types.js';

/**
 * YAML 1.2 core schema as yaml.v3 reads compose files: `yes`/`no`/`on` are strings; `<<` merges.
 * `uniqueKeys` is off because yaml compares each key with every earlier key of its mapping
 * (a 40,000-key file took two minutes); `firstDuplicateKey` does that check in linear time.
 */
export const YAML_OPTIONS = { version: '1.2', schema: 'core', merge: true, prettyErrors: false, uniqueKeys: false } as const;

/**
 * The first key (in document order) that repeats an earlier key of its mapping, as yaml's own
 * check (and yaml.v3) refuses it: scalar keys with the same value, or the same node twice.
 */
export function firstDuplicateKey(doc: Document): ParseError | undefined {
  let found: ParseError | undefined;
  eachNode(doc, (map) => {
    if (!isMap(map)) return false;
    const values = new Set<unknown>();
    const nodes = new Set<unknown>();
    for (const pair of map.items) {
      const key = pair.key;
      const value = isScalar(key) ? key.value : undefined;
      // NaN is the one value `===` never matches; it never makes a duplicate, as in yaml.
      const repeated = nodes.has(key) || (isScalar(key) && !Number.isNaN(value) && values.has(value));
      if (repeated) {
        const start = (key as Node | null)?.range?.[0] ?? map.range?.[0] ?? 0;
        found = { message: 'invalid YAML: map keys must be unique', span: { start, end: start + 1 } };
        return true;
      }
      nodes.add(key);
      if (isScalar(key)) values.add(value);
    }
    return false;
  });
  return found;
}

/**
 * Every node under `root` (pairs included) in document order, a parent before its children and
 * a key before its value, until `fn` returns true. What yaml's `visit` does for cguard's needs,
 * without its per-node path arrays: on a small scan, those walks were a tenth of the time.
 */
export function eachNode(root: unknown, fn: (node: Node | Pair) => boolean): void {
  const stack: unknown[] = [isDocument(root) ? root.contents : root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || node === undefined || typeof node !== 'object') continue;
    if (fn(node as Node | Pair)) return;
    if (isPair(node)) stack.push(node.value, node.key);
    else if (isCollection(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
  }
}

/** The view of a document, made once for the parser and every rule that reads the same file. */
export function yamlView(doc: Document, text: string): YamlView {
  let view = views.get(doc);
  if (!view || view.text !== text) {
    view = new YamlView(doc, text);
    views.set(doc, view);
  }
  return view;
}

const views = new WeakMap<Document, YamlView>();

/**
 * Nodes that aliases may add to the document. Billion-laughs files reach it within a few
 * anchors; real compose files stay far below (a hundred services merging a forty-node
 * anchor add four thousand).
 */
export const MAX_ALIAS_EXPANSION = 100_000;

export interface Entry {
  key: string;
  keyNode: Scalar;
  pair: Pair;
  /** The value with an alias resolved to its anchor's node; null when empty. */
  value: Node | null;
  /** The value is written as an alias (`key: *anchor`). */
  aliased: boolean;
  /** The pair comes from a `<<` merge key, not from the mapping itself. */
  merged: boolean;
}

export class YamlView {
  private readonly targets = new Map<Alias, Node>();
  /** Nodes some alias refers to: editing them changes every place that uses them. */
  readonly shared = new Set<Node>();
  readonly errors: ParseError[] = [];

  constructor(
    readonly doc: Document,
    readonly text: string,
  ) {
    this.resolveAliases();
    if (this.errors.length === 0 && this.targets.size > 0) this.checkExpansion();
  }

  /** Where a value is written; a block collection's trailing line break is not part of it. */
  span(node: { range?: [number, number, number] | null }): Span {
    const where = span(node);
    while (where.end > where.start && /[\r\n ]/.test(this.text[where.end - 1]!)) where.end--;
    return where;
  }

  /** Follow an alias to its anchor's node; other nodes are returned as they are. */
  resolve(node: unknown): Node | null {
    if (isAlias(node)) return this.targets.get(node) ?? null;
    if (isScalar(node) || isCollection(node)) return node;
    return null;
  }

  /** The mapping's effective keys, merge keys followed. */
  entries(map: YAMLMap, depth = 0): Map<string, Entry> {
    const own = new Map<string, Entry>();
    const reset = new Set<string>();
    const sources: YAMLMap[] = [];
    for (const pair of map.items) {
      if (!isPair(pair)) continue;
      if (isMergeKey(pair.key)) {
        sources.push(...this.mergeSources(pair.value));
        continue;
      }
      const key = keyText(pair.key);
      if (key === undefined || !isScalar(pair.key)) continue;
      // compose-go drops a `!reset` value so that neither this layer nor a merge sets it.
      if (isCollection(pair.value) || isScalar(pair.value)) {
        if (pair.value.tag === '!reset') {
          reset.add(key);
          continue;
        }
      }
      own.set(key, {
        key,
        keyNode: pair.key,
        pair: pair as Pair,
        value: this.resolve(pair.value),
        aliased: isAlias(pair.value),
        merged: false,
      });
    }
    if (depth > 32) return own;
    for (const source of sources) {
      for (const [key, entry] of this.entries(source, depth + 1)) {
        if (!own.has(key) && !reset.has(key)) own.set(key, { ...entry, merged: true });
      }
    }
    return own;
  }

  private mergeSources(value: unknown): YAMLMap[] {
    const node = this.resolve(value);
    if (isMap(node)) return [node];
    if (!isCollection(node)) return [];
    const maps: YAMLMap[] = [];
    for (const item of node.items) {
      const resolved = this.resolve(item);
      if (isMap(resolved)) maps.push(resolved);
    }
    return maps;
  }

  private resolveAliases(): void {
    const anchors = new Map<string, Node>();
    eachNode(this.doc, (node) => {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target === undefined) {
          this.errors.push({ message: `invalid YAML: unknown anchor '${node.source}' referenced`, span: span(node) });
          return true;
        }
        this.targets.set(node, target);
        this.shared.add(target);
      } else if (!isPair(node) && node.anchor) {
        anchors.set(node.anchor, node);
      }
      return false;
    });
  }

  /** Count the nodes aliases add, stopping at a recursive anchor or past the limit. */
  private checkExpansion(): void {
    const sizes = new Map<Node, number>();
    const inProgress = new Set<Node>();
    let added = 0;
    const size = (node: unknown): number => {
      if (isAlias(node)) {
        const target = this.targets.get(node);
        if (target === undefined) return 0;
        if (inProgress.has(target)) throw new AliasProblem(`invalid YAML: anchor '${node.source}' contains an alias to itself`, node);
        return size(target);
      }
      if (isPair(node)) return size(node.key) + size(node.value);
      if (!isCollection(node)) return 1;
      const known = sizes.get(node);
      if (known !== undefined) return known;
      inProgress.add(node);
      let total = 1;
      for (const item of node.items) total += size(item);
      inProgress.delete(node);
      sizes.set(node, total);
      return total;
    };
    try {
      eachNode(this.doc, (alias) => {
        if (!isAlias(alias)) return false;
        added += size(alias);
        if (added > MAX_ALIAS_EXPANSION) {
          throw new AliasProblem(`YAML alias expansion exceeds the limit of ${MAX_ALIAS_EXPANSION} nodes (an alias bomb?)`, alias);
        }
        return false;
      });
    } catch (error) {
      if (!(error instanceof AliasProblem)) throw error;
      this.errors.push({ message: error.message, span: span(error.node) });
    }
  }
}

class AliasProblem extends Error {
  constructor(
    message: string,
    readonly node: Alias,
  ) {
    super(message);
  }
}

/** A plain `<<` key (a quoted `"<<"` is an ordinary key). */
export function isMergeKey(key: unknown): boolean {
  if (!isScalar(key) || (key.type !== undefined && key.type !== 'PLAIN')) return false;
  const value = key.value;
  return value === '<<' || (typeof value === 'symbol' && value.description === '<<');
}

/** A scalar's text as written (after unquoting), undefined for null and non-scalars. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  if (typeof node.value === 'string') return node.value;
  const source = (node as Scalar & { source?: unknown }).source;
  return typeof source === 'string' ? source : String(node.value);
}

export function keyText(node: unknown): string | undefined {
  if (!isScalar(node) || typeof node.value === 'symbol') return undefined;
  return scalarText(node);
}

/** The written extent of a node, without trailing comments. */
export function span(node: { range?: [number, number, number] | null }): Span {
  const range = node.range;
  return range ? { start: range[0], end: range[1] } : { start: 0, end: 0 };
}
