/**
 * CG209 journald-limits — a container logs to journald on a host whose journald.conf (in the
 * scanned tree) sets no size limit for the journal.
 *
 * Facts (journald.conf(5)): `Storage=` is `auto` by default — persistent under /var/log/journal
 * when that folder exists, volatile under /run/log/journal otherwise; `none` keeps nothing.
 * `SystemMaxUse=` bounds the persistent journal, `RuntimeMaxUse=` the volatile one; unset, each
 * defaults to 10% of its file system, capped at 4 GiB. `SystemMaxFileSize=` only sizes each
 * journal file (default 1/8 of SystemMaxUse=), it does not bound the total. Files are read in
 * order (journald.conf, then journald.conf.d/*.conf by name) and the last assignment wins; an
 * empty one resets the default. The tree's files are resolved by scan() into
 * `RuleContext.hostJournald` (src/parsers/journald-conf.ts).
 */
import type { JournaldConfig } from '../model/journald.js';
import { effectiveLogDriver } from './cg006-log-rotation.js';
import { defineRule } from './types.js';

/** The directive that bounds the journal this config stores, or undefined when it keeps none. */
function neededLimit(config: JournaldConfig): 'SystemMaxUse' | 'RuntimeMaxUse' | undefined {
  const storage = config.storage?.value.toLowerCase() ?? 'auto';
  if (storage === 'none') return undefined;
  return storage === 'volatile' ? 'RuntimeMaxUse' : 'SystemMaxUse';
}

/** Whether the config leaves the journal it stores to journald's default size. */
function unbounded(config: JournaldConfig): boolean {
  const needed = neededLimit(config);
  if (needed === 'SystemMaxUse') return !config.systemMaxUse;
  if (needed === 'RuntimeMaxUse') return !config.runtimeMaxUse;
  return false;
}

export default defineRule({
  id: 'CG209',
  name: 'journald-limits',
  level: 'warning',
  securitySeverity: 4.0,
  tags: ['security', 'availability', 'logging', 'systemd'],
  cwe: ['CWE-400'],
  targets: ['container'],
  docs: {
    summary: "A journald-logged container runs on a host whose journald.conf sets no size limit",
    what:
      "Flags a container whose effective log driver is `journald` — `--log-driver journald`, compose `logging.driver: journald`, Quadlet `LogDriver=journald`, and Podman's default when no driver is named — when the scanned tree holds a `journald.conf` (or `journald.conf.d/*.conf` drop-ins) that, after the drop-ins are applied in name order, sets no `SystemMaxUse=` (or, with `Storage=volatile`, no `RuntimeMaxUse=`). The message names the journald.conf it relies on. `Storage=none` keeps nothing and is fine; `SystemMaxFileSize=` alone sizes each journal file but not their total, so it does not count. When the tree has no journald config at all the rule stays quiet: cguard cannot see the host, and journald's own default caps the journal at 10% of its file system (at most 4 GiB). When the tree holds several journald configs (several hosts), the rule fires only when none of them sets a limit.",
    why:
      "Logging to journald moves the container's log out of /var/lib/docker but not the risk CG006 describes: the journal is then the one place the container's output accumulates. A journald.conf that the repository manages but that leaves the size to the default hands the disk budget to a percentage of whatever file system /var/log happens to be on, shared with every other service — a chatty or attacked container fills it and rotates away the host's own logs (sshd, sudo, the audit trail) first. Set an explicit `SystemMaxUse=` (and `SystemMaxFileSize=`, `RuntimeMaxUse=`) in [Journal] so the limit is a decision that holds on every host the config is deployed to.",
    example: {
      lang: 'ini',
      code: '# etc/systemd/journald.conf\n[Journal]\nStorage=persistent\n\n# web.service\n[Service]\nExecStart=/usr/bin/docker run --rm --log-driver journald --name web nginx:1.27',
    },
    useInstead: {
      lang: 'ini',
      code: '# etc/systemd/journald.conf\n[Journal]\nStorage=persistent\nSystemMaxUse=2G\nSystemMaxFileSize=128M\nRuntimeMaxUse=256M\n\n# web.service\n[Service]\nExecStart=/usr/bin/docker run --rm --log-driver journald --name web nginx:1.27',
    },
    references: [
      'journald.conf(5): Storage=, SystemMaxUse=, SystemMaxFileSize=, RuntimeMaxUse=',
      'https://docs.docker.com/engine/logging/drivers/journald/',
      'podman-run(1): --log-driver (default journald)',
      'CWE-400: Uncontrolled Resource Consumption',
    ],
  },
  check(target, ctx) {
    if (target.kind !== 'container' || !ctx.hostJournald) return [];
    const c = target.container;
    if (c.logDriver?.value.includes('$')) return [];
    if (effectiveLogDriver(c) !== 'journald') return [];
    const configs = ctx.hostJournald.configs;
    if (configs.length === 0 || !configs.every(unbounded)) return [];
    const config = configs[0]!;
    const needed = neededLimit(config)!;
    const others = configs.length > 1 ? ` (and ${configs.length - 1} other journald config${configs.length > 2 ? 's' : ''})` : '';
    const how = c.logDriver ? 'logs to journald' : "logs to journald, Podman's default driver,";
    return [
      {
        span: c.logDriver?.span ?? c.span,
        message: `container '${c.name}' ${how} and ${config.path}${others} sets no ${needed}=, so the journal it fills is sized only by journald's default (10% of the file system, up to 4 GiB, shared with every service); set ${needed}= in [Journal]`,
      },
    ];
  },
});
