/**
 * Loading `.cguard.yaml` into the ResolvedPolicy the scan runs with.
 *
 *   policy (built-in or file, with its `extends` chain, over the rules' defaults)
 *     → custom-rules → rules → overrides → ignore, trusted-registries, the rest
 *
 * The config is found from the working directory upwards, stopping at the repository root
 * (the folder with `.git`), as ESLint and Ruff find theirs. Validation is strict — an unknown
 * key, rule or level is an error, because a typo in a security gate silently weakens it — and
 * every error is one line naming the file, line and key (exit code 2 in the CLI).
 *
 * The config adds to its policy: its `rules` win over the policy's, its `ignore` globs and
 * `trusted-registries` are added to the policy's. Globs are relative to the config's folder.
 *
 * The file may come from an untrusted pull request: it is only ever read as data. Nothing is
 * `require`d or executed, custom-rule expressions go through cguard's own interpreter, and a
 * policy file it names must lie inside its repository.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Rule } from '../rules/types.js';
import { parseCustomRules } from './config-custom-rules.js';
import { checkGlob, rebaseGlobs } from './config-globs.js';
import { loadPolicyChain, type PolicyRef, type PolicyState } from './config-policy-files.js';
import { editDistance, parseRules, ruleCatalog } from './config-rules.js';
import { parseRegistry, parseSize } from './config-values.js';
import {
  ConfigError,
  booleanOf,
  displayPath,
  entriesOf,
  fail,
  itemsOf,
  readYamlFile,
  rootEntries,
  stringListOf,
  stringOf,
  type Entry,
  type YamlFile,
} from './config-yaml.js';
import { parseDockerDaemon } from './config-daemon.js';
import { parsePinConfig, type PinConfig } from './config-pin.js';
import { defaultPolicy, makeOverride, type PathOverride, type ResolvedPolicy, type RuleSetting } from './policy.js';

export { ConfigError } from './config-yaml.js';

export const CONFIG_FILE_NAMES = ['.cguard.yaml', '.cguard.yml'] as const;

const CONFIG_KEYS = ['policy', 'rules', 'ignore', 'trusted-registries', 'custom-rules', 'overrides', 'require-suppression-reason', 'max-file-size', 'docker-daemon', 'pin'];

/** Keys people reach for that belong elsewhere, with where they go. */
const MISPLACED_KEYS: Record<string, string> = {
  extends: "a config builds on a policy with 'policy:' (policy files use 'extends')",
  strict: "use 'policy: strict'",
  tags: 'tags belong in a policy file',
  name: 'a config has no name; policy files do',
};

export interface LoadPolicyOptions {
  cwd: string;
  /** `--config FILE`: use this file, which must exist, instead of searching. */
  configPath?: string;
  /** `--policy NAME|FILE`: overrides the config's `policy:`. */
  policy?: string;
  rules: readonly Rule[];
}

export interface LoadedPolicy {
  policy: ResolvedPolicy;
  /** Absolute path of the config file used, if any. */
  configFile?: string;
  /** `pin:` from the config: registry mirrors and plain-HTTP hosts for `cguard pin`. */
  pin?: PinConfig;
}

export function loadPolicy(options: LoadPolicyOptions): LoadedPolicy {
  const cwd = path.resolve(options.cwd);
  const configFile = options.configPath !== undefined ? explicitConfig(cwd, options.configPath) : findConfigFile(cwd);
  const builtinCatalog = ruleCatalog(options.rules);
  const context = { cwd, rules: options.rules, catalog: builtinCatalog, base: defaultPolicy(options.rules).rules };

  if (!configFile) {
    const state = loadPolicyChain({ value: options.policy ?? 'recommended', relativeTo: cwd }, context);
    return { policy: fromState(state) };
  }

  const file = readYamlFile(configFile, cwd);
  const configDir = path.dirname(configFile);
  const entries = new Map<string, Entry>();
  for (const entry of rootEntries(file, 'the configuration')) {
    if (!CONFIG_KEYS.includes(entry.key)) fail(file, entry.line, entry.keyPath, 'unknown key', unknownKeyHint(entry.key));
    entries.set(entry.key, entry);
  }

  const policyEntry = entries.get('policy');
  const policyName = policyEntry ? stringOf(file, policyEntry, 'write recommended, strict, cis-docker or a path to a policy file') : undefined;
  const ref: PolicyRef =
    options.policy !== undefined
      ? { value: options.policy, relativeTo: cwd }
      : { value: policyName ?? 'recommended', relativeTo: configDir, at: policyEntry ? { file, entry: policyEntry } : undefined, boundary: repositoryRoot(configDir) };
  const state = loadPolicyChain(ref, context);
  const policy = fromState(state);

  const custom = entries.get('custom-rules');
  if (custom) policy.customRules = parseCustomRules(file, custom, options.rules);
  const customIds = policy.customRules.map((r) => r.id);

  const rules = entries.get('rules');
  if (rules) {
    for (const [id, setting] of parseConfigRules(file, rules, options.rules, customIds, (id) => policy.rules.get(id))) policy.rules.set(id, setting);
  }
  const overrides = entries.get('overrides');
  if (overrides) policy.overrides = parseOverrides(file, overrides, { ...context, configDir, customIds, policy });

  const ignore = entries.get('ignore');
  if (ignore) {
    const globs = stringListOf(file, ignore, 'a glob').map((g) => checkGlob(file, g.entry, g.value));
    for (const glob of rebaseGlobs(globs, configDir, cwd)) if (!policy.ignore.includes(glob)) policy.ignore.push(glob);
  }
  const registries = entries.get('trusted-registries');
  if (registries) {
    for (const item of stringListOf(file, registries, 'a registry host')) {
      const host = parseRegistry(file, item.entry, item.value);
      if (!policy.trustedRegistries.includes(host)) policy.trustedRegistries.push(host);
    }
  }
  const reason = entries.get('require-suppression-reason');
  if (reason) policy.requireSuppressionReason = booleanOf(file, reason);
  const maxSize = entries.get('max-file-size');
  if (maxSize) policy.maxFileSize = parseSize(file, maxSize);
  const daemon = entries.get('docker-daemon');
  if (daemon) policy.dockerDaemon = parseDockerDaemon(file, daemon);
  const pin = entries.get('pin');

  return { policy, configFile, ...(pin ? { pin: parsePinConfig(file, pin) } : {}) };
}

/** `.cguard.yaml` or `.cguard.yml` from `cwd` up to the repository root (or the filesystem root). */
export function findConfigFile(cwd: string): string | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const found = CONFIG_FILE_NAMES.map((name) => path.join(dir, name)).filter((file) => existsSync(file));
    if (found.length > 1) {
      throw new ConfigError(`${displayPath(found[0]!, cwd)}: both .cguard.yaml and .cguard.yml exist in ${displayPath(dir, cwd)} — keep one of them`);
    }
    // A folder (or pipe) by the config's name would silently drop the team's settings: refuse it.
    if (found[0] && !isFile(found[0])) throw new ConfigError(`${displayPath(found[0], cwd)}: not a file — the configuration must be a YAML file; rename or remove this entry`);
    if (found[0]) return found[0];
    if (existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return undefined;
  }
}

function explicitConfig(cwd: string, configPath: string): string {
  const file = path.resolve(cwd, configPath);
  if (!existsSync(file)) throw new ConfigError(`${configPath}: no such configuration file — check the --config path`);
  if (!isFile(file)) throw new ConfigError(`${configPath}: not a file — --config takes the path of a .cguard.yaml file`);
  return file;
}

/** The folder with `.git` above `dir`, or `dir` itself outside a repository. */
function repositoryRoot(dir: string): string {
  for (let probe = dir; ; probe = path.dirname(probe)) {
    if (existsSync(path.join(probe, '.git'))) return probe;
    if (path.dirname(probe) === probe) return dir;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function fromState(state: PolicyState): ResolvedPolicy {
  return {
    name: state.name,
    strict: state.strict,
    rules: state.rules,
    overrides: [],
    ignore: state.ignore,
    trustedRegistries: state.trustedRegistries,
    customRules: [],
    requireSuppressionReason: false,
    ruleTags: state.ruleTags,
  };
}

function unknownKeyHint(key: string): string {
  if (Object.hasOwn(MISPLACED_KEYS, key)) return MISPLACED_KEYS[key]!;
  const close = CONFIG_KEYS.find((k) => editDistance(k, key) <= 2);
  return close ? `did you mean '${close}'?` : `allowed keys: ${CONFIG_KEYS.join(', ')}`;
}

/**
 * `rules:` of the config or an override. Custom rules keep the level written in `custom-rules`:
 * the scan reports them at that level everywhere, so a per-path setting would be silently
 * ignored — refuse it instead.
 */
function parseConfigRules(
  file: YamlFile,
  entry: Entry,
  rules: readonly Rule[],
  customIds: readonly string[],
  current: (id: string) => RuleSetting | undefined,
): Map<string, RuleSetting> {
  for (const item of entriesOf(file, entry, 'a mapping of rule ids or names to levels')) {
    const custom = customIds.find((id) => id.toLowerCase() === item.key.toLowerCase());
    if (custom) fail(file, item.line, item.keyPath, `${custom} is a custom rule`, "set its level in its 'custom-rules' entry");
  }
  return parseRules(file, entry, ruleCatalog(rules), { current });
}

interface OverrideContext {
  cwd: string;
  rules: readonly Rule[];
  configDir: string;
  customIds: readonly string[];
  policy: ResolvedPolicy;
}

/** `overrides: [{files: "deploy/**", rules: {CG006: off}}]` — later entries win, as in ESLint. */
function parseOverrides(file: YamlFile, entry: Entry, ctx: OverrideContext): PathOverride[] {
  return itemsOf(file, entry, 'a list of {files, rules} entries').map((item) => {
    let files: string[] | undefined;
    let settings: Map<string, RuleSetting> | undefined;
    for (const field of entriesOf(file, item, 'a mapping with files and rules')) {
      if (field.key === 'files') {
        const globs = stringListOf(file, field, 'a glob').map((g) => checkGlob(file, g.entry, g.value));
        if (globs.length === 0) fail(file, field.line, field.keyPath, 'the list of globs is empty', 'name the files this override is for');
        files = rebaseGlobs(globs, ctx.configDir, ctx.cwd);
      } else if (field.key === 'rules') {
        settings = parseConfigRules(file, field, ctx.rules, ctx.customIds, (id) => ctx.policy.rules.get(id));
      } else {
        fail(file, field.line, field.keyPath, 'unknown key in an override', "an override has only 'files' and 'rules'");
      }
    }
    if (!files) fail(file, item.line, `${item.keyPath}.files`, 'missing', 'name the files this override is for, such as files: "deploy/**"');
    if (!settings) fail(file, item.line, `${item.keyPath}.rules`, 'missing', 'give the rule levels for these files, such as rules: {CG006: off}');
    return makeOverride(files, settings);
  });
}
