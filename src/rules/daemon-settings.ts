/** Reading daemon.json settings for the CG5xx rules: booleans and strings as dockerd takes them. */
import type { DaemonConfig, DaemonSetting } from '../model/daemon.js';
import type { Span } from '../model/source.js';

/** The setting, or undefined when daemon.json does not name it. */
export function daemonSetting(daemon: DaemonConfig, key: string): DaemonSetting | undefined {
  return daemon.settings.get(key);
}

/** Where a finding about `key` points: its value when set, the opening `{` when not. */
export function daemonSpan(daemon: DaemonConfig, key: string): Span {
  return daemon.settings.get(key)?.valueSpan ?? daemon.span;
}

/** A JSON boolean, or undefined for a missing key or another type (dockerd rejects those). */
export function daemonBoolean(daemon: DaemonConfig, key: string): boolean | undefined {
  const value = daemon.settings.get(key)?.value;
  return typeof value === 'boolean' ? value : undefined;
}
