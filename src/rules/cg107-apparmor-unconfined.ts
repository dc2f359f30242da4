/** CG107 apparmor-unconfined — the container runs without an AppArmor profile. */
import { editorFix } from './container-helpers.js';
import { defineRule, type RuleFinding } from './types.js';

/** `apparmor=unconfined` and the deprecated `apparmor:unconfined` (the CLI splits on the first `=`, else `:`). */
export function isAppArmorUnconfined(option: string): boolean {
  return /^apparmor\s*[=:]\s*unconfined$/i.test(option.trim());
}

export default defineRule({
  id: 'CG107',
  name: 'apparmor-unconfined',
  level: 'error',
  securitySeverity: 8.0,
  tags: ['security', 'apparmor', 'cis-docker'],
  cis: ['5.2'],
  cwe: ['CWE-693'],
  targets: ['container'],
  fixable: 'unsafe',
  docs: {
    summary: 'AppArmor is disabled (apparmor=unconfined)',
    what:
      'Flags `security_opt: [apparmor:unconfined]`, `--security-opt apparmor=unconfined` (either separator, `--security-opt X` or `--security-opt=X`, also in Quadlet `PodmanArgs=`) and Quadlet `AppArmor=unconfined`. A named profile (`apparmor=my-profile`) is fine.',
    why:
      'On Debian, Ubuntu and SUSE hosts the runtime confines every container with an AppArmor profile (`docker-default`, `containers-default-…`) that denies writes to /proc and /sys, mounting, and access to host paths the container has no business with. `unconfined` removes that layer, so a process that breaks another one (a capability, a mount, a kernel bug) meets nothing behind it. CIS Docker Benchmark 5.2.',
    example: { lang: 'yaml', code: 'services:\n  app:\n    image: ghcr.io/acme/app:2.1.0\n    security_opt:\n      - apparmor:unconfined' },
    useInstead: { lang: 'yaml', code: 'services:\n  app:\n    image: ghcr.io/acme/app:2.1.0\n    # the default profile; or a custom one loaded on the host:\n    # security_opt: ["apparmor=acme-app"]' },
    fixSafety:
      'Unsafe: removes the option (and an emptied `security_opt`), or the Quadlet `AppArmor=` line, restoring the runtime\'s default profile. A program that does something the default profile denies (mounting, writing under /proc) fails; write a profile that allows just that.',
    references: [
      'CIS Docker Benchmark v1.6.0 5.2 "Ensure that, if applicable, an AppArmor Profile is enabled"',
      'https://docs.docker.com/engine/security/apparmor/',
    ],
  },
  check(target) {
    if (target.kind !== 'container') return [];
    const c = target.container;
    const findings: RuleFinding[] = [];
    for (const option of c.securityOpt) {
      if (!isAppArmorUnconfined(option.value)) continue;
      findings.push({
        span: option.span,
        message: `container '${c.name}' turns AppArmor off (${option.value}); remove it or load a profile that allows only what is needed`,
        fix: editorFix('remove the unconfined AppArmor option', 'unsafe', { editor: c.editor, compute: (e) => e.remove('securityOpt', option) }),
      });
    }
    return findings;
  },
});
