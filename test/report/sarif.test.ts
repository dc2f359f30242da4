import { describe, expect, it } from 'vitest';
import { defaultPolicy, settingFor } from '../../src/policy/policy.js';
import { buildSarif } from '../../src/report/sarif.js';
import { allRules } from '../../src/rules/index.js';
import { lint } from '../helpers.js';
import { sarifValidator } from '../shared-schemas.js';


function sarifFor(files: Record<string, string>) {
  const policy = defaultPolicy(allRules);
  const texts = new Map<string, string>();
  const findings = Object.entries(files).flatMap(([path, text]) => {
    texts.set(path, text);
    const kind = path.endsWith('.service') ? 'unit' : path.endsWith('.yaml') ? 'compose' : 'dockerfile';
    return lint(kind, text, { path });
  });
  return buildSarif(findings, {
    rules: allRules,
    customRules: [],
    ruleTags: new Map([['CG001', ['cis-docker-4.1']]]),
    levelOf: (id) => settingFor(policy, id, '').level,
    textOf: (p) => texts.get(p),
    includeSuppressed: false,
  });
}

describe('SARIF', () => {
  const log = sarifFor({
    'app/Dockerfile': 'FROM alpine\nUSER root\n',
    'deploy/web.service': '[Service]\nRestart=always\nExecStart=/usr/bin/docker run --security-opt seccomp=unconfined nginx:1.27\n',
    'my dir/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
  });

  it.skipIf(!sarifValidator())('validates against the SARIF 2.1.0 schema', () => {
    const validate = sarifValidator()!;
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
  });

  it('has one run, every rule with security-severity, and results pointing at their rule', () => {
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0]!;
    const rules = run.tool.driver.rules!;
    expect(rules.map((r) => r.id)).toEqual(allRules.map((r) => r.id));
    for (const rule of rules) {
      expect(Number(rule.properties!['security-severity'])).toBeGreaterThan(0);
      expect(rule.properties!.tags).toContain('security');
      expect(rule.help?.text).toBeTruthy();
    }
    expect(rules.find((r) => r.id === 'CG001')!.properties!.tags).toContain('cis-docker-4.1');
    for (const result of run.results!) expect(rules[result.ruleIndex!]!.id).toBe(result.ruleId);
  });

  it('uses relative, percent-encoded uris and exact regions', () => {
    const results = log.runs[0]!.results!;
    const where = results.map((r) => `${r.ruleId}:${r.locations![0]!.physicalLocation!.artifactLocation!.uri}:${r.locations![0]!.physicalLocation!.region!.startLine}`);
    expect(where).toContain('CG001:app/Dockerfile:2');
    expect(where).toContain('CG005:deploy/web.service:3');
    expect(where).toContain('CG001:my%20dir/compose.yaml:2');
    for (const r of results) {
      const uri = r.locations![0]!.physicalLocation!.artifactLocation!.uri!;
      expect(uri.startsWith('/') || uri.startsWith('./') || uri.includes('\\')).toBe(false);
      expect(r.partialFingerprints!['cguard/v1']).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it('describes fixes in original coordinates', () => {
    const cg005 = log.runs[0]!.results!.find((r) => r.ruleId === 'CG005')!;
    const replacement = cg005.fixes![0]!.artifactChanges[0]!.replacements[0]!;
    expect(replacement.deletedRegion.startLine).toBe(3);
    expect(cg005.fixes![0]!.description!.text).toMatch(/\(unsafe\)$/);
  });
});
