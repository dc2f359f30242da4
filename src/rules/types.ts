/**
 * What a rule is: a plain value with its metadata, its documentation and a pure `check`.
 * Rules never read files, the environment or output formats; they see parsed models only.
 */
import type { ComposeModel } from '../model/compose.js';
import type { ContainerSpec } from '../model/container.js';
import type { DaemonConfig } from '../model/daemon.js';
import type { DockerfileModel } from '../model/dockerfile.js';
import type { Fix } from '../model/edit.js';
import type { HostJournald } from '../model/journald.js';
import type { SourceFile, Span } from '../model/source.js';
import type { UnitModel } from '../model/unit.js';

export type Level = 'error' | 'warning' | 'note';

/** What a rule inspects. `container` rules run on every ContainerSpec of every format. */
export type Target =
  | { kind: 'container'; file: SourceFile; container: ContainerSpec; unit?: UnitModel }
  | { kind: 'dockerfile'; file: SourceFile; dockerfile: DockerfileModel }
  | { kind: 'unit'; file: SourceFile; unit: UnitModel; containers: ContainerSpec[] }
  | { kind: 'compose'; file: SourceFile; compose: ComposeModel }
  | { kind: 'daemon'; file: SourceFile; daemon: DaemonConfig };

export type TargetKind = Target['kind'];

export interface RuleDocs {
  /** One line, used as SARIF `shortDescription` and in `cguard rules`. */
  summary: string;
  /** What it does. */
  what: string;
  /** Why is this bad? */
  why: string;
  /** An example that fires (with its format, e.g. `yaml`, `dockerfile`, `ini`). */
  example: { lang: string; code: string };
  /** The same example written well (does not fire). */
  useInstead: { lang: string; code: string };
  /** What the fix does and whether it is safe; undefined when the rule has no fix. */
  fixSafety?: string;
  /** CIS Docker Benchmark items, CWE, upstream docs. */
  references: string[];
}

export interface RuleContext {
  /** Registries the team trusts (`trusted-registries` in the config). */
  trustedRegistries: readonly string[];
  /** The active policy's name, so `strict`-only behaviour can switch on. */
  strict: boolean;
  /** Rule options from the config (`{level, options}`), empty when none are given. */
  options: Readonly<Record<string, unknown>>;
  /** The scanned tree's journald.conf limits (CG209); undefined when the tree has none. */
  hostJournald?: HostJournald;
  /** The hosts' daemon.json logging defaults, when the config declares them (`docker-daemon:`). */
  dockerDaemon?: { logDriver?: string; logOpts: Readonly<Record<string, string>> };
}

export interface RuleFinding {
  span: Span;
  message: string;
  fix?: Fix;
}

export interface Rule {
  id: string;
  name: string;
  /** Level under the `recommended` policy. */
  level: Level;
  /** Only enabled by the `strict` policy (and above). */
  strictOnly?: boolean;
  /** SARIF `security-severity`, 0.0–10.0 (GitHub: ≥9 critical, ≥7 high, ≥4 medium, else low). */
  securitySeverity: number;
  tags: string[];
  /** CIS Docker Benchmark items this rule checks (e.g. `5.4`). */
  cis?: string[];
  cwe?: string[];
  docs: RuleDocs;
  targets: readonly TargetKind[];
  /** Whether any of its findings can carry a fix, and of what safety. */
  fixable?: 'safe' | 'unsafe';
  check(target: Target, ctx: RuleContext): RuleFinding[];
}

/** Identity helper that keeps the literal types of a rule definition. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
