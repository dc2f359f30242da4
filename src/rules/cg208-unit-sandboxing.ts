/**
 * CG208 unit-sandboxing — a unit runs a container CLI under a dedicated account without the
 * systemd sandboxing that still works for a CLI process.
 *
 * Facts (systemd.exec(5)): `NoNewPrivileges=`, `PrivateTmp=`, `ProtectSystem=`, `ProtectHome=`,
 * `RestrictSUIDSGID=`, `LockPersonality=` and `RestrictRealtime=` apply to the processes the unit
 * starts — here the `docker`/`podman` client, not the container: `docker run` asks dockerd to
 * create the container, which is dockerd's child, outside the unit's namespaces. Booleans follow
 * systemd's parse_boolean (1/yes/y/true/t/on); an empty assignment resets to the default (off).
 *
 * Rootless Podman under `User=` forks the container itself and needs the setuid (or file-caps)
 * helpers `newuidmap`/`newgidmap` and a writable `~/.local/share/containers`, so for podman
 * `NoNewPrivileges=` and `ProtectHome=` are not asked for: they would break the unit.
 */
import type { ContainerSpec } from '../model/container.js';
import type { UnitEntry, UnitModel } from '../model/unit.js';
import { parseExecCommands } from '../parsers/exec-line.js';
import { effectiveValues, lastValue } from '../parsers/systemd-unit.js';
import { defineRule, type RuleFinding } from './types.js';

const TRUE = new Set(['1', 'yes', 'y', 'true', 't', 'on']);
const FALSE = new Set(['0', 'no', 'n', 'false', 'f', 'off']);

/** A directive and whether a value of it turns the protection on. */
interface Directive {
  key: string;
  on(value: string): boolean;
  /** Asked for when the unit runs podman (rootless) too. */
  podman: boolean;
}

const isTrue = (value: string): boolean => TRUE.has(value.toLowerCase());
/** `ProtectSystem=yes|full|strict`, `ProtectHome=yes|read-only|tmpfs`, `PrivateTmp=yes|disconnected`. */
const notOff = (value: string): boolean => value !== '' && !FALSE.has(value.toLowerCase());

export const SANDBOXING: readonly Directive[] = [
  { key: 'NoNewPrivileges', on: isTrue, podman: false },
  { key: 'PrivateTmp', on: notOff, podman: true },
  { key: 'ProtectSystem', on: notOff, podman: true },
  { key: 'ProtectHome', on: notOff, podman: false },
  { key: 'RestrictSUIDSGID', on: isTrue, podman: true },
  { key: 'LockPersonality', on: isTrue, podman: true },
  { key: 'RestrictRealtime', on: isTrue, podman: true },
];

/** `User=root`, `User=0` (and systemd's `User=` empty reset, which means root too). */
function isRoot(user: string): boolean {
  return user === '' || user === 'root' || user === '0';
}

const CLI = /^(docker|podman)$/;
const COMPOSE_CLI = /^(docker-compose|podman-compose)$/;

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** `docker compose …`, `docker-compose …`, `podman compose …` in an `Exec*=` line of [Service]. */
function runsCompose(unit: UnitModel): 'docker' | 'podman' | undefined {
  for (const entry of unit.entries) {
    if (entry.section !== 'Service' || !entry.key.startsWith('Exec')) continue;
    for (const command of parseExecCommands(entry)) {
      const exe = basename(command.words[0]?.value ?? '');
      if (COMPOSE_CLI.test(exe)) return exe.startsWith('podman') ? 'podman' : 'docker';
      if (CLI.test(exe) && command.words.slice(1).some((w) => w.value === 'compose')) return exe === 'podman' ? 'podman' : 'docker';
    }
  }
  return undefined;
}

function check(unit: UnitModel, containers: readonly ContainerSpec[]): RuleFinding[] {
  const runtimes = new Set<'docker' | 'podman'>(containers.map((c) => c.runtime));
  const compose = runsCompose(unit);
  if (compose) runtimes.add(compose);
  if (runtimes.size === 0) return [];
  const user = lastValue(unit, 'Service', 'User');
  if (!user || isRoot(user.value.trim())) return [];
  const onlyPodman = !runtimes.has('docker');
  const missing = SANDBOXING.filter((d) => !onlyPodman || d.podman).filter((d) => {
    const entry: UnitEntry | undefined = effectiveValues(unit, 'Service', d.key).pop();
    return !entry || !d.on(entry.value.trim());
  });
  if (missing.length === 0) return [];
  const cli = onlyPodman ? 'podman' : 'docker';
  const list = missing.map((d) => `${d.key}=`).join(', ');
  return [
    {
      span: user.span,
      message: `unit runs the ${cli} CLI as User=${user.value.trim()} without ${list}; add them to [Service] to sandbox the CLI process (the container is hardened by its own options)`,
    },
  ];
}

export default defineRule({
  id: 'CG208',
  name: 'unit-sandboxing',
  level: 'note',
  securitySeverity: 2.0,
  tags: ['security', 'systemd', 'hardening'],
  cwe: ['CWE-250'],
  targets: ['unit'],
  docs: {
    summary: 'A unit runs a container CLI under a dedicated account without systemd sandboxing',
    what:
      "Flags a unit that runs a container CLI (`docker`/`podman` `run`/`create`, `docker compose`, `docker-compose`) under a dedicated account — `User=` set in [Service] and neither `root` nor `0` — when any of `NoNewPrivileges=yes`, `PrivateTmp=yes`, `ProtectSystem=` (`yes`, `full` or `strict`), `ProtectHome=` (`yes`, `read-only` or `tmpfs`), `RestrictSUIDSGID=yes`, `LockPersonality=yes` and `RestrictRealtime=yes` is missing or turned off. One finding per unit, at the `User=` line, listing what is missing. For a unit that only runs Podman (rootless under `User=`), `NoNewPrivileges=` and `ProtectHome=` are not asked for: rootless Podman needs the setuid `newuidmap`/`newgidmap` helpers and a writable `~/.local/share/containers`. Units without `User=` (or with `User=root`) are left alone, and so are Quadlet units.",
    why:
      "These directives protect the **CLI process** the unit starts — the `docker` or `podman` client, its environment and credentials — not the container: `docker run` asks dockerd to create the container, which runs outside the unit's sandbox, and container hardening is what CG001–CG109 check. They are cheap, they are the ones that keep working for a client that only talks to a socket (unlike `PrivateNetwork=`, `ProtectKernelTunables=` or system-call filters that a runtime may need), and a dedicated account is the setup where they pay off: the account cannot gain privileges through setuid binaries, sees no other users' homes, cannot write /usr and /etc, and gets its own /tmp. A unit that runs `docker` as root gains little from them — root that can talk to dockerd can start a privileged container anyway — so the rule stays quiet there. Keep in mind that membership in the `docker` group is root-equivalent: a sandboxed CLI narrows what a compromised client can do on its own, it does not make the docker group safe. `systemd-analyze security` scores many more directives; see docs/corpus-findings.md for how its judgement differs on real units.",
    example: {
      lang: 'ini',
      code: '[Unit]\nRequires=docker.service\nAfter=docker.service\n\n[Service]\nUser=app\nExecStart=/usr/bin/docker run --rm --name web nginx:1.27',
    },
    useInstead: {
      lang: 'ini',
      code: '[Unit]\nRequires=docker.service\nAfter=docker.service\n\n[Service]\nUser=app\nNoNewPrivileges=yes\nPrivateTmp=yes\nProtectSystem=strict\nProtectHome=read-only\nRestrictSUIDSGID=yes\nLockPersonality=yes\nRestrictRealtime=yes\nExecStart=/usr/bin/docker run --rm --name web nginx:1.27',
    },
    references: [
      'systemd.exec(5): NoNewPrivileges=, PrivateTmp=, ProtectSystem=, ProtectHome=, RestrictSUIDSGID=, LockPersonality=, RestrictRealtime=',
      'systemd-analyze(1): security',
      'https://docs.docker.com/engine/security/#docker-daemon-attack-surface',
      'CWE-250: Execution with Unnecessary Privileges',
    ],
  },
  check(target) {
    // Quadlet units are generated by podman-systemd.unit(5); User= there is not the rootless path.
    if (target.kind !== 'unit' || target.file.kind !== 'unit') return [];
    return check(target.unit, target.containers);
  },
});
