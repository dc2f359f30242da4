import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ContainerEditor, ContainerSpec } from '../../src/model/container.js';
import type { Edit } from '../../src/model/edit.js';
import { sourceFromText } from '../../src/model/source.js';
import { parseUnit } from '../../src/parsers/systemd-unit.js';
import { extractUnitContainers } from '../../src/parsers/unit-containers.js';

function containerOf(text: string): ContainerSpec {
  const file = sourceFromText('web.service', 'unit', text);
  return extractUnitContainers(file, parseUnit(file).model!)[0]!;
}

function apply(text: string, edits: Edit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((out, e) => out.slice(0, e.start) + e.text + out.slice(e.end), text);
}

type Change = (editor: ContainerEditor, spec: ContainerSpec) => Edit[] | undefined;
const unit = (exec: string) => `[Service]\nExecStart=${exec}\n`;

const cases: Array<[string, string, Change, string]> = [
  // inline commands: new flags right before the image
  ['add capDrop inline', '/usr/bin/docker run --rm --name web nginx:1.25 nginx -g x',
    (e) => e.add('capDrop', 'ALL'), '/usr/bin/docker run --rm --name web --cap-drop=ALL nginx:1.25 nginx -g x'],
  ['set user when none', '/usr/bin/docker run nginx', (e) => e.set('user', '65532:65532'), '/usr/bin/docker run --user 65532:65532 nginx'],
  ['set user replaces -u root', '/usr/bin/docker run -u root nginx', (e) => e.set('user', '65532:65532'), '/usr/bin/docker run -u 65532:65532 nginx'],
  ['set user replaces --user=0 in quotes', '/usr/bin/docker run "--user=0" nginx', (e) => e.set('user', '65532:65532'), '/usr/bin/docker run "--user=65532:65532" nginx'],
  ['set user replaces only the last, effective one', '/usr/bin/docker run -u 1 --user root nginx', (e) => e.set('user', '65532:65532'), '/usr/bin/docker run -u 1 --user 65532:65532 nginx'],
  ['readOnly when none', '/usr/bin/docker run nginx', (e) => e.set('readOnly', 'true'), '/usr/bin/docker run --read-only nginx'],
  ['readOnly replaces --read-only=false', '/usr/bin/docker run --read-only=false nginx', (e) => e.set('readOnly', 'true'), '/usr/bin/docker run --read-only nginx'],
  ['privileged false deletes the flag', '/usr/bin/docker run --privileged --rm nginx', (e) => e.set('privileged', 'false'), '/usr/bin/docker run --rm nginx'],
  ['memory and pids limit', '/usr/bin/docker run nginx', (e) => e.batch!([{ op: 'set', setting: 'memory', value: '512m' }, { op: 'set', setting: 'pidsLimit', value: '100' }]),
    '/usr/bin/docker run --memory 512m --pids-limit 100 nginx'],
  ['tmpfs', '/usr/bin/docker run nginx', (e) => e.add('tmpfs', '/tmp'), '/usr/bin/docker run --tmpfs /tmp nginx'],
  ['logOpt added', '/usr/bin/docker run nginx', (e) => e.add('logOpt', 'max-size=10m'), '/usr/bin/docker run --log-opt max-size=10m nginx'],
  ['logOpt replaces the same key', '/usr/bin/docker run --log-opt max-size=1g nginx', (e) => e.add('logOpt', 'max-size=10m'), '/usr/bin/docker run --log-opt max-size=10m nginx'],
  ['readOnly and tmpfs as one fix', '/usr/bin/docker run nginx',
    (e) => e.batch!([{ op: 'set', setting: 'readOnly', value: 'true' }, { op: 'add', list: 'tmpfs', item: '/tmp' }]),
    '/usr/bin/docker run --read-only --tmpfs /tmp nginx'],
  ['inserts before the -- that ends the flags', '/usr/bin/docker run --rm -- nginx', (e) => e.add('capDrop', 'ALL'), '/usr/bin/docker run --rm --cap-drop=ALL -- nginx'],
  ['inserts before a ${IMAGE} word', '/usr/bin/docker run ${IMAGE}', (e) => e.add('capDrop', 'ALL'), '/usr/bin/docker run --cap-drop=ALL ${IMAGE}'],
  // removing a security option: the flag, its value and the blanks around it
  ['remove --security-opt X mid-line', '/usr/bin/docker run --security-opt seccomp=unconfined --rm nginx',
    (e, s) => e.remove('securityOpt', s.securityOpt[0]!), '/usr/bin/docker run --rm nginx'],
  ['remove --security-opt=X before the image', '/usr/bin/docker run --rm --security-opt=seccomp:unconfined nginx',
    (e, s) => e.remove('securityOpt', s.securityOpt[0]!), '/usr/bin/docker run --rm nginx'],
  ['remove one of two options', '/usr/bin/docker run --security-opt no-new-privileges --security-opt apparmor=unconfined nginx',
    (e, s) => e.remove('securityOpt', s.securityOpt[1]!), '/usr/bin/docker run --security-opt no-new-privileges nginx'],
  ['remove one capability of a comma list', '/usr/bin/docker run --cap-add NET_ADMIN,SYS_TIME nginx',
    (e, s) => e.remove('capAdd', s.capAdd[1]!), '/usr/bin/docker run --cap-add NET_ADMIN nginx'],
  ['remove the first capability of a comma list', '/usr/bin/docker run --cap-add=NET_ADMIN,SYS_TIME nginx',
    (e, s) => e.remove('capAdd', s.capAdd[0]!), '/usr/bin/docker run --cap-add=SYS_TIME nginx'],
  // commands split over lines: each new flag on a continuation line of its own
  ['add on a continued command', '/usr/bin/podman run \\\n     --rm \\\n     --name web \\\n     docker.io/library/nginx',
    (e) => e.add('capDrop', 'ALL'), '/usr/bin/podman run \\\n     --rm \\\n     --name web \\\n     --cap-drop=ALL \\\n     docker.io/library/nginx'],
  ['several on a continued command, image line with more words', '/usr/bin/docker run \\\n  --rm \\\n  -p 80:80 nginx:1 \\\n  nginx -g x',
    (e) => e.batch!([{ op: 'add', list: 'capDrop', item: 'ALL' }, { op: 'set', setting: 'user', value: '65532:65532' }]),
    '/usr/bin/docker run \\\n  --rm \\\n  --cap-drop=ALL \\\n  --user 65532:65532 \\\n  -p 80:80 nginx:1 \\\n  nginx -g x'],
  ['image on the first line stays inline', '/usr/bin/docker run --rm nginx \\\n  nginx -g x',
    (e) => e.add('capDrop', 'ALL'), '/usr/bin/docker run --rm --cap-drop=ALL nginx \\\n  nginx -g x'],
  ['remove a flag that had its own continuation line', '/usr/bin/docker run \\\n  --security-opt seccomp=unconfined \\\n  --rm \\\n  nginx',
    (e, s) => e.remove('securityOpt', s.securityOpt[0]!), '/usr/bin/docker run \\\n  --rm \\\n  nginx'],
  ['remove a flag at the end of a continued line', '/usr/bin/docker run --rm --security-opt seccomp=unconfined \\\n  nginx',
    (e, s) => e.remove('securityOpt', s.securityOpt[0]!), '/usr/bin/docker run --rm \\\n  nginx'],
  ['remove a flag whose value is on the next line', '/usr/bin/docker run --rm \\\n  --security-opt \\\n    seccomp=unconfined \\\n  nginx',
    (e, s) => e.remove('securityOpt', s.securityOpt[0]!), '/usr/bin/docker run --rm \\\n  nginx'],
];

describe('run editor: whole fixed text (LF)', () => {
  it.each(cases)('%s', (_name, before, change, after) => {
    const spec = containerOf(unit(before));
    const edits = change(spec.editor!, spec);
    expect(edits).toBeDefined();
    expect(apply(unit(before), edits!)).toBe(unit(after));
  });

  // Fixing twice equals fixing once: the fixed command already has what was asked.
  it.each(cases.filter(([name]) => !name.startsWith('remove')))('is idempotent: %s', (_name, _before, change, after) => {
    const fixed = containerOf(unit(after));
    expect(change(fixed.editor!, fixed)).toEqual([]);
  });
});

describe('run editor: whole fixed text (CRLF keeps CRLF)', () => {
  const crlf = (s: string) => s.replace(/\n/g, '\r\n');
  it.each(cases)('%s', (_name, before, change, after) => {
    const spec = containerOf(crlf(unit(before)));
    expect(apply(crlf(unit(before)), change(spec.editor!, spec)!)).toBe(crlf(unit(after)));
  });
});

describe('run editor: the fixed command means the change', () => {
  it('re-extracts with the new settings and the same image', () => {
    const before = unit('/usr/bin/docker run \\\n  --security-opt seccomp=unconfined \\\n  -u root \\\n  nginx:1.25');
    const spec = containerOf(before);
    const edits = spec.editor!.batch!([
      { op: 'add', list: 'capDrop', item: 'ALL' },
      { op: 'set', setting: 'user', value: '65532:65532' },
      { op: 'set', setting: 'readOnly', value: 'true' },
      { op: 'add', list: 'logOpt', item: 'max-size=10m' },
    ])!;
    const after = containerOf(apply(before, edits));
    expect([after.capDrop.map((c) => c.value), after.user?.value, after.readOnly?.value, after.logOptions.map((o) => o.value)]).toEqual([
      ['ALL'], '65532:65532', true, [{ key: 'max-size', value: '10m' }],
    ]);
    expect(after.image?.value.raw).toBe('nginx:1.25');
    const removed = containerOf(apply(before, spec.editor!.remove('securityOpt', spec.securityOpt[0]!)!));
    expect([removed.securityOpt, removed.user?.value, removed.image?.value.raw]).toEqual([[], 'root', 'nginx:1.25']);
  });
});

describe('run editor: nothing to do, or nothing safe to do', () => {
  it.each<[string, string, Change]>([
    ['capDrop already has all (case and CAP_ prefix)', '/usr/bin/docker run --cap-drop=cap_all nginx', (e) => e.add('capDrop', 'ALL')],
    ['already read-only', '/usr/bin/docker run --read-only nginx', (e) => e.set('readOnly', 'true')],
    ['a /tmp tmpfs is there', '/usr/bin/docker run --tmpfs /tmp:size=1m nginx', (e) => e.add('tmpfs', '/tmp')],
    ['the same user', '/usr/bin/docker run -u 65532:65532 nginx', (e) => e.set('user', '65532:65532')],
  ])('returns no edits: %s', (_name, exec, change) => {
    const spec = containerOf(unit(exec));
    expect(change(spec.editor!, spec)).toEqual([]);
  });

  it.each<[string, string, Change]>([
    ['a value that needs quoting', unit('/usr/bin/docker run nginx'), (e) => e.set('user', '1000 0')],
    ['a value with a specifier', unit('/usr/bin/docker run nginx'), (e) => e.set('memory', '50%')],
    ['a value with a variable', unit('/usr/bin/docker run nginx'), (e) => e.add('tmpfs', '$TMP')],
    ['a flag set by a variable', '[Service]\nEnvironment="OPTS=--user root"\nExecStart=/usr/bin/docker run $OPTS nginx\n', (e) => e.set('user', '65532:65532')],
    ['an item of no flag', unit('/usr/bin/docker run nginx'), (e) => e.remove('securityOpt', { value: 'x', span: { start: 0, end: 1 } })],
    ['a batch touching the same flag twice', unit('/usr/bin/docker run -u 0 nginx'),
      (e) => e.batch!([{ op: 'set', setting: 'user', value: '1' }, { op: 'set', setting: 'user', value: '2' }])],
  ])('returns undefined: %s', (_name, text, change) => {
    const spec = containerOf(text);
    expect(change(spec.editor!, spec)).toBeUndefined();
  });

  // Whatever a variable holding the image expands to, flags written before the word that holds
  // it come before the image (template units keep the image in Environment=IMAGE=…).
  it.each<[string, string, Change, string]>([
    ['the image comes from a $VAR systemd splits', '[Service]\nEnvironment="IMG=nginx --privileged"\nExecStart=/usr/bin/docker run --rm $IMG\n', (e) => e.add('capDrop', 'ALL'),
      '[Service]\nEnvironment="IMG=nginx --privileged"\nExecStart=/usr/bin/docker run --rm --cap-drop=ALL $IMG\n'],
    ['the image is an unknown $VAR', unit('/usr/bin/docker run --rm $IMAGE'), (e) => e.set('readOnly', 'true'), unit('/usr/bin/docker run --rm --read-only $IMAGE')],
    ['the image is ${IMAGE}', '[Service]\nEnvironment=IMAGE=nginx:1.27\nExecStart=/usr/bin/docker run --rm ${IMAGE}\n', (e) => e.set('user', '65532:65532'),
      '[Service]\nEnvironment=IMAGE=nginx:1.27\nExecStart=/usr/bin/docker run --rm --user 65532:65532 ${IMAGE}\n'],
  ])('inserts before an image from a variable: %s', (_name, text, change, output) => {
    const spec = containerOf(text);
    expect(apply(text, change(spec.editor!, spec)!)).toBe(output);
  });
});

const systemdAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;

describe.skipIf(!systemdAnalyze)('fixed units pass systemd-analyze verify with no new warnings', () => {
  const warnings = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'cguard-run-'));
    writeFileSync(join(dir, 'web.service'), text);
    const out = spawnSync('systemd-analyze', ['verify', '--man=no', join(dir, 'web.service')], { encoding: 'utf8' });
    // Line numbers move when lines are added; the messages must not change.
    return out.stderr.split('\n').filter((l) => l.includes('web.service')).map((l) => l.replace(/web\.service:\d+:/, 'web.service:'));
  };
  it.each(cases.filter(([name]) => /continued|inline|when none/.test(name)))('%s', (_name, before, change) => {
    const spec = containerOf(unit(before));
    const fixed = apply(unit(before), change(spec.editor!, spec)!);
    expect(warnings(fixed)).toEqual(warnings(unit(before)));
  });
});
