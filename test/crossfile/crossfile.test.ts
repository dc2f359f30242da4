/**
 * Findings that need more than one file: a compose service built from a Dockerfile of the tree,
 * a unit that brings up a compose file, and the `.env` Compose interpolates from.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/finding.js';
import { defaultPolicy } from '../../src/policy/policy.js';
import { allRules } from '../../src/rules/index.js';
import { scan } from '../../src/scan.js';
import { lint } from '../helpers.js';

const fixtures = fileURLToPath(new URL('../fixtures/crossfile', import.meta.url));

function scanFixture(dir: string): Finding[] {
  return scan({ cwd: fixtures, paths: [dir], policy: defaultPolicy(allRules), rules: allRules }).findings;
}

const brief = (findings: Finding[], file: string, ruleId: string) =>
  findings.filter((f) => f.path === file && f.ruleId === ruleId).map((f) => `${f.region.line}:${f.region.column} ${f.message}`);

describe('compose service built from a Dockerfile of the tree', () => {
  it('takes USER node from the Dockerfile: no CG001, and no CG004 on the image it builds', () => {
    const findings = scanFixture('node-app');
    expect(brief(findings, 'node-app/compose.yaml', 'CG001')).toEqual([]);
    expect(brief(findings, 'node-app/compose.yaml', 'CG004')).toEqual([]);
    // Without the Dockerfile in view the same service is reported.
    const alone = lint('compose', 'services:\n  web:\n    build: .\n    image: acme/web\n', { path: 'elsewhere/compose.yaml' });
    expect(alone.filter((f) => f.ruleId === 'CG001').map((f) => f.message)).toEqual([
      "container 'web' runs as root: no user is set and the Dockerfile it builds (elsewhere/Dockerfile) is not in the scanned tree",
    ]);
  });

  it('names the Dockerfile from `context:` and `dockerfile:` when it runs as root', () => {
    const findings = scanFixture('root-app');
    expect(brief(findings, 'root-app/compose.yaml', 'CG001')).toEqual([
      "2:3 container 'api' runs as root: no user is set and root-app/api/Dockerfile.prod sets no USER in its final stage",
    ]);
    expect(brief(findings, 'root-app/compose.yaml', 'CG004')).toEqual([]);
  });

  it('follows `build: ./dir` and the final stage, not an earlier one', () => {
    const findings = scanFixture('short-build');
    expect(brief(findings, 'short-build/compose.yaml', 'CG001')).toEqual([
      "2:3 container 'worker' runs as root: no user is set and short-build/svc/Dockerfile ends with USER root",
    ]);
  });
});

describe('unit that runs docker compose up', () => {
  it('links WorkingDirectory= + -f to the compose file at that host path in the tree', () => {
    const findings = scanFixture('unit-rootfs');
    const compose = findings.filter((f) => f.path === 'unit-rootfs/opt/app/docker-compose.prod.yml' && f.ruleId !== 'CG000');
    expect(compose.length).toBeGreaterThan(0);
    for (const f of compose) expect(f.message).toMatch(/ \(started by unit-rootfs\/etc\/systemd\/system\/app\.service\)$/);
    expect(brief(findings, 'unit-rootfs/opt/app/docker-compose.prod.yml', 'CG006')).toEqual([
      "2:3 container 'app' logs with Docker's default json-file driver and no max-size, so its log grows until the disk is full; set max-size and max-file (started by unit-rootfs/etc/systemd/system/app.service)",
    ]);
  });

  it('links a default-named compose file beside the unit', () => {
    const findings = scanFixture('unit-beside');
    expect(brief(findings, 'unit-beside/deploy/compose.yaml', 'CG004')).toEqual([
      '3:12 image redis has no tag, so it means whatever `latest` is on the day it is pulled; pin a version (started by unit-beside/deploy/stack.service)',
    ]);
  });

  it('keeps fingerprints whether or not the unit is scanned', () => {
    const withUnit = scanFixture('unit-beside').find((f) => f.ruleId === 'CG004')!;
    const alone = scan({ cwd: fixtures, paths: ['unit-beside/deploy/compose.yaml'], policy: defaultPolicy(allRules), rules: allRules }).findings.find((f) => f.ruleId === 'CG004')!;
    expect(alone.message).not.toContain('started by');
    expect(alone.fingerprint).toBe(withUnit.fingerprint);
  });

  it('leaves compose files no unit starts alone', () => {
    for (const f of scanFixture('node-app')) expect(f.message).not.toContain('started by');
  });
});

describe('.env beside a compose file', () => {
  it('feeds interpolation: the tag and the user come from .env', () => {
    const findings = scanFixture('dotenv');
    expect(brief(findings, 'dotenv/compose.yaml', 'CG004')).toEqual([]);
    expect(brief(findings, 'dotenv/compose.yaml', 'CG001')).toEqual([]);
  });

  it('without .env the default applies', () => {
    const text = 'services:\n  web:\n    image: "nginx:1.27"\n    user: "${APP_USER:-root}"\n';
    expect(lint('compose', text).filter((f) => f.ruleId === 'CG001')).toHaveLength(1);
  });
});
