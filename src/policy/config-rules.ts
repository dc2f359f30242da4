/**
 * The `rules:` mapping of a config, an override or a policy file: which rule (by id, any case,
 * or by kebab-case name) gets which level and options. Unknown rules are errors with a
 * "did you mean" suggestion, as ESLint and Ruff do, because a typo silently disables nothing.
 */
import type { Rule } from '../rules/types.js';
import type { RuleSetting } from './policy.js';
import { describeScalar, entriesOf, fail, plainDataOf, resolve, scalarOf, type Entry, type YamlFile } from './config-yaml.js';
import { isMap } from 'yaml';

const LEVELS = ['off', 'note', 'warning', 'error'] as const;
export type LevelSetting = (typeof LEVELS)[number];

/** What a `rules:` key may name: built-in rules, and the config's own custom rules. */
export interface RuleCatalog {
  /** Lower-cased id and exact name → canonical id. */
  byKey: Map<string, string>;
  /** Canonical id → name, for suggestions. */
  names: Map<string, string>;
}

export function ruleCatalog(rules: readonly Rule[], customIds: readonly string[] = []): RuleCatalog {
  const byKey = new Map<string, string>();
  const names = new Map<string, string>();
  for (const rule of rules) {
    byKey.set(rule.id.toLowerCase(), rule.id);
    byKey.set(rule.name, rule.id);
    names.set(rule.id, rule.name);
  }
  for (const id of customIds) {
    byKey.set(id.toLowerCase(), id);
    names.set(id, id);
  }
  return { byKey, names };
}

export function lookupRule(catalog: RuleCatalog, key: string): string | undefined {
  return catalog.byKey.get(key) ?? catalog.byKey.get(key.toLowerCase());
}

/** `did you mean CG004 (unpinned-image)?` for the closest id or name, if one is close. */
export function suggestRule(catalog: RuleCatalog, key: string): string {
  let best: { id: string; distance: number } | undefined;
  for (const [id, name] of catalog.names) {
    const distance = Math.min(editDistance(key.toUpperCase(), id.toUpperCase()), editDistance(key.toLowerCase(), name));
    if (!best || distance < best.distance) best = { id, distance };
  }
  if (best && best.distance <= Math.max(1, Math.floor(key.length / 3))) {
    const name = catalog.names.get(best.id)!;
    return `did you mean ${best.id}${name !== best.id ? ` (${name})` : ''}?`;
  }
  return "run 'cguard rules' to list the rules";
}

export interface RulesOptions {
  /** Skip keys that name no known rule instead of failing (built-in policies name future rules). */
  ignoreUnknown?: boolean;
  /** The setting a `{options: …}` without `level` keeps its level from. */
  current?: (id: string) => RuleSetting | undefined;
}

/** Parse a `rules:` entry into settings by canonical rule id. */
export function parseRules(file: YamlFile, entry: Entry, catalog: RuleCatalog, options: RulesOptions = {}): Map<string, RuleSetting> {
  const settings = new Map<string, RuleSetting>();
  for (const item of entriesOf(file, entry, 'a mapping of rule ids or names to levels')) {
    const id = lookupRule(catalog, item.key);
    if (!id) {
      if (options.ignoreUnknown) continue;
      fail(file, item.line, item.keyPath, 'no rule has this id or name', suggestRule(catalog, item.key));
    }
    if (settings.has(id)) fail(file, item.line, item.keyPath, `rule ${id} is set twice in this mapping (by id and by name)`, 'keep one of them');
    settings.set(id, parseSetting(file, item, options.current?.(id)));
  }
  return settings;
}

/** `warning`, or `{level: warning, options: {...}}`. */
function parseSetting(file: YamlFile, entry: Entry, current: RuleSetting | undefined): RuleSetting {
  const node = resolve(file, entry.value, entry);
  if (node && isMap(node)) {
    let level: LevelSetting | undefined;
    let options: Record<string, unknown> | undefined;
    for (const item of entriesOf(file, entry, 'a mapping')) {
      if (item.key === 'level') level = parseLevel(file, item);
      else if (item.key === 'options') {
        const data = plainDataOf(file, item);
        if (data === null || typeof data !== 'object' || Array.isArray(data)) {
          fail(file, item.line, item.keyPath, 'expected a mapping of option names to values', 'write options as key: value pairs');
        }
        options = data as Record<string, unknown>;
      } else fail(file, item.line, item.keyPath, 'unknown key', "a rule setting has only 'level' and 'options'");
    }
    return { level: level ?? current?.level ?? 'off', options: options ?? current?.options ?? emptyOptions() };
  }
  return { level: parseLevel(file, entry), options: current?.options ?? emptyOptions() };
}

export function parseLevel(file: YamlFile, entry: Entry): LevelSetting {
  const value = scalarOf(file, entry);
  if (typeof value === 'string' && (LEVELS as readonly string[]).includes(value)) return value as LevelSetting;
  const hint = typeof value === 'string' && (LEVELS as readonly string[]).includes(value.toLowerCase()) ? ` (levels are lower case: ${value.toLowerCase()})` : '';
  const what = value === null ? 'no level given' : `unknown level ${value === undefined ? 'a list' : describeScalar(value)}${hint}`;
  return fail(file, entry.line, entry.keyPath, what, 'use off, note, warning or error, or {level, options}');
}

export function emptyOptions(): Record<string, unknown> {
  return Object.freeze(Object.create(null) as Record<string, unknown>);
}

/** Levenshtein distance; ids and names are short, so the quadratic table is fine. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
