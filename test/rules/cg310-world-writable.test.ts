import { describe, expect, it } from 'vitest';
import { worldWritable } from '../../src/rules/cg310-world-writable.js';
import { lint, locations } from '../helpers.js';

const dockerfile = (...lines: string[]) => [...lines, ''].join('\n');

describe('CG310 world-writable', () => {
  it.each([
    ['777', true], ['0777', true], ['666', true], ['2777', true], ['o+w', true], ['a+rwx', true], ['ugo=rwx', true], ['u+x,o+w', true],
    ['1777', false], ['3777', false], ['755', false], ['775', false], ['g+w', false], ['+w', false], ['a+rwxt', false], ['o+w,+t', false], ['o-w', false], ['u=rwx,go=rx', false],
  ] as const)('worldWritable(%s) is %s', (mode, expected) => {
    expect(worldWritable(mode)).toBe(expected);
  });

  const valid: Array<[string, string]> = [
    ['a sticky shared folder', dockerfile('FROM debian:12-slim', 'RUN mkdir -p /data && chmod 1777 /data')],
    ['group-writable', dockerfile('FROM debian:12-slim', 'RUN chmod -R g=u /app')],
    ['a scratch folder the same RUN deletes', dockerfile('FROM debian:12-slim', 'RUN tmp="$(mktemp -d)" && chmod 777 "$tmp" && cd "$tmp" && make && rm -rf "$tmp"')],
    ['a build stage', dockerfile('FROM debian:12 AS build', 'RUN chmod 777 /src', 'FROM debian:12-slim', 'CMD ["true"]')],
    ['777 in a quoted argument', dockerfile('FROM debian:12-slim', "RUN echo 'chmod 777' > /notes")],
  ];
  it.each(valid)('does not flag %s', (_name, text) => {
    expect(locations(lint('dockerfile', text), 'CG310')).toEqual([]);
  });

  const invalid: Array<[string, string, string[]]> = [
    ['chmod -R 777', dockerfile('FROM python:3.13-slim', 'COPY . /app', 'RUN chmod -R 777 /app'), ['3:14']],
    ['chmod a+w', dockerfile('FROM debian:12-slim', 'RUN chmod -R a+w /usr/share/dotnet'), ['2:14']],
    ['mkdir -m 777', dockerfile('FROM debian:12-slim', 'RUN mkdir -p -m 777 /data'), ['2:17']],
    ['install -m0666', dockerfile('FROM debian:12-slim', 'RUN install -m0666 /dev/null /var/log/app.log'), ['2:15']],
  ];
  it.each(invalid)('flags %s', (_name, text, expected) => {
    expect(locations(lint('dockerfile', text), 'CG310')).toEqual(expected);
  });
});
