/** CG108 selinux-disabled — SELinux separation is turned off for the container. */
import { editorFix } from './container-helpers.js';
import { defineRule, type RuleFinding } from './types.js';

/**
 * `label=disable` and `label:disable`, and the types that mean the same thing: `spc_t` (the
 * "super privileged container" type, which is what `label=disable` runs as) and `unconfined_t`.
 */
export function isLabelDisabled(option: string): boolean {
  return /^label\s*[=:]\s*(disable|type:(spc_t|unconfined_t))$/i.test(option.trim());
}

export default defineRule({
  id: 'CG108',
  name: 'selinux-disabled',
  level: 'error',
  securitySeverity: 7.5,
  tags: ['security', 'selinux', 'cis-docker'],
  cis: ['5.3'],
  cwe: ['CWE-693'],
  targets: ['container'],
  fixable: 'unsafe',
  docs: {
    summary: 'SELinux labelling is disabled (label=disable)',
    what:
      'Flags `security_opt: [label:disable]`, `--security-opt label=disable` (either separator, also in Quadlet `PodmanArgs=`), Quadlet `SecurityLabelDisable=true`, and the equivalent process types `label=type:spc_t` / `label=type:unconfined_t` (Quadlet `SecurityLabelType=spc_t`).',
    why:
      'On SELinux hosts (Fedora, RHEL, CentOS) each container runs as `container_t` with its own MCS category pair, which keeps it away from host files and from other containers even when it runs as root. `label=disable` runs it as `spc_t`, the unconfined "super privileged container" type: a process that escapes the namespaces meets no SELinux policy at all. CIS Docker Benchmark 5.3. When the container only needs a host directory, relabel the mount (`:z`/`:Z`) instead.',
    example: { lang: 'ini', code: '[Container]\nImage=ghcr.io/acme/agent:1.0.3\nVolume=/srv/data:/data\nSecurityLabelDisable=true' },
    useInstead: { lang: 'ini', code: '[Container]\nImage=ghcr.io/acme/agent:1.0.3\nVolume=/srv/data:/data:Z' },
    fixSafety:
      'Unsafe: removes the option (and an emptied `security_opt`), or the Quadlet `SecurityLabelDisable=` line. On SELinux hosts the container then cannot read host paths that are not labelled for containers; relabel its volumes with `:z`/`:Z`.',
    references: [
      'CIS Docker Benchmark v1.6.0 5.3 "Ensure that, if applicable, SELinux security options are set"',
      'https://docs.podman.io/en/latest/markdown/podman-run.1.html#security-opt-option',
      'https://docs.docker.com/reference/cli/docker/container/run/#security-opt',
    ],
  },
  check(target) {
    if (target.kind !== 'container') return [];
    const c = target.container;
    const findings: RuleFinding[] = [];
    for (const option of c.securityOpt) {
      if (!isLabelDisabled(option.value)) continue;
      findings.push({
        span: option.span,
        message: `container '${c.name}' turns SELinux separation off (${option.value}); remove it and relabel the volumes it needs (:z/:Z)`,
        fix: editorFix('remove the option that disables SELinux labelling', 'unsafe', { editor: c.editor, compute: (e) => e.remove('securityOpt', option) }),
      });
    }
    return findings;
  },
});
