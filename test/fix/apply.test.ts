import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyEdits,
  fixFile,
  REASON_INVALID,
  REASON_LOOPS,
  REASON_NO_PARSE,
  REASON_UNDOES,
  selectNonOverlapping,
  type Analysis,
} from '../../src/fix/apply.js';
import type { Edit, Fix, FixSafety } from '../../src/model/edit.js';

const edit = (start: number, end: number, text: string): Edit => ({ start, end, text });
const fix = (description: string, edits: Edit[], safety: FixSafety = 'safe'): Fix => ({ description, safety, edits });

describe('applyEdits', () => {
  const valid: Array<{ name: string; text: string; edits: Edit[]; output: string }> = [
    { name: 'no edits', text: 'abc', edits: [], output: 'abc' },
    { name: 'replacement', text: 'image: x:latest', edits: [edit(9, 15, '1.0')], output: 'image: x:1.0' },
    { name: 'insertion at start', text: 'b', edits: [edit(0, 0, 'a')], output: 'ab' },
    { name: 'insertion at end', text: 'a', edits: [edit(1, 1, 'b')], output: 'ab' },
    { name: 'deletion', text: 'a-b', edits: [edit(1, 2, '')], output: 'ab' },
    { name: 'edits out of order', text: 'abcdef', edits: [edit(4, 5, 'E'), edit(0, 1, 'A')], output: 'AbcdEf' },
    { name: 'insertion before a replacement at its start', text: 'abc', edits: [edit(1, 2, 'B'), edit(1, 1, '+')], output: 'a+Bc' },
    { name: 'insertion right after a replaced span', text: 'abc', edits: [edit(2, 2, '+'), edit(1, 2, 'B')], output: 'aB+c' },
    { name: 'adjacent replacements', text: 'abcd', edits: [edit(2, 4, 'CD'), edit(0, 2, 'AB')], output: 'ABCD' },
    { name: 'insertions at one offset keep their order', text: 'ac', edits: [edit(1, 1, 'b1'), edit(1, 1, 'b2')], output: 'ab1b2c' },
    { name: 'whole text', text: 'old\r\n', edits: [edit(0, 5, 'new\r\n')], output: 'new\r\n' },
    { name: 'unicode', text: 'é😀x', edits: [edit(1, 3, '🙂'), edit(3, 4, 'y')], output: 'é🙂y' },
  ];
  it.each(valid)('$name', ({ text, edits, output }) => {
    expect(applyEdits(text, edits)).toBe(output);
  });

  const invalid: Array<{ name: string; text: string; edits: Edit[]; error: string }> = [
    { name: 'overlap', text: 'abcdef', edits: [edit(1, 4, 'x'), edit(3, 5, 'y')], error: 'overlapping edits: [1, 4) → "x" and [3, 5) → "y"' },
    { name: 'insertion inside a replacement', text: 'abcdef', edits: [edit(1, 4, 'x'), edit(2, 2, 'y')], error: 'overlapping edits: [1, 4) → "x" and [2, 2) → "y"' },
    { name: 'same span twice', text: 'abc', edits: [edit(0, 1, 'x'), edit(0, 1, 'y')], error: 'overlapping edits: [0, 1) → "x" and [0, 1) → "y"' },
    { name: 'past the end', text: 'abc', edits: [edit(2, 4, 'x')], error: 'edit [2, 4) → "x" is outside the text (length 3)' },
    { name: 'negative start', text: 'abc', edits: [edit(-1, 1, 'x')], error: 'edit [-1, 1) → "x" is outside the text (length 3)' },
    { name: 'reversed span', text: 'abc', edits: [edit(2, 1, 'x')], error: 'edit [2, 1) → "x" is outside the text (length 3)' },
    { name: 'fractional offset', text: 'abc', edits: [edit(0.5, 1, 'x')], error: 'edit [0.5, 1) → "x" is outside the text (length 3)' },
  ];
  it.each(invalid)('throws on $name', ({ text, edits, error }) => {
    expect(() => applyEdits(text, edits)).toThrow(error);
  });

  it('equals applying the edits one by one from the end', () => {
    const textAndEdits = fc.string({ maxLength: 30 }).chain((text) =>
      fc
        .uniqueArray(fc.integer({ min: 0, max: text.length }), { maxLength: 8 })
        .chain((cuts) => fc.tuple(fc.constant(text), fc.constant([...cuts].sort((a, b) => a - b)), fc.array(fc.string({ maxLength: 3 }), { minLength: 8, maxLength: 8 }))),
    );
    fc.assert(
      fc.property(textAndEdits, ([text, cuts, replacements]) => {
        // Consecutive cut points give disjoint spans (some empty: insertions).
        const edits = cuts.slice(1).map((end, i) => edit(cuts[i]!, end, replacements[i]!));
        let expected = text;
        for (const e of [...edits].reverse()) expected = expected.slice(0, e.start) + e.text + expected.slice(e.end);
        expect(applyEdits(text, [...edits].reverse())).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('selectNonOverlapping', () => {
  const cases: Array<{ name: string; fixes: Fix[]; chosen: string[]; deferred: string[] }> = [
    { name: 'disjoint fixes', fixes: [fix('a', [edit(0, 2, 'x')]), fix('b', [edit(3, 4, 'y')])], chosen: ['a', 'b'], deferred: [] },
    { name: 'overlapping spans', fixes: [fix('a', [edit(0, 3, 'x')]), fix('b', [edit(2, 4, 'y')])], chosen: ['a'], deferred: ['b'] },
    { name: 'touching spans', fixes: [fix('a', [edit(0, 2, 'x')]), fix('b', [edit(2, 4, 'y')])], chosen: ['a'], deferred: ['b'] },
    { name: 'insertion right after a span', fixes: [fix('a', [edit(0, 2, 'x')]), fix('b', [edit(2, 2, 'y')])], chosen: ['a'], deferred: ['b'] },
    { name: 'two insertions at one offset', fixes: [fix('a', [edit(5, 5, 'x')]), fix('b', [edit(5, 5, 'y')])], chosen: ['a'], deferred: ['b'] },
    { name: 'insertion inside a span', fixes: [fix('a', [edit(0, 9, 'x')]), fix('b', [edit(4, 4, 'y')])], chosen: ['a'], deferred: ['b'] },
    {
      name: 'one conflicting edit defers the whole fix',
      fixes: [fix('a', [edit(10, 12, 'x')]), fix('b', [edit(0, 1, 'y'), edit(11, 11, 'z')]), fix('c', [edit(0, 1, 'w')])],
      chosen: ['a', 'c'],
      deferred: ['b'],
    },
    {
      name: 'a deferred fix blocks nothing',
      fixes: [fix('a', [edit(0, 2, 'x')]), fix('b', [edit(1, 4, 'y')]), fix('c', [edit(4, 5, 'z')])],
      chosen: ['a', 'c'],
      deferred: ['b'],
    },
    {
      name: 'order of the input decides',
      fixes: [fix('late', [edit(5, 6, 'x')]), fix('early', [edit(1, 2, 'y')]), fix('middle', [edit(2, 5, 'z')])],
      chosen: ['late', 'early'],
      deferred: ['middle'],
    },
    { name: 'a fix without edits', fixes: [fix('a', [edit(0, 2, 'x')]), fix('empty', [])], chosen: ['a', 'empty'], deferred: [] },
  ];
  it.each(cases)('$name', ({ fixes, chosen, deferred }) => {
    const result = selectNonOverlapping(fixes);
    expect(result.chosen.map((f) => f.description)).toEqual(chosen);
    expect(result.deferred.map((f) => f.description)).toEqual(deferred);
  });

  it('agrees with a pairwise greedy choice', () => {
    const span = fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 6 })).map(([s, len]) => edit(s, s + len, ''));
    const fixes = fc.array(fc.array(span, { minLength: 1, maxLength: 3 }), { maxLength: 15 });
    const conflict = (a: Edit, b: Edit): boolean => a.start <= b.end && b.start <= a.end;
    fc.assert(
      fc.property(fixes, (editLists) => {
        const input = editLists.map((edits, i) => fix(String(i), edits));
        const expected: Fix[] = [];
        for (const f of input) {
          if (!expected.some((c) => c.edits.some((a) => f.edits.some((b) => conflict(a, b))))) expected.push(f);
        }
        const { chosen, deferred } = selectNonOverlapping(input);
        expect(chosen).toEqual(expected);
        expect(deferred).toEqual(input.filter((f) => !expected.includes(f)));
      }),
      { numRuns: 500 },
    );
  });
});

/**
 * A toy format for the engine: lines `key=value`; a text parses when every line has that
 * shape. Rules are functions from the text to fixes, like the scanner's analysis.
 */
type ToyRule = (text: string) => Fix[];

const toyParses = (text: string): boolean => text.split('\n').every((line, i, all) => (line === '' && i === all.length - 1) || /^[a-z_]+=[^=]*$/.test(line));

function toy(rules: ToyRule[], parses = toyParses): (text: string) => Analysis {
  return (text) => ({
    parses: parses(text),
    fixes: rules.flatMap((rule) => rule(text)).sort((a, b) => a.edits[0]!.start - b.edits[0]!.start),
  });
}

const eachMatch = (re: RegExp, make: (m: RegExpExecArray) => Fix): ToyRule => (text) => [...text.matchAll(re)].map(make);
const appendUnless = (description: string, present: RegExp, line: string, safety: FixSafety = 'safe'): ToyRule => (text) =>
  present.test(text) ? [] : [fix(description, [edit(text.length, text.length, line)], safety)];

const pinLatest = eachMatch(/latest$/gm, (m) => fix('pin latest', [edit(m.index, m.index + 6, '1.0')]));
const tagImage = eachMatch(/^image=[a-z]+$/gm, (m) => fix('tag image', [edit(m.index + m[0].length, m.index + m[0].length, ':latest')]));
const addUser = appendUnless('add user', /^user=/m, 'user=app\n');
const addReadOnly = appendUnless('add read_only', /^read_only=/m, 'read_only=true\n', 'unsafe');
const noPrivileged = eachMatch(/^privileged=true$/gm, (m) => fix('no privileged', [edit(m.index + 11, m.index + 15, 'false')], 'unsafe'));
const breakMode = eachMatch(/^mode=x$/gm, (m) => fix('break mode', [edit(m.index, m.index + 6, 'mode x')]));
const renameB = eachMatch(/^image=b:/gm, (m) => fix('rename b', [edit(m.index + 6, m.index + 8, 'c:')]));
const appendJunk: ToyRule = (text) => [fix('append junk', [edit(text.length, text.length, 'junk\n')])];
const blindStart: ToyRule = () => [fix('blind start', [edit(0, 0, 'tag=1\n')])];
const blindEnd: ToyRule = (text) => [fix('blind end', [edit(text.length, text.length, 'tag=1\n')])];
const aToB = eachMatch(/^v=a$/gm, (m) => fix('a to b', [edit(m.index + 2, m.index + 3, 'b')]));
const bToA = eachMatch(/^v=b$/gm, (m) => fix('b to a', [edit(m.index + 2, m.index + 3, 'a')]));
const increment = eachMatch(/^n=(\d+)$/gm, (m) => fix('increment', [edit(m.index + 2, m.index + m[0].length, String(Number(m[1]) + 1))]));
const splitCrlf = eachMatch(/\r\n/g, (m) => fix('split crlf', [edit(m.index + 1, m.index + 1, 'x=1')]));
const pastEnd: ToyRule = (text) => [fix('past end', [edit(text.length, text.length + 1, '')])];
const tabs = eachMatch(/\t/g, (m) => fix('tab to spaces', [edit(m.index, m.index + 1, '  ')]));
const doubleX = eachMatch(/=x/g, (m) => fix('double x', [edit(m.index + 1, m.index + 2, 'xx')]));
const boom = eachMatch(/^a=1$/gm, (m) => fix('boom', [edit(m.index + 2, m.index + 3, 'boom')]));

describe('fixFile', () => {
  type Case = {
    name: string;
    text: string;
    rules: ToyRule[];
    unsafe?: boolean;
    maxPasses?: number;
    output: string;
    applied: Array<[string, number]>;
    dropped?: Array<[string, string]>;
    passes: number;
  };
  const cases: Case[] = [
    {
      name: 'safe fixes only by default',
      text: 'image=x:latest\nprivileged=true\n',
      rules: [pinLatest, addUser, addReadOnly, noPrivileged],
      output: 'image=x:1.0\nprivileged=true\nuser=app\n',
      applied: [['pin latest', 1], ['add user', 1]],
      passes: 1,
    },
    {
      name: 'unsafe fixes too, a conflicting insertion waits for pass 2',
      text: 'image=x:latest\nprivileged=true\n',
      rules: [pinLatest, addUser, addReadOnly, noPrivileged],
      unsafe: true,
      output: 'image=x:1.0\nprivileged=false\nuser=app\nread_only=true\n',
      applied: [['pin latest', 1], ['no privileged', 1], ['add user', 1], ['add read_only', 2]],
      passes: 2,
    },
    {
      name: 'a fix that enables another',
      text: 'image=nginx\n',
      rules: [tagImage, pinLatest],
      output: 'image=nginx:1.0\n',
      applied: [['tag image', 1], ['pin latest', 2]],
      passes: 2,
    },
    {
      name: 'a fix that breaks parsing is dropped, the others of its pass stay',
      text: 'mode=x\nimage=a:latest\n',
      rules: [breakMode, pinLatest],
      output: 'mode=x\nimage=a:1.0\n',
      applied: [['pin latest', 1]],
      dropped: [['break mode', REASON_NO_PARSE]],
      passes: 1,
    },
    {
      name: 'a pass whose fixes all fail goes on with the deferred ones',
      text: 'a=1\n',
      rules: [appendJunk, addUser],
      output: 'a=1\nuser=app\n',
      applied: [['add user', 2]],
      dropped: [['append junk', REASON_NO_PARSE]],
      // Pass 3 tries the junk again at its moved place, and drops it again.
      passes: 3,
    },
    {
      name: 'a parser that throws counts as not parsing',
      text: 'a=1\n',
      rules: [boom],
      output: 'a=1\n',
      applied: [],
      dropped: [['boom', REASON_NO_PARSE]],
      passes: 1,
    },
    {
      name: 'the same change in two places is not a loop',
      text: 'image=a:latest\nimage=b:latest\n',
      rules: [pinLatest, renameB],
      output: 'image=a:1.0\nimage=c:1.0\n',
      applied: [['pin latest', 1], ['rename b', 1], ['pin latest', 2]],
      passes: 2,
    },
    {
      name: 'a fix offered again at the same place is applied once',
      text: 'a=1\n',
      rules: [blindStart],
      output: 'tag=1\na=1\n',
      applied: [['blind start', 1]],
      dropped: [['blind start', REASON_LOOPS]],
      passes: 1,
    },
    {
      name: 'a fix offered again at a moved place is applied once',
      text: 'a=1\n',
      rules: [blindEnd],
      output: 'a=1\ntag=1\n',
      applied: [['blind end', 1]],
      dropped: [['blind end', REASON_LOOPS]],
      passes: 1,
    },
    {
      name: 'adjacent instances of one change are not a loop',
      text: 'a=\t\t\n',
      rules: [tabs],
      output: 'a=    \n',
      applied: [['tab to spaces', 1], ['tab to spaces', 2]],
      passes: 2,
    },
    {
      name: 'a replacement the rule matches again is applied once',
      text: 'a=x\n',
      rules: [doubleX],
      output: 'a=xx\n',
      applied: [['double x', 1]],
      dropped: [['double x', REASON_LOOPS]],
      passes: 1,
    },
    {
      name: 'fixes that undo each other stop',
      text: 'v=a\n',
      rules: [aToB, bToA],
      output: 'v=b\n',
      applied: [['a to b', 1]],
      dropped: [['b to a', REASON_UNDOES]],
      passes: 2,
    },
    { name: 'at most maxPasses passes', text: 'n=0\n', rules: [increment], maxPasses: 3, output: 'n=3\n', applied: [['increment', 1], ['increment', 2], ['increment', 3]], passes: 3 },
    { name: 'ten passes by default', text: 'n=0\n', rules: [increment], output: 'n=10\n', applied: Array.from({ length: 10 }, (_, i): [string, number] => ['increment', i + 1]), passes: 10 },
    { name: 'a file that does not parse is left alone', text: 'oops\nimage=a:latest\n', rules: [pinLatest], output: 'oops\nimage=a:latest\n', applied: [], passes: 0 },
    { name: 'an edit between CR and LF is invalid', text: 'a=1\r\n', rules: [splitCrlf], output: 'a=1\r\n', applied: [], dropped: [['split crlf', REASON_INVALID]], passes: 0 },
    { name: 'an edit past the end is invalid', text: 'a=1\n', rules: [pastEnd, addUser], output: 'a=1\nuser=app\n', applied: [['add user', 1]], dropped: [['past end', REASON_INVALID]], passes: 1 },
    { name: 'nothing to fix', text: 'user=x\n', rules: [addUser, pinLatest], output: 'user=x\n', applied: [], passes: 0 },
  ];
  it.each(cases)('$name', ({ text, rules, unsafe, maxPasses, output, applied, dropped, passes }) => {
    const result = fixFile(text, toy(rules, (t) => {
      if (t.includes('boom')) throw new Error('parser crashed');
      return toyParses(t);
    }), { unsafe: unsafe ?? false, maxPasses });
    expect(result.text).toBe(output);
    const safety = (description: string): FixSafety => (['add read_only', 'no privileged'].includes(description) ? 'unsafe' : 'safe');
    expect(result.applied).toEqual(applied.map(([description, pass]) => ({ description, safety: safety(description), pass })));
    expect(result.dropped).toEqual((dropped ?? []).map(([description, reason]) => ({ description, reason })));
    expect(result.passes).toBe(passes);
  });

  it('fixing twice equals fixing once', () => {
    const line = fc.constantFrom('image=nginx', 'image=a:latest', 'image=b:1', 'privileged=true', 'user=x', 'read_only=false', 'tag=latest');
    const rules = [tagImage, pinLatest, addUser, addReadOnly, noPrivileged];
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), fc.boolean(), (lines, unsafe) => {
        const analyse = toy(rules);
        const once = fixFile(lines.map((l) => `${l}\n`).join(''), analyse, { unsafe });
        const twice = fixFile(once.text, analyse, { unsafe });
        expect(twice.text).toBe(once.text);
        expect(twice.applied).toEqual([]);
        expect(once.dropped).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
