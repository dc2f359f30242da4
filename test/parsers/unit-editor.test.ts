import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Edit } from '../../src/model/edit.js';
import { sourceFromText, type SourceFile } from '../../src/model/source.js';
import type { UnitModel } from '../../src/model/unit.js';
import { parseUnit } from '../../src/parsers/systemd-unit.js';
import { appendUnitKey, deleteEntry, moveEntry, replaceValue, setUnitKey, setUnitKeys } from '../../src/parsers/unit-editor.js';

function apply(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) expect(sorted[i - 1]!.end).toBeLessThanOrEqual(sorted[i]!.start);
  return sorted.reduceRight((out, e) => out.slice(0, e.start) + e.text + out.slice(e.end), text);
}

type Edit1 = (file: SourceFile, unit: UnitModel) => Edit[];
const entry = (unit: UnitModel, key: string) => unit.entries.find((e) => e.key === key)!;

const cases: Array<[string, string, Edit1, string]> = [
  ['setUnitKey appends after the last entry of the section',
    '[Unit]\nDescription=x\n\n[Service]\nRestart=always\n',
    (f, u) => setUnitKey(f, u, 'Unit', 'StartLimitIntervalSec', '60'),
    '[Unit]\nDescription=x\nStartLimitIntervalSec=60\n\n[Service]\nRestart=always\n'],
  ['setUnitKey replaces the value of the last assignment',
    '[Unit]\nStartLimitIntervalSec=0\nStartLimitIntervalSec=5\n',
    (f, u) => setUnitKey(f, u, 'Unit', 'StartLimitIntervalSec', '60'),
    '[Unit]\nStartLimitIntervalSec=0\nStartLimitIntervalSec=60\n'],
  ['setUnitKeys creates [Unit] once, before the first section and after leading comments',
    '# header\n[Service]\nRestart=always\n',
    (f, u) => setUnitKeys(f, u, 'Unit', [['StartLimitIntervalSec', '60'], ['StartLimitBurst', '3']]),
    '# header\n[Unit]\nStartLimitIntervalSec=60\nStartLimitBurst=3\n\n[Service]\nRestart=always\n'],
  ['setUnitKeys replaces one key and appends another',
    '[Unit]\nStartLimitBurst=0\nAfter=a\n[Service]\n',
    (f, u) => setUnitKeys(f, u, 'Unit', [['StartLimitIntervalSec', '60'], ['StartLimitBurst', '3']]),
    '[Unit]\nStartLimitBurst=3\nAfter=a\nStartLimitIntervalSec=60\n[Service]\n'],
  ['a new [Service] goes before [Install]',
    '[Unit]\nDescription=x\n\n[Install]\nWantedBy=multi-user.target\n',
    (f, u) => appendUnitKey(f, u, 'Service', 'ExecStart', '/bin/true'),
    '[Unit]\nDescription=x\n\n[Service]\nExecStart=/bin/true\n\n[Install]\nWantedBy=multi-user.target\n'],
  ['a new [Install] goes at the end, the last line finished first',
    '[Service]\nExecStart=/bin/true',
    (f, u) => appendUnitKey(f, u, 'Install', 'WantedBy', 'multi-user.target'),
    '[Service]\nExecStart=/bin/true\n\n[Install]\nWantedBy=multi-user.target\n'],
  ['a new section at the end after a blank line adds no second blank line',
    '[Service]\nExecStart=/bin/true\n\n',
    (f, u) => appendUnitKey(f, u, 'Install', 'WantedBy', 'multi-user.target'),
    '[Service]\nExecStart=/bin/true\n\n[Install]\nWantedBy=multi-user.target\n'],
  ['an empty section gets the key right after its header',
    '[Unit]\n# nothing yet\n[Service]\nExecStart=/bin/true\n',
    (f, u) => appendUnitKey(f, u, 'Unit', 'After', 'docker.service'),
    '[Unit]\nAfter=docker.service\n# nothing yet\n[Service]\nExecStart=/bin/true\n'],
  ['a last line without a line break stays without one',
    '[Unit]\nA=1',
    (f, u) => appendUnitKey(f, u, 'Unit', 'B', '2'),
    '[Unit]\nA=1\nB=2'],
  ['appending after a continued entry goes after its last line',
    '[Service]\nExecStart=/usr/bin/docker run \\\n  nginx\n\n[Install]\n',
    (f, u) => appendUnitKey(f, u, 'Service', 'Restart', 'always'),
    '[Service]\nExecStart=/usr/bin/docker run \\\n  nginx\nRestart=always\n\n[Install]\n'],
  ['moveEntry moves a misplaced key into [Unit]',
    '[Unit]\nDescription=x\n\n[Service]\nRestart=always\nStartLimitIntervalSec=60\nRestartSec=5\n',
    (f, u) => moveEntry(f, u, entry(u, 'StartLimitIntervalSec'), 'Unit'),
    '[Unit]\nDescription=x\nStartLimitIntervalSec=60\n\n[Service]\nRestart=always\nRestartSec=5\n'],
  ['moveEntry creates [Unit] and keeps a continued value as written',
    '[Service]\nRestart=always\n  StartLimitInterval=1min \\\n  30s\n',
    (f, u) => moveEntry(f, u, entry(u, 'StartLimitInterval'), 'Unit', 'StartLimitIntervalSec'),
    '[Unit]\nStartLimitIntervalSec=1min \\\n  30s\n\n[Service]\nRestart=always\n'],
  ['moveEntry of the last line into a new section at the end is one edit',
    '[Unit]\nDescription=x\n[Service]\nWantedBy=multi-user.target\n',
    (f, u) => moveEntry(f, u, entry(u, 'WantedBy'), 'Install'),
    '[Unit]\nDescription=x\n[Service]\n\n[Install]\nWantedBy=multi-user.target\n'],
  ['moveEntry within its section only renames the key',
    '[Unit]\nStartLimitInterval=60\n',
    (f, u) => moveEntry(f, u, entry(u, 'StartLimitInterval'), 'Unit', 'StartLimitIntervalSec'),
    '[Unit]\nStartLimitIntervalSec=60\n'],
  ['deleteEntry removes all lines of a continued entry',
    '[Service]\nExecStartPre=/usr/bin/docker rm \\\n  -f web\nExecStart=/bin/true\n',
    (_f, u) => deleteEntry(entry(u, 'ExecStartPre')),
    '[Service]\nExecStart=/bin/true\n'],
  ['replaceValue replaces a continued value, an empty value gets one',
    '[Service]\nExecStart=/bin/a \\\n  b\nTimeoutStopSec=\n',
    (_f, u) => [...replaceValue(entry(u, 'ExecStart'), '/bin/c'), ...replaceValue(entry(u, 'TimeoutStopSec'), '120')],
    '[Service]\nExecStart=/bin/c\nTimeoutStopSec=120\n'],
];

function run(text: string, edit: Edit1): string {
  const file = sourceFromText('web.service', 'unit', text);
  return apply(text, edit(file, parseUnit(file).model!));
}

describe('unit editor (LF)', () => {
  it.each(cases)('%s', (_name, before, edit, after) => {
    expect(run(before, edit)).toBe(after);
  });

  it.each(cases.filter(([name]) => name.startsWith('setUnitKey')))('setting again changes nothing: %s', (_name, _before, edit, after) => {
    expect(run(after, edit)).toBe(after);
  });
});

describe('unit editor (CRLF keeps CRLF)', () => {
  const crlf = (s: string) => s.replace(/\n/g, '\r\n');
  it.each(cases)('%s', (_name, before, edit, after) => {
    expect(run(crlf(before), edit)).toBe(crlf(after));
  });
});

const systemdAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;

describe.skipIf(!systemdAnalyze)('edited units pass systemd-analyze verify with no new warnings', () => {
  const warnings = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'cguard-edit-'));
    writeFileSync(join(dir, 'web.service'), text);
    const out = spawnSync('systemd-analyze', ['verify', '--man=no', join(dir, 'web.service')], { encoding: 'utf8' });
    return [...out.stderr.matchAll(/web\.service:\d+: (.*)/g)].map((m) => m[1]!);
  };
  const base = '# web\n[Service]\nType=oneshot\nRestart=on-failure\nStartLimitIntervalSec=60\nExecStart=/bin/true\n';
  it.each<[string, Edit1, string[]]>([
    ['moving StartLimitIntervalSec= to a new [Unit] silences systemd', (f, u) => moveEntry(f, u, entry(u, 'StartLimitIntervalSec'), 'Unit'), []],
    ['adding [Install]', (f, u) => appendUnitKey(f, u, 'Install', 'WantedBy', 'multi-user.target'),
      ["Unknown key 'StartLimitIntervalSec' in section [Service], ignoring."]],
    ['adding limits to [Unit]', (f, u) => setUnitKeys(f, u, 'Unit', [['StartLimitIntervalSec', '60'], ['StartLimitBurst', '3']]),
      ["Unknown key 'StartLimitIntervalSec' in section [Service], ignoring."]],
  ])('%s', (_name, edit, expected) => {
    expect(warnings(base)).toEqual(["Unknown key 'StartLimitIntervalSec' in section [Service], ignoring."]);
    expect(warnings(run(base, edit))).toEqual(expected);
    expect(warnings(run(base.replace(/\n/g, '\r\n'), edit))).toEqual(expected);
  });
});
