/**
 * What the scanned tree says about the host's journald: the storage limits its journald.conf
 * and drop-ins set. A cross-file fact, built by scan() before the per-file rules run.
 */

/** One limit as journald ends up with it, and the file (relative path) whose line set it. */
export interface JournaldSetting {
  value: string;
  path: string;
  line: number;
}

/** The effective [Journal] settings of one journald.conf and its `journald.conf.d/*.conf` drop-ins. */
export interface JournaldConfig {
  /** The main `journald.conf` (relative path), or the first drop-in when the tree has only drop-ins. */
  path: string;
  /** Every file read, in the order journald reads them. */
  files: string[];
  storage?: JournaldSetting;
  systemMaxUse?: JournaldSetting;
  systemMaxFileSize?: JournaldSetting;
  runtimeMaxUse?: JournaldSetting;
}

export interface HostJournald {
  /** One entry per directory that holds a journald.conf or a journald.conf.d; sorted by path. */
  configs: JournaldConfig[];
}
