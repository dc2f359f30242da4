/** CG104 host-namespace — the container shares a namespace with the host. */
import type { ContainerSpec, Field } from '../model/container.js';
import { defineRule, type RuleFinding } from './types.js';

/** Each namespace setting, its name in messages, and what sharing it gives the container. */
const NAMESPACES: ReadonlyArray<{ field: 'networkMode' | 'pid' | 'ipc' | 'uts' | 'userns'; label: string; effect: string }> = [
  { field: 'networkMode', label: 'network', effect: "it sees the host's interfaces, every service listening on the host's 127.0.0.1 and the host's abstract Unix sockets" },
  { field: 'pid', label: 'PID', effect: 'it sees every host process with its command line and environment, and can signal them (and trace them with SYS_PTRACE)' },
  { field: 'ipc', label: 'IPC', effect: "it can read and write the host's shared memory segments and semaphores" },
  { field: 'uts', label: 'UTS', effect: "it can change the host's hostname" },
  { field: 'userns', label: 'user', effect: 'it opts out of user-namespace remapping, so root in it is root on the host' },
];

/**
 * Docker and Podman compare these values to `host` exactly (moby `IsHost()`); `service:x`,
 * `container:x`, `private`, `shareable` do not share with the host.
 */
function isHost(field: Field<string> | undefined): field is Field<string> {
  return field?.value.trim() === 'host';
}

export default defineRule({
  id: 'CG104',
  name: 'host-namespace',
  level: 'error',
  securitySeverity: 8.0,
  tags: ['security', 'namespaces', 'cis-docker'],
  cis: ['5.10', '5.16', '5.17', '5.21', '5.31'],
  cwe: ['CWE-653'],
  targets: ['container'],
  docs: {
    summary: 'The container shares a host namespace (network, PID, IPC, UTS or user)',
    what:
      'Flags `network_mode: host`, `pid: host`, `ipc: host`, `uts: host` and `userns_mode: host` in compose; `--network host`/`--net=host`, `--pid host`, `--ipc host`, `--uts host` and `--userns host` (either `=` or a space) on `docker run`/`podman run` lines; Quadlet `Network=host`, `UserNS=host` and the same flags in `PodmanArgs=`. `service:…`, `container:…`, `private` and `shareable` are not the host and are not flagged. Each shared namespace is reported where it is set.',
    why:
      'Namespaces are what makes a container a container. Sharing the host\'s network namespace gives the container every host interface and every service bound to the host\'s 127.0.0.1 (and the abstract Unix sockets of host daemons, the path of CVE-2020-15257); sharing the PID namespace shows every host process and lets root in the container signal or trace them; IPC shares host shared memory; UTS lets it rename the host; `userns host` switches off user-namespace remapping. CIS Docker Benchmark 5.10, 5.16, 5.17, 5.21 and 5.31.',
    example: { lang: 'yaml', code: 'services:\n  monitor:\n    image: ghcr.io/acme/monitor:1.8.0\n    network_mode: host\n    pid: host' },
    useInstead: { lang: 'yaml', code: 'services:\n  monitor:\n    image: ghcr.io/acme/monitor:1.8.0\n    ports: ["127.0.0.1:9100:9100"]' },
    fixSafety: 'No automatic fix: leaving a host namespace changes what the container can reach (ports must then be published, host processes are no longer visible), so the replacement is a design decision.',
    references: [
      'CIS Docker Benchmark v1.6.0 5.10, 5.16, 5.17, 5.21, 5.31 (host network, PID, IPC, UTS and user namespaces are not shared)',
      'https://docs.docker.com/engine/network/drivers/host/',
      'https://docs.docker.com/reference/cli/docker/container/run/#pid',
    ],
  },
  check(target) {
    if (target.kind !== 'container') return [];
    const c: ContainerSpec = target.container;
    const findings: RuleFinding[] = [];
    for (const ns of NAMESPACES) {
      const field = c[ns.field];
      if (!isHost(field)) continue;
      findings.push({
        span: field.span,
        message: `container '${c.name}' shares the host's ${ns.label} namespace: ${ns.effect}`,
      });
    }
    return findings;
  },
});
