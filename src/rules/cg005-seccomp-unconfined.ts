/** CG005 seccomp-unconfined — the seccomp filter is turned off. */
import { editorFix } from './container-helpers.js';
import { defineRule, type RuleFinding } from './types.js';

/** `seccomp=unconfined` and the deprecated `seccomp:unconfined` (the CLI splits on the first `=`, else `:`). */
export function isSeccompUnconfined(option: string): boolean {
  return /^seccomp\s*[=:]\s*unconfined$/i.test(option.trim());
}

export default defineRule({
  id: 'CG005',
  name: 'seccomp-unconfined',
  level: 'error',
  securitySeverity: 8.0,
  tags: ['security', 'seccomp', 'cis-docker'],
  cis: ['5.22'],
  cwe: ['CWE-693'],
  targets: ['container'],
  fixable: 'unsafe',
  docs: {
    summary: 'Seccomp is disabled (seccomp=unconfined)',
    what:
      'Flags `security_opt: [seccomp:unconfined]`, `--security-opt seccomp=unconfined` (either separator, `=` or space after the flag) and Quadlet `SeccompProfile=unconfined`.',
    why:
      "The default seccomp profile blocks about 44 system calls that containers should never need — `keyctl`, `add_key`, `unshare`, `mount`, `ptrace` on older kernels, `bpf` and friends — many of which have been the entry point of container escapes. Turning it off exposes the whole kernel syscall surface to the container.",
    example: { lang: 'yaml', code: 'services:\n  app:\n    image: ghcr.io/acme/app:2.1.0\n    security_opt:\n      - seccomp:unconfined' },
    useInstead: { lang: 'yaml', code: 'services:\n  app:\n    image: ghcr.io/acme/app:2.1.0\n    # default seccomp profile; or a custom one:\n    # security_opt: ["seccomp=./seccomp.json"]' },
    fixSafety:
      'Unsafe: removes the option (and an emptied `security_opt`), restoring the default profile. A program that needs one of the blocked system calls will fail with EPERM; give it a custom profile that allows just that call.',
    references: ['CIS Docker Benchmark 5.22 "Ensure that the default seccomp profile is not Disabled"', 'https://docs.docker.com/engine/security/seccomp/'],
  },
  check(target) {
    if (target.kind !== 'container') return [];
    const c = target.container;
    const findings: RuleFinding[] = [];
    for (const option of c.securityOpt) {
      if (!isSeccompUnconfined(option.value)) continue;
      findings.push({
        span: option.span,
        message: `container '${c.name}' turns seccomp off (${option.value}); remove it or use a custom profile that allows only what is needed`,
        fix: editorFix('remove the unconfined seccomp option', 'unsafe', { editor: c.editor, compute: (e) => e.remove('securityOpt', option) }),
      });
    }
    return findings;
  },
});
