/** A finding as the pipeline reports it: a rule's finding placed in a file, with its level. */
import { createHash } from 'node:crypto';
import type { Fix } from './model/edit.js';
import type { Region, Span } from './model/source.js';
import type { Level } from './rules/types.js';

export interface Finding {
  ruleId: string;
  ruleName: string;
  level: Level;
  message: string;
  /** Relative to the working directory, forward slashes. */
  path: string;
  span: Span;
  region: Region;
  fix?: Fix;
  /** Stable across moved lines: rule, file, the subject's text and its occurrence. */
  fingerprint: string;
  suppressed?: { kind: 'inSource' | 'baseline'; justification?: string };
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  if (a.region.line !== b.region.line) return a.region.line - b.region.line;
  if (a.region.column !== b.region.column) return a.region.column - b.region.column;
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/**
 * Give each finding a fingerprint that does not change when lines move: a hash of the rule,
 * the file, the text the finding points at (whitespace folded) and, for identical subjects, the
 * occurrence number. Findings must be sorted first so occurrences are counted in file order.
 */
export function assignFingerprints(findings: Finding[], text: string | undefined): void {
  const occurrences = new Map<string, number>();
  for (const finding of findings) {
    const subject = text === undefined
      ? ''
      : text.slice(finding.span.start, Math.min(finding.span.end, finding.span.start + 200)).replace(/\s+/g, ' ').trim();
    const key = `${finding.ruleId}\0${finding.path}\0${subject}\0${finding.ruleId === 'CG000' ? '' : finding.message}`;
    const n = occurrences.get(key) ?? 0;
    occurrences.set(key, n + 1);
    finding.fingerprint = createHash('sha256').update(`${key}\0${n}`).digest('hex').slice(0, 32);
  }
}
