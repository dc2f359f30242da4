/**
 * Docker's daemon configuration, `/etc/docker/daemon.json`: one JSON object whose keys are the
 * long names of dockerd's flags (https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file).
 * dockerd refuses to start on invalid JSON, so that is a parse error; the model keeps every
 * top-level key with the spans of its key and value, for findings and their locations.
 */
import type { DaemonConfig, DaemonSetting } from '../model/daemon.js';
import type { SourceFile } from '../model/source.js';
import type { ParseResult } from './types.js';

/** Keys only a daemon.json has; one of them makes a file named daemon.json Docker's. */
const KNOWN_KEYS = new Set([
  'authorization-plugins', 'bip', 'bridge', 'builder', 'cgroup-parent', 'containerd', 'data-root', 'debug',
  'default-address-pools', 'default-cgroupns-mode', 'default-ipc-mode', 'default-runtime', 'default-shm-size',
  'default-ulimits', 'dns', 'dns-opts', 'dns-search', 'exec-opts', 'experimental', 'features', 'fixed-cidr',
  'fixed-cidr-v6', 'group', 'hosts', 'icc', 'init', 'insecure-registries', 'ip', 'ip-forward', 'ip-masq',
  'ip6tables', 'iptables', 'ipv6', 'labels', 'live-restore', 'log-driver', 'log-level', 'log-opts',
  'max-concurrent-downloads', 'max-concurrent-uploads', 'metrics-addr', 'mtu', 'no-new-privileges',
  'registry-mirrors', 'runtimes', 'seccomp-profile', 'selinux-enabled', 'shutdown-timeout', 'storage-driver',
  'storage-opts', 'tls', 'tlscacert', 'tlscert', 'tlskey', 'tlsverify', 'userland-proxy', 'userns-remap',
]);

/** A JSON object with at least one key dockerd knows. */
export function isDaemonJsonText(text: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return false;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).some((k) => KNOWN_KEYS.has(k));
}

export function parseDaemonJson(file: SourceFile): ParseResult<DaemonConfig> {
  const text = file.text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
    return { errors: [{ message: `invalid JSON: dockerd will not start (${message.split('\n')[0]})`, span: { start: at, end: at } }] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { errors: [{ message: 'daemon.json must hold one JSON object', span: { start: 0, end: 0 } }] };
  }
  const scanner = new Scanner(text);
  scanner.skipSpace();
  const open = scanner.at;
  scanner.at++;
  const settings = new Map<string, DaemonSetting>();
  scanner.skipSpace();
  while (text[scanner.at] === '"') {
    const keyStart = scanner.at;
    const key = JSON.parse(text.slice(keyStart, scanner.skipString())) as string;
    const keySpan = { start: keyStart, end: scanner.at };
    scanner.skipSpace();
    scanner.at++; // ':'
    scanner.skipSpace();
    const valueStart = scanner.at;
    scanner.skipValue();
    const valueSpan = { start: valueStart, end: scanner.at };
    settings.set(key, { value: (parsed as Record<string, unknown>)[key], keySpan, valueSpan });
    scanner.skipSpace();
    if (text[scanner.at] === ',') scanner.at++;
    scanner.skipSpace();
  }
  return { model: { settings, span: { start: open, end: open + 1 } }, errors: [] };
}

/** Just enough of a JSON scanner to find where valid JSON's top-level values start and end. */
class Scanner {
  at = 0;
  constructor(private readonly text: string) {}

  skipSpace(): void {
    while (this.at < this.text.length && /[\s\uFEFF]/.test(this.text[this.at]!)) this.at++;
  }

  /** From an opening quote to just after the closing one; returns the new position. */
  skipString(): number {
    this.at++;
    while (this.at < this.text.length && this.text[this.at] !== '"') this.at += this.text[this.at] === '\\' ? 2 : 1;
    this.at++;
    return this.at;
  }

  skipValue(): void {
    const c = this.text[this.at];
    if (c === '"') {
      this.skipString();
      return;
    }
    if (c === '{' || c === '[') {
      let depth = 0;
      do {
        const d = this.text[this.at];
        if (d === '"') {
          this.skipString();
          continue;
        }
        if (d === '{' || d === '[') depth++;
        else if (d === '}' || d === ']') depth--;
        this.at++;
      } while (depth > 0 && this.at < this.text.length);
      return;
    }
    while (this.at < this.text.length && !/[,}\]\s]/.test(this.text[this.at]!)) this.at++;
  }
}
