/**
 * `--fix`, `--unsafe-fixes` and `--diff` over the files of a scan: each file is fixed in passes
 * by src/fix/apply.ts with the scan's own analysis as the re-parse step, then written
 * atomically or shown as a unified diff.
 */
import type { Finding } from '../finding.js';
import type { SourceFile } from '../model/source.js';
import type { AnalysisEnv, FileOutcome } from '../scan.js';
import { analyseSource } from '../scan.js';
import { fixFile } from './apply.js';
import { unifiedDiff } from './diff.js';
import { writeFileAtomic } from './write.js';

export interface FixRunOptions {
  unsafe: boolean;
  /** Print diffs instead of writing. */
  diffOnly: boolean;
  roots: string[];
  /** Time to fix one file before it is left as it is (default FIX_BUDGET_MS; tests lower it). */
  budgetMs?: number;
}

export const FIX_BUDGET_MS = 20_000;

export interface FixRunResult {
  /** Files whose text changed (written, or shown as a diff). */
  changed: string[];
  diff: string;
  appliedCount: number;
  /** One-line messages: fixes dropped because their result did not parse, writes refused. */
  notes: string[];
  /** The file outcomes after fixing, with the findings that remain. */
  files: FileOutcome[];
}

export function runFixes(files: FileOutcome[], env: AnalysisEnv, options: FixRunOptions): FixRunResult {
  const result: FixRunResult = { changed: [], diff: '', appliedCount: 0, notes: [], files: [] };
  for (const outcome of files) {
    const source = outcome.source;
    // A lazily computed fix may turn out to have no edits (the editor declined): not a fix.
    const wanted = (f: Finding): boolean => !f.suppressed && !!f.fix && (options.unsafe || f.fix.safety === 'safe') && f.fix.edits.length > 0;
    if (!source || !outcome.findings.some(wanted)) {
      result.files.push(outcome);
      continue;
    }
    const parseErrors = outcome.findings.filter((f) => f.ruleId === 'CG000').length;
    // The loop analyses the file once per pass and once per fix it has to retry alone; a file
    // that makes that slow is left as it is rather than stalling the run (src/scan.ts, work limits).
    const deadline = performance.now() + (options.budgetMs ?? FIX_BUDGET_MS);
    let outOfTime = false;
    const analyse = (text: string): { parses: boolean; fixes: NonNullable<Finding['fix']>[] } => {
      if (performance.now() > deadline) {
        outOfTime = true;
        return { parses: false, fixes: [] };
      }
      const r = analyseSource({ ...source, text }, env);
      // A fix must not make the file worse to read: no new parse errors.
      const parses = r.parses && r.findings.filter((f) => f.ruleId === 'CG000').length <= parseErrors;
      return { parses, fixes: r.findings.filter(wanted).map((f) => f.fix!) };
    };
    let fixed: ReturnType<typeof fixFile>;
    try {
      fixed = fixFile(source.text, analyse, { unsafe: options.unsafe });
    } catch (error) {
      // A bug in one file's fixes must not stop the others (nor leave them half done).
      result.notes.push(`${outcome.path}: not fixed: internal error (${(error as Error)?.message?.split('\n')[0]}); please report it`);
      result.files.push(outcome);
      continue;
    }
    if (outOfTime) {
      result.notes.push(`${outcome.path}: not fixed: fixing took longer than ${Math.round((options.budgetMs ?? FIX_BUDGET_MS) / 1000)} s (the file is too complex); fix it by hand`);
      result.files.push(outcome);
      continue;
    }
    for (const d of fixed.dropped) result.notes.push(`${outcome.path}: fix dropped (${d.description}): ${d.reason}`);
    if (fixed.text === source.text) {
      result.files.push(outcome);
      continue;
    }
    const after: SourceFile = { ...source, text: fixed.text };
    if (options.diffOnly) {
      result.diff += unifiedDiff(outcome.path, source.text, fixed.text, { bom: source.bom });
    } else {
      try {
        writeFileAtomic(outcome.absPath, fixed.text, { bom: source.bom, roots: options.roots });
      } catch (error) {
        result.notes.push(`${outcome.path}: not written: ${(error as Error).message}`);
        result.files.push(outcome);
        continue;
      }
    }
    result.changed.push(outcome.path);
    result.appliedCount += fixed.applied.length;
    result.files.push({ ...outcome, source: after, findings: analyseSource(after, env).findings });
  }
  return result;
}
