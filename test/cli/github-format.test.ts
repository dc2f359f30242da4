import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import type { Finding } from '../../src/finding.js';
import { escapeData, escapeProperty, formatGithub } from '../../src/report/github.js';

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'CG001',
    ruleName: 'root-user',
    level: 'error',
    message: 'the container runs as root',
    path: 'Dockerfile',
    span: { start: 0, end: 4 },
    region: { line: 1, column: 1, endLine: 1, endColumn: 5 },
    fingerprint: 'f',
    ...overrides,
  };
}

const many = (n: number, level: Finding['level']): Finding[] =>
  Array.from({ length: n }, (_, i) => finding({ level, path: `${level}/${i}/Dockerfile` }));

describe('workflow command escaping', () => {
  it.each([
    { input: 'plain', data: 'plain', property: 'plain' },
    { input: '100%', data: '100%25', property: '100%25' },
    { input: 'a\r\nb', data: 'a%0D%0Ab', property: 'a%0D%0Ab' },
    { input: 'a\nb', data: 'a%0Ab', property: 'a%0Ab' },
    { input: 'image: x,y', data: 'image: x,y', property: 'image%3A x%2Cy' },
    // `%` first, so the escapes themselves are not escaped again.
    { input: '%0A', data: '%250A', property: '%250A' },
    { input: '::error::x', data: '::error::x', property: '%3A%3Aerror%3A%3Ax' },
  ])('$input', ({ input, data, property }) => {
    expect(escapeData(input)).toBe(data);
    expect(escapeProperty(input)).toBe(property);
  });
});

describe('formatGithub', () => {
  it('prints one command per finding with the region and the rule as title', () => {
    expect(formatGithub([finding()])).toBe('::error file=Dockerfile,line=1,endLine=1,col=1,endColumn=5,title=CG001 root-user::the container runs as root\n');
  });

  it('maps note to notice and warning to warning', () => {
    expect(formatGithub([finding({ level: 'note' }), finding({ level: 'warning' })])).toBe(
      '::warning file=Dockerfile,line=1,endLine=1,col=1,endColumn=5,title=CG001 root-user::the container runs as root\n' +
        '::notice file=Dockerfile,line=1,endLine=1,col=1,endColumn=5,title=CG001 root-user::the container runs as root\n',
    );
  });

  it('leaves columns out of multi-line annotations (GitHub rejects them there)', () => {
    const f = finding({ region: { line: 2, column: 3, endLine: 4, endColumn: 1 } });
    expect(formatGithub([f])).toBe('::error file=Dockerfile,line=2,endLine=4,title=CG001 root-user::the container runs as root\n');
  });

  it('escapes the file, the title and the message', () => {
    const f = finding({ path: 'a,b:c%/Dockerfile', ruleName: 'x,y', message: '50% of\r\nlines: a,b' });
    expect(formatGithub([f])).toBe('::error file=a%2Cb%3Ac%25/Dockerfile,line=1,endLine=1,col=1,endColumn=5,title=CG001 x%2Cy::50%25 of%0D%0Alines: a,b\n');
  });

  it('leaves suppressed findings out and prints nothing when nothing is left', () => {
    expect(formatGithub([finding({ suppressed: { kind: 'inSource' } })])).toBe('');
    expect(formatGithub([])).toBe('');
  });

  it('puts errors first, then warnings, then notices', () => {
    const out = formatGithub([finding({ level: 'note' }), finding({ level: 'warning' }), finding({ level: 'error' })]);
    expect(out.split('\n').map((l) => l.split(' ')[0])).toEqual(['::error', '::warning', '::notice', '']);
  });

  it('shows at most 10 per level and sums up the rest in one notice', () => {
    const lines = formatGithub([...many(12, 'error'), ...many(11, 'warning'), ...many(3, 'note')]).trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('::error ')).length).toBe(10);
    expect(lines.filter((l) => l.startsWith('::warning ')).length).toBe(10);
    expect(lines.filter((l) => l.startsWith('::notice file=')).length).toBe(3);
    expect(lines.at(-1)).toBe(
      '::notice title=cguard::+3 more findings not shown as annotations (GitHub shows 10 per level and step); see the SARIF upload or the step summary',
    );
    expect(lines.length).toBe(24);
    // The shown ones are the first of each level, in order.
    expect(lines[0]).toContain('file=error/0/Dockerfile,');
    expect(lines[9]).toContain('file=error/9/Dockerfile,');
  });

  it('keeps a notice slot for the "+N more" line when notices are full', () => {
    const lines = formatGithub([...many(11, 'error'), ...many(10, 'note')]).trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('::error ')).length).toBe(10);
    expect(lines.filter((l) => l.startsWith('::notice ')).length).toBe(10);
    expect(lines.at(-1)).toMatch(/^::notice title=cguard::\+2 more findings/);
  });

  it('shows exactly 10 of a level without a "+N more" line', () => {
    const out = formatGithub(many(10, 'note'));
    expect(out.trimEnd().split('\n').length).toBe(10);
    expect(out).not.toContain('more findings');
  });

  it('honours a smaller cap', () => {
    const lines = formatGithub(many(3, 'warning'), { maxPerLevel: 1 }).trimEnd().split('\n');
    expect(lines.length).toBe(2);
    expect(lines[1]).toMatch(/^::notice title=cguard::\+2 more findings/);
  });
});

describe('cguard scan --format github', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints annotations with paths relative to the working directory and exits by --fail-on', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cguard-gh-'));
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine:3.20\nRUN echo hi\n');
    const out: string[] = [];
    const err: string[] = [];
    const io = { cwd: dir, stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), isTTY: false, env: {} };
    const code = runCli(['scan', '--format', 'github', '--fail-on', 'never'], io);
    expect(err.join('')).toBe('');
    expect(code).toBe(0);
    const lines = out.join('').trimEnd().split('\n');
    const cg001 = lines.filter((l) => l.includes('title=CG001 '));
    expect(cg001.length).toBe(1);
    expect(cg001[0]).toMatch(/^::error file=Dockerfile,line=\d+,/);
  });
});
