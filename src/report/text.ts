/** Human output: findings grouped by file, aligned columns, a summary line; colour on a TTY. */
import type { Finding } from '../finding.js';
import { addToSummary, summarise } from './summary.js';

export interface TextOptions {
  color: boolean;
  filesScanned: number;
}

const codes = { red: 31, yellow: 33, blue: 34, dim: 2, bold: 1, underline: 4, green: 32 } as const;

export function formatText(findings: readonly Finding[], options: TextOptions): string {
  const chunks: string[] = [];
  const report = new TextReport(options.color, (chunk) => chunks.push(chunk));
  report.add(findings);
  report.finish(options.filesScanned);
  return chunks.join('');
}

/**
 * The text report written a file at a time, in the order files are scanned, so a scan can hand
 * each file's findings over and forget them, and the report is never held whole. Writes exactly
 * what `formatText` gives for all the findings at once.
 */
export class TextReport {
  private readonly summary = summarise([], 0);
  private currentPath: string | undefined;

  constructor(
    private readonly color: boolean,
    private readonly write: (chunk: string) => void,
  ) {}

  /** Findings in report order (by file, then position), any number of files at a time. */
  add(findings: readonly Finding[]): void {
    addToSummary(this.summary, findings);
    const out: string[] = [];
    for (const f of findings) {
      if (f.suppressed) continue;
      if (f.path !== this.currentPath) {
        if (this.currentPath !== undefined) out.push('');
        out.push(this.paint('underline', f.path));
        this.currentPath = f.path;
      }
      const where = `${f.region.line}:${f.region.column}`.padEnd(8);
      const level = f.level === 'error' ? this.paint('red', 'error  ') : f.level === 'warning' ? this.paint('yellow', 'warning') : this.paint('blue', 'note   ');
      const fixMark = f.fix ? (f.fix.safety === 'safe' ? ' [*]' : ' [unsafe fix]') : '';
      out.push(`  ${this.paint('dim', where)} ${level}  ${this.paint('bold', f.ruleId)}  ${f.message}${this.paint('dim', `  ${f.ruleName}${fixMark}`)}`);
    }
    if (out.length) this.write(out.join('\n') + '\n');
  }

  /** The end of the report: the summary line. */
  finish(filesScanned: number): void {
    const s = { ...this.summary, files: filesScanned };
    const out: string[] = [];
    if (s.findings > 0) out.push('');
    const counts = `${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.notes} note${s.notes === 1 ? '' : 's'}`;
    const scanned = `${s.files} file${s.files === 1 ? '' : 's'} scanned`;
    if (s.findings === 0) {
      out.push(this.paint('green', `✔ no problems (${scanned}${s.suppressed ? `, ${s.suppressed} suppressed` : ''})`));
    } else {
      const parts = [`✖ ${s.findings} problem${s.findings === 1 ? '' : 's'} (${counts}), ${scanned}`];
      if (s.suppressed) parts.push(`${s.suppressed} suppressed`);
      if (s.fixable) parts.push(`${s.fixable} fixable with --fix`);
      if (s.unsafeFixable) parts.push(`${s.unsafeFixable} more with --unsafe-fixes`);
      out.push(this.paint(s.errors ? 'red' : 'yellow', parts.join('; ')));
    }
    this.write(out.join('\n') + '\n');
  }

  private paint(style: keyof typeof codes, s: string): string {
    return this.color ? `\u001b[${codes[style]}m${s}\u001b[0m` : s;
  }
}
