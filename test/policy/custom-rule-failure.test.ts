/**
 * A custom rule that throws while it runs (a bug in cguard's view of the model, or in the
 * interpreter) is reported like a failing built-in rule: one CG000 finding for the file, the
 * built-in findings kept, and no exception out of the scan.
 */
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../src/policy/policy.js';
import { allRules } from '../../src/rules/index.js';
import { lint } from '../helpers.js';

describe('a custom rule that fails', () => {
  it('gives a CG000 finding and keeps the rest of the findings of the file', () => {
    const policy = defaultPolicy(allRules);
    policy.customRules = [
      { id: 'ORG001', title: 'boom', level: 'error', target: 'dockerfile', test: () => { throw new Error('view broke'); }, message: () => '' },
    ];
    const findings = lint('dockerfile', 'FROM debian:12\nRUN apt-get install -y curl\n', { policy });
    expect(findings.filter((f) => f.ruleId === 'CG000').map((f) => [f.message, f.region.line])).toEqual([
      ['internal error in a custom rule (view broke); please report it', 1],
    ]);
    expect(findings.some((f) => f.ruleId === 'CG001')).toBe(true);
  });
});
