/**
 * The small string grammars inside compose values: short port and volume syntax, Go
 * durations, booleans written as strings, and shell-style command strings.
 */
import type { Mount, PortMapping } from '../model/container.js';

/**
 * compose-go casts interpolated strings for boolean fields with YAML 1.1's spellings
 * (`loader/interpolate.go` toBoolean); undefined when the text is none of them.
 */
export function parseBoolean(text: string): boolean | undefined {
  switch (text.trim().toLowerCase()) {
    case 'y':
    case 'yes':
    case 'true':
    case 'on':
      return true;
    case 'n':
    case 'no':
    case 'false':
    case 'off':
      return false;
    default:
      return undefined;
  }
}

const DURATION_UNITS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  μs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/**
 * Seconds in a Go duration (`1m30s`, `1.5h`, `300ms`), the format of `stop_grace_period`
 * and the health-check timings; a bare number counts as seconds. Undefined when malformed.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const body = trimmed.replace(/^[-+]/, '');
  if (body === '') return undefined;
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let seconds = 0;
  let at = 0;
  while (at < body.length) {
    part.lastIndex = at;
    const match = part.exec(body);
    if (!match) return undefined;
    seconds += Number(match[1]) * DURATION_UNITS[match[2]!]!;
    at = part.lastIndex;
  }
  const rounded = Math.round(seconds * 1e9) / 1e9;
  return trimmed.startsWith('-') ? -rounded : rounded;
}

/**
 * Short port syntax `[[HOST_IP:]HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`; ports may be ranges
 * and an IPv6 host address is written in brackets (`[::1]:80:80`).
 */
export function parsePortShort(text: string): PortMapping | undefined {
  let rest = text.trim();
  if (rest === '') return undefined;
  let protocol: string | undefined;
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1);
    rest = rest.slice(0, slash);
  }
  let hostIp: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return undefined;
    hostIp = rest.slice(1, close);
    rest = rest.slice(close + 1).replace(/^:/, '');
  }
  const parts = rest.split(':');
  const containerPort = parts.pop()!;
  if (containerPort === '') return undefined;
  const hostPort = parts.pop();
  if (parts.length > 0) hostIp = parts.join(':');
  return {
    ...(hostIp !== undefined && hostIp !== '' ? { hostIp } : {}),
    ...(hostPort !== undefined && hostPort !== '' ? { hostPort } : {}),
    containerPort,
    ...(protocol !== undefined && protocol !== '' ? { protocol } : {}),
  };
}

/**
 * Short volume syntax `[SOURCE:]TARGET[:MODE]`. A source that looks like a path (absolute,
 * `.`-relative, `~`, or a Windows drive) is a bind mount; any other source names a volume; a
 * lone target is an anonymous volume. MODE is a comma list (`ro`, `rw`, `z`, `Z`, `nocopy`).
 */
export function parseVolumeShort(text: string): Mount | undefined {
  const parts = splitVolume(text.trim());
  if (parts.length === 0 || parts[0] === '') return undefined;
  if (parts.length === 1) return { type: 'volume', target: parts[0]!, readOnly: false };
  const [source, target, mode = ''] = parts as [string, string, string?];
  const options = mode.split(',');
  return {
    type: isHostPath(source) ? 'bind' : 'volume',
    source,
    target,
    readOnly: options.includes('ro') || options.includes('readonly'),
  };
}

function splitVolume(text: string): string[] {
  const parts = text.split(':');
  // `C:\data:/data` — a drive letter is not a separator.
  if (parts.length > 2 && /^[A-Za-z]$/.test(parts[0]!) && /^[\\/]/.test(parts[1]!)) {
    parts.splice(0, 2, `${parts[0]}:${parts[1]}`);
  }
  return parts.length > 3 ? [parts[0]!, parts[1]!, parts.slice(2).join(':')] : parts;
}

export function isHostPath(source: string): boolean {
  return /^(\/|\.|~|[A-Za-z]:[\\/]|\\\\)/.test(source);
}

/**
 * A string `command:` split into words as a POSIX shell would (compose-go uses
 * `shellwords`): quotes group, backslashes escape, nothing is expanded.
 */
export function splitCommand(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!)) word += text[++i];
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
