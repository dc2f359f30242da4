import { describe, expect, it } from 'vitest';
import type { FileKind } from '../../src/model/source.js';
import { isApiSocketPath } from '../../src/rules/cg105-docker-socket-mount.js';
import { lint, locations } from '../helpers.js';

const ID = 'CG105';
interface Case { name: string; kind: FileKind; code: string }
interface Invalid extends Case { errors: string[] }

const volumes = (items: string) => `services:\n  web:\n    image: traefik:v3.1\n    volumes:\n${items}`;

const valid: Case[] = [
  { name: 'compose ordinary volumes', kind: 'compose', code: volumes('      - ./data:/data\n      - cache:/var/cache\n') },
  { name: 'a named volume at /var/run is not the socket', kind: 'compose', code: volumes('      - run:/var/run\n') },
  { name: 'use_api_socket: false', kind: 'compose', code: 'services:\n  web:\n    image: traefik:v3.1\n    use_api_socket: false\n' },
  { name: 'docker run without the socket', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run -v /srv/web:/srv nginx:1.27\n' },
  { name: 'a path after the image is the command\'s argument', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm busybox:1.36 ls /var/run/docker.sock\n' },
  { name: 'Quadlet volumes elsewhere', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nVolume=web.volume:/srv\n' },
];

const invalid: Invalid[] = [
  {
    name: 'compose short syntax, read-only still flagged',
    kind: 'compose',
    code: volumes('      - /var/run/docker.sock:/var/run/docker.sock:ro\n      - "/run/docker.sock:/tmp/docker.sock"\n'),
    errors: ['5:9', '6:9'],
  },
  {
    name: 'compose long syntax',
    kind: 'compose',
    code: volumes('      - type: bind\n        source: /var/run/docker.sock\n        target: /var/run/docker.sock\n        read_only: true\n'),
    errors: ['5:9'],
  },
  { name: 'compose: a source with a default, at the socket path', kind: 'compose', code: volumes('      - ${DOCKER_SOCK:-/srv/engine.sock}:/var/run/docker.sock\n'), errors: ['5:9'] },
  { name: 'compose use_api_socket: true', kind: 'compose', code: 'services:\n  web:\n    image: traefik:v3.1\n    use_api_socket: true\n', errors: ['4:21'] },
  {
    name: 'docker run -v and --mount',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run -v /var/run/docker.sock:/var/run/docker.sock --mount type=bind,src=/run/docker.sock,dst=/d.sock nginx:1.27\n',
    errors: ['2:34', '2:84'],
  },
  { name: 'docker run --use-api-socket', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --use-api-socket nginx:1.27\n', errors: ['2:31'] },
  {
    name: 'podman run with the rootful and rootless Podman sockets',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/podman run -v /run/podman/podman.sock:/run/podman/podman.sock -v /run/user/1000/podman/podman.sock:/var/run/docker.sock nginx:1.27\n',
    errors: ['2:34', '2:85'],
  },
  {
    name: 'Quadlet Volume=%t/podman/podman.sock and Mount=',
    kind: 'quadlet',
    code: '[Container]\nImage=nginx:1.27\nVolume=%t/podman/podman.sock:/var/run/docker.sock:ro\nMount=type=bind,source=/var/run/docker.sock,target=/var/run/docker.sock\n',
    errors: ['3:8', '4:7'],
  },
];

describe('CG105 docker-socket-mount', () => {
  it.each(valid)('valid: $name', ({ kind, code }) => {
    expect(locations(lint(kind, code), ID)).toEqual([]);
  });
  it.each(invalid)('invalid: $name', ({ kind, code, errors }) => {
    expect(locations(lint(kind, code), ID)).toEqual(errors);
  });
  it('knows the socket by its name wherever it lives', () => {
    const sockets = ['/var/run/docker.sock', '/run/docker.sock', '//var/run/docker.sock/', '/run/user/1000/docker.sock', '/run/podman/podman.sock', '/run/user/1000/podman/podman.sock', '%t/podman/podman.sock', '/var/run/docker.sock.raw', '\\\\.\\pipe\\docker_engine'];
    expect(sockets.filter(isApiSocketPath)).toEqual(sockets);
    expect(['/var/run', '/var/run/docker', '/srv/docker.socket', undefined].filter(isApiSocketPath)).toEqual([]);
  });
  it('says that :ro does not help, and has no fix', () => {
    const [finding] = lint('compose', invalid[0]!.code).filter((f) => f.ruleId === ID);
    expect(finding?.message).toMatch(/read-only does not help/);
    expect(finding?.fix).toBeUndefined();
  });
});
