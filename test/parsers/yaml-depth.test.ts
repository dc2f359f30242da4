import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { sourceFromText } from '../../src/model/source.js';
import { parseCompose } from '../../src/parsers/compose.js';
import { MAX_YAML_DEPTH, yamlTooDeepAt } from '../../src/parsers/yaml-depth.js';

const nest = (n: number, open: string, close: string, inner = 'x') => open.repeat(n) + inner + close.repeat(n);

describe('yamlTooDeepAt', () => {
  it.each([
    ['flow sequences', (n: number) => `services: ${nest(n, '[', ']')}\n`],
    ['flow mappings', (n: number) => `services: ${nest(n, '{a: ', '}')}\n`],
    ['block sequences, one per line', (n: number) => 'services:\n' + Array.from({ length: n }, (_, i) => `${' '.repeat(i + 1)}-\n`).join('')],
    ['compact block sequences', (n: number) => `services:\n  ${'- '.repeat(n)}x\n`],
    ['block mappings', (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:\n`).join('') + `${' '.repeat(n)}v\n`],
  ])('counts %s: refused one level past the limit, at the bracket or line that passes it', (_, make) => {
    expect(yamlTooDeepAt(make(20), 30)).toBe(-1);
    const text = make(40);
    const at = yamlTooDeepAt(text, 30);
    expect(at).toBeGreaterThan(0);
    expect(yamlTooDeepAt(text.slice(0, at), 30)).toBe(-1);
  });

  it.each([
    ['double-quoted', `a: "${'['.repeat(500)}"\nb: [1]\n`],
    ['single-quoted with a doubled quote', `a: '${'{'.repeat(500)}'' ${'['.repeat(500)}'\n`],
    ['a multi-line quoted scalar', `a: "x\n  ${'['.repeat(500)}\n  y"\n`],
    ['a literal block scalar', `a: |\n  ${'['.repeat(500)}\n  'unclosed\nb: [1]\n`],
    ['a block scalar after a sequence entry', `- - >-\n    ${'{'.repeat(500)}\n  - [1]\n`],
    ['a plain scalar', `command: echo ${'['.repeat(500)} it's\n`],
    ['a comment', `# ${'['.repeat(500)}\na: 1 # ${'{'.repeat(500)}\n`],
  ])('does not count brackets inside %s', (_, text) => {
    expect(yamlTooDeepAt(text, 10)).toBe(-1);
  });

  it('sees structure that follows a block scalar, quotes and comments', () => {
    const deep = nest(50, '[', ']');
    expect(yamlTooDeepAt(`a: |\n  text\nb: ${deep}\n`, 30)).toBeGreaterThan(0);
    expect(yamlTooDeepAt(`- - |\n    text\n  - ${deep}\n`, 30)).toBeGreaterThan(0);
    expect(yamlTooDeepAt(`a: "q # ["\nb: ${deep} # ]]]]\n`, 30)).toBeGreaterThan(0);
    expect(yamlTooDeepAt(`a: ['it''s', ${deep}]\n`, 30)).toBeGreaterThan(0);
  });

  it('bounds the real depth from above, and closely, for any value yaml writes', () => {
    const leaf = fc.oneof(fc.string(), fc.constantFrom('[', ']', '{x}', "it's", '"q"', '# c', 'a: b', '- x', '|', 'line\nline\n  [', 1, true, null));
    const { value } = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 3 })),
    }));
    const depth = (v: unknown): number => (v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v as object).map(depth)) : 0);
    fc.assert(
      fc.property(value, fc.boolean(), (v, flow) => {
        const text = stringify({ services: v }, { collectionStyle: flow ? 'flow' : 'any' });
        const real = depth({ services: v });
        // Never below the real depth (the safety property), at most one level above (a scalar
        // on its own line is counted like a collection).
        expect(yamlTooDeepAt(text, real - 1), text).toBeGreaterThanOrEqual(0);
        expect(yamlTooDeepAt(text, real + 1), text).toBe(-1);
      }),
      { numRuns: 400, seed: 20261123 },
    );
  });
});

describe('compose files nested too deep', () => {
  const parse = (text: string) => parseCompose(sourceFromText('compose.yaml', 'compose', text));

  it.each([
    ['flow', `services: ${nest(20_000, '[', ']')}\n`],
    ['block', `services:\n  ${'- '.repeat(20_000)}x\n`],
  ])('are refused before yaml parses them (%s), the same way on every thread', (_, text) => {
    const result = parse(text);
    expect(result.errors).toEqual([{ message: `invalid YAML: nested more than ${MAX_YAML_DEPTH} levels deep`, span: { start: expect.any(Number), end: expect.any(Number) } }]);
  });

  it('a file just under the limit still parses', () => {
    const result = parse(`services:\n  web:\n    image: nginx:1.27\n    labels: ${nest(MAX_YAML_DEPTH - 5, '[', ']')}\n`);
    expect(result.errors).toEqual([]);
    expect(result.model?.services.map((s) => s.name)).toEqual(['web']);
  });
});
