/**
 * CG000 parse-error: a file cguard was asked to read and could not, located where the parser
 * stopped; the scan goes on. Messages follow the tool that would refuse the file (BuildKit,
 * yaml.v3/compose-go, systemd 252, Quadlet). Read errors (binary, non-UTF-8, too large) happen
 * before any parser and are checked through the CLI.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { lint } from '../helpers.js';
import { crlf, ruleTester, type InvalidCase, type ValidCase } from './core-rule-tester.js';

const valid: ValidCase[] = [
  { name: 'Dockerfile: parser directive and comments', kind: 'dockerfile', code: '# syntax=docker/dockerfile:1.7\n# build the app\nFROM alpine:3.20\nUSER nobody\n' },
  { name: 'Dockerfile: global ARG before FROM', kind: 'dockerfile', code: 'ARG VERSION=3.20\nFROM alpine:${VERSION}\n' },
  { name: 'Dockerfile: heredoc', kind: 'dockerfile', code: 'FROM alpine:3.20\nRUN <<EOF\nset -e\napk add --no-cache curl\nEOF\nUSER nobody\n' },
  { name: 'Dockerfile: CRLF and continuation', kind: 'dockerfile', code: crlf('FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y curl\n') },
  { name: 'Dockerfile: lower-case instructions and ONBUILD', kind: 'dockerfile', code: 'from alpine:3.20\nonbuild run echo hi\n' },
  { name: 'compose: anchors, merges, no version key', kind: 'compose', code: 'x-base: &base\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: nginx:1.27\n' },
  { name: 'compose: a comment-only second document', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n---\n# nothing here\n' },
  { name: 'compose: empty services', kind: 'compose', code: 'name: demo\nservices: {}\n' },
  { name: 'unit: comments, continuation with a comment line inside', kind: 'unit', code: '[Unit]\n; a comment\n# another\nDescription=web\n\n[Service]\nExecStart=/usr/bin/docker run --rm \\\n# the image\n  nginx:1.27\n' },
  { name: 'unit: X- section', kind: 'unit', code: '[Unit]\nDescription=x\n[X-Custom]\nFoo=bar\n[Service]\nExecStart=/bin/true\n' },
  { name: 'unit: two ExecStart= in a oneshot', kind: 'unit', code: '[Service]\nType=oneshot\nExecStart=/usr/bin/docker pull nginx:1.27\nExecStart=/usr/bin/docker image prune -f\n' },
  { name: 'unit: ExecStart= reset then set (drop-in idiom)', kind: 'unit', code: '[Service]\nExecStart=\nExecStart=/usr/bin/docker run --rm nginx:1.27\n' },
  { name: 'unit: a timer', kind: 'unit', path: 'backup.timer', code: '[Unit]\nDescription=nightly\n[Timer]\nOnCalendar=daily\nPersistent=true\n[Install]\nWantedBy=timers.target\n' },
  { name: 'Quadlet: every section it knows', kind: 'quadlet', code: '[Unit]\nDescription=x\n[Container]\nImage=docker.io/library/nginx:1.27\nPodmanArgs=--init\n[Service]\nRestart=always\n[Install]\nWantedBy=default.target\n' },
];

const invalid: InvalidCase[] = [
  { name: 'Dockerfile: unknown instruction', kind: 'dockerfile', code: 'FROM alpine:3.20\nRUNN echo hi\n', errors: ['2:1'] },
  { name: 'Dockerfile: instruction before FROM', kind: 'dockerfile', code: '# base\nRUN echo\nFROM alpine:3.20\n', errors: ['2:1'] },
  { name: 'Dockerfile: empty file', kind: 'dockerfile', code: '', errors: ['1:1'] },
  { name: 'Dockerfile: no FROM', kind: 'dockerfile', code: 'ARG X=1\nLABEL a=b\n', errors: ['2:1'] },
  { name: 'Dockerfile: unterminated heredoc', kind: 'dockerfile', code: 'FROM alpine:3.20\nCOPY <<EOF /etc/motd\nhello\n', errors: ['2:1'] },
  { name: 'compose: unclosed flow sequence', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n    ports: [80:80\n', errors: ['5:1'] },
  { name: 'compose: bad indentation', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n   ports:\n      - "80:80"\n', errors: ['4:1'] },
  { name: 'compose: top level is a list', kind: 'compose', code: '- web\n- db\n', errors: ['1:1'] },
  { name: 'compose: services is a list', kind: 'compose', code: 'services: [web]\n', errors: ['1:11'] },
  { name: 'compose: alias to no anchor', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n    logging: *logging\n', errors: ['4:14'] },
  { name: 'compose: duplicate service', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n  web:\n    image: nginx:1.26\n', errors: ['4:3'] },
  {
    name: 'compose: alias bomb',
    kind: 'compose',
    code: [
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'services: {}',
      '',
    ].join('\n'),
    errors: ['5:29'],
  },
  { name: 'compose: a second document with content', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n---\nservices:\n  db:\n    image: postgres:16\n', errors: ['5:1'] },
  { name: 'unit: section header without ]', kind: 'unit', code: '[Unit]\nDescription=x\n[Service\nExecStart=/bin/true\n', errors: ['3:1'] },
  { name: 'unit: a line without =', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm nginx:1.27\ndocker stop web\n', errors: ['3:1'] },
  { name: 'unit: assignment before any section', kind: 'unit', code: 'Description=x\n[Service]\nExecStart=/bin/true\n', errors: ['1:1'] },
  { name: 'unit: unbalanced quotes in ExecStart=', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm "nginx:1.27\n', errors: ['2:11'] },
  { name: 'unit: two ExecStart= outside Type=oneshot', kind: 'unit', code: '[Service]\nExecStart=/bin/echo a\nExecStart=/bin/echo b\n', errors: ['3:11'] },
  { name: 'unit: CRLF, section header without ]', kind: 'unit', code: crlf('[Unit]\nDescription=x\n[Install\nWantedBy=multi-user.target\n'), errors: ['3:1'] },
  { name: 'Quadlet: a key Quadlet does not know', kind: 'quadlet', code: '[Container]\nImage=docker.io/library/nginx:1.27\nPrivileged=true\n', errors: ['3:1'] },
  { name: 'Quadlet: no [Container]', kind: 'quadlet', code: '[Unit]\nDescription=x\n', errors: ['1:1'] },
  { name: 'Quadlet: no Image= nor Rootfs=', kind: 'quadlet', code: '[Container]\nPublishPort=80:80\n', errors: ['1:1'] },
];

ruleTester('CG000', 'parse-error', { valid, invalid });

describe('CG000 keeps the other rules going', () => {
  it('a unit with an ignored line is still checked', () => {
    const findings = lint('unit', '[Service]\nthis is not a setting\nRestart=always\nExecStart=/usr/bin/docker run --rm nginx\n');
    const ids = findings.map((f) => f.ruleId);
    expect(ids).toContain('CG000');
    expect(ids).toContain('CG004');
    expect(ids).toContain('CG007');
  });

  it('a file that cannot be read has no other findings', () => {
    const findings = lint('compose', 'services:\n  web:\n    image: nginx\n    ports: [80:80\n');
    expect(findings.map((f) => f.ruleId)).toEqual(['CG000']);
  });
});

describe('CG000 for files that cannot be read as text (CLI)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cguard-cg000-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'Dockerfile'), Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x00, 0x01, 0x02, 0x0a]));
  writeFileSync(path.join(dir, 'compose.yaml'), Buffer.from('services:\n  caf\xe9:\n    image: nginx:1.27\n', 'latin1'));
  writeFileSync(path.join(dir, 'big.service'), `[Service]\nExecStart=/usr/bin/docker run --rm nginx:1.27\n${'# padding\n'.repeat(300)}`);
  writeFileSync(path.join(dir, 'ok.service'), '[Service]\nRestart=always\nExecStart=/usr/bin/docker run --rm nginx:1.27\n');

  it('reports binary, non-UTF-8 and too-large files at 1:1 and goes on with the others', () => {
    let out = '';
    const code = runCli(['scan', '.', '--format', 'json', '--max-file-size', '1k'], {
      cwd: dir,
      stdout: (s) => (out += s),
      stderr: () => {},
      isTTY: false,
      env: {},
    });
    expect(code).toBe(1);
    const results = (JSON.parse(out) as { results: Array<{ ruleId: string; file: string; line: number; column: number; message: string }> }).results;
    const parseErrors = results.filter((r) => r.ruleId === 'CG000').map((r) => `${r.file}:${r.line}:${r.column}`).sort();
    expect(parseErrors).toEqual(['Dockerfile:1:1', 'big.service:1:1', 'compose.yaml:1:1']);
    expect(results.find((r) => r.file === 'Dockerfile')!.message).toMatch(/binary/);
    expect(results.find((r) => r.file === 'compose.yaml')!.message).toMatch(/UTF-8/);
    expect(results.find((r) => r.file === 'big.service')!.message).toMatch(/too large/);
    expect(results.filter((r) => r.file === 'ok.service').map((r) => r.ruleId)).toContain('CG007');
  });
});
