/** CG105 docker-socket-mount — the container can drive the Docker or Podman API of the host. */
import type { Mount } from '../model/container.js';
import { defineRule, type RuleFinding } from './types.js';

/**
 * The API sockets by file name, wherever they live: `/var/run/docker.sock`, `/run/docker.sock`,
 * rootless `/run/user/1000/docker.sock`, `/run/podman/podman.sock`,
 * `/run/user/1000/podman/podman.sock`, Quadlet's `%t/podman/podman.sock`, Docker Desktop's
 * `docker.sock.raw`; and the Windows named pipe `\\.\pipe\docker_engine`.
 */
export function isApiSocketPath(path: string | undefined): boolean {
  if (!path) return false;
  const trimmed = path.trim().replace(/[/\\]+$/, '');
  const name = trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
  return /^(docker\.sock(\.raw)?|podman\.sock|docker_engine)$/.test(name);
}

/** A mount that puts the socket in the container: by its host path, or at the path clients expect. */
export function mountsApiSocket(mount: Mount): boolean {
  if (isApiSocketPath(mount.source)) return true;
  // `${DOCKER_SOCK}:/var/run/docker.sock`: whatever the variable holds, it is meant to be the socket.
  return isApiSocketPath(mount.target) && mount.type !== 'volume' && mount.type !== 'tmpfs';
}

export default defineRule({
  id: 'CG105',
  name: 'docker-socket-mount',
  level: 'error',
  securitySeverity: 9.5,
  tags: ['security', 'docker-socket', 'cis-docker'],
  cis: ['5.32'],
  cwe: ['CWE-250', 'CWE-269'],
  targets: ['container'],
  docs: {
    summary: 'The Docker or Podman API socket is mounted into the container',
    what:
      'Flags a bind mount of the container runtime\'s API socket — `/var/run/docker.sock`, `/run/docker.sock`, rootless `/run/user/<uid>/docker.sock`, `/run/podman/podman.sock`, `/run/user/<uid>/podman/podman.sock`, `%t/podman/podman.sock`, Docker Desktop\'s `docker.sock.raw`, the Windows pipe `\\\\.\\pipe\\docker_engine` — in short or long volume syntax, `-v`/`--mount`, Quadlet `Volume=`/`Mount=`; a mount whose target is such a socket path; and `use_api_socket: true`/`--use-api-socket`. Read-only mounts (`:ro`) are flagged too.',
    why:
      'Whoever can talk to the socket controls the daemon: one API call starts a privileged container with the host\'s root filesystem mounted, which is root on the host. `:ro` does not help — it stops writes to the socket file, not requests over it. CIS Docker Benchmark 5.32. When a tool must watch containers, give it a filtering proxy (for example one that allows only `GET /containers`) or the runtime\'s events over a narrower channel.',
    example: { lang: 'yaml', code: 'services:\n  proxy:\n    image: traefik:v3.1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro' },
    useInstead: {
      lang: 'yaml',
      code: 'services:\n  proxy:\n    image: traefik:v3.1\n    # a filtering socket proxy, reviewed on its own, answers only the read-only calls traefik needs\n    environment: [DOCKER_HOST=tcp://socket-proxy:2375]',
    },
    fixSafety: 'No automatic fix: the container uses the socket on purpose, and the replacement (a filtering proxy, a different design) is a decision.',
    references: [
      'CIS Docker Benchmark v1.6.0 5.32 "Ensure that the Docker socket is not mounted inside any containers"',
      'https://docs.docker.com/engine/security/#docker-daemon-attack-surface',
      'https://docs.docker.com/reference/compose-file/services/#use_api_socket',
    ],
  },
  check(target) {
    if (target.kind !== 'container') return [];
    const c = target.container;
    const findings: RuleFinding[] = [];
    for (const mount of c.mounts) {
      if (!mountsApiSocket(mount.value)) continue;
      const what = mount.value.source && isApiSocketPath(mount.value.source) ? mount.value.source : mount.value.target;
      const ro = mount.value.readOnly ? ' (read-only does not help: the API still accepts every request)' : '';
      findings.push({
        span: mount.span,
        message: `container '${c.name}' mounts the container runtime API socket ${what}${ro}; anything in it can start a privileged container and take over the host`,
      });
    }
    if (c.useApiSocket?.value) {
      findings.push({
        span: c.useApiSocket.span,
        message: `container '${c.name}' gets the Docker API socket (use_api_socket); anything in it can start a privileged container and take over the host`,
      });
    }
    return findings;
  },
});
