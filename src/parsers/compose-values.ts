/**
 * Typed reads of compose values: scalars with `${VAR}` interpolation applied (Compose
 * interpolates every string value, never keys), booleans that may be written as strings, and
 * lists that may be a single string. Each result keeps the span of the node it was read from,
 * which for an alias is the anchored node where the value is really written.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import type { Field } from '../model/container.js';
import type { Span } from '../model/source.js';
import { interpolate } from './compose-interpolate.js';
import { parseBoolean } from './compose-syntax.js';
import { scalarText, type Entry, type YamlView } from './compose-yaml.js';

export type Env = Readonly<Record<string, string>>;

export interface Text {
  value: string;
  unresolved: boolean;
  span: Span;
}

export class ValueReader {
  constructor(
    readonly view: YamlView,
    readonly env: Env,
  ) {}

  /** A mapping's effective entries; undefined when the node is not a mapping. */
  map(node: Node | null | undefined): Map<string, Entry> | undefined {
    const resolved = this.view.resolve(node);
    return isMap(resolved) ? this.view.entries(resolved as YAMLMap) : undefined;
  }

  /** Sequence items with aliases resolved; empty when the node is not a sequence. */
  items(node: Node | null | undefined): Node[] {
    const resolved = this.view.resolve(node);
    if (!isSeq(resolved)) return [];
    const out: Node[] = [];
    for (const item of resolved.items) {
      const value = this.view.resolve(item);
      if (value) out.push(value);
    }
    return out;
  }

  text(node: Node | null | undefined): Text | undefined {
    const resolved = this.view.resolve(node);
    if (!isScalar(resolved)) return undefined;
    const raw = scalarText(resolved);
    if (raw === undefined) return undefined;
    const { value, unresolved } = typeof resolved.value === 'string' ? interpolate(raw, this.env) : { value: raw, unresolved: false };
    return { value, unresolved, span: this.view.span(resolved) };
  }

  string(node: Node | null | undefined): Field<string> | undefined {
    const text = this.text(node);
    return text && { value: text.value, span: text.span };
  }

  /**
   * A boolean field. Text that is no boolean (an unset variable, a typo) counts as false:
   * Compose refuses it, and a rule should not treat it as a setting that is on.
   */
  boolean(node: Node | null | undefined): Field<boolean> | undefined {
    const resolved = this.view.resolve(node);
    if (isScalar(resolved) && typeof resolved.value === 'boolean') {
      return { value: resolved.value, span: this.view.span(resolved) };
    }
    const text = this.text(node);
    return text && { value: parseBoolean(text.value) ?? false, span: text.span };
  }

  /** A list of strings, or one string where Compose accepts either (`tmpfs`, `dns`). */
  strings(node: Node | null | undefined): Field<string>[] {
    const single = this.string(node);
    if (single) return [single];
    const out: Field<string>[] = [];
    for (const item of this.items(node)) {
      const field = this.string(item);
      if (field) out.push(field);
    }
    return out;
  }

  entry(entries: Map<string, Entry> | undefined, key: string): Node | null | undefined {
    return entries?.get(key)?.value;
  }
}
