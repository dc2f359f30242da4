import { describe, expect, it } from 'vitest';
import { fixed, lint, locations } from '../helpers.js';

const dockerfile = (...lines: string[]) => [...lines, ''].join('\n');

describe('CG305 no-install-recommends', () => {
  const valid: Array<[string, string]> = [
    ['--no-install-recommends', dockerfile('FROM debian:12-slim', 'RUN apt-get install -y --no-install-recommends curl')],
    ['-o APT::Install-Recommends=false', dockerfile('FROM debian:12-slim', 'RUN apt-get install -y -o APT::Install-Recommends=false curl')],
    ['apt.conf set by an earlier RUN', dockerfile('FROM debian:12-slim', 'RUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/01norecommends', 'RUN apt-get install -y curl')],
    ['apt.conf set in the stage it is built FROM', dockerfile('FROM debian:12-slim AS base', 'RUN echo \'APT::Install-Recommends "false";\' > /etc/apt/apt.conf.d/99', 'FROM base', 'RUN apt-get install -y curl')],
    ['a simulated install', dockerfile('FROM debian:12-slim', 'RUN if apt-get install -s "pkg" > /dev/null 2>&1; then echo ok; fi')],
    ['a build stage', dockerfile('FROM debian:12 AS build', 'RUN apt-get install -y build-essential', 'FROM debian:12-slim', 'CMD ["true"]')],
    ['apt-get remove', dockerfile('FROM debian:12-slim', 'RUN apt-get remove -y curl')],
  ];
  it.each(valid)('does not flag %s', (_name, text) => {
    expect(locations(lint('dockerfile', text), 'CG305')).toEqual([]);
  });

  const invalid: Array<[string, string, string[]]> = [
    ['apt-get install -y', dockerfile('FROM debian:12-slim', 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*'), ['2:23']],
    ['apt install', dockerfile('FROM ubuntu:24.04', 'RUN apt install -y curl'), ['2:5']],
    ['DEBIAN_FRONTEND=… apt-get install', dockerfile('FROM debian:12-slim', 'RUN DEBIAN_FRONTEND=noninteractive apt-get -q install -y tzdata'), ['2:36']],
    ['a setting written only later', dockerfile('FROM debian:12-slim', 'RUN apt-get install -y curl', 'RUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/01'), ['2:5']],
  ];
  it.each(invalid)('flags %s', (_name, text, expected) => {
    expect(locations(lint('dockerfile', text), 'CG305')).toEqual(expected);
  });

  it('fix (unsafe): adds --no-install-recommends after install', () => {
    const text = dockerfile('FROM debian:12-slim', 'RUN apt-get install -y curl');
    expect(lint('dockerfile', text).find((f) => f.ruleId === 'CG305')!.fix!.safety).toBe('unsafe');
    expect(fixed('dockerfile', text, 'CG305')).toBe(dockerfile('FROM debian:12-slim', 'RUN apt-get install --no-install-recommends -y curl'));
  });
});
