/**
 * Merging the SARIF logs of `--shard I/N` runs into the single run per category that GitHub
 * accepts: the driver (with its rules) of the first log, every result with its `ruleIndex`
 * re-pointed at the merged rule list.
 */
import { readFileSync } from 'node:fs';
import type * as Sarif from 'sarif';

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
  const logs = files.map((file) => {
    try {
      const log = JSON.parse(readFileSync(file, 'utf8')) as Sarif.Log;
      if (log?.version !== '2.1.0' || !Array.isArray(log.runs)) throw new Error('not SARIF 2.1.0');
      return log;
    } catch (error) {
      throw new SarifMergeError(`${file}: cannot merge (${(error as Error).message})`);
    }
  });
  return JSON.stringify(mergeSarifLogs(logs), null, 2) + '\n';
}
