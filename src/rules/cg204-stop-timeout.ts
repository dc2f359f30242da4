/**
 * CG204 stop-timeout — the container is given longer to stop than systemd gives the unit.
 *
 * Facts (systemd-docker-compose-facts §3): `TimeoutStopSec=` (default `DefaultTimeoutStopSec=90s`)
 * bounds each `ExecStop=`/`ExecStopPost=` command and then the wait for the service; `TimeoutSec=`
 * sets it and `TimeoutStartSec=` at once; `infinity` (and `0`) turn it off. `docker stop` waits
 * `-t/--timeout N` seconds (`--time` is the deprecated spelling) before SIGKILL; without `-t` it
 * uses the container's `--stop-timeout`, else 10 s on Linux. `podman stop -t` works the same way,
 * and so do `docker compose stop|down|restart -t N`.
 */
import type { Edit, Fix } from '../model/edit.js';
import { parseTimespan } from '../model/timespan.js';
import type { SourceFile, Span } from '../model/source.js';
import type { ExecWord, UnitEntry, UnitModel } from '../model/unit.js';
import { parseComposeCommand, parseContainerCommand, parseStopCommand } from '../parsers/docker-run.js';
import { expandExecWords } from '../parsers/exec-line.js';
import { unitEnvironment } from '../parsers/systemd-unit.js';
import { appendUnitKey, replaceValue } from '../parsers/unit-editor.js';
import { defineRule, type RuleFinding } from './types.js';
import { commandArgs, execCommands, lastOf } from './unit-helpers.js';

const DEFAULT_TIMEOUT = 90;
const MARGIN = 30;

interface Timeout {
  seconds: number;
  /** The assignment that decides it; undefined for systemd's default. */
  entry?: UnitEntry;
}

/** `TimeoutStopSec=` or `TimeoutSec=`, whichever comes last; `0` and `infinity` mean no timeout. */
function stopTimeout(unit: UnitModel): Timeout {
  const entry = lastOf(unit, 'Service', ['TimeoutStopSec', 'TimeoutSec']);
  if (!entry || entry.value === '') return { seconds: DEFAULT_TIMEOUT };
  const seconds = parseTimespan(entry.value);
  if (seconds === undefined) return { seconds: DEFAULT_TIMEOUT };
  return { seconds: seconds === 0 ? Infinity : seconds, entry };
}

interface Grace {
  seconds: number;
  span: Span;
  what: string;
}

/** `-t N`, `-tN`, `-t=N`, `--timeout N`, `--timeout=N` after a compose subcommand. */
function composeTimeout(words: readonly ExecWord[], from: number): Grace | undefined {
  let found: Grace | undefined;
  for (let i = from; i < words.length; i++) {
    const w = words[i]!;
    const m = /^(-t|--timeout)(?:=?(-?\d+))?$/.exec(w.value) ?? /^(-t)(-?\d+)$/.exec(w.value);
    if (!m) continue;
    const valueWord = m[2] === undefined ? words[i + 1] : w;
    const value = m[2] ?? valueWord?.value;
    if (value !== undefined && /^-?\d+$/.test(value)) found = { seconds: Number(value), span: valueWord!.span, what: `${m[1]} ${value}` };
  }
  return found;
}

/** The grace period a stop command gives the container, when it is written down. */
function stopGrace(words: readonly ExecWord[]): Grace | undefined {
  const stop = parseStopCommand(words);
  if (stop?.timeout) return { seconds: stop.timeout.value, span: stop.timeout.span, what: `${stop.runtime} stop -t ${stop.timeout.value}` };
  const compose = parseComposeCommand(words);
  const sub = compose?.subcommand;
  if (compose && sub && ['stop', 'down', 'restart'].includes(sub.value)) {
    const grace = composeTimeout(words, words.indexOf(sub) + 1);
    if (grace) return { ...grace, what: `compose ${sub.value} ${grace.what}` };
  }
  return undefined;
}

function describe(seconds: number): string {
  return seconds < 0 ? 'forever' : `${seconds}s`;
}

function check(file: SourceFile, unit: UnitModel): RuleFinding[] {
  if (file.kind !== 'unit') return [];
  const timeout = stopTimeout(unit);
  if (timeout.seconds === Infinity) return [];
  const env = unitEnvironment(unit);
  const limit = timeout.entry ? `${timeout.entry.key}=${timeout.entry.value}` : `TimeoutStopSec= (default ${DEFAULT_TIMEOUT}s)`;
  const findings: RuleFinding[] = [];
  const commands = execCommands(unit)
    .filter(({ entry }) => entry.section === 'Service')
    .map(({ entry, command }) => {
      const args = commandArgs(command);
      return { entry, words: [command.words[0]!, ...(command.prefixes.includes(':') ? args : expandExecWords(args, env))] };
    });
  // An explicit `docker stop -t` overrides the container's --stop-timeout.
  const explicitStop = commands.some(({ entry, words }) => (entry.key === 'ExecStop' || entry.key === 'ExecStopPost') && stopGrace(words));
  for (const { entry, words } of commands) {
    let grace: Grace | undefined;
    let effect: string;
    if (entry.key === 'ExecStop' || entry.key === 'ExecStopPost') {
      grace = stopGrace(words);
      effect = `systemd kills ${entry.key}= after ${limit}, before the container has had its grace period, and then SIGKILLs the rest of the unit`;
    } else if (entry.key === 'ExecStart' && !explicitStop) {
      const run = parseContainerCommand(words);
      const flag = run?.flags.filter((f) => f.name === 'stop-timeout' && f.value !== undefined && /^-?\d+$/.test(f.value)).pop();
      if (flag) grace = { seconds: Number(flag.value), span: flag.valueSpan ?? flag.span, what: `--stop-timeout ${flag.value}` };
      effect = `"docker stop" waits that long, but systemd stops waiting after ${limit}`;
    } else {
      continue;
    }
    if (!grace || (grace.seconds >= 0 && grace.seconds < timeout.seconds)) continue;
    findings.push({
      span: grace.span,
      message: `${grace.what} lets the container take ${describe(grace.seconds)} to stop, at or above ${limit}: ${effect}; set TimeoutStopSec= above the grace period (e.g. ${Math.max(grace.seconds, 0) + MARGIN}s) or shorten it`,
      ...(grace.seconds >= 0 ? { fix: raiseTimeout(file, unit, timeout, grace.seconds + MARGIN) } : {}),
    });
  }
  return findings;
}

/** Set TimeoutStopSec= where it wins: in place when it decides, else after the deciding TimeoutSec=. */
function raiseTimeout(file: SourceFile, unit: UnitModel, timeout: Timeout, seconds: number): Fix {
  const value = `${seconds}s`;
  const edits: Edit[] = timeout.entry?.key === 'TimeoutStopSec' ? replaceValue(timeout.entry, value) : appendUnitKey(file, unit, 'Service', 'TimeoutStopSec', value);
  return { description: `set TimeoutStopSec=${value}`, safety: 'safe', edits };
}

export default defineRule({
  id: 'CG204',
  name: 'stop-timeout',
  level: 'warning',
  securitySeverity: 3.5,
  tags: ['availability', 'data-integrity', 'systemd'],
  cwe: ['CWE-404'],
  targets: ['unit'],
  fixable: 'safe',
  docs: {
    summary: "A container's stop grace period is at or above the unit's TimeoutStopSec=",
    what:
      'Flags a grace period at or above the unit\'s stop timeout: `docker stop -t N` / `--timeout N` / `--time N` (and `podman stop -t N`, `docker compose stop|down|restart -t N`) in `ExecStop=` or `ExecStopPost=`, and `docker run --stop-timeout N` in `ExecStart=`, where N ≥ the effective `TimeoutStopSec=`. The timeout is the last of `TimeoutStopSec=` and `TimeoutSec=` in [Service], 90 s when unset (systemd\'s `DefaultTimeoutStopSec=`); `infinity` and `0` turn it off, and then nothing is flagged. A negative N (wait forever) is flagged against any finite timeout. `Environment=` variables are resolved.',
    why:
      'systemd bounds every `ExecStop=` command by `TimeoutStopSec=`. When the container is allowed to take longer — a database flushing to disk, a queue worker draining — systemd kills the `docker stop` client mid-grace, then SIGKILLs what is left of the unit; a container that was promised 120 s to shut down cleanly gets cut short at 90 s, or its stop is abandoned and it is killed by the daemon\'s own shutdown. The long grace period was written for a reason, and the unit silently overrides it.',
    example: { lang: 'ini', code: '[Service]\nExecStart=/usr/bin/docker run --rm --name db postgres:17\nExecStop=/usr/bin/docker stop -t 120 db' },
    useInstead: { lang: 'ini', code: '[Service]\nTimeoutStopSec=150\nExecStart=/usr/bin/docker run --rm --name db postgres:17\nExecStop=/usr/bin/docker stop -t 120 db' },
    fixSafety:
      'Safe: sets `TimeoutStopSec=` to the grace period plus 30 s — replacing the deciding `TimeoutStopSec=` value, or adding the key to [Service] after a deciding `TimeoutSec=` (so `TimeoutStartSec=` keeps its value). systemd then waits as long as the container was already allowed to take; nothing else changes. A negative grace period gets no fix.',
    references: ['systemd.service(5): TimeoutStopSec=, TimeoutSec=', 'systemd-system.conf(5): DefaultTimeoutStopSec=', 'https://docs.docker.com/reference/cli/docker/container/stop/'],
  },
  check(target) {
    return target.kind === 'unit' ? check(target.file, target.unit) : [];
  },
});
