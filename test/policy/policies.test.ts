/**
 * The built-in policies in `policies/`, loaded with the real rule registry. These files may
 * name rules from RULES.md before the rule lands; the ids not registered yet are listed as
 * `todo` tests so they stay visible in every test run.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BUILTIN_POLICY_DIR, builtinPolicyNames } from '../../src/policy/config-policy-files.js';
import { loadPolicy } from '../../src/policy/config.js';
import { defaultPolicy, type ResolvedPolicy } from '../../src/policy/policy.js';
import { allRules } from '../../src/rules/index.js';

const cwd = mkdtempSync(path.join(tmpdir(), 'cguard-policies-'));
mkdirSync(path.join(cwd, '.git'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const load = (name: string): ResolvedPolicy => loadPolicy({ cwd, rules: allRules, policy: name }).policy;
const registered = new Set(allRules.map((r) => r.id));
const RANK = { off: 0, note: 1, warning: 2, error: 3 } as const;

interface PolicyFile {
  name: string;
  extends?: string;
  strict?: boolean;
  rules?: Record<string, unknown>;
  tags?: Record<string, string[]>;
}
const files = Object.fromEntries(
  builtinPolicyNames().map((name) => [name, parse(readFileSync(path.join(BUILTIN_POLICY_DIR, `${name}.yaml`), 'utf8')) as PolicyFile]),
);

describe('built-in policies', () => {
  it('are recommended, strict and cis-docker, each named after its file', () => {
    expect(builtinPolicyNames()).toEqual(['cis-docker', 'recommended', 'strict']);
    for (const [name, file] of Object.entries(files)) expect(file.name).toBe(name);
  });

  it('name rules by id only, and only ids of the CG catalogue', () => {
    for (const file of Object.values(files)) {
      for (const id of [...Object.keys(file.rules ?? {}), ...Object.keys(file.tags ?? {})]) expect(id).toMatch(/^CG\d{3}$/);
    }
  });

  it.each(builtinPolicyNames())('%s loads with the registered rules', (name) => {
    const policy = load(name);
    expect(policy.name).toBe(name);
    for (const rule of allRules) expect(policy.rules.has(rule.id)).toBe(true);
  });

  it('recommended is every rule at its own level, strict-only rules off', () => {
    const policy = load('recommended');
    expect(policy.strict).toBe(false);
    expect(policy.rules).toEqual(defaultPolicy(allRules).rules);
    expect(policy.ruleTags.size).toBe(0);
  });

  it('strict sets strict, turns on every strict-only rule, and only ever raises levels', () => {
    const recommended = load('recommended');
    const strict = load('strict');
    expect(strict.strict).toBe(true);
    for (const rule of allRules) {
      const level = strict.rules.get(rule.id)!.level;
      if (rule.strictOnly) expect([rule.id, level]).not.toEqual([rule.id, 'off']);
      expect(RANK[level]).toBeGreaterThanOrEqual(RANK[recommended.rules.get(rule.id)!.level]);
    }
  });

  it('strict enables CG111 healthcheck and CG113 image-digest once they are registered', () => {
    const strict = load('strict');
    for (const id of ['CG111', 'CG113'].filter((i) => registered.has(i))) expect(strict.rules.get(id)!.level).toBe('warning');
  });

  it('cis-docker keeps the levels of strict and adds CIS Docker Benchmark tags', () => {
    const strict = load('strict');
    const cis = load('cis-docker');
    expect(files['cis-docker']!.extends).toBe('strict');
    expect(cis.strict).toBe(true);
    expect(cis.rules).toEqual(strict.rules);
    for (const [id, tags] of cis.ruleTags) {
      expect(registered.has(id)).toBe(true);
      for (const tag of tags) expect(tag).toMatch(/^cis-docker-[1-7]\.\d{1,2}$/);
    }
  });

  it('cis-docker maps the benchmark v1.6.0 items of the rules RULES.md fixes', () => {
    // The v1.6.0 numbering: section 5 begins with swarm mode (5.1), so privileged is 5.5.
    expect(files['cis-docker']!.tags).toMatchObject({
      CG001: ['cis-docker-4.1'],
      CG002: ['cis-docker-5.4'],
      CG003: ['cis-docker-5.13'],
      CG005: ['cis-docker-5.22'],
      CG101: ['cis-docker-5.5'],
      CG102: ['cis-docker-5.26', 'cis-docker-2.14'],
      CG104: ['cis-docker-5.10', 'cis-docker-5.16', 'cis-docker-5.17', 'cis-docker-5.21', 'cis-docker-5.31'],
      CG105: ['cis-docker-5.32'],
      CG106: ['cis-docker-5.6'],
      CG109: ['cis-docker-5.11', 'cis-docker-5.12', 'cis-docker-5.29'],
      CG110: ['cis-docker-4.10'],
      CG111: ['cis-docker-4.6', 'cis-docker-5.27'],
      CG112: ['cis-docker-5.14'],
    });
  });
});

describe('rule ids named by built-in policies but not registered yet', () => {
  const missing = [...new Set(Object.values(files).flatMap((f) => [...Object.keys(f.rules ?? {}), ...Object.keys(f.tags ?? {})]))]
    .filter((id) => !registered.has(id))
    .sort();
  for (const id of missing) it.todo(`${id} (named in policies/, not in src/rules yet)`);
  it('are skipped silently when the policies load', () => {
    expect(() => load('cis-docker')).not.toThrow();
  });
});
