import { describe, expect, it } from 'vitest';
import { fixed, lint, locations } from '../helpers.js';

const unit = (...service: string[]) => ['[Unit]', 'Description=web', '', '[Service]', ...service, ''].join('\n');

describe('CG205 unescaped-percent', () => {
  const valid: Array<[string, string[]]> = [
    ['specifiers used as names', ['ExecStartPre=-/usr/bin/docker rm -f %n', 'ExecStart=/usr/bin/docker run --rm --name %N-%i --hostname %H --cidfile %t/%n.cid web']],
    ['%U:%G as a user', ['ExecStart=/usr/bin/podman run --user %U:%G web']],
    ['%% is a literal %', ["ExecStartPre=/bin/sh -c 'date +%%Y-%%m-%%d > /tmp/today'"]],
    ['a Go template has no %', ["ExecStartPre=/usr/bin/docker ps --format '{{.Names}}'"]],
    ['% before a non-alphanumeric is kept', ["ExecStart=/bin/echo 50% done", "ExecStartPre=/bin/sh -c 'echo 100%'"]],
    ['% in a Description= is not checked here', ['ExecStart=/usr/bin/docker run web']],
    ['an Environment= value with a specifier used as a name', ['Environment=NAME=%N', 'ExecStart=/usr/bin/docker run --name ${NAME} web']],
  ];
  it.each(valid)('does not flag %s', (_name, lines) => {
    expect(locations(lint('unit', unit(...lines)), 'CG205')).toEqual([]);
  });

  const invalid: Array<[string, string[], string[]]> = [
    ['an unknown specifier (fatal)', ['ExecStart=/bin/echo a%Zb'], ['5:22']],
    ['a digit', ["ExecStart=/usr/bin/awk '{print %1}' /etc/hosts"], ['5:32']],
    ['date +%Y-%m-%d in a sh -c script', ["ExecStartPre=/bin/sh -c 'docker tag app app:$(date +%Y-%m-%d)'"], ['5:53']],
    ['date as the program', ['ExecStart=/bin/date +%s'], ['5:22']],
    ['printf format', ["ExecStart=/usr/bin/printf '%s\\n' hello"], ['5:28']],
    ['a --format value', ['ExecStart=/usr/bin/journalctl --since today --output-fields=MESSAGE --format %H:%M'], ['5:78']],
    ['a strftime pattern in a file name', ['ExecStart=/usr/bin/docker exec db pg_dump -f /backup/db-%Y%m%d.sql app'], ['5:57']],
    ['an Environment= value with an unknown specifier', ['Environment="PCT=50%k"', 'ExecStart=/usr/bin/docker run -e PCT=${PCT} web'], ['5:20']],
    ['an Environment= date format', ['Environment=STAMP=+%Y%m%d', 'ExecStart=/bin/date ${STAMP}'], ['5:20']],
  ];
  it.each(invalid)('flags %s', (_name, lines, expected) => {
    expect(locations(lint('unit', unit(...lines)), 'CG205')).toEqual(expected);
  });

  it('explains what the specifiers become', () => {
    const [finding] = lint('unit', unit("ExecStartPre=/bin/sh -c 'date +%Y-%m-%d'")).filter((f) => f.ruleId === 'CG205');
    expect(finding!.message).toContain("%Y is the unit file's folder");
    expect(finding!.message).toContain('%m is the machine id');
    const [fatal] = lint('unit', unit('ExecStart=/bin/echo a%Zb')).filter((f) => f.ruleId === 'CG205');
    expect(fatal!.message).toContain('the unit does not start');
  });

  describe('fix (safe): % becomes %%', () => {
    it('escapes every flagged % of the word', () => {
      expect(fixed('unit', unit("ExecStartPre=/bin/sh -c 'docker tag app app:$(date +%Y-%m-%d)'"), 'CG205')).toBe(
        unit("ExecStartPre=/bin/sh -c 'docker tag app app:$(date +%%Y-%%m-%%d)'"),
      );
    });
    it('leaves specifiers used as names alone', () => {
      expect(fixed('unit', unit('ExecStart=/usr/bin/docker run --rm --name %n alpine:3.20 date +%s'), 'CG205')).toBe(unit('ExecStart=/usr/bin/docker run --rm --name %n alpine:3.20 date +%%s'));
      expect(fixed('unit', unit('ExecStart=/usr/bin/docker exec %n pg_dump -f /b/%Y%m%d.sql'), 'CG205')).toBe(unit('ExecStart=/usr/bin/docker exec %n pg_dump -f /b/%%Y%%m%%d.sql'));
    });
    it('fixes an Environment= value', () => {
      expect(fixed('unit', unit('Environment=STAMP=+%Y%m%d', 'ExecStart=/bin/date ${STAMP}'), 'CG205')).toBe(unit('Environment=STAMP=+%%Y%%m%%d', 'ExecStart=/bin/date ${STAMP}'));
    });
  });
});
