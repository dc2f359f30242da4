/** Test helpers: scan a text in memory with the real pipeline, and apply a fix's edits. */
import type { Finding } from '../src/finding.js';
import type { Edit } from '../src/model/edit.js';
import { sourceFromText, type FileKind } from '../src/model/source.js';
import { defaultPolicy, type ResolvedPolicy } from '../src/policy/policy.js';
import { allRules } from '../src/rules/index.js';
import { createAnalysisEnv, analyseSource } from '../src/scan.js';

export interface LintOptions {
  path?: string;
  policy?: ResolvedPolicy;
  strict?: boolean;
}

const DEFAULT_PATHS: Record<FileKind, string> = {
  dockerfile: 'Dockerfile',
  compose: 'compose.yaml',
  unit: 'app.service',
  quadlet: 'app.container',
  'daemon-json': 'daemon.json',
};

export function lint(kind: FileKind, text: string, options: LintOptions = {}): Finding[] {
  const policy = options.policy ?? defaultPolicy(allRules);
  if (options.strict) {
    policy.strict = true;
    for (const rule of allRules) if (rule.strictOnly) policy.rules.set(rule.id, { level: rule.level, options: {} });
  }
  const source = sourceFromText(options.path ?? DEFAULT_PATHS[kind], kind, text);
  return analyseSource(source, createAnalysisEnv(policy, allRules)).findings;
}

/** Findings of one rule as `line:column` strings, the shape rule tests assert. */
export function locations(findings: Finding[], ruleId: string): string[] {
  return findings.filter((f) => f.ruleId === ruleId && !f.suppressed).map((f) => `${f.region.line}:${f.region.column}`);
}

export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** The whole text after applying the fix of the (single) finding of `ruleId`. */
export function fixed(kind: FileKind, text: string, ruleId: string, options: LintOptions = {}): string {
  const findings = lint(kind, text, options).filter((f) => f.ruleId === ruleId);
  if (findings.length !== 1) throw new Error(`expected one ${ruleId} finding, got ${findings.length}`);
  const fix = findings[0]!.fix;
  if (!fix) throw new Error(`${ruleId} finding has no fix`);
  return applyEdits(text, fix.edits);
}
