/** CG006 log-rotation — json-file logs with no max-size grow without bound. */
import type { ContainerSpec } from '../model/container.js';
import { editorFix, lazyBatch } from './container-helpers.js';
import { defineRule, type RuleContext } from './types.js';

type DaemonDefaults = RuleContext['dockerDaemon'];

/**
 * The driver a container really logs with: the explicit one, else the runtime default —
 * Docker's is json-file (MOBY DefaultLogDriver) unless the config declares the hosts'
 * daemon.json `log-driver` (`docker-daemon:`), Podman's journald.
 */
export function effectiveLogDriver(c: ContainerSpec, daemon?: DaemonDefaults): string {
  return c.logDriver?.value.trim().toLowerCase() || (c.runtime === 'podman' ? 'journald' : (daemon?.logDriver ?? 'json-file'));
}

/**
 * dockerd fills in the daemon.json `log-opts` a container does not set when the container logs
 * with the daemon's default driver (MOBY daemon mergeAndVerifyLogConfig).
 */
function daemonLogOption(c: ContainerSpec, daemon: DaemonDefaults, key: string): boolean {
  if (c.runtime !== 'docker' || !daemon) return false;
  return effectiveLogDriver(c, daemon) === (daemon.logDriver ?? 'json-file') && key in daemon.logOpts;
}

export default defineRule({
  id: 'CG006',
  name: 'log-rotation',
  level: 'warning',
  securitySeverity: 4.5,
  tags: ['security', 'availability', 'logging'],
  cwe: ['CWE-400'],
  targets: ['container'],
  fixable: 'safe',
  docs: {
    summary: 'Container logs are never rotated (json-file without max-size)',
    what:
      "Flags a container whose effective log driver is `json-file` — Docker's default, so also when no driver is named — with no `max-size` option. Compose anchors and merge keys are followed. `local`, `journald`, `syslog`, `none` and the remote drivers rotate or ship logs elsewhere; Podman's default is journald. When `.cguard.yaml` declares the hosts' daemon.json logging (`docker-daemon: {log-driver, log-opts}`), Docker containers that name no driver use that driver, and its `log-opts` count for containers that log with it.",
    why:
      'json-file keeps every line the container ever printed in /var/lib/docker/containers/<id>/<id>-json.log with no size limit ("By default, no log-rotation is performed"). A chatty or attacked service fills the disk, and a full /var/lib/docker takes every container on the host down with it.',
    example: { lang: 'yaml', code: 'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: json-file' },
    useInstead: { lang: 'yaml', code: 'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: json-file\n      options:\n        max-size: "10m"\n        max-file: "3"' },
    fixSafety:
      'Safe: adds `max-size: "10m"` and `max-file: "3"` (compose `logging.options`, `--log-opt` pairs, Quadlet `LogOpt=`), keeping an explicit driver. The container behaves the same; only old log lines are discarded after 30 MB.',
    references: ['https://docs.docker.com/engine/logging/configure/', 'https://docs.docker.com/engine/logging/drivers/json-file/', 'CWE-400: Uncontrolled Resource Consumption'],
  },
  check(target, ctx) {
    if (target.kind !== 'container') return [];
    const c = target.container;
    if (c.logDriver?.value.includes('$')) return [];
    // `driver: ${LOG_DRIVER}` with the variable unset reads as '': its value is not known here.
    const driverText = c.logDriver ? target.file.text.slice(c.logDriver.span.start, c.logDriver.span.end) : '';
    if (c.logDriver?.value.trim() === '' && driverText.includes('$')) return [];
    if (effectiveLogDriver(c, ctx.dockerDaemon) !== 'json-file') return [];
    const has = (key: string): boolean => c.logOptions.some((o) => o.value.key === key) || daemonLogOption(c, ctx.dockerDaemon, key);
    if (has('max-size')) return [];
    const changes = [
      { op: 'add' as const, list: 'logOpt' as const, item: 'max-size=10m' },
      ...(has('max-file') ? [] : [{ op: 'add' as const, list: 'logOpt' as const, item: 'max-file=3' }]),
    ];
    const how = c.logDriver ? 'logs with json-file' : "logs with Docker's default json-file driver";
    return [
      {
        span: c.logDriver?.span ?? c.span,
        message: `container '${c.name}' ${how} and no max-size, so its log grows until the disk is full; set max-size and max-file`,
        fix: editorFix('rotate logs: max-size 10m, max-file 3', 'safe', lazyBatch(c.editor, changes)),
      },
    ];
  },
});
