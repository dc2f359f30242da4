/**
 * GitHub workflow commands (`::error file=…,line=…::message`). GitHub shows at most 10 error
 * and 10 warning annotations per step (50 per job), so the most severe come first and the rest
 * are summed up in one notice.
 */
import type { Finding } from '../finding.js';

export interface GithubOptions {
  /** Per-level cap (GitHub: 10 per step). */
  maxPerLevel?: number;
}

const COMMAND: Record<Finding['level'], string> = { error: 'error', warning: 'warning', note: 'notice' };
const RANK: Record<Finding['level'], number> = { error: 0, warning: 1, note: 2 };

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(findings: readonly Finding[], options: GithubOptions = {}): string {
  const cap = options.maxPerLevel ?? 10;
  const visible = findings.filter((f) => !f.suppressed).sort((a, b) => RANK[a.level] - RANK[b.level]);
  const overflow = (['error', 'warning', 'note'] as const).some((level) => visible.filter((f) => f.level === level).length > cap);
  // The "+N more" line is a notice itself: keep a notice slot free for it, or GitHub drops it.
  const capOf = (level: Finding['level']): number => (overflow && level === 'note' ? cap - 1 : cap);
  const shown = new Map<string, number>();
  const lines: string[] = [];
  let omitted = 0;
  for (const f of visible) {
    const n = shown.get(f.level) ?? 0;
    if (n >= capOf(f.level)) {
      omitted++;
      continue;
    }
    shown.set(f.level, n + 1);
    const props = [
      `file=${escapeProperty(f.path)}`,
      `line=${f.region.line}`,
      `endLine=${f.region.endLine}`,
      // Columns are only allowed on one-line annotations (actions/toolkit AnnotationProperties).
      ...(f.region.line === f.region.endLine ? [`col=${f.region.column}`, `endColumn=${f.region.endColumn}`] : []),
      `title=${escapeProperty(`${f.ruleId} ${f.ruleName}`)}`,
    ];
    lines.push(`::${COMMAND[f.level]} ${props.join(',')}::${escapeData(f.message)}`);
  }
  if (omitted) lines.push(`::notice title=${escapeProperty('cguard')}::${escapeData(`+${omitted} more findings not shown as annotations (GitHub shows 10 per level and step); see the SARIF upload or the step summary`)}`);
  return lines.length ? lines.join('\n') + '\n' : '';
}
