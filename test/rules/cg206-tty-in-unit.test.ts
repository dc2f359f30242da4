import { describe, expect, it } from 'vitest';
import { fixed, lint, locations } from '../helpers.js';

const unit = (...service: string[]) => ['[Unit]', 'Description=web', '', '[Service]', ...service, ''].join('\n');

describe('CG206 tty-in-unit', () => {
  const valid: Array<[string, string[]]> = [
    ['no terminal flags', ['ExecStart=/usr/bin/docker run --rm --name web nginx:1.27']],
    ['-i alone', ['ExecStart=/usr/bin/docker run -i --rm web']],
    ['a detached run', ['Type=oneshot', 'RemainAfterExit=yes', 'ExecStart=/usr/bin/docker run -dit --name shell alpine:3.20']],
    ['--tty=false', ['ExecStart=/usr/bin/docker run --tty=false web']],
    ['-t after the image belongs to the container', ['ExecStart=/usr/bin/docker run --rm web top -t']],
    ['docker stop -t is a timeout', ['ExecStart=/usr/bin/docker run --rm web', 'ExecStop=/usr/bin/docker stop -t 10 web']],
    ['docker exec -d -t', ['ExecStart=/usr/bin/docker run --rm --name web web', 'ExecStartPost=/usr/bin/docker exec -dt web warmup']],
  ];
  it.each(valid)('does not flag %s', (_name, lines) => {
    expect(locations(lint('unit', unit(...lines)), 'CG206')).toEqual([]);
  });

  const invalid: Array<[string, string[], string[]]> = [
    ['-it', ['ExecStart=/usr/bin/docker run -it --rm web'], ['5:33']],
    ['-ti', ['ExecStart=/usr/bin/docker run -ti --rm web'], ['5:32']],
    ['-t and -i apart', ['ExecStart=/usr/bin/docker run -t --rm -i web'], ['5:31']],
    ['--tty', ['ExecStart=/usr/bin/docker run --tty --interactive web'], ['5:31']],
    ['-t alone', ['ExecStart=/usr/bin/docker run -t --rm web'], ['5:31']],
    ['-itp 80:80', ['ExecStart=/usr/bin/docker run -itp 80:80 web'], ['5:33']],
    ['docker exec -it', ['ExecStart=/usr/bin/docker run --rm --name web web', 'ExecReload=/usr/bin/docker exec -it web nginx -s reload'], ['6:35']],
    ['docker container exec -it', ['ExecStart=/usr/bin/docker run --rm --name web web', 'ExecReload=/usr/bin/docker container exec -it web nginx -s reload'], ['6:45']],
    ['podman run -it', ['ExecStart=/usr/bin/podman run -it --rm web'], ['5:33']],
  ];
  it.each(invalid)('flags %s', (_name, lines, expected) => {
    expect(locations(lint('unit', unit(...lines)), 'CG206')).toEqual(expected);
  });

  it('says that docker run -it fails outright', () => {
    const [finding] = lint('unit', unit('ExecStart=/usr/bin/docker run -it web')).filter((f) => f.ruleId === 'CG206');
    expect(finding!.message).toContain('the input device is not a TTY');
    expect(finding!.fix!.safety).toBe('safe');
  });

  describe('fix', () => {
    it('removes t from -it (safe)', () => {
      expect(fixed('unit', unit('ExecStart=/usr/bin/docker run -it --rm web'), 'CG206')).toBe(unit('ExecStart=/usr/bin/docker run -i --rm web'));
      expect(fixed('unit', unit('ExecStart=/usr/bin/docker run -itp 80:80 web'), 'CG206')).toBe(unit('ExecStart=/usr/bin/docker run -ip 80:80 web'));
    });
    it('removes a --tty word (safe with -i)', () => {
      expect(fixed('unit', unit('ExecStart=/usr/bin/docker run --tty --interactive web'), 'CG206')).toBe(unit('ExecStart=/usr/bin/docker run --interactive web'));
    });
    it('is unsafe for -t without -i, and for podman', () => {
      const alone = lint('unit', unit('ExecStart=/usr/bin/docker run -t web')).find((f) => f.ruleId === 'CG206');
      expect(alone!.fix!.safety).toBe('unsafe');
      const podman = lint('unit', unit('ExecStart=/usr/bin/podman run -it web')).find((f) => f.ruleId === 'CG206');
      expect(podman!.fix!.safety).toBe('unsafe');
      expect(fixed('unit', unit('ExecStart=/usr/bin/docker run -t web'), 'CG206')).toBe(unit('ExecStart=/usr/bin/docker run web'));
    });
  });
});
