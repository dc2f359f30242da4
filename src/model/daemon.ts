/** Docker's daemon configuration (`daemon.json`): its top-level settings with their spans. */
import type { Span } from './source.js';

export interface DaemonSetting {
  /** The value as JSON.parse gives it. */
  value: unknown;
  keySpan: Span;
  valueSpan: Span;
}

export interface DaemonConfig {
  /** Top-level settings by key; the last one wins when a key repeats (as Go's decoder does). */
  settings: Map<string, DaemonSetting>;
  /** The opening `{`, where findings about a missing key point. */
  span: Span;
}
