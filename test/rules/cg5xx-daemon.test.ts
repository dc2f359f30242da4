/** CG501–CG505: Docker's daemon.json, the CIS Docker Benchmark v1.6.0 section 2 items cguard can read from it. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../src/policy/policy.js';
import { allRules } from '../../src/rules/index.js';
import { scan } from '../../src/scan.js';
import { isDaemonJsonText } from '../../src/parsers/daemon-json.js';
import { lint, locations } from '../helpers.js';

const HARDENED = '{\n  "icc": false,\n  "userns-remap": "default",\n  "live-restore": true,\n  "no-new-privileges": true,\n  "log-driver": "local"\n}\n';
const daemon = (text: string) => lint('daemon-json', text);

describe('daemon.json rules', () => {
  it('a hardened daemon.json raises nothing', () => {
    expect(daemon(HARDENED)).toEqual([]);
  });

  it('an empty object raises every item, at the opening brace', () => {
    const findings = daemon('{}\n');
    expect(findings.map((f) => `${f.ruleId} ${f.region.line}:${f.region.column}`)).toEqual(['CG501 1:1', 'CG502 1:1', 'CG503 1:1', 'CG504 1:1', 'CG505 1:1']);
  });

  it.each([
    ['CG501', '"icc": false', '"icc": true', '2:10'],
    ['CG502', '"userns-remap": "default"', '"userns-remap": ""', '3:19'],
    ['CG503', '"live-restore": true', '"live-restore": false', '4:19'],
    ['CG504', '"no-new-privileges": true', '"no-new-privileges": "yes"', '5:24'],
  ])('%s points at the value that is wrong', (id, good, bad, at) => {
    expect(locations(daemon(HARDENED.replace(good, bad)), id)).toEqual([at]);
  });

  it('CG505: json-file, named or by default, needs max-size in log-opts', () => {
    const json = HARDENED.replace('"log-driver": "local"', '"log-driver": "json-file"');
    expect(locations(daemon(json), 'CG505')).toEqual(['6:17']);
    expect(locations(daemon(json.replace('"json-file"', '"json-file",\n  "log-opts": {"max-size": "10m", "max-file": "3"}')), 'CG505')).toEqual([]);
    const implicit = HARDENED.replace(',\n  "log-driver": "local"', ',\n  "log-opts": {"max-file": "3"}');
    expect(locations(daemon(implicit), 'CG505')).toEqual(['6:15']);
    expect(daemon(implicit).find((f) => f.ruleId === 'CG505')!.message).toContain("dockerd's default json-file");
    expect(locations(daemon(HARDENED.replace('"local"', '"journald"')), 'CG505')).toEqual([]);
  });

  it('invalid JSON is a parse error (dockerd does not start)', () => {
    const findings = daemon('{\n  "icc": false,\n}\n');
    expect(findings.map((f) => f.ruleId)).toEqual(['CG000']);
    expect(findings[0]!.message).toMatch(/^invalid JSON: dockerd will not start/);
  });
});

describe('daemon.json discovery', () => {
  const fixtures = fileURLToPath(new URL('../fixtures/crossfile/daemon', import.meta.url));

  it('knows a daemon.json by a dockerd key', () => {
    expect(isDaemonJsonText('{"log-driver": "local"}')).toBe(true);
    expect(isDaemonJsonText('{"name": "x"}')).toBe(false);
    expect(isDaemonJsonText('[1]')).toBe(false);
    expect(isDaemonJsonText('not json')).toBe(false);
  });

  it('scans etc/docker/daemon.json and skips another daemon.json', () => {
    const result = scan({ cwd: fixtures, paths: ['.'], policy: defaultPolicy(allRules), rules: allRules });
    expect(result.files.map((f) => `${f.path} ${f.kind}`)).toEqual(['etc/docker/daemon.json daemon-json']);
    expect(result.findings.map((f) => `${f.ruleId} ${f.region.line}:${f.region.column}`)).toEqual(['CG502 1:1', 'CG503 1:1', 'CG504 1:1', 'CG505 3:17']);
  });
});
