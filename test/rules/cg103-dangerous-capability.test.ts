import { describe, expect, it } from 'vitest';
import type { FileKind } from '../../src/model/source.js';
import { fixed, lint, locations } from '../helpers.js';

const ID = 'CG103';
interface Case { name: string; kind: FileKind; code: string }
interface Invalid extends Case { errors: string[]; output?: string }

const valid: Case[] = [
  { name: 'compose harmless capabilities', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE, CHOWN]\n' },
  { name: 'dropping SYS_ADMIN is fine', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n    cap_drop: [SYS_ADMIN]\n' },
  { name: 'docker run --cap-drop=ALL', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --cap-drop=ALL --cap-add=NET_RAW nginx:1.27\n' },
  { name: 'Quadlet DropCapability=all', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nDropCapability=all\nAddCapability=net_bind_service\n' },
];

const invalid: Invalid[] = [
  {
    name: 'compose cap_add in any case, with CAP_ prefix',
    kind: 'compose',
    code: 'services:\n  web:\n    image: nginx:1.27\n    cap_add:\n      - sys_admin\n      - CHOWN\n      - CAP_NET_ADMIN\n',
    errors: ['5:9', '7:9'],
  },
  {
    name: 'compose cap_add: ALL',
    kind: 'compose',
    code: 'services:\n  web:\n    image: nginx:1.27\n    cap_add:\n      - ALL\n      - CHOWN\n',
    errors: ['5:9'],
    output: 'services:\n  web:\n    image: nginx:1.27\n    cap_add:\n      - CHOWN\n',
  },
  {
    name: 'docker run comma list: each item where it is written',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --cap-add=chown,SYS_PTRACE --cap-add bpf nginx:1.27\n',
    errors: ['2:47', '2:68'],
  },
  {
    name: 'docker run one item of a comma list is removed with its comma',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --cap-add=CHOWN,SYS_MODULE nginx:1.27\n',
    errors: ['2:47'],
    output: '[Service]\nExecStart=/usr/bin/docker run --cap-add=CHOWN nginx:1.27\n',
  },
  {
    name: 'podman run --cap-add DAC_READ_SEARCH',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/podman run --rm --cap-add DAC_READ_SEARCH nginx:1.27\n',
    errors: ['2:46'],
    output: '[Service]\nExecStart=/usr/bin/podman run --rm nginx:1.27\n',
  },
  { name: 'Quadlet AddCapability= words (not edited)', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nAddCapability=chown sys_boot PERFMON\n', errors: ['3:21', '3:30'] },
  { name: 'Quadlet PodmanArgs=--cap-add', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nPodmanArgs=--cap-add=SYS_RAWIO\n', errors: ['3:22'] },
];

describe('CG103 dangerous-capability', () => {
  it.each(valid)('valid: $name', ({ kind, code }) => {
    expect(locations(lint(kind, code), ID)).toEqual([]);
  });
  it.each(invalid)('invalid: $name', ({ kind, code, errors }) => {
    expect(locations(lint(kind, code), ID)).toEqual(errors);
  });
  it.each(invalid.filter((c) => c.output !== undefined))('fix: $name', ({ kind, code, output }) => {
    expect(fixed(kind, code, ID)).toBe(output);
  });
  it('names the capability without its prefix and says why it is dangerous', () => {
    const [finding] = lint('compose', 'services:\n  web:\n    image: nginx:1.27\n    cap_add: [cap_sys_admin]\n').filter((f) => f.ruleId === ID);
    expect(finding?.message).toMatch(/adds capability SYS_ADMIN: mount/);
    expect(finding?.fix?.safety).toBe('unsafe');
  });
});
