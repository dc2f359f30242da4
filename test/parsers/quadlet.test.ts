/**
 * Quadlet `.container` units: the file reader Quadlet uses (not systemd's), the [Container] keys
 * and their defaults (facts §4), and the promise that a Quadlet unit gets the same core findings
 * as the `podman run` line it stands for.
 */
import { describe, expect, it } from 'vitest';
import { sourceFromText } from '../../src/model/source.js';
import { parseQuadlet } from '../../src/parsers/quadlet.js';
import { fixed, lint, locations } from '../helpers.js';

const CORE = ['CG001', 'CG002', 'CG003', 'CG004', 'CG005', 'CG006', 'CG007'];

function coreIds(kind: 'unit' | 'quadlet', text: string): string[] {
  const ids = lint(kind, text).map((f) => f.ruleId).filter((id) => CORE.includes(id));
  return [...new Set(ids)].sort();
}

function parse(text: string) {
  return parseQuadlet(sourceFromText('web.container', 'quadlet', text));
}

describe('Quadlet file reader', () => {
  it('continues a line whose `\\` is followed by blanks, joining without a space', () => {
    const result = parse('[Container]\nImage=quay.io/acme/web:1.2 \n  PodmanArgs=--read-only \\ \n  --privileged\n');
    expect(result.errors).toEqual([]);
    const spec = result.model!.containers[0]!;
    expect(spec.readOnly?.value).toBe(true);
    expect(spec.privileged?.value).toBe(true);
  });

  it('joins continuation lines with nothing in between and skips comments inside them', () => {
    const text = '[Container]\nImage=quay.io/acme/\\\n# a comment\nweb:1.2\n';
    const spec = parse(text).model!.containers[0]!;
    expect(spec.image?.value.raw).toBe('quay.io/acme/web:1.2');
    expect(text.slice(spec.image!.span.start, spec.image!.span.end)).toBe('quay.io/acme/\\\n# a comment\nweb:1.2');
  });

  it('reports a line that is not key=value, group or comment (fatal to Quadlet) where it is', () => {
    const findings = lint('quadlet', '[Container]\nImage=quay.io/acme/web:1.2\nReadOnly\n');
    expect(findings.filter((f) => f.ruleId === 'CG000').map((f) => [f.region.line, f.region.column])).toEqual([[3, 1]]);
  });

  it('reports a key before any group', () => {
    expect(locations(lint('quadlet', 'Image=a:1\n[Container]\nImage=quay.io/acme/web:1.2\n'), 'CG000')).toEqual(['1:1']);
  });

  it('reports unknown [Container] keys, and no Image/Rootfs, as CG000', () => {
    const findings = lint('quadlet', '[Container]\nImage=quay.io/acme/web:1.2\nPrivileged=true\n');
    expect(findings.filter((f) => f.ruleId === 'CG000').map((f) => f.message)).toEqual([
      "unsupported key 'Privileged' in group 'Container': Quadlet refuses the whole file",
    ]);
    expect(locations(lint('quadlet', '[Unit]\nDescription=x\n\n[Container]\nUser=1000\n'), 'CG000')).toEqual(['4:1']);
  });

  it('reports Group= without User=, and ReloadCmd= with ReloadSignal=', () => {
    expect(locations(lint('quadlet', '[Container]\nImage=quay.io/acme/web:1.2\nGroup=1000\n'), 'CG000')).toEqual(['3:1']);
    expect(locations(lint('quadlet', '[Container]\nImage=quay.io/acme/web:1.2\nReloadCmd=/bin/true\nReloadSignal=SIGHUP\n'), 'CG000')).toEqual(['3:1']);
  });

  it('reads scalars the way Lookup() does: last value, surrounding double quotes removed', () => {
    const text = '[Container]\nImage=quay.io/acme/web:latest\nImage="quay.io/acme/web:1.2"\nUser=0\nUser=1000\nGroup=1000\n';
    const spec = parse(text).model!.containers[0]!;
    expect(spec.image?.value.raw).toBe('quay.io/acme/web:1.2');
    expect(text.slice(spec.image!.span.start, spec.image!.span.end)).toBe('quay.io/acme/web:1.2');
    expect(spec.user?.value).toBe('1000:1000');
  });

  it('accumulates list keys, and an empty assignment clears the earlier ones (unitfile.go LookupAllRaw)', () => {
    const spec = parse('[Container]\nImage=quay.io/acme/web:1.2\nDropCapability=all\nDropCapability=\nDropCapability=net_raw\nAddCapability=chown fowner\n').model!.containers[0]!;
    expect(spec.capDrop.map((c) => c.value)).toEqual(['net_raw']);
    expect(spec.capAdd.map((c) => c.value)).toEqual(['chown', 'fowner']);
  });

  it('marks `.image` and `.build` images as other Quadlet units, not registry references', () => {
    const ids = (image: string) => lint('quadlet', `[Container]\nImage=${image}\n`).filter((f) => f.ruleId === 'CG004').length;
    expect(ids('web.build')).toBe(0);
    expect(ids('web.image')).toBe(0);
    expect(ids('docker.io/library/nginx')).toBe(1);
  });
});

/** Pairs of a Quadlet unit and the `podman run` unit it is equivalent to, with the core ids both must raise. */
const EQUIVALENT: Array<{ name: string; quadlet: string; run: string; ids: string[] }> = [
  {
    name: 'bare image: root, default caps, writable, unpinned; Podman logs to journald',
    quadlet: '[Container]\nImage=docker.io/library/nginx\n',
    run: '[Service]\nExecStart=/usr/bin/podman run --rm docker.io/library/nginx\n',
    ids: ['CG001', 'CG002', 'CG003', 'CG004'],
  },
  {
    name: 'hardened',
    quadlet: '[Container]\nImage=quay.io/acme/web:1.2\nUser=65532\nGroup=65532\nDropCapability=all\nReadOnly=true\n',
    run: '[Service]\nExecStart=/usr/bin/podman run --rm --user 65532:65532 --cap-drop all --read-only quay.io/acme/web:1.2\n',
    ids: [],
  },
  {
    name: 'explicit root, seccomp off',
    quadlet: '[Container]\nImage=quay.io/acme/web:1.2\nUser=root\nDropCapability=ALL\nReadOnly=yes\nSeccompProfile=unconfined\n',
    run: '[Service]\nExecStart=/usr/bin/podman run --user root --cap-drop=ALL --read-only --security-opt seccomp=unconfined quay.io/acme/web:1.2\n',
    ids: ['CG001', 'CG005'],
  },
  {
    name: 'json-file without max-size',
    quadlet: '[Container]\nImage=quay.io/acme/web:1.2\nUser=1000\nDropCapability=all\nReadOnly=true\nLogDriver=json-file\n',
    run: '[Service]\nExecStart=/usr/bin/podman run --user 1000 --cap-drop all --read-only --log-driver json-file quay.io/acme/web:1.2\n',
    ids: ['CG006'],
  },
  {
    name: 'json-file with max-size',
    quadlet: '[Container]\nImage=quay.io/acme/web:1.2\nUser=1000\nDropCapability=all\nReadOnly=true\nLogDriver=json-file\nLogOpt=max-size=10m\n',
    run: '[Service]\nExecStart=/usr/bin/podman run --user 1000 --cap-drop all --read-only --log-driver json-file --log-opt max-size=10m quay.io/acme/web:1.2\n',
    ids: [],
  },
  {
    name: 'settings through PodmanArgs=',
    quadlet: '[Container]\nImage=quay.io/acme/web:1.2\nPodmanArgs=--user 1000 --cap-drop=all --read-only --security-opt seccomp:unconfined\n',
    run: '[Service]\nExecStart=/usr/bin/podman run --user 1000 --cap-drop=all --read-only --security-opt seccomp:unconfined quay.io/acme/web:1.2\n',
    ids: ['CG005'],
  },
  {
    name: 'ReadOnly=false and a :latest image',
    quadlet: '[Container]\nImage=quay.io/acme/web:latest\nUser=1000\nDropCapability=all\nReadOnly=false\n',
    run: '[Service]\nExecStart=/usr/bin/podman run --user 1000 --cap-drop all --read-only=false quay.io/acme/web:latest\n',
    ids: ['CG003', 'CG004'],
  },
  {
    name: 'restarting with no start limit',
    quadlet: '[Container]\nImage=quay.io/acme/web:1.2\nUser=1000\nDropCapability=all\nReadOnly=true\n\n[Service]\nRestart=always\nRestartSec=5\n',
    run: '[Service]\nRestart=always\nRestartSec=5\nExecStart=/usr/bin/podman run --user 1000 --cap-drop all --read-only quay.io/acme/web:1.2\n',
    ids: ['CG007'],
  },
];

describe('a Quadlet unit gets the same core findings as its podman run line', () => {
  it.each(EQUIVALENT)('$name', ({ quadlet, run, ids }) => {
    expect(coreIds('quadlet', quadlet)).toEqual(ids);
    expect(coreIds('unit', run)).toEqual(ids);
  });
});

describe('Quadlet fixes (whole text)', () => {
  const base = '[Unit]\nDescription=web\n\n[Container]\nImage=quay.io/acme/web:1.2\nUser=1000\nDropCapability=all\nReadOnly=true\n\n[Install]\nWantedBy=default.target\n';

  it('CG003 sets ReadOnly=true (Podman mounts its own tmpfs, so no Tmpfs=)', () => {
    const text = base.replace('ReadOnly=true\n', '');
    expect(fixed('quadlet', text, 'CG003')).toBe(base.replace('ReadOnly=true\n', 'ReadOnly=true\n'));
    const explicit = base.replace('ReadOnly=true', 'ReadOnly=false');
    expect(fixed('quadlet', explicit, 'CG003')).toBe(base);
  });

  it('CG002 adds DropCapability=all', () => {
    const text = base.replace('DropCapability=all\n', '');
    expect(fixed('quadlet', text, 'CG002')).toBe(
      '[Unit]\nDescription=web\n\n[Container]\nImage=quay.io/acme/web:1.2\nUser=1000\nReadOnly=true\nDropCapability=all\n\n[Install]\nWantedBy=default.target\n',
    );
  });

  it('CG001 sets User=65532 and Group=65532', () => {
    expect(fixed('quadlet', base.replace('User=1000', 'User=root'), 'CG001')).toBe(base.replace('User=1000', 'User=65532\nGroup=65532'));
    expect(fixed('quadlet', base.replace('User=1000\n', ''), 'CG001')).toBe(
      '[Unit]\nDescription=web\n\n[Container]\nImage=quay.io/acme/web:1.2\nDropCapability=all\nReadOnly=true\nUser=65532\nGroup=65532\n\n[Install]\nWantedBy=default.target\n',
    );
  });

  it('CG005 removes SeccompProfile=unconfined', () => {
    expect(fixed('quadlet', base.replace('ReadOnly=true\n', 'ReadOnly=true\nSeccompProfile=unconfined\n'), 'CG005')).toBe(base);
  });

  it('CG006 adds LogOpt=max-size=10m and max-file=3 after the last [Container] key', () => {
    const text = base.replace('ReadOnly=true\n', 'ReadOnly=true\nLogDriver=json-file\n');
    expect(fixed('quadlet', text, 'CG006')).toBe(base.replace('ReadOnly=true\n', 'ReadOnly=true\nLogDriver=json-file\nLogOpt=max-size=10m\nLogOpt=max-file=3\n'));
  });

  it('fills an empty value on a CRLF line without splitting the CRLF', () => {
    const text = '[Container]\r\nImage=quay.io/acme/web:1.2\r\nUser=\r\nReadOnly=true\r\nDropCapability=all\r\n';
    expect(fixed('quadlet', text, 'CG001')).toBe('[Container]\r\nImage=quay.io/acme/web:1.2\r\nUser=65532\r\nGroup=65532\r\nReadOnly=true\r\nDropCapability=all\r\n');
  });

  it('keeps CRLF line endings', () => {
    const text = '[Container]\r\nImage=quay.io/acme/web:1.2\r\nUser=1000\r\nReadOnly=true\r\n';
    expect(fixed('quadlet', text, 'CG002')).toBe('[Container]\r\nImage=quay.io/acme/web:1.2\r\nUser=1000\r\nReadOnly=true\r\nDropCapability=all\r\n');
  });
});
