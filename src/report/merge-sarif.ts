/**
 * Merging the SARIF logs of `--shard I/N` runs into the single run per category that GitHub
 * accepts: the driver (with its rules) of the first log, every result with its `ruleIndex`
 * re-pointed at the merged rule list.
 */
import { readFileSync } from 'node:fs';
import type * as Sarif from 'sarif';
import { describeFsError } from '../read.js';

export class SarifMergeError extends Error {}

export function mergeSarifLogs(logs: Sarif.Log[]): Sarif.Log {
  if (logs.length === 0) throw new SarifMergeError('nothing to merge');
  const first = logs[0]!.runs[0];
  if (!first) throw new SarifMergeError('the first log has no run');
  const rules: Sarif.ReportingDescriptor[] = [...(first.tool.driver.rules ?? [])];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: Sarif.Result[] = [];
  for (const log of logs) {
    for (const run of log.runs) {
      const runRules = run.tool.driver.rules ?? [];
      for (const rule of runRules) {
        if (!index.has(rule.id)) {
          index.set(rule.id, rules.length);
          rules.push(rule);
        }
      }
      for (const result of run.results ?? []) {
        const id = result.ruleId ?? (result.ruleIndex !== undefined ? runRules[result.ruleIndex]?.id : undefined);
        results.push({ ...result, ...(id !== undefined ? { ruleIndex: index.get(id) ?? -1 } : {}) });
      }
    }
  }
  const key = (r: Sarif.Result): string => {
    const loc = r.locations?.[0]?.physicalLocation;
    return `${loc?.artifactLocation?.uri ?? ''}\0${String(loc?.region?.startLine ?? 0).padStart(9, '0')}\0${String(loc?.region?.startColumn ?? 0).padStart(9, '0')}\0${r.ruleId ?? ''}`;
  };
  results.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const run: Sarif.Run = { ...first, tool: { ...first.tool, driver: { ...first.tool.driver, rules } }, results };
  return { ...logs[0]!, runs: [run] };
}

export function mergeSarifFiles(files: string[]): string {
  const todo = 'merge-sarif takes the SARIF files of `cguard scan --format sarif`';
  const logs = files.map((file, i) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new SarifMergeError(`${file}: cannot read the file (${describeFsError(error)}) — ${todo}`);
    }
    let log: Sarif.Log;
    try {
      log = JSON.parse(text) as Sarif.Log;
    } catch {
      throw new SarifMergeError(`${file}: not JSON, so not a SARIF log — ${todo}`);
    }
    if (!isSarifLog(log)) throw new SarifMergeError(`${file}: not a SARIF 2.1.0 log — ${todo}`);
    if (i === 0 && log.runs.length === 0) throw new SarifMergeError(`${file}: the log has no run — ${todo}`);
    return log;
  });
  return JSON.stringify(mergeSarifLogs(logs), null, 2) + '\n';
}

/** The shape mergeSarifLogs reads: version 2.1.0, runs with a driver, lists of rules and results. */
function isSarifLog(log: Sarif.Log | null): log is Sarif.Log {
  const isObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);
  const isListOfObjects = (value: unknown): boolean => value === undefined || (Array.isArray(value) && value.every(isObject));
  return (
    isObject(log) &&
    log!.version === '2.1.0' &&
    Array.isArray(log!.runs) &&
    log!.runs.every((run) => isObject(run) && isObject(run.tool) && isObject(run.tool.driver) && isListOfObjects(run.tool.driver.rules) && isListOfObjects(run.results))
  );
}
