import { describe, expect, it } from 'vitest';
import { fixed, lint, locations } from '../helpers.js';

const dockerfile = (...lines: string[]) => [...lines, ''].join('\n');

describe('CG308 relative-workdir', () => {
  const valid: Array<[string, string]> = [
    ['an absolute path', dockerfile('FROM python:3.13-slim', 'WORKDIR /app')],
    ['a variable', dockerfile('FROM python:3.13-slim', 'ENV APP=/app', 'WORKDIR $APP/src')],
    ['a Windows path', dockerfile('FROM mcr.microsoft.com/windows/nanoserver:ltsc2022', 'WORKDIR C:\\app')],
    ['a quoted absolute path', dockerfile('FROM python:3.13-slim', 'WORKDIR "/srv/my app"')],
  ];
  it.each(valid)('does not flag %s', (_name, text) => {
    expect(locations(lint('dockerfile', text), 'CG308')).toEqual([]);
  });

  const invalid: Array<[string, string, string[]]> = [
    ['a relative path', dockerfile('FROM python:3.13-slim', 'WORKDIR app'), ['2:9']],
    ['after an absolute WORKDIR', dockerfile('FROM python:3.13-slim', 'WORKDIR /srv', 'WORKDIR app'), ['3:9']],
    ['~', dockerfile('FROM python:3.13-slim', 'WORKDIR ~/app'), ['2:9']],
  ];
  it.each(invalid)('flags %s', (_name, text, expected) => {
    expect(locations(lint('dockerfile', text), 'CG308')).toEqual(expected);
  });

  describe('fix (safe): the absolute path it resolves to', () => {
    it('after an absolute WORKDIR in the stage', () => {
      expect(fixed('dockerfile', dockerfile('FROM python:3.13-slim', 'WORKDIR /srv', 'WORKDIR app/../web'), 'CG308')).toBe(dockerfile('FROM python:3.13-slim', 'WORKDIR /srv', 'WORKDIR /srv/web'));
    });
    it('through the stage it is built FROM', () => {
      expect(fixed('dockerfile', dockerfile('FROM python:3.13-slim AS base', 'WORKDIR /srv', 'FROM base', 'WORKDIR app'), 'CG308')).toBe(dockerfile('FROM python:3.13-slim AS base', 'WORKDIR /srv', 'FROM base', 'WORKDIR /srv/app'));
    });
    it('from / for FROM scratch', () => {
      expect(fixed('dockerfile', dockerfile('FROM scratch', 'WORKDIR app'), 'CG308')).toBe(dockerfile('FROM scratch', 'WORKDIR /app'));
    });
    it('none when the base image decides', () => {
      expect(lint('dockerfile', dockerfile('FROM python:3.13-slim', 'WORKDIR app')).find((f) => f.ruleId === 'CG308')!.fix).toBeUndefined();
    });
  });
});
