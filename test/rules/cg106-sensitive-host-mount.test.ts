import { describe, expect, it } from 'vitest';
import type { FileKind } from '../../src/model/source.js';
import { normaliseHostPath } from '../../src/rules/cg106-sensitive-host-mount.js';
import { lint, locations } from '../helpers.js';

const ID = 'CG106';
interface Case { name: string; kind: FileKind; code: string }
interface Invalid extends Case { errors: string[]; message?: RegExp }

const volumes = (items: string) => `services:\n  web:\n    image: nginx:1.27\n    volumes:\n${items}`;
const one = (item: string) => volumes(`      - ${item}\n`);

const valid: Case[] = [
  { name: 'application data', kind: 'compose', code: volumes('      - ./data:/data\n      - /srv/app:/app\n      - /var/www/html:/usr/share/nginx/html\n      - /var/lib/mysql:/var/lib/mysql\n') },
  { name: 'read-only /etc/localtime and /etc/timezone', kind: 'compose', code: volumes('      - /etc/localtime:/etc/localtime:ro\n      - /etc/timezone:/etc/timezone:ro\n') },
  { name: 'read-only CA certificates, passwd and group', kind: 'compose', code: volumes('      - /etc/ssl/certs:/etc/ssl/certs:ro\n      - /etc/passwd:/host/etc/passwd:ro\n      - /etc/group:/host/etc/group:ro\n') },
  { name: 'read-only files from /usr', kind: 'compose', code: one('/usr/share/zoneinfo:/usr/share/zoneinfo:ro') },
  { name: 'writable app directory under /usr/share', kind: 'compose', code: one('/usr/share/appdata/app:/config') },
  { name: 'device node as a volume (the device cgroup still guards it)', kind: 'compose', code: one('/dev/dri:/dev/dri') },
  { name: 'host /var/log (not in the list)', kind: 'compose', code: one('/var/log/traefik:/logs:ro') },
  { name: 'one volume\'s data directory', kind: 'compose', code: one('/var/lib/docker/volumes/web_data/_data:/data') },
  { name: 'a named volume mounted at /etc', kind: 'compose', code: one('config:/etc/app') },
  { name: 'compose source from an unset variable', kind: 'compose', code: one('${CONFIG_ROOT}/etc:/etc/app') },
  { name: 'the Docker socket is CG105\'s', kind: 'compose', code: one('/var/run/docker.sock:/var/run/docker.sock') },
  { name: 'docker run with a data volume', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run -v /srv/data:/data nginx:1.27\n' },
  { name: 'Quadlet %h paths', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nVolume=%h/etc:/etc/app\n' },
];

const invalid: Invalid[] = [
  { name: 'writable /etc', kind: 'compose', code: one('/etc:/host/etc'), errors: ['5:9'], message: /mounts host \/etc writable: .*take over the host/ },
  { name: 'read-only /etc subpath', kind: 'compose', code: one('/etc/ssh:/etc/ssh:ro'), errors: ['5:9'], message: /mounts host \/etc\/ssh \(in \/etc\) read-only, which discloses/ },
  { name: 'writable application directory in /etc', kind: 'compose', code: one('/etc/pihole:/etc/pihole'), errors: ['5:9'], message: /\/etc\/pihole \(in \/etc\) writable: .*keep the data outside \/etc/ },
  { name: 'writable /etc/passwd is a takeover', kind: 'compose', code: one('/etc/passwd:/etc/passwd'), errors: ['5:9'], message: /take over the host/ },
  { name: 'writable /etc/localtime gets the milder advice', kind: 'compose', code: one('/etc/localtime:/etc/localtime'), errors: ['5:9'], message: /mount it read-only \(:ro\)/ },
  { name: 'paths are normalised', kind: 'compose', code: volumes('      - /etc/:/a\n      - //proc:/b:ro\n      - /srv/../sys/:/c\n'), errors: ['5:9', '6:9', '7:9'] },
  { name: '/ read-only', kind: 'compose', code: one('/:/host:ro,rslave'), errors: ['5:9'], message: /host \/ read-only/ },
  { name: '/var/lib/docker subpaths, read-only too', kind: 'compose', code: one('/var/lib/docker/containers:/containers:ro'), errors: ['5:9'] },
  { name: 'writable /lib/modules', kind: 'compose', code: one('/lib/modules:/lib/modules'), errors: ['5:9'] },
  { name: 'writable /usr/local/bin', kind: 'compose', code: one('/usr/local/bin:/host-bin'), errors: ['5:9'] },
  { name: 'D-Bus: read-only does not stop connections', kind: 'compose', code: one('/run/dbus:/run/dbus:ro'), errors: ['5:9'], message: /read-only does not stop connections/ },
  { name: '/dev, /var and /run themselves', kind: 'compose', code: volumes('      - /dev:/dev\n      - /var:/host/var:ro\n      - /var/run:/var/run\n'), errors: ['5:9', '6:9', '7:9'] },
  { name: 'compose long syntax without read_only', kind: 'compose', code: volumes('      - type: bind\n        source: /proc\n        target: /host/proc\n'), errors: ['5:9'], message: /writable/ },
  { name: 'compose source with a default', kind: 'compose', code: one('${HOST_ETC:-/etc}:/host/etc:ro'), errors: ['5:9'] },
  { name: 'docker run -v and --mount', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run -v /:/host --mount type=bind,source=/root,target=/r,readonly nginx:1.27\n', errors: ['2:34', '2:50'] },
  { name: 'podman run -v /sys', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/podman run -v /sys:/sys:ro nginx:1.27\n', errors: ['2:34'] },
  { name: 'Quadlet Volume= and Mount=', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nVolume=/boot:/boot\nMount=type=bind,src=/var/lib/containers,dst=/c,ro=true\n', errors: ['3:8', '4:7'] },
];

describe('CG106 sensitive-host-mount', () => {
  it.each(valid)('valid: $name', ({ kind, code }) => {
    expect(locations(lint(kind, code), ID)).toEqual([]);
  });
  it.each(invalid)('invalid: $name', ({ kind, code, errors, message }) => {
    const findings = lint(kind, code).filter((f) => f.ruleId === ID);
    expect(locations(findings, ID)).toEqual(errors);
    if (message) expect(findings[0]!.message).toMatch(message);
  });
  it('normalises host paths and ignores relative ones', () => {
    expect(['/etc/', '//etc', '/srv/../etc', '/./etc/.', '/', '/..'].map(normaliseHostPath)).toEqual(['/etc', '/etc', '/etc', '/etc', '/', '/']);
    expect(['./etc', '~/etc', 'C:\\etc', undefined].map(normaliseHostPath)).toEqual([undefined, undefined, undefined, undefined]);
  });
});
