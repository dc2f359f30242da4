import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sourceFromText, type Span } from '../../src/model/source.js';
import { isComposeText, parseCompose } from '../../src/parsers/compose.js';

const parse = (text: string, env?: Record<string, string>) => parseCompose(sourceFromText('compose.yaml', 'compose', text), { env });

/** The span of the `occurrence`-th appearance of `needle` in `text`. */
function at(text: string, needle: string, occurrence = 1): Span {
  let start = -1;
  for (let i = 0; i < occurrence; i++) start = text.indexOf(needle, start + 1);
  if (start < 0) throw new Error(`${needle} not in text`);
  return { start, end: start + needle.length };
}

function billionLaughs(levels: number): string {
  const lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < levels; i++) lines.push(`l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(',')}]`);
  return `${lines.join('\n')}\nservices:\n  web:\n    image: nginx\n    cap_add: *l${levels - 1}\n`;
}

describe('parseCompose errors', () => {
  it.each([
    ['invalid YAML', 'services:\n  web:\n    image: [nginx\n', 'invalid YAML: flow sequence in block collection must be sufficiently indented and end with a ]', { start: 35, end: 36 }],
    ['tab indentation', 'services:\n\tweb: {}\n', 'invalid YAML: tabs are not allowed as indentation', { start: 10, end: 11 }],
    ['duplicate key', 'services:\n  web:\n    image: a\n    image: b\n', 'invalid YAML: map keys must be unique', { start: 34, end: 35 }],
    ['alias to no anchor', 'services:\n  web:\n    <<: *base\n', "invalid YAML: unknown anchor 'base' referenced", { start: 25, end: 30 }],
    ['anchor that contains itself', 'x: &a [1, *a]\nservices: {}\n', "invalid YAML: anchor 'a' contains an alias to itself", { start: 10, end: 12 }],
    ['empty file', '', 'empty compose file', { start: 0, end: 0 }],
    ['only comments', '# services:\n#   web: {}\n', 'empty compose file', { start: 0, end: 0 }],
    ['a scalar top level', 'hello\n', 'the top level of a compose file must be a mapping', { start: 0, end: 5 }],
    ['a sequence top level', '- services\n', 'the top level of a compose file must be a mapping', { start: 0, end: 11 }],
    ['services as a list', 'services:\n  - web\n', '`services` must be a mapping of service names to services', { start: 12, end: 18 }],
    ['services as a string', 'services: web\n', '`services` must be a mapping of service names to services', { start: 10, end: 13 }],
    ['services empty', 'services:\n', '`services` must be a mapping of service names to services', { start: 0, end: 8 }],
    [
      'a second document',
      'services:\n  web:\n    image: a\n---\nservices:\n  db:\n    image: b\n',
      'more than one YAML document: cguard reads one document per compose file',
      { start: 34, end: 34 },
    ],
  ])('%s', (_name, text, message, span) => {
    const result = parse(text);
    expect(result.model).toBeUndefined();
    expect(result.errors).toEqual([{ message, span }]);
  });

  it('stops a billion-laughs alias bomb quickly', () => {
    const text = billionLaughs(10);
    const started = performance.now();
    const result = parse(text);
    expect(performance.now() - started).toBeLessThan(500);
    expect(result.model).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.message).toBe('YAML alias expansion exceeds the limit of 100000 nodes (an alias bomb?)');
    // The alias at which the expansion passed the limit.
    expect(text.slice(result.errors[0]!.span.start, result.errors[0]!.span.end)).toMatch(/^\*l\d$/);
  });

  it('accepts a few levels of aliases that stay small', () => {
    const result = parse(billionLaughs(3));
    expect(result.errors).toEqual([]);
    expect(result.model!.services[0]!.container.capAdd).toEqual([]);
  });

  it('reports nesting too deep for the YAML reader as an error', () => {
    const result = parse(`services: ${'['.repeat(20000)}${']'.repeat(20000)}\n`);
    expect(result.model).toBeUndefined();
    expect(result.errors.map((error) => error.message)).toEqual(['invalid YAML: nested more than 200 levels deep']);
  });

  it('ignores an empty trailing document', () => {
    const result = parse('services:\n  web:\n    image: a\n---\n');
    expect(result.errors).toEqual([]);
    expect(result.model!.services.map((service) => service.name)).toEqual(['web']);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ':', ' ', '\n', '-', '[', ']', '{', '}', '&a', '*a', '<<', '"', "'", '#', '\t', '$', 'services') }), (text) => {
        const result = parse(text);
        expect(result.model !== undefined || result.errors.length > 0).toBe(true);
        for (const error of result.errors) expect(error.message).not.toContain('\n');
      }),
      { numRuns: 400 },
    );
  });
});

describe('parseCompose model', () => {
  it('reads services in order and skips the ones that are not mappings', () => {
    const text = 'services:\n  web:\n    image: nginx\n  empty:\n  bad: 3\n  db: {image: postgres}\n';
    const model = parse(text).model!;
    expect(model.services.map((service) => [service.name, service.keySpan, service.container.span])).toEqual([
      ['web', at(text, 'web'), at(text, 'web')],
      ['db', at(text, 'db'), at(text, 'db')],
    ]);
    expect(model.services[0]!.container.source).toBe('compose');
    expect(model.services[0]!.container.runtime).toBe('docker');
  });

  it('has no services when there are none', () => {
    const model = parse('volumes:\n  data: {}\n').model!;
    expect(model.services).toEqual([]);
    expect(model.networks).toEqual([]);
    expect(model.version).toBeUndefined();
  });

  it.each([
    ['version: "3.8"\nservices:\n  web:\n    image: nginx\n', '3.8', 'version', 'version: "3.8"\n'],
    ['# stack\nversion: 3 # old\r\nservices:\r\n  web:\r\n    image: nginx\r\n', '3', 'version', 'version: 3 # old\r\n'],
    ['services:\n  web:\n    image: nginx\nversion: "2.4"', '2.4', 'version', 'version: "2.4"'],
    ['{version: "3", services: {web: {image: nginx}}}\n', '3', 'version', 'version: "3"'],
  ])('reads the obsolete version key of %j', (text, value, key, line) => {
    const version = parse(text).model!.version!;
    expect(version.value).toBe(value);
    expect(version.keySpan).toEqual(at(text, key));
    expect(version.lineSpan).toEqual(at(text, line));
  });

  it('reads a file without version exactly like the same file with one', () => {
    const body = 'services:\n  web:\n    image: nginx:1.25\n    read_only: true\n    cap_drop: [ALL]\n';
    const without = parse(body).model!;
    const withVersion = parse(`version: "3.8"\n${body}`).model!;
    const shift = 'version: "3.8"\n'.length;
    const { editor: _a, ...plain } = without.services[0]!.container;
    const { editor: _b, ...versioned } = withVersion.services[0]!.container;
    const shifted = JSON.parse(JSON.stringify(versioned), (key, value) =>
      (key === 'start' || key === 'end') && typeof value === 'number' ? value - shift : value,
    );
    expect(shifted).toEqual(plain);
  });

  it('reads top-level networks and whether they are internal', () => {
    const text = 'services: {}\nnetworks:\n  front:\n  back:\n    internal: true\n  quoted:\n    internal: "true"\n  ext:\n    external: true\n';
    expect(parse(text).model!.networks).toEqual([
      { name: 'front', internal: false, span: at(text, 'front') },
      { name: 'back', internal: true, span: at(text, 'back') },
      { name: 'quoted', internal: true, span: at(text, 'quoted') },
      { name: 'ext', internal: false, span: at(text, 'ext') },
    ]);
  });

  it('keeps the YAML document, with ranges into the text, for rules and fixes', () => {
    const text = 'services:\n  web:\n    image: nginx # pinned later\n';
    const model = parse(text).model!;
    const image = model.doc.getIn(['services', 'web', 'image'], true) as { value: unknown; range: [number, number, number] };
    expect(image.value).toBe('nginx');
    expect(text.slice(image.range[0], image.range[1])).toBe('nginx');
  });
});

describe('isComposeText', () => {
  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('services', ':', ' ', '\n', '\r', '-', '{', '#', 'a', '"') }), (text) => {
      expect(typeof isComposeText(text)).toBe('boolean');
    }));
  });

  it.each([
    ['services:\n  web:\n    image: nginx\n', true],
    ['version: "3"\nservices:\n  web:\n    image: nginx\n', true],
    ['# comment\nservices: # the stack\n\n  # a note\n  web:\n    image: nginx\n', true],
    ['services:\r\n  web:\r\n    image: nginx\r\n', true],
    ['\uFEFFservices:\n  web:\n    image: nginx\n', true],
    ['---\nservices:\n  web:\n    image: nginx\n', true],
    ['"services":\n  "web":\n    image: nginx\n', true],
    ['services: {web: {image: nginx}}\n', true],
    ['{"services": {"web": {"image": "nginx"}}}', true],
    ['x-base: &base\n  image: nginx\nservices: &s\n  web: *base\n', true],
    ['services:\n- web\n', false],
    ['services:\n  - web\n', false],
    ['services: web\n', false],
    ['services:\n', false],
    ['services:\nother: 1\n', false],
    ['jobs:\n  build:\n    services:\n      db:\n        image: postgres\n', false],
    ['apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n', false],
    ['servicesx:\n  web: {}\n', false],
    ['{"jobs": {"services": {"a": 1}}}', false],
    ['{"services": [1]}', false],
    ['', false],
  ])('%j → %s', (text, expected) => {
    expect(isComposeText(text)).toBe(expected);
  });
});
