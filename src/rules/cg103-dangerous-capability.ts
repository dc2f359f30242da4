/** CG103 dangerous-capability — the container is given a capability that reaches the host. */
import { editorFix, normaliseCapability } from './container-helpers.js';
import { defineRule, type RuleFinding } from './types.js';

/** Why each capability is dangerous, from capabilities(7) and known container escapes. */
const DANGEROUS: Readonly<Record<string, string>> = {
  ALL: 'every capability, which is nearly privileged mode',
  SYS_ADMIN: 'mount, namespaces, BPF maps and dozens of other administrative operations (the classic cgroup release_agent escape)',
  SYS_MODULE: 'loading kernel modules, which is running code in the host kernel',
  SYS_RAWIO: 'raw I/O on ports and devices (iopl, /dev/mem)',
  SYS_PTRACE: 'tracing and injecting code into other processes (and host processes with a shared PID namespace)',
  DAC_READ_SEARCH: 'open_by_handle_at, which reads any host file through a bind mount (the "shocker" escape)',
  NET_ADMIN: 'reconfiguring interfaces, routes and firewall rules (the host\'s own when it shares the host network)',
  SYS_BOOT: 'rebooting the host and loading a new kernel with kexec',
  BPF: 'loading BPF programs into the kernel',
  PERFMON: 'kernel performance monitoring, which exposes kernel addresses and other processes',
};

export default defineRule({
  id: 'CG103',
  name: 'dangerous-capability',
  level: 'error',
  securitySeverity: 8.0,
  tags: ['security', 'capabilities', 'cis-docker'],
  cis: ['5.4'],
  cwe: ['CWE-250'],
  targets: ['container'],
  fixable: 'unsafe',
  docs: {
    summary: 'A dangerous Linux capability is added (SYS_ADMIN, ALL, SYS_MODULE, …)',
    what:
      'Flags `cap_add`/`--cap-add`/`AddCapability=` (and `--cap-add` in Quadlet `PodmanArgs=`) entries of `ALL`, `SYS_ADMIN`, `SYS_MODULE`, `SYS_RAWIO`, `SYS_PTRACE`, `DAC_READ_SEARCH`, `NET_ADMIN`, `SYS_BOOT`, `BPF` or `PERFMON`, in any case, with or without the `CAP_` prefix, in comma lists and repeated flags. Each entry is reported where it is written.',
    why:
      'These capabilities are not in Docker\'s or Podman\'s default set because each of them is a documented way out of the container or into the kernel: SYS_ADMIN allows mounting and the cgroup release_agent escape, DAC_READ_SEARCH the "shocker" open_by_handle_at escape, SYS_MODULE loads code into the host kernel, SYS_PTRACE injects code into other processes. CIS Docker Benchmark 5.4 asks that capabilities be restricted to what the container needs.',
    example: { lang: 'ini', code: '[Service]\nExecStart=/usr/bin/docker run --rm --name vpn --cap-add=SYS_ADMIN,NET_ADMIN ghcr.io/acme/vpn:2.0.1' },
    useInstead: { lang: 'ini', code: '[Service]\nExecStart=/usr/bin/docker run --rm --name vpn --cap-drop=ALL --cap-add=NET_BIND_SERVICE --device /dev/net/tun ghcr.io/acme/vpn:2.0.1' },
    fixSafety:
      'Unsafe: removes the entry (one item of a comma list, the whole flag, or the `cap_add` item). The container loses the capability, and whatever needed it fails with EPERM; when it is truly needed, suppress the finding with a reason. Quadlet `AddCapability=` lines and `PodmanArgs=` are not edited.',
    references: [
      'CIS Docker Benchmark v1.6.0 5.4 "Ensure that Linux kernel capabilities are restricted within containers"',
      'capabilities(7)',
      'https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities',
    ],
  },
  check(target) {
    if (target.kind !== 'container') return [];
    const c = target.container;
    const findings: RuleFinding[] = [];
    for (const cap of c.capAdd) {
      const name = normaliseCapability(cap.value);
      const why = DANGEROUS[name];
      if (!why) continue;
      findings.push({
        span: cap.span,
        message: `container '${c.name}' adds capability ${name}: ${why}; remove it or grant something narrower`,
        fix: editorFix(`remove the ${name} capability`, 'unsafe', { editor: c.editor, compute: (e) => e.remove('capAdd', cap) }),
      });
    }
    return findings;
  },
});
