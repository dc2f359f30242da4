import { describe, expect, it } from 'vitest';
import { formatGithub } from '../../src/report/github.js';
import { formatJson } from '../../src/report/json.js';
import { formatText } from '../../src/report/text.js';
import { lint } from '../helpers.js';

const text = 'FROM alpine\nUSER root\n';
const findings = lint('dockerfile', text, { path: 'app/Dockerfile' });

describe('text format', () => {
  it('groups by file, aligns columns and ends with a summary', () => {
    expect(formatText(findings, { color: false, filesScanned: 1 })).toBe(
      [
        'app/Dockerfile',
        '  1:6      warning  CG004  base image alpine has no tag, so it means whatever `latest` is on the day it is pulled; pin a version  unpinned-image',
        '  2:6      error    CG001  the final stage runs as root (USER root); switch to an unprivileged user before the image is run  root-user [unsafe fix]',
        '',
        '✖ 2 problems (1 error, 1 warning, 0 notes), 1 file scanned; 1 more with --unsafe-fixes',
        '',
      ].join('\n'),
    );
  });
  it('says so when there is nothing to report', () => {
    expect(formatText([], { color: false, filesScanned: 3 })).toBe('✔ no problems (3 files scanned)\n');
  });
});

describe('json format', () => {
  it('follows the contract', () => {
    const out = JSON.parse(formatJson(findings, { filesScanned: 1, textOf: () => text, includeSuppressed: false }));
    expect(out.version).toBe(1);
    expect(out.results[1]).toMatchObject({ ruleId: 'CG001', name: 'root-user', level: 'error', file: 'app/Dockerfile', line: 2, column: 6, endLine: 2, endColumn: 10 });
    expect(out.results[1].fixes[0]).toEqual({
      safety: 'unsafe',
      description: 'set USER 65532:65532',
      edits: [{ start: 17, end: 21, line: 2, column: 6, endLine: 2, endColumn: 10, text: '65532:65532' }],
    });
    expect(out.summary).toMatchObject({ files: 1, findings: 2, errors: 1, warnings: 1, notes: 0, fixable: 0, unsafeFixable: 1 });
  });
});

describe('github format', () => {
  it('prints escaped workflow commands', () => {
    expect(formatGithub(findings)).toBe(
      '::error file=app/Dockerfile,line=2,endLine=2,col=6,endColumn=10,title=CG001 root-user::the final stage runs as root (USER root); switch to an unprivileged user before the image is run\n' +
        '::warning file=app/Dockerfile,line=1,endLine=1,col=6,endColumn=12,title=CG004 unpinned-image::base image alpine has no tag, so it means whatever `latest` is on the day it is pulled; pin a version\n',
    );
  });
});
