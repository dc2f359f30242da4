import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceFromText, type FileKind } from '../../src/model/source.js';
import { defaultPolicy } from '../../src/policy/policy.js';
import { allRules } from '../../src/rules/index.js';
import { analyseSource, createAnalysisEnv } from '../../src/scan.js';
import { lint, locations } from '../helpers.js';

const ID = 'CG111';
interface Case { name: string; kind: FileKind; code: string }
interface Invalid extends Case { errors: string[] }

const valid: Case[] = [
  { name: 'compose healthcheck', kind: 'compose', code: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    healthcheck:\n      test: ["CMD", "/healthz"]\n' },
  { name: 'compose one-off job marked restart: "no"', kind: 'compose', code: 'services:\n  migrate:\n    image: ghcr.io/acme/api:1.4.2\n    restart: "no"\n' },
  { name: 'docker run --health-cmd', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --health-cmd "curl -f localhost" nginx:1.27\n' },
  { name: 'docker run in ExecStartPre (a migration)', kind: 'unit', code: '[Service]\nExecStartPre=/usr/bin/docker run --rm ghcr.io/acme/api:1.4.2 migrate\nExecStart=/usr/bin/app\n' },
  { name: 'docker run in a Type=oneshot job', kind: 'unit', code: '[Service]\nType=oneshot\nExecStart=/usr/bin/docker run --rm ghcr.io/acme/backup:2.0.0\n' },
  { name: 'Quadlet HealthCmd=', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nHealthCmd=curl -f http://localhost/\n' },
  { name: 'Quadlet Type=oneshot', kind: 'quadlet', code: '[Container]\nImage=ghcr.io/acme/backup:2.0.0\n\n[Service]\nType=oneshot\n' },
  { name: 'Dockerfile with HEALTHCHECK', kind: 'dockerfile', code: 'FROM nginx:1.27\nHEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1\n' },
  { name: 'Dockerfile: the final stage inherits the check of the stage it is built FROM', kind: 'dockerfile', code: 'FROM nginx:1.27 AS base\nHEALTHCHECK CMD curl -f http://localhost/\nFROM base\nCOPY site /usr/share/nginx/html\n' },
  { name: 'Dockerfile: only the final stage matters', kind: 'dockerfile', code: 'FROM golang:1.23 AS build\nRUN go build ./...\nFROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/\n' },
];

const invalid: Invalid[] = [
  { name: 'compose service without one', kind: 'compose', code: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    restart: always\n', errors: ['2:3'] },
  { name: 'compose healthcheck disable: true', kind: 'compose', code: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    healthcheck:\n      disable: true\n', errors: ['5:16'] },
  { name: 'compose test: ["NONE"]', kind: 'compose', code: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    healthcheck:\n      test: ["NONE"]\n', errors: ['5:13'] },
  { name: 'docker run in ExecStart', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm nginx:1.27\n', errors: ['2:1'] },
  { name: 'docker run --no-healthcheck', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --no-healthcheck nginx:1.27\n', errors: ['2:31'] },
  { name: 'docker run -d in a oneshot unit that stays active', kind: 'unit', code: '[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/usr/bin/docker run -d nginx:1.27\n', errors: ['4:1'] },
  { name: 'podman run --health-cmd none', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/podman run --health-cmd none nginx:1.27\n', errors: ['2:44'] },
  { name: 'Quadlet without HealthCmd=', kind: 'quadlet', code: '[Unit]\nDescription=web\n\n[Container]\nImage=nginx:1.27\n', errors: ['4:1'] },
  { name: 'Quadlet HealthCmd=none', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nHealthCmd=none\n', errors: ['3:11'] },
  { name: 'Dockerfile without HEALTHCHECK: the final FROM', kind: 'dockerfile', code: 'FROM golang:1.23 AS build\nHEALTHCHECK CMD true\nFROM alpine:3.20\nCOPY --from=build /app /app\n', errors: ['3:1'] },
  { name: 'Dockerfile HEALTHCHECK NONE', kind: 'dockerfile', code: 'FROM nginx:1.27\nHEALTHCHECK NONE\n', errors: ['2:1'] },
];

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A compose file next to a Dockerfile on disk, so `build:` can be followed. */
function lintWithDockerfile(compose: string, dockerfile: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cguard-cg111-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  const policy = defaultPolicy(allRules);
  policy.strict = true;
  policy.rules.set(ID, { level: 'warning', options: {} });
  return analyseSource(sourceFromText('compose.yaml', 'compose', compose, path.join(dir, 'compose.yaml')), createAnalysisEnv(policy, allRules)).findings;
}

describe('CG111 healthcheck (strict)', () => {
  it.each(valid)('valid: $name', ({ kind, code }) => {
    expect(locations(lint(kind, code, { strict: true }), ID)).toEqual([]);
  });
  it.each(invalid)('invalid: $name', ({ kind, code, errors }) => {
    expect(locations(lint(kind, code, { strict: true }), ID)).toEqual(errors);
  });
  it('is off under the recommended policy', () => {
    expect(locations(lint('compose', invalid[0]!.code), ID)).toEqual([]);
  });
  it('a compose service that builds a Dockerfile with a HEALTHCHECK is fine; one without is not', () => {
    const compose = 'services:\n  api:\n    build: .\n';
    expect(locations(lintWithDockerfile(compose, 'FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/\n'), ID)).toEqual([]);
    const findings = lintWithDockerfile(compose, 'FROM nginx:1.27\n').filter((f) => f.ruleId === ID);
    expect(locations(findings, ID)).toEqual(['2:3']);
    expect(findings[0]!.message).toMatch(/Dockerfile has no HEALTHCHECK in its final stage/);
  });
  it('says that a pulled image\'s own check is unknown', () => {
    expect(lint('compose', invalid[0]!.code, { strict: true }).find((f) => f.ruleId === ID)?.message).toMatch(/whether the image ghcr\.io\/acme\/api:1\.4\.2 has one is not known/);
  });
});
