/**
 * The resolved policy the scan runs with: every rule's level and options, path overrides,
 * ignore globs, trusted registries and compiled custom rules. Config loading (`config.ts`)
 * produces it; the scan only reads it.
 */
import picomatch from 'picomatch';
import type { Level, Rule, TargetKind } from '../rules/types.js';

export interface RuleSetting {
  level: Level | 'off';
  options: Record<string, unknown>;
}

export interface PathOverride {
  files: string[];
  rules: Map<string, RuleSetting>;
  matches: (path: string) => boolean;
}

/** A user's rule from `custom-rules:`, with its `when` compiled by the expression interpreter. */
export interface CustomRule {
  id: string;
  title: string;
  level: Level;
  target: Extract<TargetKind, 'container' | 'dockerfile' | 'unit'>;
  /** Runs the compiled expression over the target's plain-data view. */
  test(view: unknown): boolean;
  /** Renders the message with `{{field}}` placeholders filled from the view. */
  message(view: unknown): string;
}

export interface ResolvedPolicy {
  /** `recommended`, `strict`, `cis-docker` or a policy file's path. */
  name: string;
  strict: boolean;
  rules: Map<string, RuleSetting>;
  overrides: PathOverride[];
  ignore: string[];
  trustedRegistries: string[];
  customRules: CustomRule[];
  requireSuppressionReason: boolean;
  /** `max-file-size` from the config, in bytes. */
  maxFileSize?: number;
  /** Extra SARIF tags per rule id (e.g. `cis-docker-5.4`), from the policy. */
  ruleTags: Map<string, string[]>;
  /** `docker-daemon:` from the config: the hosts' daemon.json logging defaults. */
  dockerDaemon?: DockerDaemonDefaults;
}

/** The daemon.json logging defaults a repository declares (`docker-daemon:` in the config). */
export interface DockerDaemonDefaults {
  logDriver?: string;
  logOpts: Record<string, string>;
}

/** The `recommended` policy computed from the rules' own defaults (no config at all). */
export function defaultPolicy(rules: readonly Rule[]): ResolvedPolicy {
  const settings = new Map<string, RuleSetting>();
  for (const rule of rules) settings.set(rule.id, { level: rule.strictOnly ? 'off' : rule.level, options: {} });
  return {
    name: 'recommended',
    strict: false,
    rules: settings,
    overrides: [],
    ignore: [],
    trustedRegistries: [],
    customRules: [],
    requireSuppressionReason: false,
    ruleTags: new Map(),
  };
}

export function makeOverride(files: string[], rules: Map<string, RuleSetting>): PathOverride {
  const matcher = picomatch(files, { dot: true });
  return { files, rules, matches: (path) => matcher(path) };
}

/** The setting of a rule for one file, after path overrides (later overrides win). */
export function settingFor(policy: ResolvedPolicy, ruleId: string, path: string): RuleSetting {
  let setting = policy.rules.get(ruleId) ?? { level: 'off', options: {} };
  for (const override of policy.overrides) {
    const o = override.rules.get(ruleId);
    if (o && override.matches(path)) setting = o;
  }
  return setting;
}
