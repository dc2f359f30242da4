/** How many threads a scan uses (src/worker-pool.ts): the measured threshold, and CGUARD_THREADS. */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MIN_FILES, streamingThreadCount, threadCount } from '../../src/worker-pool.js';

describe('how many threads', () => {
  const options = { policySource: { cwd: '.' } };
  it('stays on the main thread below DEFAULT_MIN_FILES, and uses every core above', () => {
    expect(threadCount(DEFAULT_MIN_FILES - 1, options)).toBe(1);
    expect(threadCount(100_000, options)).toBe(Math.min(16, availableParallelism()));
  });

  it('takes CGUARD_THREADS as given at any size, but never more than one thread per 50 files', () => {
    expect(threadCount(100_000, { ...options, threads: 3 })).toBe(3);
    expect(threadCount(1_200, { ...options, threads: 2 })).toBe(2);
    expect(threadCount(600, { ...options, threads: 16 })).toBe(12);
    expect(threadCount(600, { ...options, threads: 1 })).toBe(1);
  });

  it('starts workers during the walk only once it has found DEFAULT_MIN_FILES files, whatever CGUARD_THREADS says', () => {
    // Below that, a CGUARD_THREADS count is used once the walk is over (threadCount).
    expect(streamingThreadCount(DEFAULT_MIN_FILES - 1, { ...options, threads: 4 })).toBe(1);
    expect(streamingThreadCount(DEFAULT_MIN_FILES, options)).toBe(Math.min(16, availableParallelism()));
    expect(streamingThreadCount(DEFAULT_MIN_FILES, { ...options, threads: 3 })).toBe(3);
    expect(streamingThreadCount(DEFAULT_MIN_FILES, { ...options, threads: 1 })).toBe(1);
    expect(streamingThreadCount(5, { ...options, minFiles: 1, threads: 40 })).toBe(16);
  });
});
