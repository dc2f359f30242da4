/**
 * journald.conf(5) and its drop-ins, read the way systemd's config parser reads them: `[Section]`
 * headers, `Key=value` lines with whitespace around key and value trimmed, `#` and `;` comment
 * lines, a trailing `\` continuing the line (replaced by a space), later assignments winning, an
 * empty assignment resetting the key to its default, lines without `=` ignored (systemd warns
 * "Missing '=', ignoring line"). This is cguard's own small parser rather than the `ini` package,
 * which knows neither continuations nor repeated keys and is not a dependency of cguard.
 *
 * Order (journald.conf(5) "Configuration Directories and Precedence"): the main journald.conf,
 * then the `journald.conf.d/*.conf` drop-ins in lexical order of their file names; the last
 * assignment of a key wins.
 */
import type { HostJournald, JournaldConfig, JournaldSetting } from '../model/journald.js';

export interface ConfEntry {
  section: string;
  key: string;
  value: string;
  /** 1-based line of the key. */
  line: number;
}

export function parseJournaldConf(text: string): ConfEntry[] {
  const entries: ConfEntry[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const startLine = i + 1;
    // Joined with an array, not by repeated concatenation: a file of continuations stays linear.
    const parts = [lines[i]!];
    if (!/^\s*[#;]/.test(parts[0]!)) {
      while (parts[parts.length - 1]!.endsWith('\\') && i + 1 < lines.length) {
        parts[parts.length - 1] = parts[parts.length - 1]!.slice(0, -1);
        parts.push(lines[++i]!);
      }
    }
    const line = parts.join(' ');
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const header = /^\[([^\]]*)\]$/.exec(trimmed);
    if (header) {
      section = header[1]!;
      continue;
    }
    const eq = trimmed.indexOf('=');
    if (eq <= 0) continue;
    entries.push({ section, key: trimmed.slice(0, eq).trim(), value: trimmed.slice(eq + 1).trim(), line: startLine });
  }
  return entries;
}

/** A journald config file found in the tree: relative path (forward slashes) and text. */
export interface JournaldFile {
  path: string;
  text: string;
}

/** Whether a relative path names a journald config file: `journald.conf` or `journald.conf.d/*.conf`. */
export function isJournaldPath(relPath: string): boolean {
  const parts = relPath.split('/');
  const name = parts[parts.length - 1]!;
  if (name === 'journald.conf') return true;
  return parts[parts.length - 2] === 'journald.conf.d' && name.endsWith('.conf');
}

/** The folder a journald config belongs to: the one holding journald.conf (and journald.conf.d/). */
function configHome(relPath: string): string {
  const parts = relPath.split('/');
  parts.pop();
  if (parts[parts.length - 1] === 'journald.conf.d') parts.pop();
  return parts.join('/');
}

const KEYS = { Storage: 'storage', SystemMaxUse: 'systemMaxUse', SystemMaxFileSize: 'systemMaxFileSize', RuntimeMaxUse: 'runtimeMaxUse' } as const;

/** The effective settings of one journald.conf and its drop-ins (files given in any order). */
export function journaldConfig(files: readonly JournaldFile[]): JournaldConfig {
  const main = files.filter((f) => f.path.split('/').pop() === 'journald.conf' && !f.path.includes('journald.conf.d/'));
  const dropIns = files.filter((f) => !main.includes(f)).sort((a, b) => {
    const an = a.path.slice(a.path.lastIndexOf('/') + 1);
    const bn = b.path.slice(b.path.lastIndexOf('/') + 1);
    return an < bn ? -1 : an > bn ? 1 : 0;
  });
  const ordered = [...main, ...dropIns];
  const config: JournaldConfig = { path: ordered[0]?.path ?? '', files: ordered.map((f) => f.path) };
  for (const file of ordered) {
    for (const entry of parseJournaldConf(file.text)) {
      if (entry.section !== 'Journal' || !Object.hasOwn(KEYS, entry.key)) continue;
      const field = KEYS[entry.key as keyof typeof KEYS];
      if (entry.value === '') delete config[field];
      else config[field] = { value: entry.value, path: file.path, line: entry.line } satisfies JournaldSetting;
    }
  }
  return config;
}

/** Group the tree's journald files by the folder they configure and resolve each group. */
export function hostJournald(files: readonly JournaldFile[]): HostJournald {
  const groups = new Map<string, JournaldFile[]>();
  for (const file of files) {
    if (!isJournaldPath(file.path)) continue;
    const home = configHome(file.path);
    groups.set(home, [...(groups.get(home) ?? []), file]);
  }
  const homes = [...groups.keys()].sort();
  return { configs: homes.map((home) => journaldConfig(groups.get(home)!)) };
}
