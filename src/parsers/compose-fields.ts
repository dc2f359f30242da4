/**
 * Service settings with more than one spelling in Compose: short and long syntax for ports,
 * volumes and devices, list-or-map `environment`, `depends_on` and `networks`, health checks
 * turned off two ways, and `build` as a string or an object.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import type { EnvVar, Field, HealthCheck, Mount, PortMapping } from '../model/container.js';
import type { Span } from '../model/source.js';
import { isHostPath, parsePortShort, parseVolumeShort, splitCommand } from './compose-syntax.js';
import type { ValueReader } from './compose-values.js';
import { span } from './compose-yaml.js';

type Value = Node | null | undefined;

/** From a key to the end of its value as written (an alias ends at the `*name`, no value at the key). */
function pairSpan(keySpan: Span, written: unknown): Span {
  const range = isScalar(written) && written.value === null ? undefined : (written as Node | null | undefined)?.range;
  return { start: keySpan.start, end: Math.max(range ? range[1] : keySpan.end, keySpan.end) };
}

export function readPorts(node: Value, read: ValueReader): Field<PortMapping>[] {
  const out: Field<PortMapping>[] = [];
  for (const item of read.items(node)) {
    const long = read.map(item);
    if (long) {
      const target = read.text(read.entry(long, 'target'));
      if (!target) continue;
      const hostIp = read.text(read.entry(long, 'host_ip'))?.value;
      const hostPort = read.text(read.entry(long, 'published'))?.value;
      const protocol = read.text(read.entry(long, 'protocol'))?.value;
      out.push({
        value: {
          ...(hostIp ? { hostIp } : {}),
          ...(hostPort ? { hostPort } : {}),
          containerPort: target.value,
          ...(protocol ? { protocol } : {}),
        },
        span: read.view.span(item),
      });
      continue;
    }
    const text = read.text(item);
    const port = text && parsePortShort(text.value);
    if (text && port) out.push({ value: port, span: text.span });
  }
  return out;
}

export function readMounts(node: Value, read: ValueReader): Field<Mount>[] {
  const out: Field<Mount>[] = [];
  for (const item of read.items(node)) {
    const long = read.map(item);
    if (long) {
      const target = read.text(read.entry(long, 'target'))?.value;
      if (target === undefined) continue;
      const source = read.text(read.entry(long, 'source'))?.value;
      const type = read.text(read.entry(long, 'type'))?.value ?? (source !== undefined && isHostPath(source) ? 'bind' : 'volume');
      const readOnly = read.boolean(read.entry(long, 'read_only'))?.value ?? false;
      out.push({ value: { type, ...(source !== undefined ? { source } : {}), target, readOnly }, span: read.view.span(item) });
      continue;
    }
    const text = read.text(item);
    const mount = text && parseVolumeShort(text.value);
    if (text && mount) out.push({ value: mount, span: text.span });
  }
  return out;
}

/** `environment` as a list (`NAME=value`, or `NAME` to pass the caller's value) or a map. */
export function readEnvironment(node: Value, read: ValueReader): Field<EnvVar>[] {
  const map = read.map(node);
  if (map) {
    const out: Field<EnvVar>[] = [];
    for (const entry of map.values()) {
      const value = read.text(entry.value);
      out.push({
        value: { name: entry.key, ...(value ? { value: value.value } : {}) },
        span: pairSpan(span(entry.keyNode), entry.pair.value),
      });
    }
    return out;
  }
  return read.strings(node).map(({ value, span: where }) => {
    const eq = value.indexOf('=');
    return { value: eq < 0 ? { name: value } : { name: value.slice(0, eq), value: value.slice(eq + 1) }, span: where };
  });
}

export function readLogOptions(node: Value, read: ValueReader): Array<Field<{ key: string; value: string }>> {
  const out: Array<Field<{ key: string; value: string }>> = [];
  for (const entry of read.map(node)?.values() ?? []) {
    out.push({
      value: { key: entry.key, value: read.text(entry.value)?.value ?? '' },
      span: pairSpan(span(entry.keyNode), entry.pair.value),
    });
  }
  return out;
}

/** `disable: true`, or a `test` of `NONE` (string or first list item), turns the check off. */
export function readHealthcheck(node: Value, read: ValueReader): Field<HealthCheck> | undefined {
  const map = read.map(node);
  if (!map) return undefined;
  const disable = read.boolean(read.entry(map, 'disable'));
  if (disable?.value) return { value: { disabled: true }, span: disable.span };
  const testNode = read.entry(map, 'test');
  const test = read.text(testNode) ?? read.text(read.items(testNode)[0]);
  if (test?.value.trim() === 'NONE') {
    const resolved = read.view.resolve(testNode);
    return { value: { disabled: true }, span: resolved ? read.view.span(resolved) : test.span };
  }
  const resolved = read.view.resolve(node);
  return { value: { disabled: false }, span: resolved ? read.view.span(resolved) : { start: 0, end: 0 } };
}

export function readCommand(node: Value, read: ValueReader): Field<string[]> | undefined {
  const resolved = read.view.resolve(node);
  if (!resolved) return undefined;
  if (isScalar(resolved)) {
    const text = read.text(resolved);
    return text && { value: splitCommand(text.value), span: text.span };
  }
  if (!isSeq(resolved)) return undefined;
  const words = read.items(resolved).map((item) => read.text(item)?.value ?? '');
  return { value: words, span: read.view.span(resolved) };
}

/** Short `HOST:CONTAINER[:PERMISSIONS]` strings, or long `{source, target, permissions}`. */
export function readDevices(node: Value, read: ValueReader): Field<string>[] {
  const out: Field<string>[] = [];
  for (const item of read.items(node)) {
    const long = read.map(item);
    if (!long) {
      const text = read.string(item);
      if (text) out.push(text);
      continue;
    }
    const parts = ['source', 'target', 'permissions'].map((key) => read.text(read.entry(long, key))?.value);
    if (parts[0] === undefined) continue;
    out.push({ value: parts.filter((part) => part !== undefined).join(':'), span: read.view.span(item) });
  }
  return out;
}

export interface Dependency {
  service: string;
  condition: string;
  span: Span;
}

/** A list means `condition: service_started` for each; a map may name another condition. */
export function readDependsOn(node: Value, read: ValueReader): Dependency[] {
  const map = read.map(node);
  if (map) {
    return [...map.values()].map((entry) => ({
      service: entry.key,
      condition: read.text(read.entry(read.map(entry.value), 'condition'))?.value ?? 'service_started',
      span: span(entry.keyNode),
    }));
  }
  return read.strings(node).map((item) => ({ service: item.value, condition: 'service_started', span: item.span }));
}

export function readNetworkNames(node: Value, read: ValueReader): string[] | undefined {
  const resolved = read.view.resolve(node);
  if (isMap(resolved)) return [...(read.map(resolved)?.keys() ?? [])];
  if (isSeq(resolved)) return read.strings(resolved).map((item) => item.value);
  return undefined;
}
