/**
 * Scanning a large tree on several threads while `scan()` stays synchronous. Workers start as
 * soon as the walk has found enough files and scan while the main thread walks on: the main
 * thread publishes the files it finds in walk order (which is the report's order) in batches,
 * and every thread takes file indexes from one shared counter (so a slow file never leaves a
 * thread idle). Once the walk is over, the main thread works out the facts that need the whole
 * tree, joins in, and drains the workers' outcomes (posted with their indexes, OUTCOME_BATCH at
 * a time) with `receiveMessageOnPort` every 64 files and, once its own share is done, between
 * `Atomics.wait`s. Outcomes are placed by index, so the result is the same, byte for byte,
 * whatever the number of threads.
 *
 * A worker rebuilds the analysis environment from the same inputs (policy name or config file,
 * size limit); a parse tree or a file's text never crosses threads, only outcomes (findings,
 * and for JSON and SARIF their fixes' edits with line and column).
 *
 * Facts about the whole tree: a compose file's "started by" units only add to messages, which
 * the main thread does as it emits; the tree's journald.conf (CG209) is only known after the
 * walk, so it is sent to the workers then, and the few outcomes a worker made before it had
 * them, for files that can hold containers, are analysed again on the main thread.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { DiscoveredFile } from './discover.js';
import type { Finding } from './finding.js';
import type { Edit } from './model/edit.js';
import { LineIndex } from './model/source.js';
import type { AnalysisEnv, FileOutcome } from './scan.js';

/** How workers re-create the policy the main thread loaded (it holds compiled matchers, so it is not sent). */
export interface PolicySource {
  cwd: string;
  configPath?: string;
  policy?: string;
}

export interface ParallelOptions {
  /** Threads in all, the main one included, whatever the tree's size; default: every core from DEFAULT_MIN_FILES files. */
  threads?: number;
  policySource: PolicySource;
  /** Below this many files the workers' start-up (loading cguard again) costs more than it saves. */
  minFiles?: number;
  /** The worker's script; default `scan-worker.js` next to this module (tests pass a bundle). */
  workerScript?: string;
}

/**
 * Below this many files a scan stays on the main thread. A worker loads cguard again and warms
 * up on its own, and V8's garbage collector and compiler threads already keep a second core
 * busy (a single-threaded scan's CPU time is ~1.4× its wall time). Measured on 2 cores: one
 * thread is faster at 571 and 3,625 files, even at 10,000, and two threads are a third faster
 * at 100,000 (42 s against 63 s).
 */
export const DEFAULT_MIN_FILES = 10_000;

/**
 * A scan allocates fast and keeps little, so a larger young generation (V8's default semi-space
 * is 16 MB) means fewer, cheaper collections: on 100,000 files, 30–33 s instead of 34–35 s, for
 * ≈ 40 MB more. Only a worker can be given it; the main thread's is fixed at Node's start-up.
 */
const WORKER_YOUNG_GENERATION_MB = 96;

/** The cross-file facts a worker's analysis needs (plain data, cloned to workers). */
export type CrossFileFacts = Pick<AnalysisEnv, 'hostJournald'>;

export interface WorkerJob {
  maxFileSize: number;
  retain: Retain;
  fingerprints: boolean;
}

/** What a worker needs besides the file list. */
export interface WorkerInput extends WorkerJob {
  /** The files published so far; later ones come as `{ files }` messages. */
  files: DiscoveredFile[];
  policySource: PolicySource;
  /** Int32 slots, see SLOT. */
  control: SharedArrayBuffer;
  port: MessagePort;
}

/** Main thread to worker: more files (in order), or the facts of the whole tree. */
export type ToWorker = { files: DiscoveredFile[] } | { facts: CrossFileFacts };

/**
 * Worker to main thread: the file at `indexes[k]` gave `outcomes[k]`, analysed with the facts
 * of version `facts`; batched, since fewer, larger messages cost less to send and to receive.
 */
export type WorkerMessage = { indexes: number[]; outcomes: Array<FileOutcome | undefined>; facts: number } | { error: string };

/** Outcomes a worker sends in one message; the last message of a worker may hold fewer. */
export const OUTCOME_BATCH = 32;

/** Files the main thread publishes to the workers at a time while it walks. */
const PUBLISH_BATCH = 256;

/** The shared Int32 slots. */
export const SLOT = {
  /** The next file index to take. */
  next: 0,
  /** Workers finished. */
  finished: 1,
  /** The number of files once the walk is over; -1 before. */
  total: 2,
  /** The version of the tree's facts: 0 until the walk is over, then 1. */
  facts: 3,
  /** Bumped (and notified) whenever files, the total or the facts are published. */
  signal: 4,
} as const;

/** Silence from every worker this long means one died without a word. */
const STALL_MS = 60_000;

/** The thread count to use for `fileCount` files, 1 meaning "stay on the main thread". */
export function threadCount(fileCount: number, options: ParallelOptions): number {
  // A thread count the user set (CGUARD_THREADS) is taken at any size.
  if (options.threads === undefined && fileCount < (options.minFiles ?? DEFAULT_MIN_FILES)) return 1;
  const wanted = options.threads ?? availableParallelism();
  return Math.max(1, Math.min(wanted, 16, Math.ceil(fileCount / 50)));
}

/**
 * The threads to start while walking, once `found` files are known and the walk is not over:
 * every core (or the user's count) from `minFiles` on; 1 (not yet) before.
 */
export function streamingThreadCount(found: number, options: ParallelOptions): number {
  if (found < (options.minFiles ?? DEFAULT_MIN_FILES)) return 1;
  return Math.max(1, Math.min(options.threads ?? availableParallelism(), 16));
}

/**
 * Workers scanning `files`, a list that may still grow while the walk goes on (`publish`),
 * until `close` says it is whole; then `run` does the main thread's share and gives every
 * outcome, in file order, to `emit`. Falls back to the main thread alone when the worker
 * script is missing (running from sources, as under vitest).
 */
export class ParallelScan {
  private readonly slots: Int32Array;
  private readonly channels: MessageChannel[] = [];
  private readonly workers: Worker[] = [];
  private published: number;
  private factsVersion = 0;

  constructor(
    private readonly files: DiscoveredFile[],
    threads: number,
    options: ParallelOptions,
    work: WorkerJob,
  ) {
    const script = options.workerScript ?? fileURLToPath(new URL('./scan-worker.js', import.meta.url));
    const control = new SharedArrayBuffer(4 * 5);
    this.slots = new Int32Array(control);
    this.slots[SLOT.total] = -1;
    this.published = files.length;
    const workerCount = existsSync(script) ? threads - 1 : 0;
    for (let w = 0; w < workerCount; w++) {
      const channel = new MessageChannel();
      const input: WorkerInput = { files, ...work, policySource: options.policySource, control, port: channel.port2 };
      this.workers.push(new Worker(script, { workerData: input, transferList: [channel.port2], resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } }));
      this.channels.push(channel);
    }
  }

  /** Send the workers the files found since the last call, once there are enough of them. */
  publish(): void {
    if (this.files.length - this.published >= PUBLISH_BATCH) this.send();
  }

  /** The walk is over: the list is whole, and these are the facts of the whole tree. */
  close(facts: CrossFileFacts): void {
    this.send();
    if (facts.hostJournald) {
      for (const channel of this.channels) channel.port1.postMessage({ facts } satisfies ToWorker);
      this.factsVersion = 1;
      Atomics.store(this.slots, SLOT.facts, 1);
    }
    Atomics.store(this.slots, SLOT.total, this.files.length);
    this.signal();
  }

  private send(): void {
    if (this.published === this.files.length) return;
    const files = this.files.slice(this.published);
    for (const channel of this.channels) channel.port1.postMessage({ files } satisfies ToWorker);
    this.published = this.files.length;
    this.signal();
  }

  private signal(): void {
    Atomics.add(this.slots, SLOT.signal, 1);
    Atomics.notify(this.slots, SLOT.signal);
  }

  /**
   * The main thread's share, then every outcome in file order to `emit` as soon as it and all
   * before it are done. `scanOne` analyses with the final facts; an outcome a worker made with
   * earlier ones is made again with it when `factsMatter` says the facts could change it.
   */
  run(
    scanOne: (file: DiscoveredFile) => FileOutcome | undefined,
    emit: (outcome: FileOutcome | undefined) => void,
    factsMatter: (outcome: FileOutcome) => boolean,
  ): void {
    const { files, slots, channels } = this;
    const workerCount = this.workers.length;
    const outcomes = new Array<FileOutcome | undefined>(files.length);
    const done = new Uint8Array(files.length);
    const stale = new Uint8Array(files.length);
    const failures: string[] = [];
    let emitted = 0;
    const flush = (): void => {
      for (; emitted < files.length && done[emitted]; emitted++) {
        let outcome = outcomes[emitted];
        if (stale[emitted] && outcome && factsMatter(outcome)) outcome = scanOne(files[emitted]!);
        emit(outcome);
        outcomes[emitted] = undefined;
      }
    };
    let lastProgress = Date.now();
    const drain = (): void => {
      for (const channel of channels) {
        for (let message = receiveMessageOnPort(channel.port1); message; message = receiveMessageOnPort(channel.port1)) {
          const data = message.message as WorkerMessage;
          lastProgress = Date.now();
          if ('error' in data) failures.push(data.error);
          else {
            const old = data.facts < this.factsVersion ? 1 : 0;
            for (let k = 0; k < data.indexes.length; k++) {
              const index = data.indexes[k]!;
              outcomes[index] = data.outcomes[k];
              done[index] = 1;
              stale[index] = old;
            }
          }
        }
      }
      flush();
    };
    try {
      for (let i = Atomics.add(slots, SLOT.next, 1); i < files.length; i = Atomics.add(slots, SLOT.next, 1)) {
        outcomes[i] = scanOne(files[i]!);
        done[i] = 1;
        if ((i & 63) === 0) drain(); // keep the queue short while the main thread works
        else flush();
      }
      lastProgress = Math.max(lastProgress, Date.now() - 1);
      for (let finished = Atomics.load(slots, SLOT.finished); finished < workerCount; finished = Atomics.load(slots, SLOT.finished)) {
        drain();
        // A worker killed outright (out of memory) never reports back: rather than wait forever,
        // stop waiting after a long silence and scan what is missing on this thread.
        if (Date.now() - lastProgress > STALL_MS) break;
        Atomics.wait(slots, SLOT.finished, finished, 100);
      }
      drain();
      if (failures.length) throw new Error(`a scan worker failed: ${failures[0]}`);
      for (let i = emitted; i < files.length; i++) {
        if (!done[i]) {
          outcomes[i] = scanOne(files[i]!);
          done[i] = 1;
          stale[i] = 0;
        }
        flush();
      }
    } finally {
      this.stop();
    }
  }

  /** Stop the workers (also when the scan fails before `run`). */
  stop(): void {
    for (const worker of this.workers) void worker.terminate();
    for (const channel of this.channels) channel.port1.close();
  }
}

/**
 * What a scan keeps of each file once its findings are made, so a large tree's memory is its
 * findings, not its parse trees:
 * - `all`: everything, fixes lazy (they hold the file's parse tree until read): `--fix`, the Action.
 * - `fixes`: fixes computed now as plain edits, each with its line and column (`Edit.at`, which
 *   JSON and SARIF report), and no texts.
 * - `findings`: no texts; a fix keeps its description and safety (the text report marks fixable
 *   findings) but not its edits, which nobody will read.
 */
export type Retain = 'all' | 'fixes' | 'findings';

/** Bytes of compose text the fixes of one file may re-parse for a report (about 2 s of parsing). */
const FIX_REPORT_BUDGET = 16 * 1024 * 1024;

export function compactOutcome(outcome: FileOutcome | undefined, retain: Retain): FileOutcome | undefined {
  if (!outcome || retain === 'all') return outcome;
  // A compose fix that changes several keys re-parses the file, so reporting every fix of a
  // huge file with many services costs (fixes × file size). Past a deterministic budget the
  // report leaves the remaining fixes' edits out; `--fix` still applies them, under its own
  // time budget (src/fix/fix-files.ts).
  const costPerFix = outcome.kind === 'compose' ? Math.max(1, outcome.source?.text.length ?? 1) : 1;
  let budget = FIX_REPORT_BUDGET;
  let index: LineIndex | undefined;
  const findings = outcome.findings.map((finding): Finding => {
    const fix = finding.fix;
    // A message built from words of the file can be a V8 slice or concatenation of them, which
    // keeps the whole file text alive: across 100,000 files, hundreds of MB. Keep a copy.
    const message = ownCopy(finding.message);
    if (!fix) return { ...finding, message };
    const report = retain === 'fixes' && outcome.source !== undefined && (budget -= costPerFix) >= 0;
    let edits: Edit[] = [];
    if (report) {
      index ??= new LineIndex(outcome.source!.text);
      edits = fix.edits.map((e) => ({ start: e.start, end: e.end, text: ownCopy(e.text), at: index!.exactRegion(e) }));
    }
    return { ...finding, message, fix: { description: ownCopy(fix.description), safety: fix.safety, edits } };
  });
  const { source: _dropped, ...rest } = outcome;
  return { ...rest, findings };
}

/** A string that shares no memory with the one given (V8 flattens the concatenation into new memory). */
function ownCopy(text: string): string {
  return (' ' + text).slice(1);
}
