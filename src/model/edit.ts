import type { Region, Span } from './source.js';

/** Replace `[start, end)` of the original text with `text`. An insertion has `start === end`. */
export interface Edit extends Span {
  text: string;
  /**
   * Line and column of `[start, end)` (`LineIndex.exactRegion`), set when a scan keeps the edit
   * for a report but not the file's text (worker-pool.ts `compactOutcome`).
   */
  at?: Region;
}

/**
 * `safe` keeps what the container or unit does; `unsafe` changes its behaviour (dropping
 * capabilities, a read-only root filesystem, another user) and is applied only with
 * `--unsafe-fixes`.
 */
export type FixSafety = 'safe' | 'unsafe';

export interface Fix {
  description: string;
  safety: FixSafety;
  /** Edits of one file, in original coordinates, non-overlapping. */
  edits: Edit[];
}
