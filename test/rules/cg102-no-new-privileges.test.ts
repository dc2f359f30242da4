import { describe, expect, it } from 'vitest';
import type { FileKind } from '../../src/model/source.js';
import { noNewPrivileges } from '../../src/rules/cg102-no-new-privileges.js';
import { fixed, lint, locations } from '../helpers.js';

const ID = 'CG102';
interface Case { name: string; kind: FileKind; code: string }
interface Invalid extends Case { errors: string[]; output?: string }

const compose = (opts: string) => `services:\n  web:\n    image: nginx:1.27\n    security_opt:\n${opts}`;

const valid: Case[] = [
  { name: 'compose no-new-privileges', kind: 'compose', code: compose('      - no-new-privileges\n') },
  { name: 'compose no-new-privileges:true', kind: 'compose', code: compose('      - no-new-privileges:true\n') },
  { name: 'compose no-new-privileges=true', kind: 'compose', code: compose('      - "no-new-privileges=true"\n') },
  { name: 'compose flow list with =1', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n    security_opt: [no-new-privileges=1]\n' },
  { name: 'later true wins over earlier false', kind: 'compose', code: compose('      - no-new-privileges:false\n      - no-new-privileges:true\n') },
  { name: 'docker run --security-opt no-new-privileges', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --security-opt no-new-privileges nginx:1.27\n' },
  { name: 'podman run --security-opt=no-new-privileges:true', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/podman run --security-opt=no-new-privileges:true nginx:1.27\n' },
  { name: 'Quadlet NoNewPrivileges=true', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nNoNewPrivileges=true\n' },
  { name: 'Quadlet NoNewPrivileges=yes', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nNoNewPrivileges=yes\n' },
  { name: 'Quadlet PodmanArgs', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nPodmanArgs=--security-opt no-new-privileges\n' },
];

const invalid: Invalid[] = [
  {
    name: 'compose without security_opt',
    kind: 'compose',
    code: 'services:\n  web:\n    image: nginx:1.27\n',
    errors: ['2:3'],
    output: 'services:\n  web:\n    image: nginx:1.27\n    security_opt:\n      - no-new-privileges:true\n',
  },
  {
    name: 'compose with other options',
    kind: 'compose',
    code: compose('      - apparmor=docker-default\n'),
    errors: ['2:3'],
    output: compose('      - apparmor=docker-default\n      - no-new-privileges:true\n'),
  },
  { name: 'compose no-new-privileges:false is reported where it is written', kind: 'compose', code: compose('      - no-new-privileges:false\n'), errors: ['5:9'] },
  { name: 'compose =yes is not a Go boolean: Docker refuses it', kind: 'compose', code: compose('      - no-new-privileges=yes\n'), errors: ['5:9'] },
  { name: 'compose key is compared exactly', kind: 'compose', code: compose('      - NO-NEW-PRIVILEGES\n'), errors: ['2:3'] },
  {
    name: 'docker run',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --rm --name web nginx:1.27\n',
    errors: ['2:1'],
    output: '[Service]\nExecStart=/usr/bin/docker run --rm --name web --security-opt=no-new-privileges nginx:1.27\n',
  },
  {
    name: 'podman run with --security-opt no-new-privileges=false',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/podman run --security-opt no-new-privileges=false nginx:1.27\n',
    errors: ['2:46'],
  },
  {
    name: 'Quadlet without NoNewPrivileges',
    kind: 'quadlet',
    code: '[Unit]\nDescription=web\n\n[Container]\nImage=nginx:1.27\n\n[Install]\nWantedBy=default.target\n',
    errors: ['4:1'],
    output: '[Unit]\nDescription=web\n\n[Container]\nImage=nginx:1.27\nNoNewPrivileges=true\n\n[Install]\nWantedBy=default.target\n',
  },
  { name: 'Quadlet NoNewPrivileges=false', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nNoNewPrivileges=false\n', errors: ['1:1'] },
];

describe('CG102 no-new-privileges', () => {
  it.each(valid)('valid: $name', ({ kind, code }) => {
    expect(locations(lint(kind, code), ID)).toEqual([]);
  });
  it.each(invalid)('invalid: $name', ({ kind, code, errors }) => {
    expect(locations(lint(kind, code), ID)).toEqual(errors);
  });
  it.each(invalid.filter((c) => c.output !== undefined))('fix: $name', ({ kind, code, output }) => {
    expect(fixed(kind, code, ID)).toBe(output);
  });
  it('reads every spelling the daemon accepts', () => {
    expect(['no-new-privileges', 'no-new-privileges:true', 'no-new-privileges=true', 'no-new-privileges=T', 'no-new-privileges:1'].map(noNewPrivileges)).toEqual([true, true, true, true, true]);
    expect(['no-new-privileges=false', 'no-new-privileges:0', 'no-new-privileges=yes'].map(noNewPrivileges)).toEqual([false, false, false]);
    expect(['seccomp=unconfined', 'no-new-privileges-x'].map(noNewPrivileges)).toEqual([undefined, undefined]);
  });
  it('the fix is unsafe (setuid programs stop gaining privileges)', () => {
    expect(lint('compose', invalid[0]!.code).find((f) => f.ruleId === ID)?.fix?.safety).toBe('unsafe');
  });
});
