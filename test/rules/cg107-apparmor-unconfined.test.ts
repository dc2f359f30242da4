import { describe, expect, it } from 'vitest';
import type { FileKind } from '../../src/model/source.js';
import { fixed, lint, locations } from '../helpers.js';

const ID = 'CG107';
interface Case { name: string; kind: FileKind; code: string }
interface Invalid extends Case { errors: string[]; output?: string }

const compose = (opts: string) => `services:\n  web:\n    image: nginx:1.27\n    security_opt:\n${opts}`;

const valid: Case[] = [
  { name: 'compose default profile', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n' },
  { name: 'compose named profile', kind: 'compose', code: compose('      - apparmor=acme-web\n') },
  { name: 'docker run --security-opt apparmor=docker-default', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --security-opt apparmor=docker-default nginx:1.27\n' },
  { name: 'Quadlet AppArmor=profile', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nAppArmor=acme-web\n' },
];

const invalid: Invalid[] = [
  {
    name: 'compose apparmor:unconfined, the last option',
    kind: 'compose',
    code: compose('      - no-new-privileges:true\n      - apparmor:unconfined\n'),
    errors: ['6:9'],
    output: compose('      - no-new-privileges:true\n'),
  },
  {
    name: 'compose apparmor=unconfined, the only option',
    kind: 'compose',
    code: compose('      - apparmor=unconfined\n') + '    read_only: true\n',
    errors: ['5:9'],
    output: 'services:\n  web:\n    image: nginx:1.27\n    read_only: true\n',
  },
  {
    name: 'docker run --security-opt apparmor=unconfined',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --rm --security-opt apparmor=unconfined nginx:1.27\n',
    errors: ['2:51'],
    output: '[Service]\nExecStart=/usr/bin/docker run --rm nginx:1.27\n',
  },
  {
    name: 'podman run --security-opt=apparmor:unconfined',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/podman run --security-opt=apparmor:unconfined nginx:1.27\n',
    errors: ['2:46'],
    output: '[Service]\nExecStart=/usr/bin/podman run nginx:1.27\n',
  },
  {
    name: 'Quadlet AppArmor=unconfined',
    kind: 'quadlet',
    code: '[Container]\nImage=nginx:1.27\nAppArmor=unconfined\nReadOnly=true\n',
    errors: ['3:10'],
    output: '[Container]\nImage=nginx:1.27\nReadOnly=true\n',
  },
  { name: 'Quadlet PodmanArgs (not edited)', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nPodmanArgs=--security-opt apparmor=unconfined\n', errors: ['3:27'] },
];

describe('CG107 apparmor-unconfined', () => {
  it.each(valid)('valid: $name', ({ kind, code }) => {
    expect(locations(lint(kind, code), ID)).toEqual([]);
  });
  it.each(invalid)('invalid: $name', ({ kind, code, errors }) => {
    expect(locations(lint(kind, code), ID)).toEqual(errors);
  });
  it.each(invalid.filter((c) => c.output !== undefined))('fix: $name', ({ kind, code, output }) => {
    expect(fixed(kind, code, ID)).toBe(output);
  });
  it('the fix is unsafe', () => {
    expect(lint('compose', invalid[0]!.code).find((f) => f.ruleId === ID)?.fix?.safety).toBe('unsafe');
  });
});
