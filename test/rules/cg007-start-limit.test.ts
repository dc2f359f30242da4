/**
 * CG007 start-limit. Facts (systemd-docker-compose-facts §1, systemd 252 `systemd-analyze
 * verify`): StartLimitIntervalSec= exists only in [Unit] ("Unknown key 'StartLimitIntervalSec' in
 * section [Service], ignoring"); the legacy StartLimitInterval= and StartLimitBurst= still work in
 * [Service]; defaults are 5 starts in 10 s and RestartSec=100ms; an interval of 0 (and, in
 * systemd's ratelimit_configured(), a burst of 0) turns the limit off; restarts spaced
 * interval÷burst apart or more never trip it.
 */
import { describe, expect, it } from 'vitest';
import { crlf, findingsOf, ruleTester, type InvalidCase, type ValidCase } from './core-rule-tester.js';

const DOCKER = 'ExecStart=/usr/bin/docker run --rm --name web nginx:1.27\n';

const valid: ValidCase[] = [
  { name: 'no Restart=', kind: 'unit', code: `[Unit]\nDescription=web\n\n[Service]\n${DOCKER}` },
  { name: 'Restart=no', kind: 'unit', code: `[Service]\nRestart=no\n${DOCKER}` },
  { name: 'Restart= reset to the default', kind: 'unit', code: `[Service]\nRestart=always\nRestart=\n${DOCKER}` },
  {
    name: 'limit in [Unit] that can trip',
    kind: 'unit',
    code: `[Unit]\nDescription=web\nStartLimitIntervalSec=300\nStartLimitBurst=5\n\n[Service]\nRestart=always\nRestartSec=10\n${DOCKER}`,
  },
  {
    name: 'interval with units: 5min and RestartSec=30s (150 s for 5 starts)',
    kind: 'unit',
    code: `[Unit]\nStartLimitIntervalSec=5min\n\n[Service]\nRestart=on-failure\nRestartSec=30s\n${DOCKER}`,
  },
  {
    name: 'legacy StartLimitInterval= and StartLimitBurst= in [Service] still count',
    kind: 'unit',
    code: `[Service]\nRestart=always\nRestartSec=5\nStartLimitInterval=60\nStartLimitBurst=3\n${DOCKER}`,
  },
  {
    name: 'legacy alias StartLimitInterval= in [Unit]',
    kind: 'unit',
    code: `[Unit]\nStartLimitInterval=200\nStartLimitBurst=3\n[Service]\nRestart=always\nRestartSec=20\n${DOCKER}`,
  },
  {
    // An explicit burst with the default 10 s interval is a limit the author chose, and it trips.
    name: 'only StartLimitBurst= in [Unit], default RestartSec',
    kind: 'unit',
    code: `[Unit]\nStartLimitBurst=3\n[Service]\nRestart=always\n${DOCKER}`,
  },
  {
    name: 'Quadlet with a limit in [Unit]',
    kind: 'quadlet',
    code: '[Unit]\nDescription=cache\nStartLimitIntervalSec=300\nStartLimitBurst=5\n\n[Container]\nImage=docker.io/library/redis:7.4\n\n[Service]\nRestart=always\n',
  },
  {
    name: 'a oneshot without Restart=',
    kind: 'unit',
    code: '[Unit]\nDescription=prune\n\n[Service]\nType=oneshot\nExecStart=/usr/bin/docker system prune -f\n',
  },
  {
    name: 'the later [Unit] assignment wins over an earlier 0',
    kind: 'unit',
    code: `[Unit]\nStartLimitIntervalSec=0\nStartLimitIntervalSec=600\n[Service]\nRestart=always\nRestartSec=10\n${DOCKER}`,
  },
];

const invalid: InvalidCase[] = [
  {
    name: 'Restart=always with no limit, RestartSec=10 (restarts forever)',
    kind: 'unit',
    code: `[Unit]\nDescription=web\nAfter=docker.service\nRequires=docker.service\n\n[Service]\nRestart=always\nRestartSec=10\n${DOCKER}\n[Install]\nWantedBy=multi-user.target\n`,
    errors: ['7:1'],
    output: `[Unit]\nDescription=web\nAfter=docker.service\nRequires=docker.service\nStartLimitIntervalSec=300\nStartLimitBurst=5\n\n[Service]\nRestart=always\nRestartSec=10\n${DOCKER}\n[Install]\nWantedBy=multi-user.target\n`,
  },
  {
    name: 'Restart=on-failure with the default RestartSec',
    kind: 'unit',
    code: `[Unit]\nDescription=web\n\n[Service]\nRestart=on-failure\n${DOCKER}`,
    errors: ['5:1'],
    output: `[Unit]\nDescription=web\nStartLimitIntervalSec=300\nStartLimitBurst=5\n\n[Service]\nRestart=on-failure\n${DOCKER}`,
  },
  {
    name: 'no [Unit] section: one is created first',
    kind: 'unit',
    code: `[Service]\nRestart=always\nRestartSec=3\n${DOCKER}\n[Install]\nWantedBy=multi-user.target\n`,
    errors: ['2:1'],
    output: `[Unit]\nStartLimitIntervalSec=300\nStartLimitBurst=5\n\n[Service]\nRestart=always\nRestartSec=3\n${DOCKER}\n[Install]\nWantedBy=multi-user.target\n`,
  },
  {
    name: 'no [Unit] section, comments at the top stay at the top',
    kind: 'unit',
    code: `# /etc/systemd/system/web.service\n# managed by ansible\n[Service]\nRestart=always\n${DOCKER}`,
    errors: ['4:1'],
    output: `# /etc/systemd/system/web.service\n# managed by ansible\n[Unit]\nStartLimitIntervalSec=300\nStartLimitBurst=5\n\n[Service]\nRestart=always\n${DOCKER}`,
  },
  {
    name: 'CRLF unit without [Unit]',
    kind: 'unit',
    code: crlf(`[Service]\nRestart=always\nRestartSec=5s\n${DOCKER}`),
    errors: ['2:1'],
    output: crlf(`[Unit]\nStartLimitIntervalSec=300\nStartLimitBurst=5\n\n[Service]\nRestart=always\nRestartSec=5s\n${DOCKER}`),
  },
  {
    name: 'no final line break',
    kind: 'unit',
    code: '[Unit]\nDescription=web\n[Service]\nRestart=always\nExecStart=/usr/bin/docker run --rm nginx:1.27',
    errors: ['4:1'],
    output: '[Unit]\nDescription=web\nStartLimitIntervalSec=300\nStartLimitBurst=5\n[Service]\nRestart=always\nExecStart=/usr/bin/docker run --rm nginx:1.27',
  },
  {
    name: 'a long RestartSec gets an interval long enough for 5 starts',
    kind: 'unit',
    code: `[Unit]\nDescription=web\n[Service]\nRestart=always\nRestartSec=2min\n${DOCKER}`,
    errors: ['4:1'],
    output: `[Unit]\nDescription=web\nStartLimitIntervalSec=1200\nStartLimitBurst=5\n[Service]\nRestart=always\nRestartSec=2min\n${DOCKER}`,
  },
  {
    name: 'StartLimitIntervalSec= under [Service] is moved to [Unit]',
    kind: 'unit',
    code: `[Unit]\nDescription=web\n\n[Service]\nRestart=always\nRestartSec=5\nStartLimitIntervalSec=60\nStartLimitBurst=3\n${DOCKER}`,
    errors: ['7:1'],
    output: `[Unit]\nDescription=web\nStartLimitIntervalSec=60\n\n[Service]\nRestart=always\nRestartSec=5\nStartLimitBurst=3\n${DOCKER}`,
  },
  {
    name: 'misplaced key in a unit without [Unit]',
    kind: 'unit',
    code: `[Service]\nStartLimitIntervalSec=200\nRestart=on-failure\nRestartSec=10\n${DOCKER}`,
    errors: ['2:1'],
    output: `[Unit]\nStartLimitIntervalSec=200\n\n[Service]\nRestart=on-failure\nRestartSec=10\n${DOCKER}`,
  },
  {
    name: 'misplaced key, CRLF',
    kind: 'unit',
    code: crlf(`[Unit]\nDescription=web\n\n[Service]\nRestart=always\nRestartSec=5\nStartLimitIntervalSec=60\n${DOCKER}`),
    errors: ['7:1'],
    output: crlf(`[Unit]\nDescription=web\nStartLimitIntervalSec=60\n\n[Service]\nRestart=always\nRestartSec=5\n${DOCKER}`),
  },
  {
    // Moved as written, 0 would turn the limit off for real; the author's value is replaced.
    name: 'misplaced StartLimitIntervalSec=0 (unsafe: moved as an interval that limits)',
    kind: 'unit',
    code: `[Unit]\nDescription=web\n\n[Service]\nRestart=always\nRestartSec=5s\nStartLimitIntervalSec=0\n${DOCKER}`,
    errors: ['7:1'],
    safety: 'unsafe',
    output: `[Unit]\nDescription=web\nStartLimitIntervalSec=300\n\n[Service]\nRestart=always\nRestartSec=5s\n${DOCKER}`,
  },
  {
    name: 'misplaced interval too short for RestartSec=30 (5 × 30 s ≥ 60 s)',
    kind: 'unit',
    code: `[Unit]\nDescription=web\n[Service]\nRestart=always\nRestartSec=30\nStartLimitIntervalSec=60\n${DOCKER}`,
    errors: ['6:1'],
    safety: 'unsafe',
    output: `[Unit]\nDescription=web\nStartLimitIntervalSec=300\n[Service]\nRestart=always\nRestartSec=30\n${DOCKER}`,
  },
  {
    // Deleting a line systemd ignores changes nothing.
    name: 'misplaced key next to an effective one in [Unit] is deleted',
    kind: 'unit',
    code: `[Unit]\nStartLimitIntervalSec=300\n[Service]\nRestart=always\nRestartSec=5\nStartLimitIntervalSec=60\n${DOCKER}`,
    errors: ['6:1'],
    output: `[Unit]\nStartLimitIntervalSec=300\n[Service]\nRestart=always\nRestartSec=5\n${DOCKER}`,
  },
  {
    name: 'two misplaced keys: the last is moved, the other deleted',
    kind: 'unit',
    code: `[Unit]\nDescription=web\n[Service]\nStartLimitIntervalSec=30\nRestart=always\nStartLimitIntervalSec=120\n${DOCKER}`,
    errors: ['4:1', '6:1'],
    output: `[Unit]\nDescription=web\nStartLimitIntervalSec=120\n[Service]\nRestart=always\n${DOCKER}`,
  },
  {
    name: 'StartLimitIntervalSec=0 in [Unit] turns the limit off (unsafe: set an interval)',
    kind: 'unit',
    code: `[Unit]\nDescription=web\nStartLimitIntervalSec=0\n\n[Service]\nRestart=always\nRestartSec=10\n${DOCKER}`,
    errors: ['3:1'],
    safety: 'unsafe',
    output: `[Unit]\nDescription=web\nStartLimitIntervalSec=300\n\n[Service]\nRestart=always\nRestartSec=10\n${DOCKER}`,
  },
  {
    name: 'legacy StartLimitInterval=0 in [Service] (honoured, so it turns the limit off)',
    kind: 'unit',
    code: `[Service]\nRestart=always\nStartLimitInterval=0\n${DOCKER}`,
    errors: ['3:1'],
    safety: 'unsafe',
    output: `[Service]\nRestart=always\nStartLimitInterval=300\n${DOCKER}`,
  },
  {
    name: 'a limit RestartSec= outruns: 5 starts 5 s apart never fit in 10 s',
    kind: 'unit',
    code: `[Unit]\nStartLimitIntervalSec=10\nStartLimitBurst=5\n[Service]\nRestart=always\nRestartSec=5\n${DOCKER}`,
    errors: ['2:1'],
    safety: 'unsafe',
    output: `[Unit]\nStartLimitIntervalSec=300\nStartLimitBurst=5\n[Service]\nRestart=always\nRestartSec=5\n${DOCKER}`,
  },
  {
    name: 'the interval for a large burst is long enough for that burst',
    kind: 'unit',
    code: `[Unit]\nStartLimitIntervalSec=60\nStartLimitBurst=100\n[Service]\nRestart=always\nRestartSec=10\n${DOCKER}`,
    errors: ['2:1'],
    safety: 'unsafe',
    output: `[Unit]\nStartLimitIntervalSec=2000\nStartLimitBurst=100\n[Service]\nRestart=always\nRestartSec=10\n${DOCKER}`,
  },
  {
    name: 'StartLimitBurst=0 turns the limit off',
    kind: 'unit',
    code: `[Unit]\nStartLimitIntervalSec=300\nStartLimitBurst=0\n[Service]\nRestart=always\n${DOCKER}`,
    errors: ['3:1'],
    safety: 'unsafe',
    output: `[Unit]\nStartLimitIntervalSec=300\nStartLimitBurst=5\n[Service]\nRestart=always\n${DOCKER}`,
  },
  {
    name: 'only StartLimitBurst= and a RestartSec that outruns the default interval',
    kind: 'unit',
    code: `[Unit]\nStartLimitBurst=3\n[Service]\nRestart=always\nRestartSec=5\n${DOCKER}`,
    errors: ['4:1'],
    output: `[Unit]\nStartLimitBurst=3\nStartLimitIntervalSec=300\n[Service]\nRestart=always\nRestartSec=5\n${DOCKER}`,
  },
  {
    name: 'Quadlet [Service] Restart=always without a limit',
    kind: 'quadlet',
    code: '[Unit]\nDescription=cache\n\n[Container]\nImage=docker.io/library/redis:7.4\n\n[Service]\nRestart=always\n\n[Install]\nWantedBy=default.target\n',
    errors: ['8:1'],
    output: '[Unit]\nDescription=cache\nStartLimitIntervalSec=300\nStartLimitBurst=5\n\n[Container]\nImage=docker.io/library/redis:7.4\n\n[Service]\nRestart=always\n\n[Install]\nWantedBy=default.target\n',
  },
  {
    name: 'Quadlet without [Unit]',
    kind: 'quadlet',
    code: '[Container]\nImage=docker.io/library/redis:7.4\n\n[Service]\nRestart=on-failure\nRestartSec=10\n',
    errors: ['5:1'],
    output: '[Unit]\nStartLimitIntervalSec=300\nStartLimitBurst=5\n\n[Container]\nImage=docker.io/library/redis:7.4\n\n[Service]\nRestart=on-failure\nRestartSec=10\n',
  },
  {
    name: 'a template unit from a guide: podman run, %i, misplaced key',
    kind: 'unit',
    path: 'app@.service',
    code: [
      '[Unit]',
      'Description=App instance %i',
      'Wants=network-online.target',
      'After=network-online.target',
      '',
      '[Service]',
      'Environment=IMAGE=quay.io/acme/app:2.4.1',
      'Restart=always',
      'RestartSec=10',
      'StartLimitIntervalSec=120',
      'StartLimitBurst=3',
      'ExecStartPre=-/usr/bin/podman rm -f app-%i',
      'ExecStart=/usr/bin/podman run --name app-%i \\',
      '    -p 80%i:8080 \\',
      '    ${IMAGE}',
      'ExecStop=/usr/bin/podman stop -t 10 app-%i',
      '',
      '[Install]',
      'WantedBy=multi-user.target',
      '',
    ].join('\n'),
    errors: ['10:1'],
    output: [
      '[Unit]',
      'Description=App instance %i',
      'Wants=network-online.target',
      'After=network-online.target',
      'StartLimitIntervalSec=120',
      '',
      '[Service]',
      'Environment=IMAGE=quay.io/acme/app:2.4.1',
      'Restart=always',
      'RestartSec=10',
      'StartLimitBurst=3',
      'ExecStartPre=-/usr/bin/podman rm -f app-%i',
      'ExecStart=/usr/bin/podman run --name app-%i \\',
      '    -p 80%i:8080 \\',
      '    ${IMAGE}',
      'ExecStop=/usr/bin/podman stop -t 10 app-%i',
      '',
      '[Install]',
      'WantedBy=multi-user.target',
      '',
    ].join('\n'),
  },
];

ruleTester('CG007', 'start-limit', { valid, invalid });

describe('CG007 messages and fix safety', () => {
  it('explains that a 10 s RestartSec outruns the default limit', () => {
    const [finding] = findingsOf('CG007', { name: '', kind: 'unit', code: `[Service]\nRestart=always\nRestartSec=10\n${DOCKER}` });
    expect(finding!.message).toMatch(/can never trip, so it restarts forever/);
    expect(finding!.fix!.safety).toBe('safe');
  });

  it('says systemd ignores the key in [Service]', () => {
    const [finding] = findingsOf('CG007', { name: '', kind: 'unit', code: `[Service]\nRestart=always\nStartLimitIntervalSec=60\n${DOCKER}` });
    expect(finding!.message).toMatch(/systemd ignores StartLimitIntervalSec= in \[Service\]/);
  });
});
