import { describe, expect, it } from 'vitest';
import { cell, renderStepSummary, STEP_SUMMARY_LIMIT, type StepSummaryOptions } from '../../src/action/summary.js';
import type { Finding } from '../../src/finding.js';

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'CG001',
    ruleName: 'root-user',
    level: 'error',
    message: 'the final stage runs as root',
    path: 'Dockerfile',
    span: { start: 0, end: 4 },
    region: { line: 1, column: 1, endLine: 1, endColumn: 5 },
    fingerprint: 'f',
    ...overrides,
  };
}

const options: StepSummaryOptions = {
  filesScanned: 2,
  policyName: 'recommended',
  onlyChanged: false,
  sarifFile: 'cguard.sarif',
  helpUri: (id) => (id.startsWith('CG') ? `https://docs.example/${id.toLowerCase()}` : undefined),
  fileUri: (file, line) => `https://github.com/o/r/blob/abc/${file}#L${line}`,
};

describe('renderStepSummary', () => {
  it('says so when there is nothing to report', () => {
    expect(renderStepSummary([], options)).toBe('## cguard\n\nNo findings in 2 files (policy `recommended`).\n');
    expect(renderStepSummary([], { ...options, filesScanned: 1, onlyChanged: true })).toBe(
      '## cguard\n\nNo findings in 1 file changed in this pull request (policy `recommended`).\n',
    );
  });

  it('counts by rule and level and lists the findings with links', () => {
    const findings = [
      finding({ level: 'warning', ruleId: 'CG004', ruleName: 'unpinned-image', message: 'alpine has no tag', path: 'a/compose.yaml', region: { line: 3, column: 5, endLine: 3, endColumn: 10 } }),
      finding(),
      finding({ path: 'b/Dockerfile' }),
      finding({ ruleId: 'ORG001', ruleName: 'ORG001', level: 'note', message: 'not from the registry' }),
      finding({ suppressed: { kind: 'inSource', justification: 'test image' } }),
    ];
    expect(renderStepSummary(findings, options)).toBe(
      [
        '## cguard',
        '',
        '**4 findings** in 2 files: 2 errors, 1 warning, 1 note (policy `recommended`).',
        '',
        '1 suppressed finding not counted.',
        '',
        '| Rule | Level | Findings |',
        '| --- | --- | ---: |',
        '| [CG001](https://docs.example/cg001) root-user | error | 2 |',
        '| [CG004](https://docs.example/cg004) unpinned-image | warning | 1 |',
        '| ORG001 ORG001 | note | 1 |',
        '',
        '### Findings',
        '',
        '| Level | Rule | Location | Message |',
        '| --- | --- | --- | --- |',
        '| error | [CG001](https://docs.example/cg001) | [Dockerfile:1](https://github.com/o/r/blob/abc/Dockerfile#L1) | the final stage runs as root |',
        '| error | [CG001](https://docs.example/cg001) | [b/Dockerfile:1](https://github.com/o/r/blob/abc/b/Dockerfile#L1) | the final stage runs as root |',
        '| warning | [CG004](https://docs.example/cg004) | [a/compose.yaml:3](https://github.com/o/r/blob/abc/a/compose.yaml#L3) | alpine has no tag |',
        '| note | ORG001 | [Dockerfile:1](https://github.com/o/r/blob/abc/Dockerfile#L1) | not from the registry |',
        '',
      ].join('\n'),
    );
  });

  it('lists the first 20, most severe first, and points at the SARIF file for the rest', () => {
    const findings = [
      ...Array.from({ length: 15 }, (_, i) => finding({ level: 'note', path: `n${i}/Dockerfile` })),
      ...Array.from({ length: 10 }, (_, i) => finding({ path: `e${i}/Dockerfile` })),
    ];
    const md = renderStepSummary(findings, { ...options, fileUri: () => undefined });
    expect(md).toContain('### First 20 of 25 findings\n');
    expect(md).toContain('\nThe other 5 are in `cguard.sarif` and, once it is uploaded, under Security › Code scanning.\n');
    const rows = md.split('\n').filter((l) => /^\| (error|note) \|/.test(l));
    expect(rows).toHaveLength(20);
    expect(rows.slice(0, 10).every((r) => r.startsWith('| error |'))).toBe(true);
    expect(rows[10]).toBe('| note | [CG001](https://docs.example/cg001) | n0/Dockerfile:1 | the final stage runs as root |');
  });

  it('cannot be broken or styled by a message or path', () => {
    const md = renderStepSummary([finding({ message: 'a | b\n<img src=x> *bold* [x](y) `c` &amp;', path: 'we|ird_/Dockerfile' })], { ...options, fileUri: () => undefined });
    expect(md).toContain('| error | [CG001](https://docs.example/cg001) | we\\|ird\\_/Dockerfile:1 | a \\| b &lt;img src=x&gt; \\*bold\\* \\[x\\](y) \\`c\\` &amp;amp; |');
  });

  it('stays far below 1 MiB whatever the findings', () => {
    const long = 'x'.repeat(4000);
    const findings = Array.from({ length: 5000 }, (_, i) =>
      finding({ ruleId: `ORG${i}`, ruleName: long, message: long.repeat(25), path: `${long}/${i}/Dockerfile` }),
    );
    const md = renderStepSummary(findings, { ...options, policyName: long });
    expect(Buffer.byteLength(md)).toBeLessThan(STEP_SUMMARY_LIMIT / 2);
    expect(md).toContain('\n…and 4950 more rules.\n');
  });
});

describe('cell', () => {
  it.each([
    { input: 'plain text', output: 'plain text' },
    { input: 'line\r\nbreak\nand\rmore', output: 'line break and more' },
    { input: 'a\\b', output: 'a\\\\b' },
    { input: '~~x~~ _y_', output: '\\~\\~x\\~\\~ \\_y\\_' },
  ])('$input', ({ input, output }) => {
    expect(cell(input)).toBe(output);
  });
});
