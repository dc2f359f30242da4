/** CG502 daemon-userns-remap — root in a container is root on the host. */
import { daemonSetting, daemonSpan } from './daemon-settings.js';
import { defineRule } from './types.js';

export default defineRule({
  id: 'CG502',
  name: 'daemon-userns-remap',
  level: 'note',
  securitySeverity: 5.0,
  tags: ['security', 'user', 'daemon', 'cis-docker'],
  cis: ['2.9'],
  cwe: ['CWE-250'],
  targets: ['daemon'],
  docs: {
    summary: 'daemon.json does not enable user namespaces (no userns-remap)',
    what: 'Flags a Docker `daemon.json` with no `userns-remap` setting, or an empty one.',
    why:
      'Without user-namespace remapping, uid 0 in a container is uid 0 on the host: a process that escapes (or reaches a bind-mounted host file) acts as the host\'s root. `"userns-remap": "default"` maps container root to an unprivileged range of subordinate ids.',
    example: { lang: 'json', code: '{\n  "icc": false\n}' },
    useInstead: { lang: 'json', code: '{\n  "icc": false,\n  "userns-remap": "default"\n}' },
    fixSafety: 'No automatic fix: remapping changes the owner of every file containers write to volumes, and some images (and `--privileged`, `--pid=host`) do not work with it.',
    references: ['CIS Docker Benchmark v1.6.0 2.9 "Enable user namespace support"', 'https://docs.docker.com/engine/security/userns-remap/'],
  },
  check(target) {
    if (target.kind !== 'daemon') return [];
    const setting = daemonSetting(target.daemon, 'userns-remap');
    if (typeof setting?.value === 'string' && setting.value.trim() !== '') return [];
    return [{ span: daemonSpan(target.daemon, 'userns-remap'), message: 'root in a container is root on the host (no userns-remap); set "userns-remap": "default"' }];
  },
});
