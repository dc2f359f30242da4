/** CG503 daemon-live-restore — restarting dockerd stops every container. */
import { daemonBoolean, daemonSpan } from './daemon-settings.js';
import { defineRule } from './types.js';

export default defineRule({
  id: 'CG503',
  name: 'daemon-live-restore',
  level: 'note',
  securitySeverity: 3.0,
  tags: ['security', 'availability', 'daemon', 'cis-docker'],
  cis: ['2.15'],
  cwe: ['CWE-400'],
  targets: ['daemon'],
  docs: {
    summary: 'daemon.json does not enable live-restore',
    what: 'Flags a Docker `daemon.json` that does not set `"live-restore": true`; dockerd\'s default is `false`.',
    why:
      'Without live-restore, stopping or upgrading dockerd (or a crash) stops every container on the host. With it, containers keep running while the daemon is down, so patching the daemon does not mean an outage, and an outage is not a reason to put off patching.',
    example: { lang: 'json', code: '{\n  "icc": false\n}' },
    useInstead: { lang: 'json', code: '{\n  "icc": false,\n  "live-restore": true\n}' },
    fixSafety: 'No automatic fix: live-restore does not work with Docker Swarm mode.',
    references: ['CIS Docker Benchmark v1.6.0 2.15 "Ensure live restore is enabled"', 'https://docs.docker.com/engine/daemon/live-restore/'],
  },
  check(target) {
    if (target.kind !== 'daemon') return [];
    if (daemonBoolean(target.daemon, 'live-restore') === true) return [];
    return [{ span: daemonSpan(target.daemon, 'live-restore'), message: 'restarting dockerd stops every container (live-restore is not true); set "live-restore": true' }];
  },
});
