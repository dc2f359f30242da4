import { describe, expect, it } from 'vitest';
import { fixed, lint, locations } from '../helpers.js';

const unit = (...service: string[]) => ['[Unit]', 'Description=web', '', '[Service]', ...service, ''].join('\n');

describe('CG202 detached-container', () => {
  const valid: Array<[string, string[]]> = [
    ['a foreground run', ['ExecStart=/usr/bin/docker run --rm --name web nginx:1.27']],
    ['-d=false', ['ExecStart=/usr/bin/docker run -d=false --name web nginx:1.27']],
    ['oneshot with RemainAfterExit=yes', ['Type=oneshot', 'RemainAfterExit=yes', 'ExecStart=/usr/bin/docker run -d --name web nginx:1.27']],
    ['oneshot with RemainAfterExit=true', ['Type=oneshot', 'RemainAfterExit=true', 'ExecStart=/usr/bin/docker compose up -d']],
    ['-d in ExecStartPre=', ['ExecStartPre=/usr/bin/docker run -d --name helper alpine:3.20 sleep 60', 'ExecStart=/usr/bin/docker run --name web nginx:1.27']],
    ['-d after the image is the container\'s own flag', ['ExecStart=/usr/bin/docker run --rm nginx:1.27 -d']],
    ['podman generate systemd (forking + PIDFile)', ['Type=forking', 'PIDFile=%t/%n-pid', 'ExecStart=/usr/bin/podman run --conmon-pidfile %t/%n-pid -d --name web nginx:1.27']],
    ['podman with --conmon-pidfile and Type=forking', ['Type=forking', 'ExecStart=/usr/bin/podman run --conmon-pidfile=/run/web.pid -d web']],
    ['podman --sdnotify=conmon with Type=notify', ['Type=notify', 'NotifyAccess=all', 'ExecStart=/usr/bin/podman run --sdnotify=conmon -d --replace --name web nginx:1.27']],
    ['docker start -a', ['ExecStart=/usr/bin/docker start -a web']],
    ['docker start --attach', ['ExecStart=/usr/bin/docker start --attach web']],
    ['compose up in the foreground', ['ExecStart=/usr/bin/docker compose up']],
  ];
  it.each(valid)('does not flag %s', (_name, lines) => {
    expect(locations(lint('unit', unit(...lines)), 'CG202')).toEqual([]);
  });

  const invalid: Array<[string, string[], string[]]> = [
    ['-d', ['ExecStart=/usr/bin/docker run -d --name web nginx:1.27'], ['5:31']],
    ['--detach', ['ExecStart=/usr/bin/docker run --detach --name web nginx:1.27'], ['5:31']],
    ['d in a cluster', ['ExecStart=/usr/bin/docker run -itd --name web nginx:1.27'], ['5:34']],
    ['-d=true', ['ExecStart=/usr/bin/docker run -d=true web'], ['5:31']],
    ['oneshot without RemainAfterExit', ['Type=oneshot', 'ExecStart=/usr/bin/docker run -d web'], ['6:31']],
    ['RemainAfterExit=yes but Type=simple', ['RemainAfterExit=yes', 'ExecStart=/usr/bin/docker run -d web'], ['6:31']],
    ['docker with Type=forking', ['Type=forking', 'ExecStart=/usr/bin/docker run -d web'], ['6:31']],
    ['podman run -d with Type=simple', ['ExecStart=/usr/bin/podman run -d --name web nginx:1.27'], ['5:31']],
    ['docker compose up -d', ['ExecStart=/usr/bin/docker compose -f /srv/app/compose.yaml up -d'], ['5:63']],
    ['docker-compose up --detach', ['ExecStart=/usr/local/bin/docker-compose up --detach'], ['5:44']],
    ['docker start without -a', ['ExecStart=/usr/bin/docker start web'], ['5:27']],
    ['-d from a variable', ['Environment="OPTS=-d --rm"', 'ExecStart=/usr/bin/docker run $OPTS web'], ['6:31']],
  ];
  it.each(invalid)('flags %s', (_name, lines, expected) => {
    expect(locations(lint('unit', unit(...lines)), 'CG202')).toEqual(expected);
  });

  it('is not about Quadlet files', () => {
    expect(locations(lint('quadlet', '[Container]\nImage=nginx:1.27\n'), 'CG202')).toEqual([]);
  });

  describe('fix (unsafe)', () => {
    it('drops -d with Type=simple', () => {
      expect(fixed('unit', unit('ExecStart=/usr/bin/docker run -d --name web nginx:1.27'), 'CG202')).toBe(unit('ExecStart=/usr/bin/docker run --name web nginx:1.27'));
    });
    it('drops the d of a cluster', () => {
      expect(fixed('unit', unit('ExecStart=/usr/bin/docker run -itd web'), 'CG202')).toBe(unit('ExecStart=/usr/bin/docker run -it web'));
    });
    it('drops a --detach alone on a continuation line', () => {
      const before = unit('ExecStart=/usr/bin/docker run \\', '  --detach \\', '  --name web nginx:1.27');
      expect(fixed('unit', before, 'CG202')).toBe(unit('ExecStart=/usr/bin/docker run \\', '  --name web nginx:1.27'));
    });
    it('sets RemainAfterExit=yes for Type=oneshot', () => {
      expect(fixed('unit', unit('Type=oneshot', 'RemainAfterExit=no', 'ExecStart=/usr/bin/docker run -d web'), 'CG202')).toBe(unit('Type=oneshot', 'RemainAfterExit=yes', 'ExecStart=/usr/bin/docker run -d web'));
    });
    it('is unsafe, and absent for -d from a variable or docker start', () => {
      const findings = lint('unit', unit('ExecStart=/usr/bin/docker run -d web')).filter((f) => f.ruleId === 'CG202');
      expect(findings[0]!.fix!.safety).toBe('unsafe');
      const fromVariable = lint('unit', unit('Environment="OPTS=-d"', 'ExecStart=/usr/bin/docker run $OPTS web')).filter((f) => f.ruleId === 'CG202');
      expect(fromVariable[0]!.fix).toBeUndefined();
      expect(lint('unit', unit('ExecStart=/usr/bin/docker start web')).find((f) => f.ruleId === 'CG202')!.fix).toBeUndefined();
    });
  });
});
