/** CG102 no-new-privileges — processes in the container may gain privileges through setuid binaries. */
import type { Field } from '../model/container.js';
import { editorFix, lazyBatch } from './container-helpers.js';
import { defineRule } from './types.js';

/**
 * `no-new-privileges`, with `=` or `:` and a Go `strconv.ParseBool` value. The key is compared
 * exactly, as moby's `parseSecurityOpt` does; what `ParseBool` rejects makes Docker refuse the
 * option, so it turns nothing on. Undefined when the option is about something else.
 */
export function noNewPrivileges(option: string): boolean | undefined {
  const m = /^no-new-privileges(?:[=:](.*))?$/.exec(option.trim());
  if (!m) return undefined;
  if (m[1] === undefined) return true;
  return /^(1|t|T|TRUE|true|True)$/.test(m[1]);
}

export default defineRule({
  id: 'CG102',
  name: 'no-new-privileges',
  level: 'warning',
  securitySeverity: 5.5,
  tags: ['security', 'privilege-escalation', 'cis-docker'],
  cis: ['5.26'],
  cwe: ['CWE-269'],
  targets: ['container'],
  fixable: 'unsafe',
  docs: {
    summary: 'The container does not set no-new-privileges',
    what:
      'Flags a container without `no-new-privileges` in `security_opt`/`--security-opt` — written `no-new-privileges`, `no-new-privileges:true` or `no-new-privileges=true` (`1`, `t`, `TRUE`, `True` also count, as Go\'s `ParseBool` reads them) — or, in Quadlet, without `NoNewPrivileges=true`. `no-new-privileges:false` is reported where it is written. A daemon-wide `"no-new-privileges": true` in daemon.json is not visible to cguard; suppress the rule for the file when the hosts set it.',
    why:
      'Without the flag, a process in the container can gain privileges by executing a setuid or setgid binary (su, sudo, ping on older images, anything an attacker copies in with the right bits) or a file with file capabilities. The `no_new_privs` bit makes execve never grant more than the caller has, which closes that path for the lifetime of the container. CIS Docker Benchmark 5.26 (and 2.14 for the daemon default) asks for it.',
    example: { lang: 'ini', code: '[Container]\nImage=ghcr.io/acme/api:1.4.2' },
    useInstead: { lang: 'ini', code: '[Container]\nImage=ghcr.io/acme/api:1.4.2\nNoNewPrivileges=true' },
    fixSafety:
      'Unsafe: adds `no-new-privileges:true` to `security_opt` (compose), `--security-opt=no-new-privileges` (unit command lines) or `NoNewPrivileges=true` (Quadlet). Programs that rely on setuid binaries to gain privileges inside the container (sudo, su, some entrypoints that switch users through a setuid helper) stop working; gosu/su-exec style privilege dropping is unaffected.',
    references: [
      'CIS Docker Benchmark v1.6.0 5.26 "Ensure that the container is restricted from acquiring additional privileges"',
      'https://docs.docker.com/reference/cli/docker/container/run/#security-opt',
      'https://www.kernel.org/doc/html/latest/userspace-api/no_new_privs.html',
    ],
  },
  check(target) {
    if (target.kind !== 'container') return [];
    const c = target.container;
    let last: Field<string> | undefined;
    for (const option of c.securityOpt) if (noNewPrivileges(option.value) !== undefined) last = option;
    if (last && noNewPrivileges(last.value)) return [];
    if (last) {
      return [{ span: last.span, message: `container '${c.name}' turns no-new-privileges off (${last.value}); set it to true so setuid binaries cannot raise privileges` }];
    }
    // Docker's compose documentation writes the `:true` form; the CLI and Quadlet take the bare flag.
    const item = c.source === 'compose' ? 'no-new-privileges:true' : 'no-new-privileges';
    return [
      {
        span: c.span,
        message: `container '${c.name}' does not set no-new-privileges, so setuid binaries in it can raise privileges`,
        fix: editorFix('set no-new-privileges', 'unsafe', lazyBatch(c.editor, [{ op: 'add', list: 'securityOpt', item }])),
      },
    ];
  },
});
