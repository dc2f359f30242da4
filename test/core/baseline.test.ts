import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyBaseline, BaselineError, createBaseline, loadBaseline } from '../../src/policy/baseline.js';
import { lint } from '../helpers.js';

describe('baseline', () => {
  it('accepts known findings even after their lines move, and keeps new ones', () => {
    const before = lint('dockerfile', 'FROM alpine\nUSER root\n');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cguard-baseline-'));
    const file = path.join(dir, 'b.json');
    writeFileSync(file, JSON.stringify(createBaseline(before)));
    const after = lint('dockerfile', '# moved down\n\nFROM alpine\nRUN echo hi\nUSER root\nFROM debian\nUSER 1000\n');
    applyBaseline(after, loadBaseline(file));
    expect(after.filter((f) => !f.suppressed).map((f) => `${f.ruleId}@${f.region.line}`)).toEqual(['CG004@6']);
    expect(after.filter((f) => f.suppressed?.kind === 'baseline').map((f) => f.ruleId)).toEqual(['CG004']);
  });

  it('a second identical finding is new even when the first is in the baseline', () => {
    const base = createBaseline(lint('dockerfile', 'FROM alpine\nUSER 1000\n'));
    const after = lint('dockerfile', 'FROM alpine\nFROM alpine\nUSER 1000\n');
    const set = new Set(base.findings.map((f) => `${f.ruleId}\0${f.path}\0${f.fingerprint}`));
    applyBaseline(after, set);
    expect(after.filter((f) => !f.suppressed).map((f) => `${f.ruleId}@${f.region.line}`)).toEqual(['CG004@2']);
  });

  it('a broken baseline file is a one-line error', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cguard-baseline-'));
    const file = path.join(dir, 'b.json');
    writeFileSync(file, '{not json');
    expect(() => loadBaseline(file)).toThrow(BaselineError);
    expect(() => loadBaseline(path.join(dir, 'missing.json'))).toThrow(/no such baseline file; create one with `cguard baseline`/);
  });
});
