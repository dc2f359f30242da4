/**
 * Baselines: accept today's findings, block new ones. Entries match by fingerprint (rule, file,
 * the text the finding is about, its occurrence), which survives moved lines.
 */
import { readFileSync } from 'node:fs';
import type { Finding } from '../finding.js';
import { describeFsError } from '../read.js';

export class BaselineError extends Error {}

export interface BaselineFile {
  version: 1;
  findings: Array<{ ruleId: string; path: string; fingerprint: string; message: string }>;
}

export function createBaseline(findings: readonly Finding[]): BaselineFile {
  return {
    version: 1,
    findings: findings
      .filter((f) => !f.suppressed && f.ruleId !== 'CG000')
      .map((f) => ({ ruleId: f.ruleId, path: f.path, fingerprint: f.fingerprint, message: f.message })),
  };
}

export function loadBaseline(file: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BaselineError(`${file}: ${code === 'ENOENT' ? 'no such baseline file; create one with `cguard baseline`' : `cannot read the baseline (${describeFsError(error)}) — check the --baseline path`}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new BaselineError(`${file}: not a cguard baseline (invalid JSON) — re-create it with \`cguard baseline\``);
  }
  const findings = (data as BaselineFile | undefined)?.findings;
  if ((data as BaselineFile)?.version !== 1 || !Array.isArray(findings) || !findings.every((f) => typeof f === 'object' && f !== null)) {
    throw new BaselineError(`${file}: not a cguard baseline (expected {"version": 1, "findings": [...]}) — re-create it with \`cguard baseline\``);
  }
  return new Set(findings.map((f) => key(f.ruleId, f.path, f.fingerprint)));
}

export function applyBaseline(findings: Finding[], baseline: ReadonlySet<string>): void {
  for (const f of findings) {
    if (!f.suppressed && baseline.has(key(f.ruleId, f.path, f.fingerprint))) f.suppressed = { kind: 'baseline' };
  }
}

function key(ruleId: string, path: string, fingerprint: string): string {
  return `${ruleId}\0${path}\0${fingerprint}`;
}
