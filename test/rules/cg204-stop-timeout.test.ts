import { describe, expect, it } from 'vitest';
import { fixed, lint, locations } from '../helpers.js';

const unit = (...service: string[]) => ['[Unit]', 'Description=db', '', '[Service]', ...service, ''].join('\n');
const RUN = 'ExecStart=/usr/bin/docker run --rm --name db postgres:17';

describe('CG204 stop-timeout', () => {
  const valid: Array<[string, string[]]> = [
    ['the default grace period', [RUN, 'ExecStop=/usr/bin/docker stop db']],
    ['-t below the default 90 s', [RUN, 'ExecStop=/usr/bin/docker stop -t 60 db']],
    ['-t below TimeoutStopSec=', ['TimeoutStopSec=3min', RUN, 'ExecStop=/usr/bin/docker stop -t 120 db']],
    ['TimeoutSec= sets the stop timeout too', ['TimeoutSec=300', RUN, 'ExecStop=/usr/bin/docker stop --time=120 db']],
    ['TimeoutStopSec=infinity', ['TimeoutStopSec=infinity', RUN, 'ExecStop=/usr/bin/docker stop -t 600 db']],
    ['TimeoutStopSec=0 turns the timeout off', ['TimeoutStopSec=0', RUN, 'ExecStop=/usr/bin/docker stop -t 600 db']],
    ['--stop-timeout when ExecStop= gives its own -t', ['ExecStart=/usr/bin/docker run --stop-timeout 120 --name db postgres:17', 'ExecStop=/usr/bin/docker stop -t 30 db']],
    ['-t in ExecStartPre= (bounded by TimeoutStartSec=)', ['ExecStartPre=-/usr/bin/docker stop -t 120 db', RUN]],
    ['compose down below the limit', ['ExecStart=/usr/bin/docker compose up', 'ExecStop=/usr/bin/docker compose down -t 30']],
  ];
  it.each(valid)('does not flag %s', (_name, lines) => {
    expect(locations(lint('unit', unit(...lines)), 'CG204')).toEqual([]);
  });

  const invalid: Array<[string, string[], string[]]> = [
    ['-t above the default 90 s', [RUN, 'ExecStop=/usr/bin/docker stop -t 120 db'], ['6:34']],
    ['-t equal to TimeoutStopSec=', ['TimeoutStopSec=30', RUN, 'ExecStop=/usr/bin/docker stop -t 30 db'], ['7:34']],
    ['--timeout=N', ['TimeoutStopSec=1min', RUN, 'ExecStop=/usr/bin/docker stop --timeout=90 db'], ['7:41']],
    ['a later TimeoutSec= wins over TimeoutStopSec=', ['TimeoutStopSec=300', 'TimeoutSec=60', RUN, 'ExecStop=/usr/bin/docker stop -t 120 db'], ['8:34']],
    ['ExecStopPost=', [RUN, 'ExecStopPost=-/usr/bin/docker stop -t 100 db'], ['6:39']],
    ['podman stop -t', ['ExecStart=/usr/bin/podman run --rm --name db postgres:17', 'ExecStop=/usr/bin/podman stop -t 95 db'], ['6:34']],
    ['docker run --stop-timeout', ['ExecStart=/usr/bin/docker run --stop-timeout 120 --name db postgres:17', 'ExecStop=/usr/bin/docker stop db'], ['5:46']],
    ['-t -1 (wait forever)', [RUN, 'ExecStop=/usr/bin/docker stop -t -1 db'], ['6:34']],
    ['docker compose stop -t', ['ExecStart=/usr/bin/docker compose up', 'ExecStop=/usr/bin/docker compose stop -t 120'], ['6:42']],
    ['a value from Environment=', ['Environment=GRACE=200', RUN, 'ExecStop=/usr/bin/docker stop -t ${GRACE} db'], ['7:34']],
  ];
  it.each(invalid)('flags %s', (_name, lines, expected) => {
    expect(locations(lint('unit', unit(...lines)), 'CG204')).toEqual(expected);
  });

  it('says which timeout decides', () => {
    const [finding] = lint('unit', unit(RUN, 'ExecStop=/usr/bin/docker stop -t 120 db')).filter((f) => f.ruleId === 'CG204');
    expect(finding!.message).toContain('TimeoutStopSec= (default 90s)');
  });

  describe('fix (safe): TimeoutStopSec= = grace + 30 s', () => {
    it('adds the key to [Service]', () => {
      expect(fixed('unit', unit(RUN, 'ExecStop=/usr/bin/docker stop -t 120 db'), 'CG204')).toBe(unit(RUN, 'ExecStop=/usr/bin/docker stop -t 120 db', 'TimeoutStopSec=150s'));
    });
    it('replaces the deciding TimeoutStopSec= value', () => {
      expect(fixed('unit', unit('TimeoutStopSec=30', RUN, 'ExecStop=/usr/bin/docker stop -t 30 db'), 'CG204')).toBe(unit('TimeoutStopSec=60s', RUN, 'ExecStop=/usr/bin/docker stop -t 30 db'));
    });
    it('adds TimeoutStopSec= after a deciding TimeoutSec=, keeping the start timeout', () => {
      expect(fixed('unit', unit('TimeoutSec=60', RUN, 'ExecStop=/usr/bin/docker stop -t 60 db'), 'CG204')).toBe(unit('TimeoutSec=60', RUN, 'ExecStop=/usr/bin/docker stop -t 60 db', 'TimeoutStopSec=90s'));
    });
    it('has no fix for -t -1', () => {
      const [finding] = lint('unit', unit(RUN, 'ExecStop=/usr/bin/docker stop -t -1 db')).filter((f) => f.ruleId === 'CG204');
      expect(finding!.fix).toBeUndefined();
    });
  });
});
