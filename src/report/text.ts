/** Human output: findings grouped by file, aligned columns, a summary line; colour on a TTY. */
import type { Finding } from '../finding.js';
import { summarise } from './summary.js';

export interface TextOptions {
  color: boolean;
  filesScanned: number;
}

const codes = { red: 31, yellow: 33, blue: 34, dim: 2, bold: 1, underline: 4, green: 32 } as const;

export function formatText(findings: readonly Finding[], options: TextOptions): string {
  const paint = (style: keyof typeof codes, s: string): string => (options.color ? `\u001b[${codes[style]}m${s}\u001b[0m` : s);
  const visible = findings.filter((f) => !f.suppressed);
  const out: string[] = [];
  let currentPath: string | undefined;
  for (const f of visible) {
    if (f.path !== currentPath) {
      if (currentPath !== undefined) out.push('');
      out.push(paint('underline', f.path));
      currentPath = f.path;
    }
    const where = `${f.region.line}:${f.region.column}`.padEnd(8);
    const level = f.level === 'error' ? paint('red', 'error  ') : f.level === 'warning' ? paint('yellow', 'warning') : paint('blue', 'note   ');
    const fixMark = f.fix ? (f.fix.safety === 'safe' ? ' [*]' : ' [unsafe fix]') : '';
    out.push(`  ${paint('dim', where)} ${level}  ${paint('bold', f.ruleId)}  ${f.message}${paint('dim', `  ${f.ruleName}${fixMark}`)}`);
  }
  const s = summarise(findings, options.filesScanned);
  if (visible.length) out.push('');
  const counts = `${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.notes} note${s.notes === 1 ? '' : 's'}`;
  const scanned = `${s.files} file${s.files === 1 ? '' : 's'} scanned`;
  if (s.findings === 0) {
    out.push(paint('green', `✔ no problems (${scanned}${s.suppressed ? `, ${s.suppressed} suppressed` : ''})`));
  } else {
    const parts = [`✖ ${s.findings} problem${s.findings === 1 ? '' : 's'} (${counts}), ${scanned}`];
    if (s.suppressed) parts.push(`${s.suppressed} suppressed`);
    if (s.fixable) parts.push(`${s.fixable} fixable with --fix`);
    if (s.unsafeFixable) parts.push(`${s.unsafeFixable} more with --unsafe-fixes`);
    out.push(paint(s.errors ? 'red' : 'yellow', parts.join('; ')));
  }
  return out.join('\n') + '\n';
}
