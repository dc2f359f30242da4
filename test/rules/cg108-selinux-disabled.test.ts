import { describe, expect, it } from 'vitest';
import type { FileKind } from '../../src/model/source.js';
import { isLabelDisabled } from '../../src/rules/cg108-selinux-disabled.js';
import { fixed, lint, locations } from '../helpers.js';

const ID = 'CG108';
interface Case { name: string; kind: FileKind; code: string }
interface Invalid extends Case { errors: string[]; output?: string }

const compose = (opts: string) => `services:\n  web:\n    image: nginx:1.27\n    security_opt:\n${opts}`;

const valid: Case[] = [
  { name: 'compose default labelling', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n    volumes: ["/srv/web:/srv:Z"]\n' },
  { name: 'compose label=level:s0:c100,c200', kind: 'compose', code: compose('      - label=level:s0:c100,c200\n') },
  { name: 'docker run label=type:container_t', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --security-opt label=type:container_t nginx:1.27\n' },
  { name: 'Quadlet SecurityLabelDisable=false', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nSecurityLabelDisable=false\nSecurityLabelType=container_t\n' },
];

const invalid: Invalid[] = [
  {
    name: 'compose label:disable',
    kind: 'compose',
    code: compose('      - label:disable\n      - no-new-privileges:true\n'),
    errors: ['5:9'],
    output: compose('      - no-new-privileges:true\n'),
  },
  { name: 'compose label=type:spc_t', kind: 'compose', code: compose('      - "label=type:spc_t"\n'), errors: ['5:9'] },
  {
    name: 'docker run --security-opt=label=disable',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --security-opt=label=disable nginx:1.27\n',
    errors: ['2:46'],
    output: '[Service]\nExecStart=/usr/bin/docker run nginx:1.27\n',
  },
  {
    name: 'podman run on a continuation line',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/podman run --rm \\\n  --security-opt label=disable \\\n  nginx:1.27\n',
    errors: ['3:18'],
    output: '[Service]\nExecStart=/usr/bin/podman run --rm \\\n  nginx:1.27\n',
  },
  {
    name: 'Quadlet SecurityLabelDisable=true',
    kind: 'quadlet',
    code: '[Container]\nImage=nginx:1.27\nSecurityLabelDisable=true\n',
    errors: ['3:22'],
    output: '[Container]\nImage=nginx:1.27\n',
  },
  { name: 'Quadlet SecurityLabelType=spc_t (not edited)', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nSecurityLabelType=spc_t\n', errors: ['3:19'] },
];

describe('CG108 selinux-disabled', () => {
  it.each(valid)('valid: $name', ({ kind, code }) => {
    expect(locations(lint(kind, code), ID)).toEqual([]);
  });
  it.each(invalid)('invalid: $name', ({ kind, code, errors }) => {
    expect(locations(lint(kind, code), ID)).toEqual(errors);
  });
  it.each(invalid.filter((c) => c.output !== undefined))('fix: $name', ({ kind, code, output }) => {
    expect(fixed(kind, code, ID)).toBe(output);
  });
  it('reads both separators and the unconfined types', () => {
    expect(['label=disable', 'label:disable', 'LABEL=DISABLE', 'label=type:spc_t', 'label:type:unconfined_t'].every(isLabelDisabled)).toBe(true);
    expect(['label=type:container_t', 'label=user:system_u', 'seccomp=unconfined'].some(isLabelDisabled)).toBe(false);
  });
});
