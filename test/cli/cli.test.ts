import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';

function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'cguard-cli-'));
  mkdirSync(path.join(root, '.git'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

function run(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false, env: {} });
  return { code, stdout, stderr };
}

const CLEAN_DOCKERFILE = 'FROM alpine:3.20\nUSER 1000\n';

describe('cguard CLI', () => {
  it('exits 0 on a clean tree and 1 with findings at or above --fail-on', () => {
    expect(run(project({ Dockerfile: CLEAN_DOCKERFILE }), 'scan').code).toBe(0);
    const dirty = project({ Dockerfile: 'FROM alpine\nUSER 1000\n' });
    expect(run(dirty, 'scan').code).toBe(1);
    expect(run(dirty, 'scan', '--fail-on', 'error').code).toBe(0);
    expect(run(dirty, 'scan', '--fail-on', 'never').code).toBe(0);
  });

  it('a baseline written by `cguard baseline` silences those findings in every format, and new ones still fail', () => {
    // Text output skips fingerprints unless a baseline needs them; this is the case that needs them.
    const root = project({ Dockerfile: 'FROM alpine\nUSER 1000\n' });
    expect(run(root, 'baseline').code).toBe(0);
    for (const format of ['text', 'github', 'json', 'sarif']) {
      expect(run(root, 'scan', '--format', format, '--baseline', '.cguard-baseline.json').code, format).toBe(0);
    }
    writeFileSync(path.join(root, 'Dockerfile'), 'FROM alpine\nFROM debian\nUSER 1000\n');
    const after = run(root, 'scan', '--baseline', '.cguard-baseline.json');
    expect(after.code).toBe(1);
    expect(after.stdout).toMatch(/^ {2}2:6 .*CG004/m);
    expect(after.stdout).not.toMatch(/^ {2}1:/m);
  });

  it('gives findings fingerprints in JSON and SARIF', () => {
    const root = project({ Dockerfile: 'FROM alpine\nUSER 1000\n' });
    const json = JSON.parse(run(root, 'scan', '--format', 'json').stdout) as { results: Array<{ fingerprint: string }> };
    expect(json.results.length).toBeGreaterThan(0);
    for (const f of json.results) expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    const sarif = JSON.parse(run(root, 'scan', '--format', 'sarif').stdout) as { runs: Array<{ results: Array<{ partialFingerprints: Record<string, string> }> }> };
    for (const r of sarif.runs[0]!.results) expect(r.partialFingerprints['cguard/v1']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('treats a leading path as `scan PATH`', () => {
    const root = project({ 'a/Dockerfile': 'FROM alpine\n' });
    expect(run(root, '--format', 'json', 'a').code).toBe(1);
  });

  it('gives usage errors in one line with exit 2', () => {
    const root = project({});
    for (const argv of [['scan', '--bogus'], ['scan', '--format', 'xml'], ['frob'], ['explain'], ['scan', '--fail-on']]) {
      const r = run(root, ...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^cguard: /);
    }
  });

  it('does not take the next option as a missing value', () => {
    const root = project({});
    const r = run(root, 'scan', '--shard', '--debug');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("cguard: --shard needs a value, not the option '--debug' (write --shard=--debug if that is the value)\n");
    expect(run(root, 'scan', '--fail-on=never').code).toBe(0);
  });

  it('explains a rule by id or name, and lists rules as JSON', () => {
    const root = project({});
    expect(run(root, 'explain', 'root-user').stdout).toMatch(/^CG001 root-user — /);
    expect(run(root, 'explain', 'cg007').stdout).toMatch(/^CG007 start-limit/);
    expect(run(root, 'explain', 'CG999').code).toBe(2);
    const rules = JSON.parse(run(root, 'rules', '--format', 'json').stdout);
    expect(rules.rules.map((r: { id: string }) => r.id)).toContain('CG006');
  });

  it('writes the report with -o and reports parse errors as CG000 while the scan goes on', () => {
    const root = project({ 'compose.yaml': 'services: [unclosed\n', Dockerfile: CLEAN_DOCKERFILE });
    const r = run(root, 'scan', '--format', 'json', '-o', 'out/report.json');
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(path.join(root, 'out/report.json'), 'utf8'));
    expect(report.results.map((x: { ruleId: string; file: string }) => `${x.ruleId}:${x.file}`)).toEqual(['CG000:compose.yaml']);
    expect(report.summary.files).toBe(2);
  });

  it('replaces an -o file whole, through a symlink, keeping its mode and leaving no temporary file', () => {
    const root = project({ Dockerfile: CLEAN_DOCKERFILE, 'reports/real.sarif': 'the previous report\n' });
    chmodSync(path.join(root, 'reports/real.sarif'), 0o640);
    symlinkSync('real.sarif', path.join(root, 'reports/link.sarif'));
    expect(run(root, 'scan', '--format', 'sarif', '-o', 'reports/link.sarif').code).toBe(0);
    expect(lstatSync(path.join(root, 'reports/link.sarif')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(path.join(root, 'reports/real.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(statSync(path.join(root, 'reports/real.sarif')).mode & 0o777).toBe(0o640);
    expect(readdirSync(path.join(root, 'reports')).sort()).toEqual(['link.sarif', 'real.sarif']);
  });

  it('skips YAML that is not a compose file, silently', () => {
    const root = project({ '.github/workflows/ci.yml': 'on: push\njobs: {}\n', 'values.yaml': 'services: 3\n' });
    const r = run(root, 'scan', '.github/workflows/ci.yml', '.');
    expect([r.code, r.stderr]).toEqual([0, '']);
  });

  it('--diff prints a patch and writes nothing; --fix applies safe fixes only', () => {
    const unit = '[Unit]\nAfter=docker.service\nRequires=docker.service\n\n[Service]\nRestart=always\nRestartSec=5\nExecStart=/usr/bin/docker run --rm --read-only --tmpfs /tmp --cap-drop=ALL --user 1000 --log-driver=local nginx:1.27\n';
    const root = project({ 'web.service': unit });
    const diff = run(root, 'scan', '--diff');
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('+++ b/web.service');
    expect(readFileSync(path.join(root, 'web.service'), 'utf8')).toBe(unit);
    const fix = run(root, 'scan', '--fix');
    expect(fix.stderr).toContain('applied 1 fix in 1 file');
    expect(readFileSync(path.join(root, 'web.service'), 'utf8')).toBe(unit.replace('Requires=docker.service\n', 'Requires=docker.service\nStartLimitIntervalSec=300\nStartLimitBurst=5\n'));
    expect(run(root, 'scan', '--diff').code).toBe(0);
  });
});
