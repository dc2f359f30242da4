import { describe, expect, it } from 'vitest';
import { fixed, lint, locations } from '../helpers.js';

const unit = (unitLines: string[], service: string[], install: string[] = []) =>
  ['[Unit]', 'Description=web', ...unitLines, '', '[Service]', ...service, ...(install.length ? ['', '[Install]', ...install] : []), ''].join('\n');
const RUN = 'ExecStart=/usr/bin/docker run --rm --name web nginx:1.27';

describe('CG203 missing-runtime-dependency', () => {
  const valid: Array<[string, string]> = [
    ['After= and Requires=', unit(['After=docker.service', 'Requires=docker.service'], [RUN])],
    ['After= and Wants=', unit(['After=network-online.target docker.service', 'Wants=docker.service'], [RUN])],
    ['BindsTo= on the socket', unit(['After=docker.service docker.socket', 'BindsTo=docker.socket'], [RUN])],
    ['repeated After= lines', unit(['After=network.target', 'After=docker.service', 'Requires=docker.service'], [RUN])],
    ['podman (no daemon)', unit([], ['ExecStart=/usr/bin/podman run --rm --name web nginx:1.27'])],
    ['no container runtime at all', unit([], ['ExecStart=/usr/bin/sleep infinity'])],
    ['the daemon itself (docker daemon)', unit([], ['ExecStart=/usr/bin/docker daemon -H fd://'])],
    ['a unit ordered before docker', unit(['Before=docker.service'], ['Type=oneshot', 'ExecStart=/usr/bin/docker-prepare'])],
    ['a user unit (WantedBy=default.target)', unit([], [RUN], ['WantedBy=default.target'])],
    ['a helper program whose name starts with docker', unit([], ['ExecStart=/usr/libexec/docker-prepare'])],
  ];
  it.each(valid)('does not flag %s', (_name, text) => {
    expect(locations(lint('unit', text), 'CG203')).toEqual([]);
  });

  it('does not flag docker.service itself or a unit under systemd/user/', () => {
    expect(locations(lint('unit', unit([], ['ExecStart=/usr/bin/docker daemon']), { path: 'docker.service' }), 'CG203')).toEqual([]);
    expect(locations(lint('unit', unit([], [RUN]), { path: 'home/me/.config/systemd/user/web.service' }), 'CG203')).toEqual([]);
  });

  const invalid: Array<[string, string, string[]]> = [
    ['nothing at all', unit([], [RUN]), ['5:1']],
    ['After= only', unit(['After=docker.service'], [RUN]), ['6:1']],
    ['Requires= only', unit(['Requires=docker.service'], [RUN]), ['6:1']],
    ['After=docker.socket only orders against the socket', unit(['After=docker.socket', 'Requires=docker.socket'], [RUN]), ['7:1']],
    ['docker compose', unit([], ['ExecStart=/usr/bin/docker compose -f /srv/app/compose.yaml up']), ['5:1']],
    ['docker-compose through env', unit([], ['ExecStart=/usr/bin/env docker-compose up']), ['5:1']],
    ['docker inside a sh -c script', unit([], ['ExecStart=/bin/sh -c "docker pull web && exec docker run --rm web"']), ['5:1']],
    ['the first docker line is the location', unit([], ['ExecStartPre=-/usr/bin/docker rm -f web', RUN]), ['5:1']],
    ['an After= reset by an empty assignment', unit(['After=docker.service', 'After=', 'Wants=docker.service'], [RUN]), ['8:1']],
  ];
  it.each(invalid)('flags %s', (_name, text, expected) => {
    expect(locations(lint('unit', text), 'CG203')).toEqual(expected);
  });

  describe('fix (safe)', () => {
    it('adds After= and Wants= to [Unit]', () => {
      expect(fixed('unit', unit([], [RUN]), 'CG203')).toBe(unit(['After=docker.service', 'Wants=docker.service'], [RUN]));
    });
    it('appends to existing After=/Wants= lines', () => {
      expect(fixed('unit', unit(['After=network-online.target', 'Wants=network-online.target'], [RUN]), 'CG203')).toBe(
        unit(['After=network-online.target docker.service', 'Wants=network-online.target docker.service'], [RUN]),
      );
    });
    it('adds only what is missing', () => {
      expect(fixed('unit', unit(['Requires=docker.service'], [RUN]), 'CG203')).toBe(unit(['Requires=docker.service', 'After=docker.service'], [RUN]));
    });
    it('creates [Unit] when the file has none', () => {
      const text = `[Service]\n${RUN}\n`;
      expect(fixed('unit', text, 'CG203')).toBe(`[Unit]\nAfter=docker.service\nWants=docker.service\n\n[Service]\n${RUN}\n`);
    });
    it('has no fix when the last After= is an empty reset', () => {
      const finding = lint('unit', unit(['After=docker.service', 'After=', 'Wants=docker.service'], [RUN])).find((f) => f.ruleId === 'CG203');
      expect(finding!.fix).toBeUndefined();
    });
  });
});
