/**
 * A scan worker (see worker-pool.ts): rebuild the analysis environment, then take file indexes
 * from the shared counter until none are left, posting each outcome. An index past the files
 * published so far waits for more, until the walk is over. Everything is imported inside the
 * `try`, so a worker that cannot start reports why instead of leaving the main thread waiting.
 */
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { FileOutcome } from './scan.js';
import type { SLOT as Slots, ToWorker, WorkerInput, WorkerMessage } from './worker-pool.js';

const input = workerData as WorkerInput;
const slots = new Int32Array(input.control);
const post = (message: WorkerMessage): void => input.port.postMessage(message);
/** SLOT.finished, known here even when worker-pool.js cannot be loaded. */
const FINISHED: typeof Slots.finished = 1;

try {
  const [{ loadPolicy }, { allRules }, { createAnalysisEnv, scanFile }, { compactOutcome, OUTCOME_BATCH, SLOT }] = await Promise.all([
    import('./policy/config.js'),
    import('./rules/index.js'),
    import('./scan.js'),
    import('./worker-pool.js'),
  ]);
  const { policy } = loadPolicy({ ...input.policySource, rules: allRules });
  const env = { ...createAnalysisEnv(policy, allRules, input.maxFileSize), fingerprints: input.fingerprints, fixEdits: input.retain !== 'findings' };
  const files = input.files;
  let facts = 0;
  let indexes: number[] = [];
  let outcomes: Array<FileOutcome | undefined> = [];
  let posted = performance.now();
  /** Post the outcomes made so far, with the version of the facts they were made with. */
  const send = (): void => {
    if (indexes.length) post({ indexes, outcomes, facts });
    indexes = [];
    outcomes = [];
    posted = performance.now();
  };
  /** Take what the main thread sent: more files, or the tree's facts (after sending what was made without them). */
  const receive = (): void => {
    for (let message = receiveMessageOnPort(input.port); message; message = receiveMessageOnPort(input.port)) {
      const data = message.message as ToWorker;
      if ('files' in data) for (const file of data.files) files.push(file);
      else {
        send();
        Object.assign(env, data.facts);
        facts = 1;
      }
    }
  };
  /** Whether file `i` is (or becomes) known; false when the walk ended before it. */
  const known = (i: number): boolean => {
    for (;;) {
      const signal = Atomics.load(slots, SLOT.signal);
      receive();
      if (i < files.length) return true;
      const total = Atomics.load(slots, SLOT.total);
      if (total >= 0 && i >= total) return false;
      Atomics.wait(slots, SLOT.signal, signal, 1000);
    }
  };
  for (let i = Atomics.add(slots, SLOT.next, 1); known(i); i = Atomics.add(slots, SLOT.next, 1)) {
    // The facts are posted before their version is stored, so they are in the port by now.
    while (facts !== Atomics.load(slots, SLOT.facts)) receive();
    indexes.push(i);
    outcomes.push(compactOutcome(scanFile(files[i]!, env, input.maxFileSize), input.retain));
    // A batch of slow files is sent early: the main thread takes long silence for a dead worker.
    if (indexes.length === OUTCOME_BATCH || performance.now() - posted > 1000) send();
  }
  send();
} catch (error) {
  post({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
} finally {
  Atomics.add(slots, FINISHED, 1);
  Atomics.notify(slots, FINISHED);
}
