/** CG501 daemon-icc — containers on the default bridge can talk to each other freely. */
import { daemonBoolean, daemonSpan } from './daemon-settings.js';
import { defineRule } from './types.js';

export default defineRule({
  id: 'CG501',
  name: 'daemon-icc',
  level: 'note',
  securitySeverity: 4.0,
  tags: ['security', 'network', 'daemon', 'cis-docker'],
  cis: ['2.2'],
  cwe: ['CWE-923'],
  targets: ['daemon'],
  docs: {
    summary: 'daemon.json leaves inter-container communication on (icc is not false)',
    what: 'Flags a Docker `daemon.json` that does not set `"icc": false`; dockerd\'s default is `true`.',
    why:
      'With icc on, every container on the default `bridge` network can reach every port of every other container there, so one compromised container can probe and attack the rest. With `"icc": false` only links and user-defined networks connect containers, which makes each connection a decision.',
    example: { lang: 'json', code: '{\n  "log-driver": "local"\n}' },
    useInstead: { lang: 'json', code: '{\n  "log-driver": "local",\n  "icc": false\n}' },
    fixSafety: 'No automatic fix: containers that talk over the default bridge stop reaching each other; move them to a user-defined network first.',
    references: ['CIS Docker Benchmark v1.6.0 2.2 "Ensure network traffic is restricted between containers on the default bridge"', 'https://docs.docker.com/engine/network/drivers/bridge/#differences-between-user-defined-bridges-and-the-default-bridge'],
  },
  check(target) {
    if (target.kind !== 'daemon') return [];
    if (daemonBoolean(target.daemon, 'icc') === false) return [];
    return [{ span: daemonSpan(target.daemon, 'icc'), message: 'containers on the default bridge can reach each other (icc is not false); set "icc": false and connect containers through user-defined networks' }];
  },
});
