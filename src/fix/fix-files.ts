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
}

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
    const analyse = (text: string): { parses: boolean; fixes: NonNullable<Finding['fix']>[] } => {
      const r = analyseSource({ ...source, text }, env);
      // A fix must not make the file worse to read: no new parse errors.
      const parses = r.parses && r.findings.filter((f) => f.ruleId === 'CG000').length <= parseErrors;
      return { parses, fixes: r.findings.filter(wanted).map((f) => f.fix!) };
    };
    const fixed = fixFile(source.text, analyse, { unsafe: options.unsafe });
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
