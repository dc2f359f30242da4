/** CG101 privileged — the container runs with `--privileged`. */
import { editorFix, lazyBatch } from './container-helpers.js';
import { defineRule } from './types.js';

export default defineRule({
  id: 'CG101',
  name: 'privileged',
  level: 'error',
  securitySeverity: 9.5,
  tags: ['security', 'privileged', 'cis-docker'],
  cis: ['5.5'],
  cwe: ['CWE-250', 'CWE-269'],
  targets: ['container'],
  fixable: 'unsafe',
  docs: {
    summary: 'The container runs privileged (privileged: true / --privileged)',
    what:
      'Flags `privileged: true` (also `"true"` and other YAML booleans) in a compose service, `--privileged` (and `--privileged=true`) on a `docker run`/`podman run` line in a unit, and `PodmanArgs=--privileged` in a Quadlet `.container` unit. `--privileged=false` and `privileged: false` are fine.',
    why:
      'A privileged container gets every Linux capability, every host device under /dev, no seccomp filter, no AppArmor or SELinux confinement and a writable /sys and /proc/sys. Root in such a container is root on the host: mounting the host disk or loading a kernel module takes one command. CIS Docker Benchmark 5.5 forbids it; what the container really needs (one device, one capability) can almost always be granted on its own.',
    example: { lang: 'yaml', code: 'services:\n  agent:\n    image: ghcr.io/acme/agent:3.2.0\n    privileged: true' },
    useInstead: { lang: 'yaml', code: 'services:\n  agent:\n    image: ghcr.io/acme/agent:3.2.0\n    cap_add: [NET_ADMIN]\n    devices: ["/dev/net/tun:/dev/net/tun"]' },
    fixSafety:
      'Unsafe: sets `privileged: false` (compose) or removes `--privileged` (unit command lines). A container that really used its privileges (a device, a capability, a mount) stops working until they are granted one by one with `cap_add`/`devices`. Flags inside Quadlet `PodmanArgs=` are the author\'s raw words and are not edited.',
    references: [
      'CIS Docker Benchmark v1.6.0 5.5 "Ensure that privileged containers are not used"',
      'https://docs.docker.com/reference/cli/docker/container/run/#privileged',
      'CWE-250: Execution with Unnecessary Privileges',
    ],
  },
  check(target) {
    if (target.kind !== 'container') return [];
    const c = target.container;
    if (c.privileged?.value !== true) return [];
    return [
      {
        span: c.privileged.span,
        message: `container '${c.name}' runs privileged: it has every capability and host device and no seccomp/AppArmor/SELinux confinement; grant only the capabilities and devices it needs`,
        fix: editorFix('turn privileged mode off', 'unsafe', lazyBatch(c.editor, [{ op: 'set', setting: 'privileged', value: 'false' }])),
      },
    ];
  },
});
