import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSafeRegex, type SafeRegex } from '../../src/policy/safe-regex.js';

function compiled(pattern: string, flags = ''): SafeRegex {
  const r = compileSafeRegex(pattern, flags);
  if ('error' in r) throw new Error(r.error);
  return r;
}

describe('compileSafeRegex', () => {
  // [pattern, flags, input, expected]; every row is also checked against RegExp.
  const matches: Array<[string, string, string, boolean]> = [
    ['^ghcr\\.io\\/', '', 'ghcr.io/acme/web', true],
    ['^ghcr\\.io\\/', '', 'docker.io/ghcr.io/x', false],
    ['latest$', '', 'nginx:latest', true],
    ['latest$', '', 'nginx:latest-alpine', false],
    ['^[a-z0-9-]+(\\.[a-z0-9-]+)*\\.example\\.com$', '', 'registry.eu.example.com', true],
    ['^[a-z0-9-]+(\\.[a-z0-9-]+)*\\.example\\.com$', '', 'registry.example.com.evil.io', false],
    ['^(root|0)(:.*)?$', '', '0:0', true],
    ['^(root|0)(:.*)?$', '', 'rooted', false],
    ['curl[^|]*\\|\\s*(ba)?sh', '', 'curl -fsSL https://x.sh | bash', true],
    ['curl[^|]*\\|\\s*(ba)?sh', '', 'curl -o x https://x.sh', false],
    ['^\\d{2,3}$', '', '443', true],
    ['^\\d{2,3}$', '', '8080', false],
    ['^a{2}$', '', 'aa', true],
    ['^a{2,}$', '', 'a', false],
    ['\\bSYS_\\w+', '', 'CAP_SYS_ADMIN', false],
    ['\\bSYS_\\w+', '', 'SYS_ADMIN', true],
    ['\\Bb', '', 'ab', true],
    ['ADMIN', 'i', 'sys_admin', true],
    ['k', 'i', '\u212a', false], // the Kelvin sign does not fold to ASCII in JavaScript
    ['[^ς]', 'i', 'σ', false],
    ['[A-Z]+_admin', 'i', 'SYS_ADMIN', true],
    ['^b', 'm', 'a\nb', true],
    ['^b', '', 'a\nb', false],
    ['a.b', '', 'a\nb', false],
    ['a.b', 's', 'a\nb', true],
    ['[^]', '', 'x', true],
    ['[]', '', 'x', false],
    ['[\\d-x]', '', '-', true],
    ['\\x41\\u0042', '', 'AB', true],
    ['a{,2}', '', 'a{,2}', true],
    ['(?:ab)+?c', '', 'ababc', true],
    ['(?<tag>v\\d+)', '', 'v12', true],
    ['', '', 'anything', true],
    ['a|', '', 'b', true],
    ['(a*)*b', '', 'aaab', true],
    ['\\/\\.\\-\\[', '', '/.-[', true],
    ['\\0', '', '\0', true],
    ['[\\b]', '', '\b', true],
  ];

  it.each(matches)('/%s/%s on %j is %s', (pattern, flags, input, expected) => {
    expect(compiled(pattern, flags).test(input)).toBe(expected);
    expect(new RegExp(pattern, flags).test(input)).toBe(expected);
  });

  const refused: Array<[string, string, string]> = [
    ['(a)\\1', '', 'invalid regex at 4: backreferences are not supported'],
    ['(?<x>a)\\k<x>', '', 'invalid regex at 8: \\k is not supported'],
    ['a(?=b)', '', 'invalid regex at 2: lookahead, lookbehind and inline flags are not supported'],
    ['(?<!a)b', '', 'invalid regex at 1: lookahead, lookbehind and inline flags are not supported'],
    ['(?i:a)', '', 'invalid regex at 1: lookahead, lookbehind and inline flags are not supported'],
    ['\\p{L}', '', 'invalid regex at 1: \\p is not supported'],
    ['\\cA', '', 'invalid regex at 1: \\c is not supported'],
    ['a', 'g', 'regex flag `g` is not supported (only i, m, s)'],
    ['a', 'y', 'regex flag `y` is not supported (only i, m, s)'],
    ['a', 'u', 'regex flag `u` is not supported (only i, m, s)'],
    ['*a', '', 'invalid regex at 1: nothing to repeat'],
    ['^*', '', 'invalid regex at 2: an assertion cannot be repeated'],
    ['(a', '', 'invalid regex at 3: missing `)`'],
    ['a)', '', 'invalid regex at 2: unmatched `)`'],
    ['[a', '', 'invalid regex at 3: missing `]`'],
    ['[z-a]', '', 'invalid regex at 2: range out of order in character class'],
    ['a{3,2}', '', 'invalid regex at 2: numbers out of order in {} quantifier'],
    ['a{1001}', '', 'invalid regex at 2: counts above 1000 are not supported'],
    ['\\', '', 'invalid regex at 1: `\\` at end of pattern'],
    ['\\x4', '', 'invalid regex at 1: \\x needs 2 hex digits'],
    ['a'.repeat(201), '', 'regex is longer than 200 characters'],
    ['(a{1000}){1000}', '', 'regex is too large once its repetitions are expanded'],
    ['((){1000}){1000}', '', 'regex is too large once its repetitions are expanded'],
  ];

  it.each(refused)('refuses /%s/%s', (pattern, flags, message) => {
    expect(compileSafeRegex(pattern, flags)).toEqual({ error: message });
  });
});

describe('linear-time matching', () => {
  // Each of these takes seconds to hours with a backtracking engine on this input.
  const evil: Array<[string, string, boolean]> = [
    ['(a+)+$', `${'a'.repeat(50_000)}!`, false],
    ['(a|a)*b', 'a'.repeat(50_000), false],
    ['.*.*.*x', 'a'.repeat(50_000), false],
    ['^(\\w+\\s?)*$', `${'word '.repeat(10_000)}!`, false],
    ['(a+)+$', 'a'.repeat(50_000), true],
  ];

  it.each(evil)('/%s/ on 50,000 characters answers in well under a second', (pattern, input, expected) => {
    const started = performance.now();
    expect(compiled(pattern).test(input)).toBe(expected);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('charges work in proportion to input length times pattern size', () => {
    const r = compiled('(a+)+$');
    expect(r.cost(0)).toBe(2);
    expect(r.cost(100_000)).toBe(1202); // 12 states
  });
});

describe('agreement with RegExp', () => {
  // Includes letters whose case folding is irregular in JavaScript: ſ, the Kelvin sign, σ/ς/Σ, µ/μ.
  const atom = fc.constantFrom(
    'a', 'k', 's', 'σ', 'µ', '.', '\\d', '\\w', '\\W', '\\s', '\\S', '[ab]', '[^a]', '[a-z]', '[^A-Z]', '[^ς]', '[é-ö]',
    '^', '$', '\\b', '\\B',
  );
  const input = fc.string({
    unit: fc.constantFrom('a', 'A', 'b', 'k', 'K', '\u212a', 's', 'S', 'ſ', 'σ', 'ς', 'Σ', 'µ', 'μ', 'é', 'É', '1', ' ', '_', '\n', '\u2028'),
    maxLength: 8,
  });
  const piece: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      atom,
      fc.tuple(tie('node'), tie('node')).map(([a, b]) => a + b),
      fc.tuple(tie('node'), tie('node')).map(([a, b]) => `(?:${a}|${b})`),
      fc.tuple(tie('node'), fc.constantFrom('*', '+', '?', '{1,2}', '*?')).map(([a, q]) => `(${a})${q}`),
    ),
  })).node;

  it('gives the same answer as RegExp on random patterns and inputs', () => {
    fc.assert(
      fc.property(piece, fc.constantFrom('', 'i', 'm', 's', 'is'), input, (pattern, flags, text) => {
        expect(compiled(pattern, flags).test(text)).toBe(new RegExp(pattern, flags).test(text));
      }),
      { numRuns: 3000 },
    );
  });
});
