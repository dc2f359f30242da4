import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../src/parsers/compose-dotenv.js';

describe('parseDotenv', () => {
  it.each([
    ['A=1', { A: '1' }],
    ['A = 1 ', { A: '1' }],
    ['export A=1', { A: '1' }],
    ['# comment\n\nA=1', { A: '1' }],
    ['A=1 # trailing', { A: '1' }],
    ['A=a#b', { A: 'a#b' }],
    ["A='x # y $Z'", { A: 'x # y $Z' }],
    ['A="a\\nb \\"q\\""', { A: 'a\nb "q"' }],
    ['A="line1\nline2"\nB=2', { A: 'line1\nline2', B: '2' }],
    ['A=1\nA=2', { A: '2' }],
    ['A=', { A: '' }],
    ['=x\n1A=2\nnot a pair', {}],
    ['\uFEFFA=1\r\nB=2\r\n', { A: '1', B: '2' }],
  ])('%j', (text, expected) => {
    expect(parseDotenv(text)).toEqual(expected);
  });
});
