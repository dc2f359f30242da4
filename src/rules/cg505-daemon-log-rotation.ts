/** CG505 daemon-log-rotation — the daemon's default log driver never rotates. */
import { daemonSetting, daemonSpan } from './daemon-settings.js';
import { defineRule } from './types.js';

export default defineRule({
  id: 'CG505',
  name: 'daemon-log-rotation',
  level: 'warning',
  securitySeverity: 4.5,
  tags: ['security', 'availability', 'logging', 'daemon'],
  cwe: ['CWE-400'],
  targets: ['daemon'],
  docs: {
    summary: 'daemon.json keeps the json-file log driver without max-size',
    what:
      'Flags a Docker `daemon.json` whose default `log-driver` is `json-file` — named, or left at dockerd\'s default — with no `max-size` in `log-opts`.',
    why:
      'Every container that names no log driver inherits this default, and json-file "by default, no log-rotation is performed": one chatty container fills /var/lib/docker and takes the host\'s containers down. Setting rotation in daemon.json fixes it for all of them at once (new containers only). See CG006 for single containers.',
    example: { lang: 'json', code: '{\n  "log-driver": "json-file"\n}' },
    useInstead: { lang: 'json', code: '{\n  "log-driver": "json-file",\n  "log-opts": {\n    "max-size": "10m",\n    "max-file": "3"\n  }\n}' },
    fixSafety: 'No automatic fix. `"log-driver": "local"` rotates by default (20 MB × 5 files, compressed); note that log-opts values must be strings.',
    references: ['https://docs.docker.com/engine/logging/configure/', 'https://docs.docker.com/engine/logging/drivers/json-file/', 'CWE-400: Uncontrolled Resource Consumption'],
  },
  check(target) {
    if (target.kind !== 'daemon') return [];
    const daemon = target.daemon;
    const driver = daemonSetting(daemon, 'log-driver')?.value;
    if (driver !== undefined && (typeof driver !== 'string' || driver.trim().toLowerCase() !== 'json-file')) return [];
    const opts = daemonSetting(daemon, 'log-opts')?.value;
    if (opts && typeof opts === 'object' && 'max-size' in opts) return [];
    const how = driver === undefined ? "uses dockerd's default json-file log driver" : 'sets the json-file log driver';
    return [{ span: driver === undefined ? daemonSpan(daemon, 'log-opts') : daemonSpan(daemon, 'log-driver'), message: `daemon.json ${how} with no max-size, so container logs grow until the disk is full; add "log-opts": {"max-size": "10m", "max-file": "3"} or use "log-driver": "local"` }];
  },
});
