/**
 * Policy files: the built-in ones in `policies/` (recommended, strict, cis-docker) and the
 * user's own. A policy names rule levels, `strict`, extra SARIF tags per rule, trusted
 * registries and ignore globs, and may `extends` another policy (a built-in name or a path
 * relative to the file). Every chain starts from the rules' own defaults (`defaultPolicy`), so
 * a rule added tomorrow is on at its default level without editing any YAML.
 *
 * Built-in policies may name rules that are not registered yet (RULES.md lists ids before their
 * rule lands); those are skipped. The user's files must name real rules.
 */
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Rule } from '../rules/types.js';
import { checkGlob, rebaseGlobs } from './config-globs.js';
import { parseRegistry } from './config-values.js';
import { editDistance, lookupRule, parseRules, suggestRule, type RuleCatalog } from './config-rules.js';
import { ConfigError, booleanOf, displayPath, truncate, entriesOf, fail, readYamlFile, rootEntries, stringListOf, stringOf, type Entry, type YamlFile } from './config-yaml.js';
import type { RuleSetting } from './policy.js';

/** `policies/` at the package root: two levels above both `src/policy/` and `dist/policy/`. */
export const BUILTIN_POLICY_DIR = fileURLToPath(new URL('../../policies/', import.meta.url));

const POLICY_KEYS = ['name', 'description', 'extends', 'strict', 'rules', 'tags', 'trusted-registries', 'ignore'];
const MAX_EXTENDS_DEPTH = 16;
const TAG = /^[a-z0-9][a-z0-9._/-]{0,63}$/;

/** What policies contribute to a ResolvedPolicy. */
export interface PolicyState {
  name: string;
  strict: boolean;
  rules: Map<string, RuleSetting>;
  /** Rule ids some policy layer set explicitly (strict mode leaves those alone). */
  explicit: Set<string>;
  ruleTags: Map<string, string[]>;
  trustedRegistries: string[];
  /** Globs relative to the working directory. */
  ignore: string[];
}

export interface PolicyContext {
  cwd: string;
  rules: readonly Rule[];
  catalog: RuleCatalog;
  /** The default-level settings every chain starts from. */
  base: Map<string, RuleSetting>;
}

/** Where a policy reference was written, for messages and for resolving relative paths. */
export interface PolicyRef {
  value: string;
  /** Folder a relative path is resolved against. */
  relativeTo: string;
  /** The key that holds the reference, or undefined for `--policy`. */
  at?: { file: YamlFile; entry: Entry };
  /**
   * When set, a policy *file* must resolve inside this folder: a config from a pull request may
   * not read files elsewhere on the machine. `--policy` on the command line is trusted.
   */
  boundary?: string;
}

export function builtinPolicyNames(): string[] {
  if (!existsSync(BUILTIN_POLICY_DIR)) return [];
  return readdirSync(BUILTIN_POLICY_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/** Load a policy and everything it extends, applied over the rules' defaults. */
export function loadPolicyChain(ref: PolicyRef, ctx: PolicyContext): PolicyState {
  const state: PolicyState = {
    name: 'recommended',
    strict: false,
    rules: new Map(ctx.base),
    explicit: new Set(),
    ruleTags: new Map(),
    trustedRegistries: [],
    ignore: [],
  };
  const top = resolveRef(ref);
  state.name = top.builtin ? top.builtin : displayPath(top.path, ctx.cwd);
  applyPolicyFile(top, [], state, ctx);
  if (state.strict) {
    // `strict: true` turns on every strict-only rule at its own level, unless a policy said otherwise.
    for (const rule of ctx.rules) {
      if (rule.strictOnly && !state.explicit.has(rule.id)) state.rules.set(rule.id, { ...state.rules.get(rule.id)!, level: rule.level });
    }
  }
  return state;
}

interface ResolvedRef {
  path: string;
  builtin?: string;
  ref: PolicyRef;
}

function resolveRef(ref: PolicyRef): ResolvedRef {
  const value = ref.value.trim();
  const looksLikePath = /[\\/]/.test(value) || /\.ya?ml$/i.test(value);
  if (!looksLikePath) {
    const names = builtinPolicyNames();
    if (names.includes(value)) return { path: path.join(BUILTIN_POLICY_DIR, `${value}.yaml`), builtin: value, ref };
    const close = names.find((n) => editDistance(n, value) <= 2);
    refError(ref, `unknown policy '${truncate(value)}'`, close ? `did you mean '${close}'?` : `use ${names.join(', ') || 'a built-in policy'}, or a path to a policy file ending in .yaml`);
  }
  const file = path.resolve(ref.relativeTo, value);
  if (!existsSync(file)) refError(ref, `policy file '${value}' does not exist`, `check the path (relative to ${ref.at ? 'the file that names it' : 'the working directory'})`);
  if (ref.boundary) {
    const real = realpathSync(file);
    const boundary = realpathSync(ref.boundary);
    if (real !== boundary && !real.startsWith(boundary + path.sep)) {
      refError(ref, `policy file '${value}' is outside the repository`, 'a config may only name policy files inside its repository; pass --policy to use one elsewhere');
    }
  }
  return { path: file, ref };
}

function refError(ref: PolicyRef, what: string, todo: string): never {
  if (ref.at) fail(ref.at.file, ref.at.entry.line, ref.at.entry.keyPath, what, todo);
  throw new ConfigError(`--policy '${ref.value}': ${what} — ${todo}`);
}

function applyPolicyFile(policy: ResolvedRef, chain: string[], state: PolicyState, ctx: PolicyContext): void {
  const shown = policy.builtin ? `${policy.builtin} (built-in)` : displayPath(policy.path, ctx.cwd);
  if (chain.includes(policy.path)) {
    const names = [...chain, policy.path].map((p) => path.basename(p)).join(' → ');
    refError(policy.ref, `the policy extends itself (${names})`, 'remove one of the extends');
  }
  if (chain.length >= MAX_EXTENDS_DEPTH) refError(policy.ref, `extends is nested more than ${MAX_EXTENDS_DEPTH} deep`, 'flatten the chain of policies');
  const file = readYamlFile(policy.path, ctx.cwd);
  const entries = new Map<string, Entry>();
  for (const entry of rootEntries(file, `the policy ${shown}`)) {
    if (!POLICY_KEYS.includes(entry.key)) fail(file, entry.line, entry.keyPath, 'unknown key in a policy file', `allowed keys: ${POLICY_KEYS.join(', ')}`);
    entries.set(entry.key, entry);
  }
  const builtin = policy.builtin !== undefined;
  const name = entries.get('name');
  if (name) stringOf(file, name, 'write the policy name as a string');
  const description = entries.get('description');
  if (description) stringOf(file, description, 'write a one-line description');

  // The parent first, so this file's settings win.
  const parent = entries.get('extends');
  if (parent) {
    const value = stringOf(file, parent, "write a built-in policy name or a path such as '../base.yaml'");
    const inherited: PolicyRef = { value, relativeTo: path.dirname(policy.path), at: { file, entry: parent }, boundary: builtin ? undefined : policy.ref.boundary };
    const resolved = resolveRef(inherited);
    if (builtin && !resolved.builtin) fail(file, parent.line, parent.keyPath, 'a built-in policy may only extend another built-in', 'name a built-in policy');
    applyPolicyFile(resolved, [...chain, policy.path], state, ctx);
  }

  const strict = entries.get('strict');
  if (strict) state.strict = booleanOf(file, strict);
  const rules = entries.get('rules');
  if (rules) {
    const settings = parseRules(file, rules, ctx.catalog, { ignoreUnknown: builtin, current: (id) => state.rules.get(id) });
    for (const [id, setting] of settings) {
      state.rules.set(id, setting);
      state.explicit.add(id);
    }
  }
  const tags = entries.get('tags');
  if (tags) applyTags(file, tags, builtin, state, ctx.catalog);
  const registries = entries.get('trusted-registries');
  if (registries) {
    for (const item of stringListOf(file, registries, 'a registry host')) addUnique(state.trustedRegistries, [parseRegistry(file, item.entry, item.value)]);
  }
  const ignore = entries.get('ignore');
  if (ignore) {
    const globs = stringListOf(file, ignore, 'a glob').map((g) => checkGlob(file, g.entry, g.value));
    // Built-in policies have no folder of their own that means anything: theirs are cwd-relative.
    addUnique(state.ignore, rebaseGlobs(globs, builtin ? ctx.cwd : path.dirname(policy.path), ctx.cwd));
  }
}

/** `tags: {CG101: [cis-docker-5.5]}` — extra SARIF tags per rule. */
function applyTags(file: YamlFile, entry: Entry, builtin: boolean, state: PolicyState, catalog: RuleCatalog): void {
  for (const item of entriesOf(file, entry, 'a mapping of rule ids to lists of tags')) {
    const id = lookupRule(catalog, item.key);
    if (!id) {
      if (builtin) continue;
      fail(file, item.line, item.keyPath, 'no rule has this id or name', suggestRule(catalog, item.key));
    }
    const tags = stringListOf(file, item, 'a tag').map(({ value, entry: at }) => {
      if (!TAG.test(value)) fail(file, at.line, at.keyPath, `'${value}' is not a tag`, 'use lower-case letters, digits, dots and dashes, such as cis-docker-5.5');
      return value;
    });
    const list = state.ruleTags.get(id) ?? [];
    addUnique(list, tags);
    state.ruleTags.set(id, list);
  }
}

function addUnique(list: string[], values: readonly string[]): void {
  for (const value of values) if (!list.includes(value)) list.push(value);
}
