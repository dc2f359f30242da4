import { describe, expect, it } from 'vitest';
import { fixed, lint, locations } from '../helpers.js';

const dockerfile = (...lines: string[]) => [...lines, ''].join('\n');

describe('CG306 shell-form-entrypoint', () => {
  const valid: Array<[string, string]> = [
    ['exec-form CMD', dockerfile('FROM node:22-slim', 'CMD ["node", "/app/server.js"]')],
    ['exec-form ENTRYPOINT and CMD', dockerfile('FROM node:22-slim', 'ENTRYPOINT ["docker-entrypoint.sh"]', 'CMD ["node"]')],
    ['a shell form that starts with exec', dockerfile('FROM node:22-slim', 'CMD exec node /app/server.js')],
    ['an explicit SHELL', dockerfile('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'SHELL ["powershell", "-Command"]', 'CMD Start-Service w3svc')],
    ['shell form in a build stage only', dockerfile('FROM node:22 AS build', 'CMD npm test', 'FROM node:22-slim', 'CMD ["node", "server.js"]')],
    ['a shell-form CMD under a shell-form ENTRYPOINT (only the ENTRYPOINT is reported)', dockerfile('FROM node:22-slim', 'ENTRYPOINT exec node server.js', 'CMD --port 80')],
    ['no CMD at all', dockerfile('FROM node:22-slim', 'COPY . /app')],
  ];
  it.each(valid)('does not flag %s', (_name, text) => {
    expect(locations(lint('dockerfile', text), 'CG306')).toEqual([]);
  });

  const invalid: Array<[string, string, string[]]> = [
    ['shell-form CMD', dockerfile('FROM node:22-slim', 'COPY . /app', 'CMD node /app/server.js'), ['3:1']],
    ['shell-form ENTRYPOINT', dockerfile('FROM node:22-slim', 'ENTRYPOINT node /app/server.js'), ['2:1']],
    ['shell-form CMD under an exec-form ENTRYPOINT', dockerfile('FROM node:22-slim', 'ENTRYPOINT ["tini", "--"]', 'CMD node server.js'), ['3:1']],
    ['only the effective CMD counts', dockerfile('FROM node:22-slim', 'CMD node a.js', 'CMD node b.js'), ['3:1']],
    ['inherited from the stage it is built FROM', dockerfile('FROM node:22-slim AS base', 'CMD node server.js', 'FROM base', 'COPY . /app'), ['2:1']],
  ];
  it.each(invalid)('flags %s', (_name, text, expected) => {
    expect(locations(lint('dockerfile', text), 'CG306')).toEqual(expected);
  });

  describe('fix (unsafe): the exec form', () => {
    it('rewrites plain words', () => {
      expect(fixed('dockerfile', dockerfile('FROM node:22-slim', 'CMD node /app/server.js --port 8080'), 'CG306')).toBe(dockerfile('FROM node:22-slim', 'CMD ["node", "/app/server.js", "--port", "8080"]'));
    });
    it('keeps quoted words whole', () => {
      expect(fixed('dockerfile', dockerfile('FROM nginx:1.27', "CMD nginx -g 'daemon off;'"), 'CG306')).toBe(dockerfile('FROM nginx:1.27', 'CMD ["nginx", "-g", "daemon off;"]'));
    });
    it('has no fix when the shell does work', () => {
      for (const cmd of ['CMD node $APP', 'CMD cd /app && node server.js', 'CMD gzserver & npm start', 'CMD node *.js']) {
        const finding = lint('dockerfile', dockerfile('FROM node:22-slim', cmd)).find((f) => f.ruleId === 'CG306');
        expect(finding!.fix, cmd).toBeUndefined();
      }
    });
    it('is unsafe', () => {
      expect(lint('dockerfile', dockerfile('FROM node:22-slim', 'CMD node a.js')).find((f) => f.ruleId === 'CG306')!.fix!.safety).toBe('unsafe');
    });
  });
});
