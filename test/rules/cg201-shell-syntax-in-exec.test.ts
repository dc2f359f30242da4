import { describe, expect, it } from 'vitest';
import { fixed, lint, locations } from '../helpers.js';

/** A unit whose [Service] lines start on line 5. */
const unit = (...service: string[]) => ['[Unit]', 'Description=web', '', '[Service]', ...service, ''].join('\n');

describe('CG201 shell-syntax-in-exec', () => {
  const valid: Array<[string, string[]]> = [
    ['a plain command', ['ExecStart=/usr/bin/docker run --rm --name web nginx:1.27']],
    ['a quoted sh -c script', ["ExecStartPre=/bin/sh -c 'docker rm -f web || true'"]],
    ['a double-quoted script with redirections', ['ExecStart=/bin/bash -ec "exec docker run web >/var/log/web.log 2>&1"']],
    ['a lone ; separates commands', ['Type=oneshot', 'ExecStart=/usr/bin/docker stop web ; /usr/bin/docker rm web']],
    ['\\; is a literal ; for find -exec', ['ExecStart=/usr/bin/find /tmp -name x -exec rm {} \\;']],
    ['| inside a word is an argument', ['ExecStart=/usr/bin/grep -E a|b /etc/hosts']],
    ['a quoted > argument', ['ExecStart=/usr/bin/docker run --rm alpine:3.20 echo ">"']],
    ['an entry reset by an empty assignment', ['ExecStartPre=/usr/bin/docker rm -f web || true', 'ExecStartPre=', 'ExecStart=/usr/bin/docker run web']],
    ['a comment line is not a command', ['# ExecStart=/usr/bin/docker run web || true', 'ExecStart=/usr/bin/docker run web']],
  ];
  it.each(valid)('does not flag %s', (_name, lines) => {
    expect(locations(lint('unit', unit(...lines)), 'CG201')).toEqual([]);
  });

  const invalid: Array<[string, string[], string[]]> = [
    ['|| true', ['ExecStartPre=/usr/bin/docker rm -f web || true'], ['5:40']],
    ['&&', ['ExecStart=/usr/bin/docker pull nginx:1.27 && /usr/bin/docker run nginx:1.27'], ['5:43']],
    ['a pipe', ['ExecStart=/usr/bin/docker logs web | grep error'], ['5:36']],
    ['a glued redirection and 2>&1', ['ExecStartPre=-/usr/bin/docker rm web >/dev/null 2>&1'], ['5:38']],
    ['$(…)', ['ExecStart=/usr/bin/docker run --name=$(hostname) nginx:1.27'], ['5:31']],
    ['backticks', ['ExecStart=/usr/bin/docker run --name `hostname` nginx:1.27'], ['5:38']],
    ['a ; glued to a word', ['ExecStart=/usr/bin/docker stop web; /usr/bin/docker rm web'], ['5:32']],
    ['|| true after a quoted sh -c script (sh gets it as $0)', ["ExecStart=/bin/sh -c 'docker rm -f web' || true"], ['5:41']],
    ['one finding per command', ['Type=oneshot', 'ExecStart=/usr/bin/docker rm a || true ; /usr/bin/docker rm b > /tmp/x'], ['6:32', '6:63']],
    ['in a continuation line', ['ExecStart=/usr/bin/docker run web \\', '  > /var/log/web.log'], ['6:3']],
  ];
  it.each(invalid)('flags %s', (_name, lines, expected) => {
    expect(locations(lint('unit', unit(...lines)), 'CG201')).toEqual(expected);
  });

  it('flags ExecStartPre= of a socket unit', () => {
    const text = '[Socket]\nListenStream=8080\nExecStartPre=/usr/bin/docker pull web || true\n';
    expect(locations(lint('unit', text, { path: 'web.socket' }), 'CG201')).toEqual(['3:39']);
  });

  it('names what is passed and to which program', () => {
    const [finding] = lint('unit', unit('ExecStart=/usr/bin/docker logs web | grep error')).filter((f) => f.ruleId === 'CG201');
    expect(finding!.message).toContain('"|" is passed to docker as an argument');
    expect(finding!.fix).toBeUndefined();
  });

  describe('fix: the `|| true` idiom becomes the - prefix', () => {
    it('drops || true and adds -', () => {
      expect(fixed('unit', unit('ExecStartPre=/usr/bin/docker rm -f web || true'), 'CG201')).toBe(unit('ExecStartPre=-/usr/bin/docker rm -f web'));
    });
    it('keeps an existing - prefix and other prefixes', () => {
      expect(fixed('unit', unit('ExecStartPre=-/usr/bin/docker rm -f web || /bin/true'), 'CG201')).toBe(unit('ExecStartPre=-/usr/bin/docker rm -f web'));
      expect(fixed('unit', unit('ExecStartPre=@/usr/bin/docker docker rm -f web || :'), 'CG201')).toBe(unit('ExecStartPre=-@/usr/bin/docker docker rm -f web'));
    });
    it('fixes the right command of a ;-separated entry', () => {
      expect(fixed('unit', unit('Type=oneshot', 'ExecStart=/usr/bin/docker stop web ; /usr/bin/docker rm web || true'), 'CG201')).toBe(
        unit('Type=oneshot', 'ExecStart=/usr/bin/docker stop web ; -/usr/bin/docker rm web'),
      );
    });
    it('has no fix when other shell syntax remains', () => {
      const [finding] = lint('unit', unit('ExecStartPre=/usr/bin/docker rm -f web >/dev/null || true')).filter((f) => f.ruleId === 'CG201');
      expect(finding!.fix).toBeUndefined();
    });
  });
});
