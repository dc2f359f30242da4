/** CG106 sensitive-host-mount — a host system directory is bind-mounted into the container. */
import type { ContainerSpec, Field, Mount } from '../model/container.js';
import type { SourceFile } from '../model/source.js';
import { interpolate } from '../parsers/compose-interpolate.js';
import { isApiSocketPath } from './cg105-docker-socket-mount.js';
import { defineRule, type RuleFinding } from './types.js';

interface Sensitive {
  path: string;
  holds: string;
  /** Which mounts below `path` count: all of them, writable ones only, or none (the directory alone). */
  below: 'all' | 'writable' | 'none';
}

/** Directories whose contents are the host's security boundary. Longest prefix wins. */
const SENSITIVE: readonly Sensitive[] = [
  { path: '/', holds: "the host's whole filesystem", below: 'none' },
  { path: '/etc', holds: 'host configuration, including /etc/shadow, sudoers and service credentials', below: 'all' },
  { path: '/proc', holds: "kernel and process interfaces (/proc/sys, /proc/sysrq-trigger, other processes' memory maps)", below: 'all' },
  { path: '/sys', holds: 'kernel, device and cgroup settings', below: 'all' },
  { path: '/boot', holds: 'the host kernel and boot loader', below: 'all' },
  { path: '/dev', holds: "the host's device nodes", below: 'none' },
  { path: '/root', holds: "root's home: SSH keys, shell history, registry and cloud credentials", below: 'all' },
  { path: '/var/lib/docker', holds: "the Docker engine's state: every image, container filesystem and volume", below: 'all' },
  { path: '/var/lib/containers', holds: "Podman's storage: every image, container filesystem and volume", below: 'all' },
  { path: '/usr', holds: 'host programs and libraries', below: 'writable' },
  { path: '/lib', holds: 'host libraries and kernel modules', below: 'writable' },
  { path: '/lib64', holds: 'host libraries', below: 'writable' },
  { path: '/bin', holds: 'host programs', below: 'writable' },
  { path: '/sbin', holds: 'host system programs', below: 'writable' },
  { path: '/var', holds: "host state, including the container engine's", below: 'none' },
  { path: '/run', holds: "the host's runtime sockets (container engine, D-Bus, systemd)", below: 'none' },
  { path: '/var/run', holds: "the host's runtime sockets (container engine, D-Bus, systemd)", below: 'none' },
  ...['/run', '/var/run'].flatMap((run): Sensitive[] => [
    { path: `${run}/dbus`, holds: 'the D-Bus system bus, through which root daemons (systemd, NetworkManager, polkit) take orders', below: 'all' },
    { path: `${run}/systemd`, holds: "systemd's private control sockets", below: 'all' },
    { path: `${run}/containerd`, holds: "containerd's control socket", below: 'all' },
    { path: `${run}/crio`, holds: "CRI-O's control socket", below: 'all' },
    { path: `${run}/docker`, holds: "the Docker engine's runtime directory", below: 'all' },
    { path: `${run}/podman`, holds: "Podman's runtime directory and API socket", below: 'all' },
    { path: `${run}/libvirt`, holds: "libvirt's control sockets (the host's virtual machines)", below: 'all' },
  ]),
];

/** Public, read-only files that images commonly borrow from the host; harmless when mounted `:ro`. */
const HARMLESS_READ_ONLY = new Set([
  '/etc/localtime',
  '/etc/timezone',
  '/etc/hostname',
  '/etc/machine-id',
  '/etc/os-release',
  '/etc/resolv.conf',
  '/etc/ssl/certs',
  '/etc/ca-certificates',
  '/etc/pki/ca-trust',
]);

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
  if (readOnly && HARMLESS_READ_ONLY.has(path)) return undefined;
  let best: Sensitive | undefined;
  for (const entry of SENSITIVE) {
    const inside = path === entry.path || path.startsWith(`${entry.path}/`);
    if (!inside) continue;
    if (path !== entry.path && (entry.below === 'none' || (entry.below === 'writable' && readOnly))) continue;
    if (!best || entry.path.length > best.path.length) best = entry;
  }
  return best;
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
      'Flags bind mounts (compose short and long volume syntax, `-v`/`--mount`, Quadlet `Volume=`/`Mount=`) whose host path is `/etc`, `/proc`, `/sys`, `/boot`, `/root`, `/var/lib/docker`, `/var/lib/containers` or anything below them; `/usr`, `/lib`, `/lib64`, `/bin`, `/sbin`, or a writable mount below them; `/`, `/dev`, `/var`, `/run`, `/var/run` themselves; and the control-socket directories `/run/dbus`, `/run/systemd`, `/run/containerd`, `/run/crio`, `/run/docker`, `/run/podman`, `/run/libvirt` (also under `/var/run`). Paths are normalised (`/etc/`, `//etc`, `/x/../etc`). Read-only mounts of `/etc/localtime`, `/etc/timezone`, `/etc/hostname`, `/etc/machine-id`, `/etc/os-release`, `/etc/resolv.conf` and the CA certificate directories are common and harmless, and are not flagged. The message says whether the mount is writable (a host compromise) or read-only (a disclosure). The API socket itself is CG105; a compose source built from an unset variable is skipped.',
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
      const where = path === sensitive.path ? path : `${path} (in ${sensitive.path})`;
      findings.push({
        span: mount.span,
        message: readOnly
          ? `container '${c.name}' mounts host ${where} read-only, which discloses ${sensitive.holds}; mount only the files it needs`
          : `container '${c.name}' mounts host ${where} writable: a process in it can change ${sensitive.holds}, which is a way to take over the host; mount only what it needs, read-only`,
      });
    }
    return findings;
  },
});
