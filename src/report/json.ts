/** The JSON contract of DESIGN.md: `{version: 1, results: [...], summary: {...}}`. */
import type { Finding } from '../finding.js';
import { lineIndexes, type LineIndex } from '../model/source.js';
import { JsonArrayStream } from './stream.js';
import { addToSummary, summarise } from './summary.js';

export interface JsonOptions {
  filesScanned: number;
  /** File texts by path, to give edits line/column positions (edits that carry `at` need none). */
  textOf?(path: string): string | undefined;
  includeSuppressed: boolean;
}

export function formatJson(findings: readonly Finding[], options: JsonOptions): string {
  const chunks: string[] = [];
  const report = new JsonReport((chunk) => chunks.push(chunk), options);
  report.add(findings);
  report.finish(options.filesScanned);
  return chunks.join('');
}

/**
 * The JSON report written a file at a time, in the order files are scanned, so a scan can hand
 * each file's findings over and forget them. Writes exactly what `formatJson` gives for all the
 * findings at once.
 */
export class JsonReport {
  private readonly results: JsonArrayStream;
  private readonly summary = summarise([], 0);
  private readonly indexOf: (path: string) => LineIndex | undefined;

  constructor(
    write: (chunk: string) => void,
    private readonly options: Pick<JsonOptions, 'textOf' | 'includeSuppressed'>,
  ) {
    this.indexOf = lineIndexes(options.textOf ?? (() => undefined));
    this.results = new JsonArrayStream(write);
    this.results.begin(this.document());
  }

  /** Findings in report order (by file, then position), any number of files at a time. */
  add(findings: readonly Finding[]): void {
    addToSummary(this.summary, findings);
    for (const f of findings) {
      if (f.suppressed && !this.options.includeSuppressed) continue;
      this.results.add({
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
                  const region = e.at ?? this.indexOf(f.path)?.exactRegion(e);
                  return { start: e.start, end: e.end, ...(region ?? {}), text: e.text };
                }),
              },
            ]
          : [],
      });
    }
  }

  /** The rest of the report: the end of the results, then the summary. */
  finish(filesScanned: number): void {
    this.results.end(this.document({ ...this.summary, files: filesScanned }));
  }

  private document(summary = this.summary): unknown {
    return { version: 1, results: [this.results.placeholder], summary };
  }
}
