import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex, sourceFromText } from '../../src/model/source.js';
import type { UnitModel } from '../../src/model/unit.js';
import { effectiveValues, lastValue, parseUnit, unitEnvironment } from '../../src/parsers/systemd-unit.js';

function unitOf(text: string, path = 'web.service'): UnitModel {
  const result = parseUnit(sourceFromText(path, 'unit', text));
  expect(result.model).toBeDefined();
  return result.model!;
}

const slice = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

describe('parseUnit: sections and entries', () => {
  const text = [
    '# leading comment',
    '[Unit]',
    'Description=Web server',
    '  After = docker.service  ',
    '',
    '[Service]',
    'ExecStart=/usr/bin/docker run \\',
    '  # a comment inside the continuation',
    '  --rm nginx',
    'ExecStop=',
    '',
  ].join('\n');

  it('reads sections, keys and values with exact spans', () => {
    const unit = unitOf(text);
    expect(unit.name).toBe('web.service');
    expect(unit.sections.map((s) => [s.name, slice(text, s.headerSpan), s.entries.length])).toEqual([
      ['Unit', '[Unit]', 2],
      ['Service', '[Service]', 2],
    ]);
    expect(unit.entries.map((e) => [e.section, e.key, e.value, slice(text, e.keySpan), slice(text, e.valueSpan)])).toEqual([
      ['Unit', 'Description', 'Web server', 'Description', 'Web server'],
      ['Unit', 'After', 'docker.service', 'After', 'docker.service'],
      ['Service', 'ExecStart', '/usr/bin/docker run    --rm nginx', 'ExecStart',
        '/usr/bin/docker run \\\n  # a comment inside the continuation\n  --rm nginx'],
      ['Service', 'ExecStop', '', 'ExecStop', ''],
    ]);
    expect(unit.problems).toEqual([]);
  });

  it('gives each entry its span, its whole lines, and an empty value a place after the =', () => {
    const unit = unitOf(text);
    const [, after, exec, stop] = unit.entries;
    expect(slice(text, after!.span)).toBe('After = docker.service  ');
    expect(slice(text, after!.lineSpan)).toBe('  After = docker.service  \n');
    expect(slice(text, exec!.lineSpan)).toBe('ExecStart=/usr/bin/docker run \\\n  # a comment inside the continuation\n  --rm nginx\n');
    expect(stop!.valueSpan).toEqual({ start: text.indexOf('ExecStop=') + 9, end: text.indexOf('ExecStop=') + 9 });
    const sections = unit.sections.map((s) => slice(text, s.span));
    expect(sections).toEqual([
      '[Unit]\nDescription=Web server\n  After = docker.service  \n',
      '[Service]\nExecStart=/usr/bin/docker run \\\n  # a comment inside the continuation\n  --rm nginx\nExecStop=\n',
    ]);
  });

  it('maps every value character to its file offset; a joined `\\` maps to the backslash', () => {
    const exec = unitOf(text).entries[2]!;
    expect(exec.valueOffsets).toHaveLength(exec.value.length + 1);
    expect(exec.valueOffsets[exec.value.length]).toBe(exec.valueSpan.end);
    const fromFile = exec.valueOffsets.slice(0, -1).map((o) => (text[o] === '\\' ? ' ' : text[o])).join('');
    expect(fromFile).toBe(exec.value);
    const rm = exec.value.indexOf('--rm');
    expect(exec.valueOffsets[rm]).toBe(text.indexOf('--rm'));
  });
});

describe('parseUnit: continuations, as systemd 252 joins them', () => {
  const cases: Array<[string, string, string[]]> = [
    ['comment lines inside a continuation are skipped', 'ExecStart=/bin/echo a \\\n   # c\n  b \\\n;semi\n c', ['/bin/echo a    b   c']],
    ['`\\\\` at the end is an escaped backslash, not a continuation', 'ExecStart=/bin/echo d\\\\\nExecStop=/bin/x', ['/bin/echo d\\\\', '/bin/x']],
    ['three backslashes continue', 'ExecStart=/bin/echo t\\\\\\\n  more', ['/bin/echo t\\\\   more']],
    ['a backslash followed by a space does not continue', 'ExecStart=/bin/echo k\\ \nExecStop=/bin/x', ['/bin/echo k\\', '/bin/x']],
    ['a blank line ends a continuation', 'ExecStart=/bin/echo one \\\n\nExecStop=/bin/x', ['/bin/echo one', '/bin/x']],
    ['a comment never continues, even ending in `\\`', '# note \\\nExecStart=/bin/a\n  ; other \\\nExecStop=/bin/b', ['/bin/a', '/bin/b']],
    ['a continuation open at the end of the file is the last line', 'ExecStart=/bin/echo e \\', ['/bin/echo e']],
  ];
  it.each(cases)('%s', (_name, body, values) => {
    const unit = unitOf(`[Service]\n${body}\n`);
    expect(unit.entries.map((e) => e.value)).toEqual(values);
    expect(unit.problems).toEqual([]);
  });

  it('joins CRLF lines and keeps \\r\\n out of values and spans', () => {
    const text = '[Unit]\r\nDescription=crlf\r\n[Service]\r\nExecStart=/bin/echo a \\\r\n  b\r\nType=simple\r\n';
    const unit = unitOf(text);
    expect(unit.entries.map((e) => e.value)).toEqual(['crlf', '/bin/echo a    b', 'simple']);
    const exec = unit.entries[1]!;
    expect(slice(text, exec.span)).toBe('ExecStart=/bin/echo a \\\r\n  b');
    expect(slice(text, exec.lineSpan)).toBe('ExecStart=/bin/echo a \\\r\n  b\r\n');
    expect(slice(text, unit.sections[0]!.span)).toBe('[Unit]\r\nDescription=crlf\r\n');
  });
});

describe('parseUnit: problems systemd reports', () => {
  const cases: Array<[string, string, Array<[string, number, number]>]> = [
    ['no = ', '[Service]\nfoo bar\n', [["Missing '=', ignoring line.", 2, 1]]],
    ['no key', '[Service]\n  =value\n', [["Missing key name before '=', ignoring line.", 2, 3]]],
    ['before any section', 'Description=x\n[Unit]\n', [['Assignment outside of section. Ignoring.', 1, 1]]],
    ['a line without = before any section', 'oops\n[Unit]\n', [['Assignment outside of section. Ignoring.', 1, 1]]],
    ['unterminated header', '[Service\nExecStart=/bin/true\n', [["Invalid section header '[Service'", 1, 1]]],
    ['a header continued onto the next line', '[Service]\\\nType=oneshot\n', [["Invalid section header '[Service] Type=oneshot'", 1, 1]]],
    ['unknown section of a service', '[Unit]\n[Foo]\nBar=1\n[X-Fleet]\nA=1\n', [["Unknown section 'Foo'. Ignoring.", 2, 1]]],
    ['unbalanced quote in a command', '[Service]\nExecStart=/bin/echo "open\n', [['Unbalanced quoting, ignoring: "/bin/echo "open"', 2, 11]]],
    ['unknown escape in a command', '[Service]\nExecStart=/bin/echo \\q\n', [['Ignoring unknown escape sequences: "\\q"', 2, 21]]],
    ['two ExecStart= without Type=oneshot', '[Service]\nExecStart=/bin/a\nExecStart=/bin/b\n',
      [['Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.', 3, 11]]],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    const unit = unitOf(text);
    const lines = new LineIndex(text);
    expect(unit.problems.map((p) => [p.message, lines.position(p.span.start).line, lines.position(p.span.start).column])).toEqual(expected);
    const result = parseUnit(sourceFromText('web.service', 'unit', text));
    expect(result.errors).toEqual(unit.problems);
  });

  it('accepts two ExecStart= in a oneshot service, and an override reset', () => {
    expect(unitOf('[Service]\nType=oneshot\nExecStart=/bin/a\nExecStart=/bin/b\n').problems).toEqual([]);
    expect(unitOf('[Service]\nExecStart=/bin/a\nExecStart=\nExecStart=/bin/b\n').problems).toEqual([]);
  });

  it('does not judge sections of files that are not systemd units (Quadlet)', () => {
    expect(unitOf('[Container]\nImage=nginx\n', 'web.container').problems).toEqual([]);
  });

  const systemdAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;
  it.skipIf(!systemdAnalyze)('reports the lines `systemd-analyze verify` warns about', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cguard-unit-'));
    const text = 'Description=early\n[Unit]\nDescription=x\nfoo bar\n=v\n[Foo]\nA=1\n[Service]\nType=oneshot\nExecStart=/bin/echo \\q\nExecStart=/bin/true\n';
    const path = join(dir, 'oracle.service');
    writeFileSync(path, text);
    const run = spawnSync('systemd-analyze', ['verify', '--man=no', path], { encoding: 'utf8' });
    const theirs = [...run.stderr.matchAll(/oracle\.service:(\d+): (.*)/g)].map((m) => [Number(m[1]), m[2]]);
    const lines = new LineIndex(text);
    const ours = unitOf(text, 'oracle.service').problems.map((p) => [lines.position(p.span.start).line, p.message]);
    expect(ours).toEqual(theirs);
  });
});

describe('effectiveValues and lastValue', () => {
  const unit = unitOf('[Service]\nExecStartPre=/bin/a\nExecStartPre=/bin/b\nExecStartPre=\nExecStartPre=/bin/c\nType=simple\nType=oneshot\nRestart=always\nRestart=\n');
  it('drops everything before an empty assignment', () => {
    expect(effectiveValues(unit, 'Service', 'ExecStartPre').map((e) => e.value)).toEqual(['/bin/c']);
    expect(effectiveValues(unit, 'Service', 'ExecStart')).toEqual([]);
    expect(effectiveValues(unit, 'Unit', 'ExecStartPre')).toEqual([]);
  });
  it('returns the last assignment, empty when it resets', () => {
    expect(lastValue(unit, 'Service', 'Type')?.value).toBe('oneshot');
    expect(lastValue(unit, 'Service', 'Restart')?.value).toBe('');
    expect(lastValue(unit, 'Service', 'User')).toBeUndefined();
  });
});

describe('unitEnvironment', () => {
  const cases: Array<[string, string[], Record<string, string>]> = [
    ['several per line, quoted', ['Environment="A=1 2" B=3'], { A: '1 2', B: '3' }],
    ['later wins', ['Environment=B=3', 'Environment=B=4'], { B: '4' }],
    ['quotes mid-word and escapes', ['Environment=C="x y"z D=\\x41'], { C: 'x yz', D: 'A' }],
    ['invalid names and words without = are ignored', ['Environment=bad-name=4 C 1X=2 OK='], { OK: '' }],
    ['an empty assignment clears the list', ['Environment=A=1', 'Environment=', 'Environment=F=after'], { F: 'after' }],
    ['specifiers stay as written', ['Environment=NAME=%n'], { NAME: '%n' }],
    ['only [Service] counts', ['Environment=A=1'], { A: '1' }],
  ];
  it.each(cases)('%s', (_name, lines, expected) => {
    const env = unitEnvironment(unitOf(`[Unit]\nEnvironment=U=1\n[Service]\n${lines.join('\n')}\n`));
    expect(Object.fromEntries(env)).toEqual(expected);
  });
});

describe('parseUnit never throws and keeps spans consistent', () => {
  const alphabet = fc.constantFrom('[', ']', '=', '\\', '\n', '\r\n', ' ', '\t', '#', ';', '"', "'", 'A', 'x', 'Exec', 'Start', 'Service', '$', '%', 'é');
  it('on random text', () => {
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 80 }), (parts) => {
        const text = parts.join('');
        const unit = parseUnit(sourceFromText('r.service', 'unit', text)).model!;
        for (const entry of unit.entries) {
          expect(slice(text, entry.keySpan)).toBe(entry.key);
          expect(entry.valueOffsets).toHaveLength(entry.value.length + 1);
          entry.value.split('').forEach((c, i) => {
            const o = entry.valueOffsets[i]!;
            expect(text[o] === '\\' && c === ' ' ? ' ' : text[o]).toBe(c);
          });
          expect(entry.lineSpan.start).toBeLessThanOrEqual(entry.span.start);
          expect(entry.span.end).toBeLessThanOrEqual(entry.lineSpan.end);
        }
        for (const p of unit.problems) expect(p.span.end).toBeGreaterThanOrEqual(p.span.start);
      }),
      { numRuns: 500 },
    );
  });
});
