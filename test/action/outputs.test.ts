import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeOutputs } from '../../src/action/outputs.js';
import { readOutputs } from './action-fixture.js';

describe('writeOutputs', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends each output with its own random delimiter', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cguard-out-'));
    const file = path.join(dir, 'output');
    writeFileSync(file, 'earlier<<X\nkept\nX\n');
    writeOutputs(file, { 'sarif-file': 'cguard.sarif', findings: '3' });
    const text = readFileSync(file, 'utf8');
    const delimiters = [...text.matchAll(/<<(ghadelimiter_[0-9a-f-]{36})\n/g)].map((m) => m[1]);
    expect(delimiters).toHaveLength(2);
    expect(delimiters[0]).not.toBe(delimiters[1]);
    expect(text).toBe(`earlier<<X\nkept\nX\nsarif-file<<${delimiters[0]}\ncguard.sarif\n${delimiters[0]}\nfindings<<${delimiters[1]}\n3\n${delimiters[1]}\n`);
  });

  it('keeps a value with newlines and a fake delimiter as one value', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cguard-out-'));
    const file = path.join(dir, 'output');
    const sneaky = 'a.sarif\nEOF\nfindings<<EOF\n0\nEOF';
    writeOutputs(file, { 'sarif-file': sneaky });
    expect(readOutputs(file)).toEqual({ 'sarif-file': sneaky });
  });
});
