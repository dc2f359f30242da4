/** CG504 daemon-no-new-privileges — containers may gain privileges through setuid binaries by default. */
import { daemonBoolean, daemonSpan } from './daemon-settings.js';
import { defineRule } from './types.js';

export default defineRule({
  id: 'CG504',
  name: 'daemon-no-new-privileges',
  level: 'note',
  securitySeverity: 5.0,
  tags: ['security', 'privileges', 'daemon', 'cis-docker'],
  cis: ['2.14'],
  cwe: ['CWE-269'],
  targets: ['daemon'],
  docs: {
    summary: 'daemon.json does not default containers to no-new-privileges',
    what: 'Flags a Docker `daemon.json` that does not set `"no-new-privileges": true`.',
    why:
      'Without no-new-privileges a process in a container can gain privileges through setuid and setgid binaries or file capabilities. Setting it in daemon.json makes it the default for every container, including those whose configuration forgets it (CG102 checks containers one by one); a container can still opt out with `--security-opt no-new-privileges=false`.',
    example: { lang: 'json', code: '{\n  "icc": false\n}' },
    useInstead: { lang: 'json', code: '{\n  "icc": false,\n  "no-new-privileges": true\n}' },
    fixSafety: 'No automatic fix: images that rely on `sudo` or other setuid programs stop working.',
    references: ['CIS Docker Benchmark v1.6.0 2.14 "Ensure containers are restricted from acquiring new privileges"', 'https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file'],
  },
  check(target) {
    if (target.kind !== 'daemon') return [];
    if (daemonBoolean(target.daemon, 'no-new-privileges') === true) return [];
    return [{ span: daemonSpan(target.daemon, 'no-new-privileges'), message: 'containers may gain privileges through setuid binaries by default (no-new-privileges is not true); set "no-new-privileges": true' }];
  },
});
