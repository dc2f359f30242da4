/**
 * A scan worker (see worker-pool.ts): rebuild the analysis environment, then take file indexes
 * from the shared counter until none are left, posting each outcome. Everything is imported
 * inside the `try`, so a worker that cannot start reports why instead of leaving the main
 * thread waiting.
 */
import { workerData } from 'node:worker_threads';
import type { FileOutcome } from './scan.js';
import type { WorkerInput, WorkerMessage } from './worker-pool.js';

const input = workerData as WorkerInput;
const slots = new Int32Array(input.control);
const post = (message: WorkerMessage): void => input.port.postMessage(message);

try {
  const [{ loadPolicy }, { allRules }, { createAnalysisEnv, scanFile }, { compactOutcome, OUTCOME_BATCH }] = await Promise.all([
    import('./policy/config.js'),
    import('./rules/index.js'),
    import('./scan.js'),
    import('./worker-pool.js'),
  ]);
  const { policy } = loadPolicy({ ...input.policySource, rules: allRules });
  const env = { ...createAnalysisEnv(policy, allRules, input.maxFileSize), ...input.crossFile, fingerprints: input.fingerprints };
  let indexes: number[] = [];
  let outcomes: Array<FileOutcome | undefined> = [];
  let posted = performance.now();
  for (let i = Atomics.add(slots, 0, 1); i < input.files.length; i = Atomics.add(slots, 0, 1)) {
    indexes.push(i);
    outcomes.push(compactOutcome(scanFile(input.files[i]!, env, input.maxFileSize), input.retain));
    // A batch of slow files is sent early: the main thread takes long silence for a dead worker.
    if (indexes.length === OUTCOME_BATCH || performance.now() - posted > 1000) {
      post({ indexes, outcomes });
      indexes = [];
      outcomes = [];
      posted = performance.now();
    }
  }
  if (indexes.length) post({ indexes, outcomes });
} catch (error) {
  post({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
} finally {
  Atomics.add(slots, 1, 1);
  Atomics.notify(slots, 1);
}
