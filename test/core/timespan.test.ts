import { describe, expect, it } from 'vitest';
import { parseTimespan } from '../../src/model/timespan.js';

describe('parseTimespan (systemd time spans)', () => {
  it.each([
    ['5', 5],
    ['5s', 5],
    ['1min 30s', 90],
    ['2h', 7200],
    ['500ms', 0.5],
    ['1.5d', 129600],
    ['infinity', Infinity],
  ])('%s is %d s', (text, seconds) => {
    expect(parseTimespan(text)).toBe(seconds);
  });

  it.each(['', 'soon', '5 parsecs', '5constructor', '5toString', '1__proto__', 's5'])('%j is not a time span', (text) => {
    expect(parseTimespan(text)).toBeUndefined();
  });
});
