/**
 * Random compose files in every layout the editor claims to handle (indentation, list style,
 * quotes, line endings, comments, final newline), random batches of changes to one service:
 * the result parses, holds the changes, and every byte outside that service is unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContainerList, ContainerScalar, ContainerSpec } from '../../src/model/container.js';
import type { Edit } from '../../src/model/edit.js';
import { sourceFromText } from '../../src/model/source.js';
import { parseCompose } from '../../src/parsers/compose.js';

interface Layout {
  unit: 2 | 4;
  lists: 'block' | 'compact' | 'flow';
  quote: '"' | "'";
  eol: '\n' | '\r\n';
  finalNewline: boolean;
  version: boolean;
  volumesAfter: boolean;
}

interface ServiceShape {
  readOnly?: 'true' | 'false' | '"false"';
  capDrop?: string[];
  tmpfs?: 'scalar' | 'list';
  logging?: 'driver' | 'driver+options' | 'options';
  securityOpt?: string[];
  commentAfterKey: boolean;
  trailingComment: boolean;
}

type Change = { op: 'set'; setting: ContainerScalar; value: string } | { op: 'add'; list: ContainerList; item: string };

const layout = fc.record<Layout>({
  unit: fc.constantFrom(2, 4),
  lists: fc.constantFrom('block', 'compact', 'flow'),
  quote: fc.constantFrom('"', "'"),
  eol: fc.constantFrom('\n', '\r\n'),
  finalNewline: fc.boolean(),
  version: fc.boolean(),
  volumesAfter: fc.boolean(),
});

const service = fc.record<ServiceShape>(
  {
    readOnly: fc.constantFrom('true', 'false', '"false"'),
    capDrop: fc.constantFrom([], ['NET_RAW'], ['NET_RAW', 'MKNOD']),
    tmpfs: fc.constantFrom('scalar', 'list'),
    logging: fc.constantFrom('driver', 'driver+options', 'options'),
    securityOpt: fc.constantFrom(['label=disable'], ['label=disable', 'seccomp=unconfined']),
    commentAfterKey: fc.boolean(),
    trailingComment: fc.boolean(),
  },
  { requiredKeys: ['commentAfterKey', 'trailingComment'] },
);

const change = fc.constantFrom<Change>(
  { op: 'set', setting: 'readOnly', value: 'true' },
  { op: 'set', setting: 'user', value: '65532:65532' },
  { op: 'set', setting: 'memory', value: '512m' },
  { op: 'set', setting: 'pidsLimit', value: '100' },
  { op: 'add', list: 'capDrop', item: 'ALL' },
  { op: 'add', list: 'tmpfs', item: '/tmp' },
  { op: 'add', list: 'securityOpt', item: 'no-new-privileges:true' },
  { op: 'add', list: 'logOpt', item: 'max-size=10m' },
  { op: 'add', list: 'logOpt', item: 'max-file=3' },
);

/** One service as lines, in the layout's style. */
function serviceLines(name: string, shape: ServiceShape, l: Layout): string[] {
  const pad = (depth: number) => ' '.repeat(l.unit * depth);
  const q = (value: string) => `${l.quote}${value}${l.quote}`;
  const list = (depth: number, key: string, items: string[], quoted = false): string[] => {
    const written = items.map((item) => (quoted ? q(item) : item));
    if (l.lists === 'flow' || items.length === 0) return [`${pad(depth)}${key}: [${written.join(', ')}]`];
    const itemPad = l.lists === 'compact' ? pad(depth) : pad(depth + 1);
    return [`${pad(depth)}${key}:`, ...written.map((item) => `${itemPad}- ${item}`)];
  };
  const lines = [`${pad(1)}${name}:${shape.commentAfterKey ? ' # the service' : ''}`, `${pad(2)}image: ${q('nginx:1.25')}`];
  if (shape.readOnly) lines.push(`${pad(2)}read_only: ${shape.readOnly}`);
  if (shape.capDrop) lines.push(...list(2, 'cap_drop', shape.capDrop));
  if (shape.tmpfs === 'scalar') lines.push(`${pad(2)}tmpfs: /run`);
  if (shape.tmpfs === 'list') lines.push(...list(2, 'tmpfs', ['/run']));
  if (shape.logging) {
    lines.push(`${pad(2)}logging:`);
    if (shape.logging !== 'options') lines.push(`${pad(3)}driver: json-file`);
    if (shape.logging !== 'driver') lines.push(`${pad(3)}options:`, `${pad(4)}max-size: ${q('1g')}`);
  }
  if (shape.securityOpt) lines.push(...list(2, 'security_opt', shape.securityOpt, true));
  if (shape.trailingComment) lines[lines.length - 1] += ' # last';
  return lines;
}

function render(l: Layout, shapes: ServiceShape[]): { text: string; regions: Array<{ start: number; end: number }> } {
  let text = l.version ? `version: ${l.quote}3.8${l.quote}${l.eol}` : '';
  text += `services:${l.eol}`;
  const regions: Array<{ start: number; end: number }> = [];
  shapes.forEach((shape, i) => {
    const start = text.length;
    text += serviceLines(`svc${i}`, shape, l).map((line) => line + l.eol).join('');
    regions.push({ start, end: text.length });
  });
  if (l.volumesAfter) text += `${l.eol}volumes:${l.eol}${' '.repeat(l.unit)}data: {}${l.eol}`;
  if (!l.finalNewline) text = text.slice(0, -l.eol.length);
  regions[regions.length - 1]!.end = Math.min(regions[regions.length - 1]!.end, text.length);
  return { text, regions };
}

function apply(text: string, edits: Edit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/** What a change means once made. */
function holds(container: ContainerSpec, made: Change): boolean {
  if (made.op === 'set') {
    if (made.setting === 'readOnly') return container.readOnly?.value === true;
    if (made.setting === 'user') return container.user?.value === made.value;
    if (made.setting === 'memory') return container.memory?.value === made.value;
    return container.pidsLimit?.value === made.value;
  }
  if (made.list === 'logOpt') {
    const [key, value] = made.item.split('=');
    return container.logOptions.some((option) => option.value.key === key && option.value.value === value);
  }
  const items = { capDrop: container.capDrop, tmpfs: container.tmpfs, securityOpt: container.securityOpt, capAdd: container.capAdd }[made.list];
  return items.some((item) => item.value === made.item);
}

/** A container's settings without positions, to compare services the edit must not touch. */
function settings(container: ContainerSpec): unknown {
  const { editor: _editor, ...rest } = container;
  return JSON.parse(JSON.stringify(rest, (key, value) => (key === 'span' ? undefined : value)));
}

describe('compose editor on generated files', () => {
  it('makes any batch of changes to one service and nothing else', () => {
    fc.assert(
      fc.property(layout, fc.array(service, { minLength: 1, maxLength: 3 }), fc.nat(), fc.array(change, { minLength: 1, maxLength: 4 }), (l, shapes, pick, changes) => {
        const { text, regions } = render(l, shapes);
        const file = sourceFromText('compose.yaml', 'compose', text);
        const before = parseCompose(file);
        expect(before.errors).toEqual([]);
        const target = pick % shapes.length;
        const editor = before.model!.services[target]!.container.editor!;
        const edits = changes.length === 1 && changes[0]!.op === 'add' ? editor.add(changes[0]!.list, changes[0]!.item) : editor.batch!(changes);
        expect(edits).toBeDefined();
        const after = apply(text, edits!);
        const { start, end } = regions[target]!;
        expect(after.slice(0, start)).toBe(text.slice(0, start));
        expect(after.slice(after.length - (text.length - end))).toBe(text.slice(end));
        if (l.eol === '\r\n') expect(after.replace(/\r\n/g, '')).not.toContain('\n');
        const reparsed = parseCompose({ ...file, text: after });
        expect(reparsed.errors).toEqual([]);
        const services = reparsed.model!.services;
        expect(services.map((candidate) => candidate.name)).toEqual(shapes.map((_shape, i) => `svc${i}`));
        for (const made of changes) expect(holds(services[target]!.container, made), JSON.stringify(made)).toBe(true);
        services.forEach((candidate, i) => {
          if (i !== target) expect(settings(candidate.container)).toEqual(settings(before.model!.services[i]!.container));
        });
      }),
      { numRuns: 300 },
    );
  });
});

/** Service keys in the forms real files use, each as its lines; `key` keeps them unique. */
const serviceKey = fc.constantFrom(
  { key: 'user', lines: ['    user: root # who'] },
  { key: 'read_only', lines: ['    read_only: false'] },
  { key: 'read_only', lines: ['    read_only:'] },
  { key: 'cap_drop', lines: ['    cap_drop:', '    - NET_RAW'] },
  { key: 'cap_drop', lines: ['    cap_drop:', '      - NET_RAW # raw', '      # more later'] },
  { key: 'cap_drop', lines: ['    cap_drop: [NET_RAW]'] },
  { key: 'cap_drop', lines: ['    cap_drop: NET_RAW'] },
  { key: 'tmpfs', lines: ['    tmpfs: /run'] },
  { key: 'logging', lines: ['    logging:', '      driver: json-file'] },
  { key: 'logging', lines: ['    logging:', '      options:', '        max-size: 1g'] },
  { key: 'logging', lines: ['    logging: {driver: local}'] },
  { key: 'logging', lines: ['    logging:'] },
  { key: 'security_opt', lines: ['    security_opt: ["seccomp=unconfined", label=disable]'] },
  { key: 'security_opt', lines: ['    security_opt:', '      - seccomp=unconfined', '      - label=disable'] },
  { key: 'security_opt', lines: ['    security_opt:', '      - seccomp=unconfined'] },
  { key: '<<', lines: ['    <<: *base'] },
  { key: 'labels', lines: ['    labels: |', '      text', ''] },
  { key: 'environment', lines: ['    environment:', '      A: 1', '    # about the next key'] },
  { key: 'deploy', lines: ['    deploy:', '      resources:', '        limits:', '          memory: 1G'] },
);

const serviceText = fc.record({
  head: fc.constantFrom(':', ': # the service', ': &shared'),
  keys: fc.uniqueArray(serviceKey, { selector: (entry) => entry.key, maxLength: 6 }),
});

const composeText = fc.record({
  services: fc.array(serviceText, { minLength: 1, maxLength: 3 }),
  extra: fc.constantFrom('', '  flow: {image: nginx}', '  copy: *base'),
  after: fc.boolean(),
  eol: fc.constantFrom('\n', '\r\n'),
  finalNewline: fc.boolean(),
});

function composeFrom(generated: typeof composeText extends fc.Arbitrary<infer T> ? T : never): string {
  const lines = ['x-base: &base', '  read_only: false', '  cap_drop: [NET_RAW]', 'services:'];
  generated.services.forEach((shape, i) => {
    lines.push(`  svc${i}${shape.head}`, '    image: nginx', ...shape.keys.flatMap((entry) => entry.lines));
  });
  if (generated.extra) lines.push(generated.extra);
  if (generated.after) lines.push('', 'volumes:', '  data: {}');
  const text = lines.join(generated.eol);
  return generated.finalNewline ? text + generated.eol : text;
}

describe('compose editor on files with anchors, merges, odd values and comments', () => {
  it('never throws, and whatever it edits still parses with the same services', () => {
    let edited = 0;
    fc.assert(
      fc.property(composeText, fc.array(change, { minLength: 1, maxLength: 3 }), (generated, changes) => {
        const file = sourceFromText('compose.yaml', 'compose', composeFrom(generated));
        const before = parseCompose(file);
        expect(before.errors, file.text).toEqual([]);
        for (const candidate of before.model!.services) {
          const editor = candidate.container.editor!;
          for (const made of [...changes.map((one) => [one]), changes]) {
            const edits = made.length === 1 && made[0]!.op === 'add' ? editor.add(made[0]!.list, made[0]!.item) : editor.batch!(made);
            if (!edits) continue;
            edited++;
            const after = parseCompose({ ...file, text: apply(file.text, edits) });
            expect(after.errors, JSON.stringify({ text: file.text, made })).toEqual([]);
            expect(after.model!.services.map((service) => service.name)).toEqual(before.model!.services.map((service) => service.name));
            const changed = after.model!.services.find((service) => service.name === candidate.name)!.container;
            for (const one of made) expect(holds(changed, one), JSON.stringify({ text: file.text, made })).toBe(true);
          }
          for (const option of candidate.container.securityOpt) {
            const edits = editor.remove('securityOpt', option);
            if (!edits) continue;
            const after = parseCompose({ ...file, text: apply(file.text, edits) });
            expect(after.errors).toEqual([]);
            const left = after.model!.services.find((service) => service.name === candidate.name)!.container.securityOpt;
            expect(left.map((item) => item.value)).toEqual(candidate.container.securityOpt.filter((item) => item !== option).map((item) => item.value));
          }
        }
      }),
      { numRuns: 200 },
    );
    expect(edited).toBeGreaterThan(400);
  });
});
