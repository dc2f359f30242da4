import type { Finding } from '../finding.js';

export interface Summary {
  files: number;
  findings: number;
  errors: number;
  warnings: number;
  notes: number;
  suppressed: number;
  /** Findings with a safe fix (`--fix`). */
  fixable: number;
  /** Findings whose fix is unsafe (`--unsafe-fixes`). */
  unsafeFixable: number;
}

export function summarise(findings: readonly Finding[], files: number): Summary {
  const s: Summary = { files, findings: 0, errors: 0, warnings: 0, notes: 0, suppressed: 0, fixable: 0, unsafeFixable: 0 };
  addToSummary(s, findings);
  return s;
}

/** Count more findings into `s` (a report built one file at a time). */
export function addToSummary(s: Summary, findings: readonly Finding[]): void {
  for (const f of findings) {
    if (f.suppressed) {
      s.suppressed++;
      continue;
    }
    s.findings++;
    if (f.level === 'error') s.errors++;
    else if (f.level === 'warning') s.warnings++;
    else s.notes++;
    if (f.fix?.safety === 'safe') s.fixable++;
    else if (f.fix?.safety === 'unsafe') s.unsafeFixable++;
  }
}
