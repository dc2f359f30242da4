import { describe, expect, it } from 'vitest';
import type { FileKind } from '../../src/model/source.js';
import { lint, locations } from '../helpers.js';

const ID = 'CG104';
interface Case { name: string; kind: FileKind; code: string }
interface Invalid extends Case { errors: string[] }

const service = (lines: string) => `services:\n  web:\n    image: nginx:1.27\n${lines}`;

const valid: Case[] = [
  { name: 'compose defaults', kind: 'compose', code: service('') },
  { name: 'compose service: and container: are not the host', kind: 'compose', code: service('    network_mode: "service:db"\n    pid: "container:abc"\n    ipc: shareable\n    uts: ""\n    userns_mode: "keep-id"\n') },
  { name: 'compose network_mode: bridge', kind: 'compose', code: service('    network_mode: bridge\n') },
  { name: 'docker run --network=container:db', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --network=container:db --ipc private nginx:1.27\n' },
  { name: '--net host after the image belongs to the command', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm busybox:1.36 ip --net host\n' },
  { name: 'Quadlet Network=pasta', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nNetwork=pasta\nUserNS=keep-id\n' },
];

const invalid: Invalid[] = [
  {
    name: 'compose: every namespace, each where it is set',
    kind: 'compose',
    code: service('    network_mode: host\n    pid: "host"\n    ipc: host\n    uts: host\n    userns_mode: host\n'),
    errors: ['4:19', '5:10', '6:10', '7:10', '8:18'],
  },
  {
    name: 'docker run --net host, --pid=host, --ipc host, --uts=host, --userns host',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --net host --pid=host --ipc host --uts=host --userns host nginx:1.27\n',
    errors: ['2:37', '2:48', '2:59', '2:70', '2:84'],
  },
  { name: 'docker run --network=host', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm --network=host nginx:1.27\n', errors: ['2:46'] },
  { name: 'podman run --network host', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/podman run --rm --network host nginx:1.27\n', errors: ['2:46'] },
  { name: 'Quadlet Network=host and UserNS=host', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nNetwork=host\nUserNS=host\n', errors: ['3:9', '4:8'] },
  { name: 'Quadlet PodmanArgs=--pid=host', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nPodmanArgs=--pid=host\n', errors: ['3:18'] },
];

describe('CG104 host-namespace', () => {
  it.each(valid)('valid: $name', ({ kind, code }) => {
    expect(locations(lint(kind, code), ID)).toEqual([]);
  });
  it.each(invalid)('invalid: $name', ({ kind, code, errors }) => {
    expect(locations(lint(kind, code), ID)).toEqual(errors);
  });
  it('names the namespace and has no fix', () => {
    const findings = lint('compose', service('    pid: host\n')).filter((f) => f.ruleId === ID);
    expect(findings.map((f) => f.message)).toEqual(["container 'web' shares the host's PID namespace: it sees every host process with its command line and environment, and can signal them (and trace them with SYS_PTRACE)"]);
    expect(findings[0]!.fix).toBeUndefined();
  });
});
