/**
 * CG007 start-limit — a unit that restarts itself with no start-rate limit that can ever trip.
 *
 * Facts (systemd-docker-compose-facts §1): `StartLimitIntervalSec=` exists only in [Unit]; in
 * [Service] systemd ignores it ("Unknown key … ignoring"). The legacy `StartLimitInterval=` and
 * `StartLimitBurst=` are still honoured in [Service] for compatibility. Defaults: 10 s and 5
 * starts; `RestartSec=` defaults to 100 ms. Restarts spaced interval÷burst apart or more never
 * trip the limit, so the unit restarts forever.
 */
import type { Edit, Fix } from '../model/edit.js';
import type { SourceFile } from '../model/source.js';
import { parseTimespan } from '../model/timespan.js';
import type { UnitEntry, UnitModel } from '../model/unit.js';
import { appendUnitKey, deleteEntry, moveEntry, replaceValue, setUnitKeys } from '../parsers/unit-editor.js';
import { defineRule, type RuleFinding } from './types.js';

const DEFAULT_INTERVAL = 10;
const DEFAULT_BURST = 5;
const DEFAULT_RESTART_SEC = 0.1;

function last(unit: UnitModel, section: string, key: string): UnitEntry | undefined {
  let found: UnitEntry | undefined;
  for (const e of unit.entries) if (e.section === section && e.key === key) found = e;
  return found;
}

/**
 * The entry systemd really uses for the interval: [Unit] keys, or the legacy key in [Service].
 * They all set the same field, so the last one in the file wins; an empty assignment resets it
 * to the default (no entry).
 */
function effectiveInterval(unit: UnitModel): UnitEntry | undefined {
  const candidates = unit.entries.filter(
    (e) => (e.section === 'Unit' && (e.key === 'StartLimitIntervalSec' || e.key === 'StartLimitInterval')) || (e.section === 'Service' && e.key === 'StartLimitInterval'),
  );
  const found = candidates[candidates.length - 1];
  return found?.value === '' ? undefined : found;
}

function effectiveBurst(unit: UnitModel): UnitEntry | undefined {
  const candidates = unit.entries.filter((e) => (e.section === 'Unit' || e.section === 'Service') && e.key === 'StartLimitBurst');
  const found = candidates[candidates.length - 1];
  return found?.value === '' ? undefined : found;
}

function format(seconds: number): string {
  return Number.isInteger(seconds) ? `${seconds}s` : `${Math.round(seconds * 1000)}ms`;
}

/** An interval in which `burst` starts spaced `restartSec` apart fit: 300 s, or twice their span. */
function suggestedInterval(restartSec: number, burst: number): number {
  return Math.max(300, Math.ceil(restartSec * burst * 2));
}

/**
 * Move the ignored [Service] key to [Unit] with another value (the written one would not limit
 * anything there either). Like moveEntry, an insertion at either end of the deleted line is
 * merged into one edit.
 */
function moveWithValue(file: SourceFile, unit: UnitModel, entry: UnitEntry, value: string): Edit[] {
  const insert = appendUnitKey(file, unit, 'Unit', 'StartLimitIntervalSec', value)[0]!;
  const remove = deleteEntry(entry)[0]!;
  if (insert.start === remove.start || insert.start === remove.end) return [{ ...remove, text: insert.text }];
  return [remove, insert].sort((a, b) => a.start - b.start);
}

function check(file: SourceFile, unit: UnitModel): RuleFinding[] {
  const restart = last(unit, 'Service', 'Restart');
  if (!restart || restart.value === '' || restart.value === 'no') return [];
  const restartSec = parseTimespan(last(unit, 'Service', 'RestartSec')?.value ?? '') ?? DEFAULT_RESTART_SEC;
  const misplaced = unit.entries.filter((e) => e.section === 'Service' && e.key === 'StartLimitIntervalSec');
  const interval = effectiveInterval(unit);
  const burst = effectiveBurst(unit);
  const burstValue = burst ? Number(burst.value) : DEFAULT_BURST;
  const burstCount = Number.isInteger(burstValue) && burstValue >= 0 ? burstValue : DEFAULT_BURST;
  const suggested = suggestedInterval(restartSec, Math.max(burstCount, 1));
  /** The limit trips: `burstCount` restarts fit in the interval (systemd.unit(5), facts §1). */
  const trips = (seconds: number): boolean => seconds > 0 && burstCount > 0 && burstCount * restartSec < seconds;
  const findings: RuleFinding[] = [];
  const hasUnitSection = unit.sections.some((s) => s.name === 'Unit');
  const raise = (entry: UnitEntry, value: string): Fix => ({
    description: `set ${entry.key}=${value}`,
    safety: 'unsafe',
    edits: replaceValue(entry, value),
  });

  // systemd ignores these ("Unknown key … ignoring"). Only the last one could be meant; the others,
  // and all of them when an effective interval exists, go: deleting an ignored line changes nothing.
  const lastMisplaced = misplaced[misplaced.length - 1];
  for (const entry of misplaced) {
    let fix: Fix;
    const moved = parseTimespan(entry.value);
    if (interval || entry !== lastMisplaced) {
      fix = { description: 'delete StartLimitIntervalSec= from [Service], where systemd ignores it', safety: 'safe', edits: deleteEntry(entry) };
    } else if (moved !== undefined && trips(moved)) {
      fix = { description: 'move StartLimitIntervalSec= to [Unit]', safety: 'safe', edits: moveEntry(file, unit, entry, 'Unit') };
    } else {
      // Moved as written, `0` (or too short an interval) would turn the limit off for real.
      fix = { description: `move StartLimitIntervalSec= to [Unit] as ${suggested} (${entry.value} would not limit restarts)`, safety: 'unsafe', edits: moveWithValue(file, unit, entry, String(suggested)) };
    }
    findings.push({
      span: entry.span,
      message: `systemd ignores StartLimitIntervalSec= in [Service] ("Unknown key"), so this ${restart.key}=${restart.value} unit has no start limit you set; move it to [Unit]`,
      fix,
    });
  }
  if (interval) {
    const seconds = parseTimespan(interval.value);
    if (seconds === 0) {
      findings.push({
        span: interval.span,
        message: `${interval.key}=0 turns the start-rate limit off, so Restart=${restart.value} restarts this unit forever; set an interval and StartLimitBurst=`,
        fix: raise(interval, String(suggested)),
      });
    } else if (burstCount === 0 && burst) {
      findings.push({
        span: burst.span,
        message: `StartLimitBurst=0 turns the start-rate limit off, so Restart=${restart.value} restarts this unit forever; allow a few starts (e.g. ${DEFAULT_BURST})`,
        fix: raise(burst, String(DEFAULT_BURST)),
      });
    } else if (seconds !== undefined && !trips(seconds)) {
      findings.push({
        span: interval.span,
        message: `with RestartSec=${format(restartSec)} the limit of ${burstCount} starts in ${format(seconds)} can never trip, so the unit restarts forever; raise ${interval.key}= above ${format(burstCount * restartSec)}`,
        fix: raise(interval, String(suggested)),
      });
    }
    return findings;
  }
  if (misplaced.length) return findings;
  if (burst) {
    // An explicit StartLimitBurst= with the default 10 s interval is a limit the author chose.
    if (burstCount === 0) {
      findings.push({
        span: burst.span,
        message: `StartLimitBurst=0 turns the start-rate limit off, so Restart=${restart.value} restarts this unit forever; allow a few starts (e.g. ${DEFAULT_BURST})`,
        fix: raise(burst, String(DEFAULT_BURST)),
      });
      return findings;
    }
    if (trips(DEFAULT_INTERVAL)) return findings;
  }
  const defaultTrips = DEFAULT_BURST * restartSec < DEFAULT_INTERVAL;
  const effect = burst
    ? `with RestartSec=${format(restartSec)} StartLimitBurst=${burstCount} in the default 10s interval can never trip, so it restarts forever`
    : defaultTrips
      ? `it relies on systemd's default limit (5 starts in 10s), which with RestartSec=${format(restartSec)} gives up after ${format(DEFAULT_BURST * restartSec)} of crashes`
      : `with RestartSec=${format(restartSec)} systemd's default limit (5 starts in 10s) can never trip, so it restarts forever`;
  const keys: Array<[string, string]> = [['StartLimitIntervalSec', String(suggested)]];
  if (!burst) keys.push(['StartLimitBurst', String(DEFAULT_BURST)]);
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
      "Flags a unit with `Restart=` other than `no` whose start-rate limit is missing or ineffective: no `StartLimitIntervalSec=`/`StartLimitBurst=` in [Unit]; `StartLimitIntervalSec=` written under [Service], where systemd ignores it (`systemd-analyze verify` says \"Unknown key 'StartLimitIntervalSec' in section [Service], ignoring\"); `StartLimitIntervalSec=0` or `StartLimitBurst=0`, which disable the limit; or a limit that `RestartSec=` spaces the restarts too far apart to ever reach.",
    why:
      "systemd allows 5 starts in 10 s by default. With `RestartSec=` of 2 s or more that limit can never trip, so a container that crashes on start (a bad image, a missing secret, a port conflict) is restarted forever: it pulls, logs and burns CPU endlessly, and the unit never reaches the failed state that alerting and OnFailure= rely on. With the default 100 ms, the default limit gives up after half a second instead. An explicit limit in [Unit] makes the behaviour deliberate.",
    example: { lang: 'ini', code: '[Unit]\nDescription=web\n\n[Service]\nRestart=always\nRestartSec=10\nStartLimitIntervalSec=60\nExecStart=/usr/bin/docker run --rm --name web nginx:1.27' },
    useInstead: { lang: 'ini', code: '[Unit]\nDescription=web\nStartLimitIntervalSec=300\nStartLimitBurst=5\n\n[Service]\nRestart=always\nRestartSec=10\nExecStart=/usr/bin/docker run --rm --name web nginx:1.27' },
    fixSafety:
      'Safe: moves a misplaced `StartLimitIntervalSec=` from [Service] to [Unit] (or deletes it when [Unit] already sets the interval), or adds `StartLimitIntervalSec=` (300 s, or more when RestartSec= is long) and `StartLimitBurst=5` to [Unit], creating the section when the file has none. Unsafe: replacing a value the author wrote — an interval or burst of 0, an interval too short to ever trip, or a misplaced one that would be either once moved — with one that limits restarts.',
    references: ['systemd.unit(5): StartLimitIntervalSec=, StartLimitBurst=', 'systemd.service(5): Restart=, RestartSec=', 'systemd-system.conf(5): DefaultStartLimitIntervalSec='],
  },
  check(target) {
    return target.kind === 'unit' ? check(target.file, target.unit) : [];
  },
});
