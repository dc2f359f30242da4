/** CG002 cap-drop-all — the container keeps the runtime's default capabilities. */
import { editorFix, lazyBatch, normaliseCapability } from './container-helpers.js';
import { defineRule } from './types.js';

export default defineRule({
  id: 'CG002',
  name: 'cap-drop-all',
  level: 'warning',
  securitySeverity: 6.5,
  tags: ['security', 'capabilities', 'cis-docker'],
  cis: ['5.4'],
  cwe: ['CWE-250'],
  targets: ['container'],
  fixable: 'unsafe',
  docs: {
    summary: 'Linux capabilities are not dropped (no cap_drop: [ALL])',
    what:
      'Flags a container with no `cap_drop`/`--cap-drop`/`DropCapability=` entry of `ALL` (any case, `CAP_` prefix allowed, `=` and space forms, repeated flags and comma lists all count).',
    why:
      "Docker gives every container 14 capabilities (Podman 11), among them NET_RAW (ARP and DNS spoofing on the bridge), MKNOD, CHOWN, SETUID/SETGID and DAC_OVERRIDE. Most services need none of them. Dropping ALL and adding back only what is needed removes whole classes of escalation, which is what CIS Docker Benchmark 5.4 asks for.",
    example: { lang: 'yaml', code: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2' },
    useInstead: { lang: 'yaml', code: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE]' },
    fixSafety:
      'Unsafe: adds `ALL` to `cap_drop` (`--cap-drop=ALL`, `DropCapability=all`). Capabilities listed in `cap_add` stay, but a program that silently relied on a default capability (chown at start-up, binding port 80 as root) will fail; add those back explicitly.',
    references: ['CIS Docker Benchmark 5.4 "Ensure that Linux kernel capabilities are restricted within containers"', 'https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities', 'capabilities(7)'],
  },
  check(target) {
    if (target.kind !== 'container') return [];
    const c = target.container;
    if (c.capDrop.some((cap) => normaliseCapability(cap.value) === 'ALL')) return [];
    return [
      {
        span: c.span,
        message: `container '${c.name}' keeps the default Linux capabilities; drop ALL and add back only what it needs`,
        fix: editorFix('drop all capabilities (cap_drop: ALL)', 'unsafe', lazyBatch(c.editor, [{ op: 'add', list: 'capDrop', item: 'ALL' }])),
      },
    ];
  },
});
