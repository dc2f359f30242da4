import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { afterLine, applyEdits, diffEdits, formatString, insertLines, quoteString } from '../../src/parsers/compose-text.js';

describe('formatString', () => {
  it.each<[string, '"' | "'", boolean, string]>([
    ['ALL', '"', false, 'ALL'],
    ['/tmp', '"', false, '/tmp'],
    ['no-new-privileges:true', '"', false, 'no-new-privileges:true'],
    ['no-new-privileges:true', '"', true, '"no-new-privileges:true"'],
    ['65532:65532', "'", true, "'65532:65532'"],
    ['true', '"', false, '"true"'],
    ['10', '"', false, '"10"'],
    ['0.5', '"', false, '"0.5"'],
    ['null', "'", false, "'null'"],
    ['', '"', false, '""'],
    ['a b', '"', false, '"a b"'],
    ['#x', '"', false, '"#x"'],
    ['key:', '"', false, '"key:"'],
    ['-flag', '"', false, '"-flag"'],
    ["it's", "'", false, "'it''s'"],
    ['say "hi"', '"', false, '"say \\"hi\\""'],
    ['a,b', '"', true, '"a,b"'],
  ])('%j with %s quotes (flow: %s) → %s', (value, quote, flow, written) => {
    expect(formatString(value, quote, flow)).toBe(written);
  });

  it('writes any string so that YAML reads it back', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom<'"' | "'">('"', "'"), fc.boolean(), (value, quote, flow) => {
        const written = formatString(value, quote, flow);
        const yaml = flow ? `k: [${written}]` : `k: ${written}`;
        const doc = parseDocument(yaml, { version: '1.2', schema: 'core' });
        expect(doc.errors).toEqual([]);
        expect(doc.toJS().k).toEqual(flow ? [value] : value);
      }),
    );
  });

  it('escapes line breaks in double quotes even when single quotes are preferred', () => {
    expect(quoteString('a\nb', "'")).toBe('"a\\nb"');
  });
});

describe('line helpers', () => {
  it.each([
    ['a: 1\nb: 2\n', 2, 5],
    ['a: 1\nb: 2\n', 5, 5],
    ['a: 1\r\nb: 2', 7, 10],
    ['a: 1', 0, 4],
  ])('afterLine(%j, %d) = %d', (text, end, expected) => {
    expect(afterLine(text, end)).toBe(expected);
  });

  it.each([
    ['a: 1\n', 1, ['b: 2'], '\n', { start: 5, end: 5, text: 'b: 2\n' }],
    ['a: 1', 1, ['b: 2', 'c: 3'], '\r\n', { start: 4, end: 4, text: '\r\nb: 2\r\nc: 3' }],
  ])('insertLines into %j', (text, end, lines, eol, edit) => {
    expect(insertLines(text, end, lines, eol)).toEqual(edit);
  });
});

describe('diffEdits', () => {
  it.each([
    ['same text', 'a\nb\n', 'a\nb\n', []],
    ['one inserted line', 'a\nb\n', 'a\nx\nb\n', [{ start: 2, end: 2, text: 'x\n' }]],
    ['a replaced line', 'a\nb\nc\n', 'a\nB\nc\n', [{ start: 2, end: 4, text: 'B\n' }]],
    ['a removed line', 'a\nb\nc\n', 'a\nc\n', [{ start: 2, end: 4, text: '' }]],
    [
      'two changes far apart',
      'a\nb\nc\nd\ne\n',
      'A\nb\nc\nd\ne\nf\n',
      [
        { start: 0, end: 2, text: 'A\n' },
        { start: 10, end: 10, text: 'f\n' },
      ],
    ],
    ['a change on a last line without newline', 'a\nb', 'a\nb\nc', [{ start: 2, end: 3, text: 'b\nc' }]],
  ])('%s', (_name, before, after, edits) => {
    expect(diffEdits(before, after)).toEqual(edits);
    expect(applyEdits(before, diffEdits(before, after))).toBe(after);
  });

  it('gives edits that turn one text into the other', () => {
    const lines = fc.array(fc.constantFrom('a\n', 'b\n', 'c\r\n', '  d: 1\n', '\n'), { maxLength: 12 });
    fc.assert(
      fc.property(lines, lines, fc.constantFrom('', 'x', 'y: 2'), (before, after, tail) => {
        const from = before.join('') + tail;
        const to = after.join('');
        const edits = diffEdits(from, to);
        expect(applyEdits(from, edits)).toBe(to);
        const sorted = [...edits].sort((a, b) => a.start - b.start);
        sorted.slice(1).forEach((edit, i) => expect(edit.start).toBeGreaterThanOrEqual(sorted[i]!.end));
      }),
    );
  });
});
