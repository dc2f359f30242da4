/** CG106 sensitive-host-mount — a host system directory is bind-mounted into the container. */
import type { ContainerSpec, Field, Mount } from '../model/container.js';
import type { SourceFile } from '../model/source.js';
import { interpolate } from '../parsers/compose-interpolate.js';
import { isApiSocketPath } from './cg105-docker-socket-mount.js';
import { defineRule, type RuleFinding } from './types.js';

interface Sensitive {
  path: string;
  /** What the directory holds, for messages. */
  holds: string;
  /** Which read-only mounts count: the directory and everything below it, the directory alone, none. */
  readOnly: 'tree' | 'exact' | 'never';
  /** Which writable mounts count. */
  writable: 'tree' | 'exact';
  /** It holds control sockets: `:ro` does not stop a client from connecting to them. */
  sockets?: true;
}

const tree = { readOnly: 'tree', writable: 'tree' } as const;
const exact = { readOnly: 'exact', writable: 'exact' } as const;
/** Program and library directories: changing anything in them runs code on the host. */
const code = { readOnly: 'exact', writable: 'tree' } as const;
const sockets = { readOnly: 'tree', writable: 'tree', sockets: true } as const;

/** Directories whose contents are the host's security boundary. The longest matching path wins. */
const SENSITIVE: readonly Sensitive[] = [
  { path: '/', holds: "the host's whole filesystem", ...exact },
  { path: '/etc', holds: 'host configuration (/etc/shadow, sudoers, systemd units, SSH keys)', ...tree },
  { path: '/proc', holds: "kernel and process interfaces (/proc/sys, /proc/sysrq-trigger, other processes' environment)", ...tree },
  { path: '/sys', holds: 'kernel, device and cgroup settings', ...tree },
  { path: '/boot', holds: 'the host kernel and boot loader', ...tree },
  { path: '/dev', holds: "the host's device nodes", ...exact },
  { path: '/root', holds: "root's home (SSH keys, shell history, registry and cloud credentials)", ...tree },
  { path: '/var/lib/docker', holds: "the Docker engine's state (every image, container filesystem, volume and container config with its environment)", ...tree },
  { path: '/var/lib/containers', holds: "Podman's storage (every image, container filesystem and volume)", ...tree },
  { path: '/var', holds: "host state, including the container engine's", ...exact },
  { path: '/usr', holds: 'host programs and libraries', ...exact },
  ...['/usr/bin', '/usr/sbin', '/usr/lib', '/usr/lib32', '/usr/lib64', '/usr/libexec', '/usr/local/bin', '/usr/local/sbin', '/usr/local/lib'].map(
    (path): Sensitive => ({ path, holds: 'host programs and libraries', readOnly: 'never', writable: 'tree' }),
  ),
  { path: '/lib', holds: 'host libraries and kernel modules', ...code },
  { path: '/lib64', holds: 'host libraries', ...code },
  { path: '/bin', holds: 'host programs', ...code },
  { path: '/sbin', holds: 'host system programs', ...code },
  ...['/run', '/var/run'].flatMap((run): Sensitive[] => [
    { path: run, holds: "the host's runtime sockets (container engine, D-Bus, systemd)", ...exact, sockets: true },
    { path: `${run}/dbus`, holds: 'the D-Bus system bus, through which root daemons (systemd, NetworkManager, polkit) take orders', ...sockets },
    { path: `${run}/systemd`, holds: "systemd's private control sockets", ...sockets },
    { path: `${run}/containerd`, holds: "containerd's control socket", ...sockets },
    { path: `${run}/crio`, holds: "CRI-O's control socket", ...sockets },
    { path: `${run}/docker`, holds: "the Docker engine's runtime directory", ...sockets },
    { path: `${run}/podman`, holds: "Podman's runtime directory and API socket", ...sockets },
    { path: `${run}/libvirt`, holds: "libvirt's control sockets (the host's virtual machines)", ...sockets },
  ]),
];

/**
 * Public files that images commonly borrow from the host: harmless read-only. `/etc/passwd` and `/etc/group` hold no
 * password hashes (those are in /etc/shadow); monitoring agents read them to name users.
 */
const BORROWED_FILES = new Set([
  '/etc/localtime',
  '/etc/timezone',
  '/etc/hostname',
  '/etc/machine-id',
  '/etc/os-release',
  '/etc/resolv.conf',
  '/etc/passwd',
  '/etc/group',
  '/etc/ssl/certs',
  '/etc/ca-certificates',
  '/etc/pki/ca-trust',
]);

/** Borrowed files whose content is trivia: writable, they are still reported, but as a small matter. */
const TRIVIAL_FILES = new Set(['/etc/localtime', '/etc/timezone', '/etc/hostname', '/etc/machine-id', '/etc/os-release']);

/** Files below /etc whose writable mount is itself a way to root on the host. */
const TAKEOVER = ['/etc/passwd', '/etc/shadow', '/etc/group', '/etc/sudoers', '/etc/sudoers.d', '/etc/crontab', '/etc/cron.d', '/etc/systemd', '/etc/ssh', '/etc/ld.so.preload', '/etc/profile.d', '/etc/pam.d'];

/** One volume's data directory is that volume, not the engine's state. */
const VOLUME_DATA = /^\/var\/lib\/(docker|containers\/storage)\/volumes\/[^/]+\/_data(\/|$)/;

/** `/etc/`, `//etc`, `/etc/./x/..` → `/etc`; undefined for relative, `~` and Windows paths. */
export function normaliseHostPath(path: string | undefined): string | undefined {
  if (!path || !path.startsWith('/')) return undefined;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** The most specific sensitive directory a path is or lies in, when that counts for this mount. */
function sensitiveFor(path: string, readOnly: boolean): Sensitive | undefined {
  if ((readOnly && BORROWED_FILES.has(path)) || VOLUME_DATA.test(path)) return undefined;
  let best: Sensitive | undefined;
  for (const entry of SENSITIVE) {
    if (path !== entry.path && !path.startsWith(`${entry.path}/`)) continue;
    const reach = readOnly ? entry.readOnly : entry.writable;
    if (reach === 'never' || (reach === 'exact' && path !== entry.path)) continue;
    if (!best || entry.path.length > best.path.length) best = entry;
  }
  return best;
}

function message(name: string, path: string, sensitive: Sensitive, readOnly: boolean): string {
  const exact = path === sensitive.path;
  const where = exact ? `host ${path}` : `host ${path} (in ${sensitive.path})`;
  // Below the directory the mount holds only part of it: name the area, not its worst files.
  const what = exact ? sensitive.holds : `those host files (${sensitive.holds.replace(/ \(.*\)$/, '')})`;
  if (sensitive.sockets) {
    return `container '${name}' mounts ${where}${readOnly ? ' (read-only does not stop connections to its sockets)' : ''}, which gives it ${sensitive.holds}; mount only what it needs`;
  }
  if (readOnly) return `container '${name}' mounts ${where} read-only, which discloses ${what}; mount only the files it needs`;
  if (TRIVIAL_FILES.has(path)) return `container '${name}' mounts ${where} writable, so it can change that host file; mount it read-only (:ro)`;
  const takeover = TAKEOVER.some((file) => path === file || path.startsWith(`${file}/`));
  if (!exact && !takeover) return `container '${name}' mounts ${where} writable: a process in it can change ${what}; keep the data outside ${sensitive.path}, or mount it read-only`;
  return `container '${name}' mounts ${where} writable: a process in it can change ${what}, a way to take over the host; mount only what it needs, read-only`;
}

/**
 * A compose mount whose source uses a variable with no default (`${DATA}/etc:/etc`): cguard
 * reads the variable as empty, so the path it sees is not the one that is mounted.
 */
function sourceFromUnsetVariable(c: ContainerSpec, file: SourceFile, mount: Field<Mount>): boolean {
  if (c.source !== 'compose') return false;
  let raw = file.text.slice(mount.span.start, mount.span.end).trim();
  if (!raw.includes('$')) return false;
  if (/^(["']).*\1$/s.test(raw)) raw = raw.slice(1, -1);
  // Short syntax: the source ends at the first `:` outside `${…}`. Long syntax: the whole item.
  let depth = 0;
  let end = raw.length;
  if (!/^\s*[\w-]+\s*:\s/.test(raw)) {
    for (let i = 0; i < raw.length; i++) {
      if (raw[i] === '$' && raw[i + 1] === '{') depth++;
      else if (raw[i] === '}' && depth > 0) depth--;
      else if (raw[i] === ':' && depth === 0) {
        end = i;
        break;
      }
    }
  }
  return interpolate(raw.slice(0, end), {}).unresolved;
}

export default defineRule({
  id: 'CG106',
  name: 'sensitive-host-mount',
  level: 'error',
  securitySeverity: 8.0,
  tags: ['security', 'mounts', 'cis-docker'],
  cis: ['5.6'],
  cwe: ['CWE-668', 'CWE-732'],
  targets: ['container'],
  docs: {
    summary: 'A sensitive host directory (/, /etc, /proc, /sys, /var/lib/docker, …) is bind-mounted',
    what:
      'Flags bind mounts (compose short and long volume syntax, `-v`/`--mount`, Quadlet `Volume=`/`Mount=`) of sensitive host paths: `/etc`, `/proc`, `/sys`, `/boot`, `/root`, `/var/lib/docker`, `/var/lib/containers` and anything below them; `/lib`, `/lib64`, `/bin`, `/sbin` themselves and writable mounts below them, and writable mounts in `/usr/bin`, `/usr/sbin`, `/usr/lib*`, `/usr/libexec`, `/usr/local/{bin,sbin,lib}`; `/`, `/dev`, `/var`, `/usr`, `/run`, `/var/run` themselves; and the control-socket directories `/run/dbus`, `/run/systemd`, `/run/containerd`, `/run/crio`, `/run/docker`, `/run/podman`, `/run/libvirt` (also under `/var/run`), where `:ro` does not stop connections. Paths are normalised (`/etc/`, `//etc`, `/x/../etc`). The message says whether the mount is writable (a way to take over the host) or read-only (a disclosure). Not flagged: read-only mounts of files images commonly borrow (`/etc/localtime`, `/etc/timezone`, `/etc/hostname`, `/etc/machine-id`, `/etc/os-release`, `/etc/resolv.conf`, `/etc/passwd`, `/etc/group`, the CA certificate directories); one volume\'s own data directory (`/var/lib/docker/volumes/NAME/_data`); device nodes such as `/dev/dri` (the device cgroup still guards them; `devices:` is the right way); the API socket itself (CG105); a compose source built from an unset variable (`${DATA}/etc`), whose real path is unknown.',
    why:
      'A bind mount is a hole in the container\'s filesystem isolation. A writable `/etc`, `/usr`, `/boot` or `/` lets a process in the container plant a cron job, a systemd unit, an SSH key or a new kernel — a host compromise at the next boot or login. Writable `/proc` or `/sys` reach kernel settings. Even read-only, these mounts disclose password hashes, keys, other containers\' filesystems and the host\'s processes. CIS Docker Benchmark 5.6.',
    example: { lang: 'ini', code: '[Container]\nImage=ghcr.io/acme/backup:2.3.0\nVolume=/etc:/host/etc' },
    useInstead: { lang: 'ini', code: '[Container]\nImage=ghcr.io/acme/backup:2.3.0\nVolume=/srv/app/config:/config:ro\nVolume=/etc/localtime:/etc/localtime:ro' },
    fixSafety: 'No automatic fix: what the container needs from the host (a single file, a read-only view, a copy) is a decision.',
    references: [
      'CIS Docker Benchmark v1.6.0 5.6 "Ensure sensitive host system directories are not mounted on containers"',
      'https://docs.docker.com/engine/storage/bind-mounts/',
    ],
  },
  check(target) {
    if (target.kind !== 'container') return [];
    const c = target.container;
    const findings: RuleFinding[] = [];
    for (const mount of c.mounts) {
      const { type, source, readOnly } = mount.value;
      const path = normaliseHostPath(source);
      if (type !== 'bind' || !path || isApiSocketPath(path)) continue;
      const sensitive = sensitiveFor(path, readOnly);
      if (!sensitive || sourceFromUnsetVariable(c, target.file, mount)) continue;
      findings.push({ span: mount.span, message: message(c.name, path, sensitive, readOnly) });
    }
    return findings;
  },
});
