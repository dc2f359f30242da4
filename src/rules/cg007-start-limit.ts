/**
 * CG007 start-limit — a unit that restarts itself with no start-rate limit that can ever trip.
 *
 * Facts (systemd-docker-compose-facts §1): `StartLimitIntervalSec=` exists only in [Unit]; in
 * [Service] systemd ignores it ("Unknown key … ignoring"). The legacy `StartLimitInterval=` and
 * `StartLimitBurst=` are still honoured in [Service] for compatibility. Defaults: 10 s and 5
 * starts; `RestartSec=` defaults to 100 ms. Restarts spaced interval÷burst apart or more never
 * trip the limit, so the unit restarts forever.
 */
import type { SourceFile } from '../model/source.js';
import { parseTimespan } from '../model/timespan.js';
import type { UnitEntry, UnitModel } from '../model/unit.js';
import { moveEntry, setUnitKeys } from '../parsers/unit-editor.js';
import { defineRule, type RuleFinding } from './types.js';

const DEFAULT_INTERVAL = 10;
const DEFAULT_BURST = 5;
const DEFAULT_RESTART_SEC = 0.1;

function last(unit: UnitModel, section: string, key: string): UnitEntry | undefined {
  let found: UnitEntry | undefined;
  for (const e of unit.entries) if (e.section === section && e.key === key) found = e;
  return found;
}

/** The entry systemd really uses for the interval: [Unit] keys, or the legacy key in [Service]. */
function effectiveInterval(unit: UnitModel): UnitEntry | undefined {
  const candidates = unit.entries.filter(
    (e) => (e.section === 'Unit' && (e.key === 'StartLimitIntervalSec' || e.key === 'StartLimitInterval')) || (e.section === 'Service' && e.key === 'StartLimitInterval'),
  );
  return candidates[candidates.length - 1];
}

function effectiveBurst(unit: UnitModel): UnitEntry | undefined {
  const candidates = unit.entries.filter((e) => (e.section === 'Unit' || e.section === 'Service') && e.key === 'StartLimitBurst');
  return candidates[candidates.length - 1];
}

function format(seconds: number): string {
  return Number.isInteger(seconds) ? `${seconds}s` : `${Math.round(seconds * 1000)}ms`;
}

/** Values for a limit that can trip with this RestartSec: 5 starts, and room for them. */
function suggestedLimit(restartSec: number): { interval: number; burst: number } {
  const burst = DEFAULT_BURST;
  return { burst, interval: Math.max(300, Math.ceil(restartSec * burst * 2)) };
}

function check(file: SourceFile, unit: UnitModel): RuleFinding[] {
  const restart = last(unit, 'Service', 'Restart');
  if (!restart || restart.value === '' || restart.value === 'no') return [];
  const restartSec = parseTimespan(last(unit, 'Service', 'RestartSec')?.value ?? '') ?? DEFAULT_RESTART_SEC;
  const misplaced = unit.entries.filter((e) => e.section === 'Service' && e.key === 'StartLimitIntervalSec');
  const interval = effectiveInterval(unit);
  const burst = effectiveBurst(unit);
  const findings: RuleFinding[] = [];
  const hasUnitSection = unit.sections.some((s) => s.name === 'Unit');

  for (const entry of misplaced) {
    findings.push({
      span: entry.span,
      message: `systemd ignores StartLimitIntervalSec= in [Service] ("Unknown key"), so this ${restart.key}=${restart.value} unit has no start limit you set; move it to [Unit]`,
      fix: interval ? undefined : { description: 'move StartLimitIntervalSec= to [Unit]', safety: 'safe', edits: moveEntry(file, unit, entry, 'Unit') },
    });
  }
  if (interval) {
    const seconds = parseTimespan(interval.value);
    if (seconds === 0) {
      findings.push({ span: interval.span, message: `${interval.key}=0 turns the start-rate limit off, so Restart=${restart.value} restarts this unit forever; set an interval and StartLimitBurst=` });
      return findings;
    }
    const burstCount = Number(burst?.value ?? DEFAULT_BURST);
    if (seconds !== undefined && Number.isFinite(burstCount) && burstCount > 0 && burstCount * restartSec >= seconds) {
      findings.push({
        span: interval.span,
        message: `with RestartSec=${format(restartSec)} the limit of ${burstCount} starts in ${format(seconds)} can never trip, so the unit restarts forever; raise ${interval.key}= above ${format(burstCount * restartSec)}`,
      });
    }
    return findings;
  }
  if (misplaced.length) return findings;
  const limit = suggestedLimit(restartSec);
  const trips = DEFAULT_BURST * restartSec < DEFAULT_INTERVAL;
  const effect = trips
    ? `it relies on systemd's default limit (5 starts in 10s), which with RestartSec=${format(restartSec)} gives up after half a second of crashes`
    : `with RestartSec=${format(restartSec)} systemd's default limit (5 starts in 10s) can never trip, so it restarts forever`;
  const keys: Array<[string, string]> = [['StartLimitIntervalSec', String(limit.interval)]];
  if (!burst) keys.push(['StartLimitBurst', String(limit.burst)]);
  findings.push({
    span: restart.span,
    message: `Restart=${restart.value} without StartLimitIntervalSec=/StartLimitBurst= in [Unit]: ${effect}`,
    fix: {
      description: `add ${keys.map(([k, v]) => `${k}=${v}`).join(' and ')} to [Unit]${hasUnitSection ? '' : ' (new section)'}`,
      safety: 'safe',
      edits: setUnitKeys(file, unit, 'Unit', keys),
    },
  });
  return findings;
}

export default defineRule({
  id: 'CG007',
  name: 'start-limit',
  level: 'warning',
  securitySeverity: 4.0,
  tags: ['availability', 'systemd'],
  cwe: ['CWE-400'],
  targets: ['unit'],
  fixable: 'safe',
  docs: {
    summary: 'A restarting unit has no start-rate limit that can trip',
    what:
      "Flags a unit with `Restart=` other than `no` whose start-rate limit is missing or ineffective: no `StartLimitIntervalSec=`/`StartLimitBurst=` in [Unit]; `StartLimitIntervalSec=` written under [Service], where systemd ignores it (`systemd-analyze verify` says \"Unknown key 'StartLimitIntervalSec' in section [Service], ignoring\"); `StartLimitIntervalSec=0`, which disables the limit; or a limit that `RestartSec=` spaces the restarts too far apart to ever reach.",
    why:
      "systemd allows 5 starts in 10 s by default. With `RestartSec=` of 2 s or more that limit can never trip, so a container that crashes on start (a bad image, a missing secret, a port conflict) is restarted forever: it pulls, logs and burns CPU endlessly, and the unit never reaches the failed state that alerting and OnFailure= rely on. With the default 100 ms, the default limit gives up after half a second instead. An explicit limit in [Unit] makes the behaviour deliberate.",
    example: { lang: 'ini', code: '[Unit]\nDescription=web\n\n[Service]\nRestart=always\nRestartSec=10\nStartLimitIntervalSec=60\nExecStart=/usr/bin/docker run --rm --name web nginx:1.27' },
    useInstead: { lang: 'ini', code: '[Unit]\nDescription=web\nStartLimitIntervalSec=300\nStartLimitBurst=5\n\n[Service]\nRestart=always\nRestartSec=10\nExecStart=/usr/bin/docker run --rm --name web nginx:1.27' },
    fixSafety:
      'Safe: moves a misplaced `StartLimitIntervalSec=` from [Service] to [Unit], or adds `StartLimitIntervalSec=` (300 s, or more when RestartSec= is long) and `StartLimitBurst=5` to [Unit], creating the section when the file has none. A limit of 0 is left for a person to change.',
    references: ['systemd.unit(5): StartLimitIntervalSec=, StartLimitBurst=', 'systemd.service(5): Restart=, RestartSec=', 'systemd-system.conf(5): DefaultStartLimitIntervalSec='],
  },
  check(target) {
    return target.kind === 'unit' ? check(target.file, target.unit) : [];
  },
});
