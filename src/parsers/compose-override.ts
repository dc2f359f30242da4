/**
 * A service key whose value comes from a `<<` merge key or an alias (`logging: *default-logging`)
 * cannot be edited where it is written: the anchor is shared. It can be overridden in the
 * service itself, which is what a person does: YAML merge keys are shallow and a mapping's own
 * key wins (yaml.v3 and compose-go read them so), and replacing an alias by the value it stands
 * for leaves the anchor and its other users alone. These are copies of the effective value,
 * changed, and written back in the service's own words.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, Scalar } from 'yaml';
import { formatString, type Quote } from './compose-text.js';
import type { YamlView } from './compose-yaml.js';

/** A value as it will be written: scalars keep their text for block and flow context. */
export type Written =
  | { kind: 'scalar'; block: string; flow: string; value: unknown }
  | { kind: 'map'; entries: Array<[string, Written]> }
  | { kind: 'seq'; items: Written[] };

export interface OverrideStyle {
  text: string;
  view: YamlView;
  quote: Quote;
  unit: number;
  listOffset: number;
  flowLists: boolean;
}

export const NULL_VALUE: Written = { kind: 'scalar', block: '', flow: 'null', value: null };

export function writtenString(value: string, quote: Quote): Written {
  return { kind: 'scalar', block: formatString(value, quote), flow: formatString(value, quote, true), value };
}

/**
 * The effective value of a node (aliases and merge keys followed), or undefined when it holds
 * something that cannot be copied faithfully on one line (block or multi-line scalars, tags).
 */
export function copyValue(style: OverrideStyle, node: Node | null, depth = 0): Written | undefined {
  if (depth > 16) return undefined;
  const resolved = style.view.resolve(node);
  if (resolved === null) return NULL_VALUE;
  if (resolved.tag && !resolved.tag.startsWith('tag:yaml.org,2002:')) return undefined;
  if (isScalar(resolved)) return copyScalar(style, resolved);
  if (isMap(resolved)) {
    const entries: Array<[string, Written]> = [];
    for (const [key, entry] of style.view.entries(resolved)) {
      const value = copyValue(style, entry.value, depth + 1);
      if (!value) return undefined;
      entries.push([key, value]);
    }
    return { kind: 'map', entries };
  }
  if (isSeq(resolved)) {
    const items: Written[] = [];
    for (const item of resolved.items) {
      const value = copyValue(style, item as Node | null, depth + 1);
      if (!value) return undefined;
      items.push(value);
    }
    return { kind: 'seq', items };
  }
  return undefined;
}

function copyScalar(style: OverrideStyle, node: Scalar): Written | undefined {
  if (node.value === null) return NULL_VALUE;
  if (!node.range || node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') return undefined;
  const source = style.text.slice(node.range[0], node.range[1]);
  if (/[\r\n]/.test(source)) return undefined;
  // A plain string may need quotes in a flow collection; numbers and booleans keep their text.
  if (node.type === 'PLAIN' && typeof node.value === 'string') {
    return { kind: 'scalar', block: source, flow: formatString(node.value, style.quote, true), value: node.value };
  }
  return { kind: 'scalar', block: source, flow: source, value: node.value };
}

/** `{a: b, c: [d]}` */
export function flowText(value: Written, quote: Quote): string {
  if (value.kind === 'scalar') return value.flow;
  if (value.kind === 'seq') return `[${value.items.map((item) => flowText(item, quote)).join(', ')}]`;
  return `{${value.entries.map(([key, item]) => `${formatString(key, quote, true)}: ${flowText(item, quote)}`).join(', ')}}`;
}

/** `key: value` as block lines at `indent`, nested mappings indented one unit further. */
export function blockLines(style: OverrideStyle, key: string, value: Written, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const name = formatString(key, style.quote);
  if (value.kind === 'scalar') return [`${pad}${name}:${value.block === '' ? '' : ` ${value.block}`}`];
  if (value.kind === 'map') {
    if (value.entries.length === 0) return [`${pad}${name}: {}`];
    return [`${pad}${name}:`, ...value.entries.flatMap(([k, v]) => blockLines(style, k, v, indent + style.unit))];
  }
  if (value.items.length === 0 || style.flowLists) return [`${pad}${name}: ${flowText(value, style.quote)}`];
  const dash = ' '.repeat(indent + style.listOffset);
  return [`${pad}${name}:`, ...value.items.map((item) => `${dash}- ${item.kind === 'scalar' ? item.block : flowText(item, style.quote)}`)];
}

/** The copy with `path` set to `leaf`, creating mappings on the way; undefined when a non-mapping is in the way. */
export function withPath(value: Written, path: string[], leaf: Written): Written | undefined {
  if (path.length === 0) return leaf;
  const base = value.kind === 'scalar' && value.value === null ? { kind: 'map' as const, entries: [] } : value;
  if (base.kind !== 'map') return undefined;
  const [key, ...rest] = path as [string, ...string[]];
  const entries = [...base.entries];
  const at = entries.findIndex(([k]) => k === key);
  const child = withPath(at >= 0 ? entries[at]![1] : NULL_VALUE, rest, leaf);
  if (!child) return undefined;
  if (at >= 0) entries[at] = [key, child];
  else entries.push([key, child]);
  return { kind: 'map', entries };
}
