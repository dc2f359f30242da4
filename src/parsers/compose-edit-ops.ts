/**
 * Edits inside one YAML mapping as a person would make them: a key set in place, a key added
 * after the mapping's last key at its indentation, an item appended to a block or flow
 * sequence, an item or key removed with its line. Every operation refuses (undefined) where
 * the change would also change something else: a value that comes from a `<<` merge key or an
 * alias, or a node that an alias elsewhere refers to.
 */
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Edit } from '../model/edit.js';
import type { Span } from '../model/source.js';
import { copyValue, flowText, blockLines as overrideLines, withPath, writtenString, type Written } from './compose-override.js';
import { afterLine, column, formatString, insertLines, lineStart, quoteString, startsLine, type Quote } from './compose-text.js';
import type { YamlView } from './compose-yaml.js';

export interface Scope {
  text: string;
  eol: string;
  view: YamlView;
  /** Spaces one nesting level adds in this file. */
  unit: number;
  quote: Quote;
  /** New sequences are written `[a, b]` rather than as `- a` lines. */
  flowLists: boolean;
  /** Columns from a key to the `-` of its block sequence's items (0 or the indent unit). */
  listOffset: number;
}

/**
 * How a value should be written when it is set: a string (quoted only when YAML needs it),
 * always quoted, a boolean, or a number where the schema takes a number or a string.
 */
export type ValueStyle = 'string' | 'quoted' | 'boolean' | 'number';

type Found = { pair: Pair<Scalar, Node | null>; value: Node | null } | 'absent' | 'blocked';

/** A key of the mapping that the mapping itself writes, or why it cannot be edited. */
export function ownPair(scope: Scope, map: YAMLMap, key: string): Found {
  const entry = scope.view.entries(map).get(key);
  if (!entry) return 'absent';
  if (entry.merged || entry.aliased) return 'blocked';
  if (entry.value && scope.view.shared.has(entry.value)) return 'blocked';
  return { pair: entry.pair as Pair<Scalar, Node | null>, value: entry.value };
}

/** Set `path` (keys from `map` down) to a scalar, creating the mappings on the way. */
export function setScalar(scope: Scope, map: YAMLMap, path: string[], value: string, style: ValueStyle): Edit[] | undefined {
  const [key, ...rest] = path as [string, ...string[]];
  const found = ownPair(scope, map, key);
  if (found === 'blocked') {
    const leaf: Written = { kind: 'scalar', block: render(scope, value, style, undefined, false), flow: render(scope, value, style, undefined, true), value };
    return override(scope, map, key, (current) => withPath(current, rest, leaf));
  }
  if (found === 'absent') return addKey(scope, map, path, render(scope, value, style, undefined, map.flow === true));
  const { pair, value: node } = found;
  if (rest.length > 0) {
    if (isMap(node)) return setScalar(scope, node, rest, value, style);
    if (node !== null && !(isScalar(node) && node.value === null)) return undefined;
    return fillEmpty(scope, pair, rest, render(scope, value, style, undefined, map.flow === true));
  }
  if (!isScalar(node)) return node === null ? fillEmpty(scope, pair, [], render(scope, value, style, undefined, false)) : undefined;
  if (node.value === null) return fillEmpty(scope, pair, [], render(scope, value, style, undefined, false));
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED' || !node.range) return undefined;
  const written = render(scope, value, style, node, map.flow === true);
  const [start, end] = node.range;
  return scope.text.slice(start, end) === written ? [] : [{ start, end, text: written }];
}

/** Append an item to the sequence under `key`, creating the key when there is none. */
export function appendItem(
  scope: Scope,
  map: YAMLMap,
  key: string,
  item: string,
  same: (a: string, b: string) => boolean,
  scalarToList = false,
): Edit[] | undefined {
  const found = ownPair(scope, map, key);
  if (found === 'blocked') {
    return override(scope, map, key, (current) => {
      const items = current.kind === 'seq' ? current.items : current.kind !== 'scalar' ? undefined : current.value === null ? [] : scalarToList ? [current] : undefined;
      if (!items) return undefined;
      if (items.some((node) => node.kind === 'scalar' && node.value !== null && same(String(node.value), item))) return current;
      return { kind: 'seq', items: [...items, writtenString(item, scope.quote)] };
    });
  }
  if (found === 'absent') return addList(scope, map, key, item);
  const { pair, value } = found;
  if (value === null || (isScalar(value) && value.value === null)) {
    return fillEmpty(scope, pair, [], scope.flowLists ? `[${formatString(item, scope.quote, true)}]` : undefined, item);
  }
  if (isScalar(value)) {
    // `tmpfs: /run` is one item written as a string; a second item makes it a list.
    if (!scalarToList || !value.range || value.type?.startsWith('BLOCK')) return undefined;
    if (same(String(value.value), item)) return [];
    const [start, end] = value.range;
    return [{ start, end, text: `[${scope.text.slice(start, end)}, ${formatString(item, scope.quote, true)}]` }];
  }
  if (!isSeq(value) || !value.range) return undefined;
  const existing = value.items.map((node) => scope.view.resolve(node));
  if (existing.some((node) => isScalar(node) && node.value !== null && same(String(node.value), item))) return [];
  const quote = sharedQuote(existing);
  const written = quote ? quoteString(item, quote) : formatString(item, scope.quote, value.flow === true);
  if (value.flow) return flowInsert(value, written);
  const dash = value.range[0];
  if (scope.text[dash] !== '-' || !pair.key.range) return undefined;
  const line = `${' '.repeat(column(scope.text, dash))}- ${written}`;
  return [insertLines(scope.text, value.range[1], [line], scope.eol, column(scope.text, pair.key.range[0]))];
}

/** Remove the item of the sequence under `key` written at `target`; an emptied key goes too. */
export function removeItem(scope: Scope, map: YAMLMap, key: string, target: Span): Edit[] | undefined {
  const found = ownPair(scope, map, key);
  if (found === 'blocked') {
    const seq = scope.view.resolve(scope.view.entries(map).get(key)?.value);
    const index = isSeq(seq) ? seq.items.findIndex((item) => matches(item as Node, target) || matches(scope.view.resolve(item), target)) : -1;
    if (index < 0) return undefined;
    return override(scope, map, key, (current) => (current.kind === 'seq' ? { kind: 'seq', items: current.items.filter((_, i) => i !== index) } : undefined));
  }
  if (found === 'absent') return undefined;
  const seq = found.value;
  if (!isSeq(seq) || !seq.range) return undefined;
  const index = seq.items.findIndex((item) => matches(item as Node, target) || matches(scope.view.resolve(item), target));
  if (index < 0) return undefined;
  if (seq.items.length === 1) return removePair(scope, map, found.pair);
  return removeSeqItem(scope, seq, index);
}

/** Remove a key with its value, and the mappings above it that it leaves empty. */
export function removeKey(scope: Scope, map: YAMLMap, path: string[]): Edit[] | undefined {
  const chain: Array<{ map: YAMLMap; pair: Pair }> = [];
  let current = map;
  for (const [depth, key] of path.entries()) {
    const found = ownPair(scope, current, key);
    if (found === 'blocked') return undefined;
    if (found === 'absent') return [];
    chain.push({ map: current, pair: found.pair });
    if (depth === path.length - 1) break;
    if (!isMap(found.value)) return [];
    current = found.value;
  }
  let level = chain.length - 1;
  while (level > 0 && chain[level]!.map.items.length === 1) level--;
  return removePair(scope, chain[level]!.map, chain[level]!.pair);
}

/**
 * A key whose value comes from a `<<` merge key or an alias, overridden in `map` itself with the
 * changed copy of its effective value (compose-override.ts): a merged key gets an own key after
 * the mapping's last key, an alias is replaced by the value in flow style (so a comment after
 * it stays). Undefined for other blocked keys: an anchored value that aliases elsewhere use.
 */
function override(scope: Scope, map: YAMLMap, key: string, change: (current: Written) => Written | undefined): Edit[] | undefined {
  const entry = scope.view.entries(map).get(key);
  if (!entry || map.flow || !(entry.merged || entry.aliased)) return undefined;
  const current = copyValue(scope, entry.value);
  const next = current && change(current);
  if (!current || !next) return undefined;
  if (flowText(next, scope.quote) === flowText(current, scope.quote)) return [];
  if (entry.merged) {
    const indent = keyColumn(scope, map);
    const last = map.items[map.items.length - 1] as Pair<Node, Node | null> | undefined;
    const end = last && pairEnd(last);
    if (indent === undefined || end === undefined) return undefined;
    return [insertLines(scope.text, end, overrideLines(scope, key, next, indent), scope.eol, indent)];
  }
  const range = (entry.pair.value as Node | null)?.range;
  if (!range) return undefined;
  if (current.kind === 'map' && next.kind === 'map') {
    // `logging: *log` becomes `logging: {<<: *log, options: {…}}`: the alias stays, only what changed is written.
    const before = new Map(current.entries.map(([k, v]) => [k, flowText(v, scope.quote)]));
    const changed = next.entries.filter(([k, v]) => before.get(k) !== flowText(v, scope.quote));
    const removed = current.entries.some(([k]) => !next.entries.some(([n]) => n === k));
    if (!removed) {
      const own = changed.map(([k, v]) => `, ${formatString(k, scope.quote, true)}: ${flowText(v, scope.quote)}`).join('');
      return [{ start: range[0], end: range[1], text: `{<<: ${scope.text.slice(range[0], range[1])}${own}}` }];
    }
  }
  return [{ start: range[0], end: range[1], text: flowText(next, scope.quote) }];
}

function render(scope: Scope, value: string, style: ValueStyle, existing: Scalar | undefined, flow: boolean): string {
  const quote = existing?.type === 'QUOTE_DOUBLE' ? '"' : existing?.type === 'QUOTE_SINGLE' ? "'" : undefined;
  if (quote) return quoteString(value, quote);
  if (style === 'quoted') return quoteString(value, scope.quote);
  if (style === 'boolean' || (style === 'number' && /^\d+(\.\d+)?$/.test(value))) return value;
  return formatString(value, scope.quote, flow);
}

/** New keys after the mapping's last key: `a:` / `  b: value` lines, or `, a: {b: value}`. */
function addKey(scope: Scope, map: YAMLMap, path: string[], written: string): Edit[] | undefined {
  const keys = path.map((key) => formatString(key, scope.quote, map.flow === true));
  if (map.flow) return flowInsert(map, `${keys.join(': {')}: ${written}${'}'.repeat(keys.length - 1)}`);
  const indent = keyColumn(scope, map);
  const last = map.items[map.items.length - 1] as Pair<Node, Node | null> | undefined;
  const end = last && pairEnd(last);
  if (indent === undefined || end === undefined) return undefined;
  return [insertLines(scope.text, end, blockLines(scope, keys, written, indent), scope.eol, indent)];
}

function addList(scope: Scope, map: YAMLMap, key: string, item: string): Edit[] | undefined {
  const flow = scope.flowLists || map.flow === true;
  if (flow) return addKey(scope, map, [key], `[${formatString(item, scope.quote, true)}]`);
  const indent = keyColumn(scope, map);
  const last = map.items[map.items.length - 1] as Pair<Node, Node | null> | undefined;
  const end = last && pairEnd(last);
  if (indent === undefined || end === undefined) return undefined;
  const lines = [`${' '.repeat(indent)}${formatString(key, scope.quote)}:`, `${' '.repeat(indent + scope.listOffset)}- ${formatString(item, scope.quote)}`];
  return [insertLines(scope.text, end, lines, scope.eol, indent)];
}

/**
 * A key written with no value (`logging:`) gets one: a scalar after the colon, nested keys or
 * list items on the lines below it.
 */
function fillEmpty(scope: Scope, pair: Pair<Scalar, Node | null>, rest: string[], written?: string, item?: string): Edit[] | undefined {
  const keyRange = pair.key.range;
  if (!keyRange) return undefined;
  if (rest.length === 0 && written !== undefined) {
    const colon = scope.text.indexOf(':', keyRange[1]);
    return colon < 0 ? undefined : [{ start: colon + 1, end: colon + 1, text: ` ${written}` }];
  }
  if (!startsLine(scope.text, keyRange[0])) return undefined;
  const indent = column(scope.text, keyRange[0]);
  const end = pairEnd(pair) ?? keyRange[1];
  if (item !== undefined) {
    return [insertLines(scope.text, end, [`${' '.repeat(indent + scope.listOffset)}- ${formatString(item, scope.quote)}`], scope.eol, indent)];
  }
  const keys = rest.map((key) => formatString(key, scope.quote));
  return [insertLines(scope.text, end, blockLines(scope, keys, written!, indent + scope.unit), scope.eol, indent)];
}

function blockLines(scope: Scope, keys: string[], written: string, indent: number): string[] {
  return keys.map((key, depth) => {
    const pad = ' '.repeat(indent + depth * scope.unit);
    return depth === keys.length - 1 ? `${pad}${key}: ${written}` : `${pad}${key}:`;
  });
}

function flowInsert(collection: YAMLMap | YAMLSeq, written: string): Edit[] | undefined {
  const last = collection.items[collection.items.length - 1] as Node | Pair<Node, Node | null> | undefined;
  if (!collection.range) return undefined;
  if (!last) return [{ start: collection.range[0] + 1, end: collection.range[0] + 1, text: written }];
  const end = isPair(last) ? pairEnd(last) : endOf(last);
  return end === undefined ? undefined : [{ start: end, end, text: `, ${written}` }];
}

function removePair(scope: Scope, map: YAMLMap, pair: Pair): Edit[] | undefined {
  const key = (pair.key as Node | null)?.range;
  const end = pairEnd(pair as Pair<Node, Node | null>);
  if (!key || end === undefined) return undefined;
  if (map.flow) return removeFlowItem(scope, map, map.items.indexOf(pair));
  // A mapping left with no keys would become null, which Compose does not accept for a service.
  if (map.items.length === 1 || !startsLine(scope.text, key[0])) return undefined;
  const start = lineStart(scope.text, key[0]);
  return [deleteLines(scope, start, afterLine(scope.text, end))];
}

function removeSeqItem(scope: Scope, seq: YAMLSeq, index: number): Edit[] | undefined {
  if (seq.flow) return removeFlowItem(scope, seq, index);
  const item = seq.items[index] as Node;
  const start = item.range?.[0];
  const end = endOf(item);
  if (start === undefined || end === undefined) return undefined;
  const dash = scope.text.slice(0, start).search(/-[ ]*$/);
  if (dash < 0 || !startsLine(scope.text, dash)) return undefined;
  return [deleteLines(scope, lineStart(scope.text, dash), afterLine(scope.text, end))];
}

/**
 * Delete whole lines but keep the comments written on them (`- NET_ADMIN # DHCP needs it`, a
 * commented-out line inside a removed block) as comment lines where the removed text began: a
 * fix takes settings out, never what the author wrote about them.
 */
function deleteLines(scope: Scope, start: number, end: number): Edit {
  const removed = scope.text.slice(start, end);
  const comments = removed.split('\n').map(commentOf).filter((c): c is string => c !== undefined);
  if (comments.length === 0) return { start, end, text: '' };
  const pad = ' '.repeat(/^ */.exec(removed)![0].length);
  const lines = comments.map((c) => `${pad}${c}`);
  return { start, end, text: removed.endsWith('\n') ? lines.map((l) => l + scope.eol).join('') : lines.join(scope.eol) };
}

/**
 * The comment of one YAML line: a `#` at its start or after a blank, outside quoted scalars (a
 * quote opens one only where a scalar starts; in `it's` it is a letter).
 */
function commentOf(line: string): string | undefined {
  let quote: string | undefined;
  let previous = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === '"' && c === '\\') i++;
    else if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if ((c === '"' || c === "'") && /^$|[-:[{,?]/.test(previous)) quote = c;
    else if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) return line.slice(i).replace(/\r$/, '').trimEnd();
    if (c !== ' ' && c !== '\t') previous = c;
  }
  return undefined;
}

/** A flow item goes with the comma after it, or before it when it is the last one. */
function removeFlowItem(scope: Scope, collection: YAMLMap | YAMLSeq, index: number): Edit[] | undefined {
  const items = collection.items as Array<Node | Pair<Node, Node | null>>;
  const startOf = (item: Node | Pair<Node, Node | null>): number | undefined => (isPair(item) ? (item.key as Node).range?.[0] : item.range?.[0]);
  const stopOf = (item: Node | Pair<Node, Node | null>): number | undefined => (isPair(item) ? pairEnd(item) : endOf(item));
  const item = items[index];
  if (!item || items.length < 2) return undefined;
  const next = items[index + 1];
  const start = next ? startOf(item) : stopOf(items[index - 1]!);
  const end = next ? startOf(next) : stopOf(item);
  return start === undefined || end === undefined ? undefined : [{ start, end, text: '' }];
}

function keyColumn(scope: Scope, map: YAMLMap): number | undefined {
  const first = map.items[0] as Pair<Node, Node | null> | undefined;
  const start = first?.key?.range?.[0];
  if (start === undefined || !startsLine(scope.text, start)) return undefined;
  return column(scope.text, start);
}

/** Where a pair's value ends as written (an alias at the `*name`, a null at the colon). */
function pairEnd(pair: Pair<Node, Node | null>): number | undefined {
  const value = pair.value;
  const keyEnd = pair.key?.range?.[1];
  const valueEnd = value?.range?.[1];
  if (keyEnd === undefined) return undefined;
  return valueEnd === undefined ? keyEnd : Math.max(valueEnd, keyEnd);
}

function endOf(node: Node | null): number | undefined {
  return node?.range?.[1];
}

function matches(node: Node | null, target: Span): boolean {
  return node?.range?.[0] === target.start && node.range[1] === target.end;
}

/** The quote every existing item uses, so a new item looks like its neighbours. */
function sharedQuote(items: Array<Node | null>): Quote | undefined {
  const types = new Set(items.map((node) => (isScalar(node) ? node.type : undefined)));
  if (types.size !== 1) return undefined;
  const [type] = types;
  return type === 'QUOTE_DOUBLE' ? '"' : type === 'QUOTE_SINGLE' ? "'" : undefined;
}
