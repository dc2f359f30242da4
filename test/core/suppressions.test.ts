import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../src/policy/policy.js';
import { allRules } from '../../src/rules/index.js';
import { lint } from '../helpers.js';

const visible = (fs: ReturnType<typeof lint>) => fs.filter((f) => !f.suppressed).map((f) => `${f.ruleId}@${f.region.line}`);

describe('inline suppressions', () => {
  it('a comment on the line above suppresses that line, with a reason', () => {
    const findings = lint('dockerfile', 'FROM alpine:3.20\n# cguard-ignore CG001: entrypoint drops to uid 1000\nUSER root\n');
    expect(visible(findings)).toEqual([]);
    const suppressed = findings.find((f) => f.ruleId === 'CG001');
    expect(suppressed?.suppressed).toEqual({ kind: 'inSource', justification: 'entrypoint drops to uid 1000' });
  });

  it('accepts rule names and several ids, and a comment block above the line', () => {
    const text = 'FROM alpine\n# cguard-ignore unpinned-image, CG001\n# (base image pinned by the release job)\nUSER 0\n';
    expect(visible(lint('dockerfile', text))).toEqual(['CG004@1']);
  });

  it('does not reach past a blank line', () => {
    expect(visible(lint('dockerfile', 'FROM alpine:3.20\n# cguard-ignore CG001\n\nUSER root\n'))).toEqual(['CG901@2', 'CG001@4']);
  });

  it('YAML allows the directive at the end of the reported line', () => {
    const text = 'services:\n  app:\n    image: nginx:1.27\n    user: root  # cguard-ignore CG001\n    read_only: true\n    cap_drop: [ALL]\n    logging: {driver: local}\n';
    const findings = lint('compose', text);
    expect(findings.find((f) => f.ruleId === 'CG001')?.suppressed?.kind).toBe('inSource');
    expect(visible(findings).filter((id) => id.startsWith('CG001') || id.startsWith('CG901'))).toEqual([]);
  });

  it('in a unit, # and ; comments both work; a trailing # is not a comment there', () => {
    const unit = '[Service]\n; cguard-ignore CG007\nRestart=always\n';
    expect(visible(lint('unit', unit))).toEqual([]);
    const trailing = '[Service]\nRestart=always # cguard-ignore CG007\n';
    expect(visible(lint('unit', trailing))).toContain('CG007@2');
  });

  it('cguard-ignore-file silences a rule in the whole file', () => {
    const text = '# cguard-ignore-file CG004: pinned by renovate\nFROM alpine\nFROM debian\nUSER 1000\n';
    expect(visible(lint('dockerfile', text))).toEqual([]);
  });

  it('reports an unused suppression (CG901)', () => {
    const findings = lint('dockerfile', 'FROM alpine:3.20\n# cguard-ignore CG005\nUSER 1000\n');
    expect(visible(findings)).toEqual(['CG901@2']);
    expect(findings.find((f) => f.ruleId === 'CG901')?.message).toBe('this cguard-ignore for CG005 suppresses nothing; remove it');
  });

  it('with require-suppression-reason, a directive without a reason is reported (CG902)', () => {
    const policy = defaultPolicy(allRules);
    policy.requireSuppressionReason = true;
    const findings = lint('dockerfile', 'FROM alpine:3.20\n# cguard-ignore CG001\nUSER root\n', { policy });
    expect(visible(findings)).toEqual(['CG902@2']);
  });
});
