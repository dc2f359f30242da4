/** The JSON contract of DESIGN.md: `{version: 1, results: [...], summary: {...}}`. */
import type { Finding } from '../finding.js';
import { lineIndexes } from '../model/source.js';
import { summarise } from './summary.js';

export interface JsonOptions {
  filesScanned: number;
  /** File texts by path, to give edits line/column positions. */
  textOf(path: string): string | undefined;
  includeSuppressed: boolean;
}

export function formatJson(findings: readonly Finding[], options: JsonOptions): string {
  const indexOf = lineIndexes(options.textOf);
  const results = findings
    .filter((f) => options.includeSuppressed || !f.suppressed)
    .map((f) => ({
      ruleId: f.ruleId,
      name: f.ruleName,
      level: f.level,
      message: f.message,
      file: f.path,
      line: f.region.line,
      column: f.region.column,
      endLine: f.region.endLine,
      endColumn: f.region.endColumn,
      fingerprint: f.fingerprint,
      ...(f.suppressed ? { suppressed: f.suppressed } : {}),
      fixes: f.fix?.edits.length
        ? [
            {
              safety: f.fix.safety,
              description: f.fix.description,
              edits: f.fix.edits.map((e) => {
                const region = indexOf(f.path)?.exactRegion(e);
                return { start: e.start, end: e.end, ...(region ?? {}), text: e.text };
              }),
            },
          ]
        : [],
    }));
  return JSON.stringify({ version: 1, results, summary: summarise(findings, options.filesScanned) }, null, 2) + '\n';
}
