/**
 * CG202 detached-container — `ExecStart=` starts a container in the background, so the
 * service's main process exits at once.
 *
 * Facts (systemd-docker-compose-facts §3): with `Type=simple` (the default) the ExecStart process
 * is the main process. `docker run -d` exits as soon as it prints the container id; the unit
 * goes inactive, and `ExecStop=` still runs ("the stop operation is always performed if the
 * service started successfully"), stopping the container just started. The container lives in
 * dockerd's own scope, not in the unit's cgroup, so `Type=forking` cannot track it either.
 * Working patterns: a foreground `docker run` with Type=simple/exec, or `Type=oneshot` with
 * `RemainAfterExit=yes`. `podman generate systemd` writes `podman run -d` with `Type=forking`
 * and `PIDFile=` (conmon's pid file, `--conmon-pidfile`) or with `Type=notify` and
 * `--sdnotify=conmon`: conmon is in the unit's cgroup, so those work.
 */
import type { Edit, Fix } from '../model/edit.js';
import type { SourceFile, Span } from '../model/source.js';
import type { UnitModel } from '../model/unit.js';
import { flagIsTrue, parseComposeCommand, parseContainerCommand, type RunFlag } from '../parsers/docker-run.js';
import { expandExecWords } from '../parsers/exec-line.js';
import { lastValue, unitEnvironment } from '../parsers/systemd-unit.js';
import { setUnitKey } from '../parsers/unit-editor.js';
import { defineRule, type RuleFinding } from './types.js';
import { commandArgs, execCommands, removeFlagEdits, serviceType, unitBoolean } from './unit-helpers.js';

interface Detached {
  span: Span;
  what: string;
  runtime: 'docker' | 'podman';
  /** Edits that make the command run in the foreground. */
  foreground?: Edit[];
  /** Podman's own pid file for conmon, as `podman generate systemd` writes it. */
  conmonPidfile: boolean;
}

/** `--detach`/`-d` that is on (`-d=false` is off), the last one written. */
function detachFlag(flags: readonly RunFlag[]): RunFlag | undefined {
  const detach = flags.filter((f) => f.name === 'detach').pop();
  return detach && flagIsTrue(detach) ? detach : undefined;
}

function detachedCommand(file: SourceFile, unit: UnitModel): Detached[] {
  const env = unitEnvironment(unit);
  const found: Detached[] = [];
  for (const { entry, command } of execCommands(unit)) {
    if (entry.section !== 'Service' || entry.key !== 'ExecStart') continue;
    const args = commandArgs(command);
    const words = [command.words[0]!, ...(command.prefixes.includes(':') ? args : expandExecWords(args, env))];
    const run = parseContainerCommand(words);
    if (run?.subcommand === 'run') {
      const flag = detachFlag(run.flags);
      if (flag) {
        found.push({
          span: flag.flagSpan,
          what: `${run.runtime} run ${flag.written}`,
          runtime: run.runtime,
          foreground: removeFlagEdits(file, words, flag),
          conmonPidfile: run.flags.some((f) => f.name === 'conmon-pidfile'),
        });
      }
      continue;
    }
    const compose = parseComposeCommand(words);
    if (compose?.subcommand?.value === 'up' && compose.detach) {
      found.push({
        span: compose.detach.flagSpan,
        what: `${compose.standalone ? `${compose.runtime}-compose` : `${compose.runtime} compose`} up ${compose.detach.written}`,
        runtime: compose.runtime,
        foreground: removeFlagEdits(file, words, compose.detach),
        conmonPidfile: false,
      });
      continue;
    }
    // `docker start NAME` detaches unless -a/--attach: the old "docker start" unit pattern.
    const start = startWithoutAttach(words);
    if (start) found.push({ span: start.span, what: `${start.runtime} start`, runtime: start.runtime, conmonPidfile: false });
  }
  return found;
}

function startWithoutAttach(words: ReturnType<typeof expandExecWords>): { span: Span; runtime: 'docker' | 'podman' } | undefined {
  const exe = words[0]!.value.slice(words[0]!.value.lastIndexOf('/') + 1);
  if (exe !== 'docker' && exe !== 'podman') return undefined;
  let i = 1;
  while (i < words.length && words[i]!.value.startsWith('-')) i += /^-(H|c|l)$|^--(host|context|log-level|config)$/.test(words[i]!.value) ? 2 : 1;
  if (words[i]?.value === 'container') i++;
  if (words[i]?.value !== 'start') return undefined;
  const rest = words.slice(i + 1).map((w) => w.value);
  const attach = rest.some((w) => /^--attach(=(1|t|true|T|TRUE|True))?$/.test(w) || /^-[a-zA-Z]*a[a-zA-Z]*$/.test(w));
  return attach ? undefined : { span: words[i]!.span, runtime: exe };
}

function check(file: SourceFile, unit: UnitModel): RuleFinding[] {
  if (file.kind !== 'unit') return [];
  const type = serviceType(unit);
  const remain = unitBoolean(lastValue(unit, 'Service', 'RemainAfterExit')?.value) === true;
  if (type === 'oneshot' && remain) return [];
  const pidFile = (lastValue(unit, 'Service', 'PIDFile')?.value ?? '') !== '';
  const findings: RuleFinding[] = [];
  for (const d of detachedCommand(file, unit)) {
    if (d.runtime === 'podman' && ((type === 'forking' && (pidFile || d.conmonPidfile)) || type === 'notify' || type === 'notify-reload')) continue;
    let fix: Fix | undefined;
    let effect: string;
    if (type === 'oneshot') {
      effect = 'with Type=oneshot but no RemainAfterExit=yes the unit is finished as soon as the client exits, and its ExecStop= runs right away';
      fix = { description: 'set RemainAfterExit=yes, so the unit stays active while the container runs', safety: 'unsafe', edits: setUnitKey(file, unit, 'Service', 'RemainAfterExit', 'yes') };
    } else {
      effect = `with Type=${type} the client is the service's main process, so when it exits systemd marks the service stopped and runs ExecStop=, stopping the container it just started`;
      if (d.foreground && (type === 'simple' || type === 'exec')) {
        fix = { description: 'run the container in the foreground (drop the detach flag)', safety: 'unsafe', edits: d.foreground };
      }
    }
    findings.push({
      span: d.span,
      message: `${d.what} returns as soon as the container starts; ${effect}. Run it in the foreground, or use Type=oneshot with RemainAfterExit=yes`,
      ...(fix ? { fix } : {}),
    });
  }
  return findings;
}

export default defineRule({
  id: 'CG202',
  name: 'detached-container',
  level: 'warning',
  securitySeverity: 4.5,
  tags: ['correctness', 'availability', 'systemd'],
  cwe: ['CWE-754'],
  targets: ['unit'],
  fixable: 'unsafe',
  docs: {
    summary: 'ExecStart= starts a container in the background, so the unit loses track of it',
    what:
      'Flags an `ExecStart=` that returns as soon as the container is started: `docker run -d`/`--detach` (also in a cluster such as `-itd`, or `-d=true`; `-d=false` is foreground), `docker compose up -d`, and `docker start NAME` without `-a`/`--attach` — unless the unit is `Type=oneshot` with `RemainAfterExit=yes` (or `true`, `1`, `on`). `podman run -d` is not flagged in the units `podman generate systemd` writes: `Type=forking` with `PIDFile=` or `--conmon-pidfile`, or `Type=notify` (`--sdnotify=conmon`), where conmon stays in the unit. Quadlet `.container` files are not checked: Quadlet writes the `-d` itself, correctly.',
    why:
      'With `Type=simple` (the default) the `ExecStart=` process is the service\'s main process. `docker run -d` exits right after printing the container id, so systemd marks the service as stopped, runs `ExecStop=` — stopping the container it just started — and, with `Restart=`, starts it again until the next `docker run --name` fails on the name conflict and the start limit is hit. Even when there is no `ExecStop=`, the container runs under dockerd, out of the unit\'s sight: `systemctl status` says "inactive (dead)", and stopping the unit no longer stops it.',
    example: { lang: 'ini', code: '[Service]\nRestart=always\nExecStart=/usr/bin/docker run -d --name web nginx:1.27\nExecStop=/usr/bin/docker stop web' },
    useInstead: { lang: 'ini', code: '[Service]\nRestart=always\nExecStartPre=-/usr/bin/docker rm -f web\nExecStart=/usr/bin/docker run --rm --name web nginx:1.27\nExecStop=/usr/bin/docker stop web' },
    fixSafety:
      'Unsafe. With `Type=simple`/`exec` the fix drops the detach flag (the letter `d` from a cluster, or the `--detach` word), so the client stays in the foreground as the main process and forwards signals to the container; with `Type=oneshot` it sets `RemainAfterExit=yes`. Both change how the unit starts, stops and restarts, so they wait for `--unsafe-fixes`. `docker start` without `-a` and other types have no fix.',
    references: ['systemd.service(5): Type=, RemainAfterExit=, ExecStop=', 'https://docs.docker.com/engine/containers/start-containers-automatically/', 'podman-generate-systemd(1)'],
  },
  check(target) {
    return target.kind === 'unit' ? check(target.file, target.unit) : [];
  },
});
