/**
 * The CG2xx fixes checked with systemd itself: `systemd-analyze verify` must say nothing about a
 * fixed unit that it did not already say about the original (a missing /usr/bin/docker, say).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyEdits, lint } from '../helpers.js';

function hasSystemdAnalyze(): boolean {
  try {
    execFileSync('which', ['systemd-analyze'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'cguard-cg2xx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What systemd-analyze verify says about a unit, one line per message, without the file's path. */
function verify(name: string, text: string): string[] {
  const path = join(dir, name);
  writeFileSync(path, text);
  const result = spawnSync('systemd-analyze', ['verify', '--man=no', path], { encoding: 'utf8' });
  return `${result.stdout}\n${result.stderr}`
    .split('\n')
    .map((line) => line.replaceAll(`${dir}/`, '').replace(/^\S+:\d+: /, '').trim())
    .filter(Boolean);
}

const unit = (unitLines: string[], service: string[]) => ['[Unit]', 'Description=web', ...unitLines, '', '[Service]', ...service, ''].join('\n');

const cases: Array<[string, string]> = [
  ['CG201', unit(['After=docker.service', 'Wants=docker.service'], ['ExecStartPre=/usr/bin/docker rm -f web || true', 'ExecStart=/usr/bin/docker run --rm --name web nginx:1.27'])],
  ['CG202', unit(['After=docker.service', 'Wants=docker.service'], ['ExecStart=/usr/bin/docker run -d --name web nginx:1.27', 'ExecStop=/usr/bin/docker stop web'])],
  ['CG202', unit(['After=docker.service', 'Wants=docker.service'], ['Type=oneshot', 'ExecStart=/usr/bin/docker run -d --name web nginx:1.27'])],
  ['CG203', unit([], ['ExecStart=/usr/bin/docker run --rm --name web nginx:1.27'])],
  ['CG203', unit(['After=network-online.target', 'Wants=network-online.target'], ['ExecStart=/usr/bin/docker run --rm --name web nginx:1.27'])],
  ['CG204', unit(['After=docker.service', 'Wants=docker.service'], ['TimeoutSec=60', 'ExecStart=/usr/bin/docker run --rm --name db postgres:17', 'ExecStop=/usr/bin/docker stop -t 120 db'])],
  ['CG205', unit(['After=docker.service', 'Wants=docker.service'], ["ExecStartPre=/bin/sh -c 'docker tag app app:$(date +%Y-%m-%d)'", 'ExecStart=/bin/echo a%Zb'])],
  ['CG206', unit(['After=docker.service', 'Wants=docker.service'], ['ExecStart=/usr/bin/docker run -it --rm --name web nginx:1.27'])],
  ['CG207', unit(['After=docker.service', 'Wants=docker.service'], ['Environment=IMAGE=nginx:1.27', 'ExecStart=/usr/bin/docker run --rm --name=$NAME $IMAGE'])],
];

describe.skipIf(!hasSystemdAnalyze())('CG2xx fixes pass systemd-analyze verify', () => {
  it.each(cases)('%s: the fixed unit gives no new warnings', (id, text) => {
    const findings = lint('unit', text, { path: 'web.service' }).filter((f) => f.ruleId === id);
    expect(findings.length).toBeGreaterThan(0);
    const edits = findings.flatMap((f) => f.fix?.edits ?? []);
    expect(edits.length).toBeGreaterThan(0);
    const after = applyEdits(text, edits);
    expect(after).not.toBe(text);
    const before = new Set(verify('web.service', text));
    const added = verify('web.service', after).filter((line) => !before.has(line));
    expect(added).toEqual([]);
    expect(lint('unit', after, { path: 'web.service' }).filter((f) => f.ruleId === id && f.fix)).toEqual([]);
  });

  it('sees the fatal specifier CG205 fixes', () => {
    expect(verify('web.service', unit([], ['ExecStart=/bin/echo a%Zb'])).join('\n')).toContain('Failed to resolve unit specifiers');
    expect(verify('web.service', unit([], ['ExecStart=/bin/echo a%%Zb'])).join('\n')).not.toContain('Failed to resolve');
  });
});
