import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ContainerSpec } from '../../src/model/container.js';
import { sourceFromText } from '../../src/model/source.js';
import { parseUnit } from '../../src/parsers/systemd-unit.js';
import { extractUnitContainers } from '../../src/parsers/unit-containers.js';

function containersOf(text: string, path = 'web.service'): { specs: ContainerSpec[]; text: string } {
  const file = sourceFromText(path, 'unit', text);
  return { specs: extractUnitContainers(file, parseUnit(file).model!), text };
}

/** A field as `[value, the text its span covers]`. */
const at = (text: string) => (field: { value: unknown; span: { start: number; end: number } } | undefined) =>
  field && [field.value, text.slice(field.span.start, field.span.end)];

describe('extractUnitContainers: every field from the flags', () => {
  const unit = [
    '[Unit]',
    'Description=web',
    '',
    '[Service]',
    'Environment=IMAGE=nginx:1.25',
    'ExecStart=/usr/bin/docker run --rm --name web -u 1000:1000 \\',
    '  --cap-add NET_ADMIN,SYS_TIME --cap-drop=all --read-only=false \\',
    '  --security-opt seccomp=unconfined --security-opt=no-new-privileges --privileged \\',
    '  --log-driver json-file --log-opt max-size=10m --net host --network other --pid=host --ipc host \\',
    '  --uts host --userns host -v /var/run/docker.sock:/var/run/docker.sock:ro \\',
    '  --mount type=bind,source=/etc,target=/host/etc,readonly --tmpfs /tmp:size=64m -e A=1 -e B \\',
    '  -p 127.0.0.1:8080:80/tcp -p 443 --restart always -m 512m --pids-limit 100 --cpus 1.5 \\',
    '  --health-cmd "curl -f localhost" -dt --stop-timeout 30 --use-api-socket --device /dev/fuse \\',
    '  ${IMAGE} nginx -g "daemon off;"',
    '',
  ].join('\n');
  const { specs, text } = containersOf(unit);
  const spec = specs[0]!;
  const f = at(text);

  it('finds one docker-run container named by --name, defined by the ExecStart= entry', () => {
    expect(specs).toHaveLength(1);
    expect([spec.source, spec.runtime, spec.name]).toEqual(['docker-run', 'docker', 'web']);
    expect(text.slice(spec.span.start, spec.span.end)).toBe(unit.slice(unit.indexOf('ExecStart='), unit.indexOf('off;"') + 5));
  });

  it('resolves the image from Environment= and keeps the span of ${IMAGE}', () => {
    expect([spec.image!.value.raw, spec.image!.value.tag, text.slice(spec.image!.span.start, spec.image!.span.end)]).toEqual(['nginx:1.25', '1.25', '${IMAGE}']);
    expect(spec.imageUnresolved).toBeUndefined();
    expect(f(spec.command)).toEqual([['nginx', '-g', 'daemon off;'], 'nginx -g "daemon off;"']);
  });

  it('reads user, capabilities (comma lists split), read-only, security options, privileged', () => {
    expect(f(spec.user)).toEqual(['1000:1000', '1000:1000']);
    expect(spec.capAdd.map(f)).toEqual([['NET_ADMIN', 'NET_ADMIN'], ['SYS_TIME', 'SYS_TIME']]);
    expect(spec.capDrop.map(f)).toEqual([['all', 'all']]);
    expect(f(spec.readOnly)).toEqual([false, '--read-only=false']);
    expect(spec.securityOpt.map(f)).toEqual([['seccomp=unconfined', 'seccomp=unconfined'], ['no-new-privileges', 'no-new-privileges']]);
    expect(f(spec.privileged)).toEqual([true, '--privileged']);
  });

  it('reads logging and namespaces (the first --network is the mode)', () => {
    expect(f(spec.logDriver)).toEqual(['json-file', 'json-file']);
    expect(spec.logOptions.map(f)).toEqual([[{ key: 'max-size', value: '10m' }, 'max-size=10m']]);
    expect([spec.networkMode, spec.pid, spec.ipc, spec.uts, spec.userns].map(f)).toEqual([
      ['host', 'host'], ['host', 'host'], ['host', 'host'], ['host', 'host'], ['host', 'host'],
    ]);
  });

  it('reads mounts, tmpfs, environment and ports', () => {
    expect(spec.mounts.map(f)).toEqual([
      [{ type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: true }, '/var/run/docker.sock:/var/run/docker.sock:ro'],
      [{ type: 'bind', source: '/etc', target: '/host/etc', readOnly: true }, 'type=bind,source=/etc,target=/host/etc,readonly'],
    ]);
    expect(spec.tmpfs.map(f)).toEqual([['/tmp:size=64m', '/tmp:size=64m']]);
    expect(spec.env.map(f)).toEqual([[{ name: 'A', value: '1' }, 'A=1'], [{ name: 'B' }, 'B']]);
    expect(spec.ports.map(f)).toEqual([
      [{ hostIp: '127.0.0.1', hostPort: '8080', containerPort: '80', protocol: 'tcp' }, '127.0.0.1:8080:80/tcp'],
      [{ containerPort: '443' }, '443'],
    ]);
  });

  it('reads limits, health check, detach/tty in a cluster, stop timeout, API socket and devices', () => {
    expect([spec.restart, spec.memory, spec.pidsLimit, spec.cpus].map(f)).toEqual([
      ['always', 'always'], ['512m', '512m'], ['100', '100'], ['1.5', '1.5'],
    ]);
    expect(f(spec.healthcheck)).toEqual([{ disabled: false }, '"curl -f localhost"']);
    expect([f(spec.detach), f(spec.tty)]).toEqual([[true, 'd'], [true, 't']]);
    expect(f(spec.stopTimeout)).toEqual([30, '30']);
    expect(f(spec.useApiSocket)).toEqual([true, '--use-api-socket']);
    expect(spec.devices.map(f)).toEqual([['/dev/fuse', '/dev/fuse']]);
  });

  it('attaches an editor', () => {
    expect(spec.editor).toBeDefined();
  });
});

describe('extractUnitContainers: which commands count', () => {
  const cases: Array<[string, string, Array<[string, string, string | undefined]>]> = [
    ['a reset drops earlier lines', 'ExecStartPre=/usr/bin/docker run a\nExecStartPre=\nExecStartPre=/usr/bin/docker run b',
      [['docker-run', 'web.service', 'b']]],
    ['every Exec key, in file order', 'ExecStartPre=-/usr/bin/podman create --name pre p\nExecStart=/usr/bin/docker container run d',
      [['podman-run', 'pre', 'p'], ['docker-run', 'web.service', 'd']]],
    ['commands separated by ;', 'Type=oneshot\nExecStart=/usr/bin/docker run a ; /usr/bin/docker run b',
      [['docker-run', 'web.service', 'a'], ['docker-run', 'web.service', 'b']]],
    ['@ makes the second word argv[0]', 'ExecStart=@/usr/bin/docker docker run img', [['docker-run', 'web.service', 'img']]],
    ['not a container: pull, stop, compose, a shell', 'ExecStartPre=/usr/bin/docker pull x\nExecStop=/usr/bin/docker stop x\n' +
      'ExecReload=/usr/bin/docker-compose up\nExecStartPost=/bin/sh -c "docker run x"', []],
  ];
  it.each(cases)('%s', (_name, body, expected) => {
    const { specs } = containersOf(`[Service]\n${body}\n`);
    expect(specs.map((s) => [s.source, s.name, s.image?.value.raw])).toEqual(expected);
  });

  it('ignores Exec lines outside [Service]', () => {
    expect(containersOf('[Socket]\nExecStartPre=/usr/bin/docker run a\n', 'web.socket').specs).toEqual([]);
  });
});

describe('extractUnitContainers: variables', () => {
  it('splits a lone $VAR into flags, each with the span of $VAR', () => {
    const { specs, text } = containersOf('[Service]\nEnvironment="OPTS=--privileged -p 80:80"\nExecStart=/usr/bin/docker run $OPTS nginx:1\n');
    const f = at(text);
    expect([f(specs[0]!.privileged), specs[0]!.ports.map(f)]).toEqual([[true, '$OPTS'], [[{ hostPort: '80', containerPort: '80' }, '$OPTS']]]);
    expect(specs[0]!.image!.value.raw).toBe('nginx:1');
  });

  it.each([
    ['${IMAGE} with no Environment=', 'ExecStart=/usr/bin/docker run ${IMAGE}', '${IMAGE}'],
    ['$IMAGE with no Environment=', 'ExecStart=/usr/bin/docker run --rm $IMAGE', '$IMAGE'],
    ['a tag from a variable', 'ExecStart=/usr/bin/docker run nginx:${TAG}', 'nginx:${TAG}'],
  ])('marks the image unresolved: %s', (_name, body, raw) => {
    const spec = containersOf(`[Service]\n${body}\n`).specs[0]!;
    expect([spec.image?.value.raw, spec.imageUnresolved]).toEqual([raw, true]);
  });

  it('does not expand with the : prefix', () => {
    const spec = containersOf('[Service]\nEnvironment=IMAGE=nginx\nExecStart=:/usr/bin/docker run ${IMAGE}\n').specs[0]!;
    expect(spec.image?.value.raw).toBe('${IMAGE}');
  });

  it('reads --no-healthcheck and Podman\'s --health-cmd none as disabled', () => {
    const docker = containersOf('[Service]\nExecStart=/usr/bin/docker run --no-healthcheck x\n').specs[0]!;
    const podman = containersOf('[Service]\nExecStart=/usr/bin/podman run --health-cmd none x\n').specs[0]!;
    expect([docker.healthcheck?.value, podman.healthcheck?.value]).toEqual([{ disabled: true }, { disabled: true }]);
  });
});

describe('the corpus of real units', () => {
  const root = fileURLToPath(new URL('../../../shared/corpus/systemd', import.meta.url));
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });

  /**
   * Every file the parser reports, and why systemd agrees (each was checked with
   * `systemd-analyze verify` 252, except the Quadlet file, which systemd never reads).
   */
  const EXPECTED_PROBLEMS: Record<string, string> = {
    // systemd's fuzzer inputs start with the unit type on a line of its own, before any section;
    // directives-all.service lists every directive name, mostly outside sections.
    'systemd__systemd-stable/test/fuzz/fuzz-unit-file/tmpfiles-clean.timer': 'Assignment outside of section. Ignoring.',
    'systemd__systemd-stable/test/fuzz/fuzz-unit-file/systemd-resolved.service': 'Assignment outside of section. Ignoring.',
    'systemd__systemd-stable/test/fuzz/fuzz-unit-file/systemd-machined.service': 'Assignment outside of section. Ignoring.',
    'systemd__systemd-stable/test/fuzz/fuzz-unit-file/ask-password-console.path': 'Assignment outside of section. Ignoring.',
    'systemd__systemd-stable/test/fuzz/fuzz-unit-file/directives-all.service': 'Assignment outside of section. Ignoring.',
    // `sed -re "s/[^ ]+?\-[epi]+//g"` inside sh -c: `\-` is no C escape; systemd keeps it and warns.
    ...Object.fromEntries(
      ['exec-protectkernelmodules-yes-capabilities', 'exec-protectkernelmodules-no-capabilities', 'exec-protectkernellogs-yes-capabilities',
        'exec-protectkernellogs-no-capabilities', 'exec-privatedevices-yes-capability-sys-rawio', 'exec-privatedevices-yes-capability-mknod',
        'exec-privatedevices-no-capability-sys-rawio', 'exec-privatedevices-no-capability-mknod', 'exec-capabilityboundingset-invert',
      ].map((name) => [`systemd__systemd-stable/test/test-execute/${name}.service`, 'Ignoring unknown escape sequences']),
    ),
    // `--arg1 \ ` has a blank after the backslash: systemd does not continue the line, so `"arg 2"`
    // has no `=`. (Quadlet's own parser trims the line first and does continue it.)
    'containers__podman/test/e2e/quadlet/line-continuation-whitespace.container': "Missing '=', ignoring line.",
  };

  it.skipIf(!existsSync(root))('parses every unit, reports only real problems, and finds the containers', () => {
    const found: Record<string, string> = {};
    let files = 0;
    const containers: ContainerSpec[] = [];
    for (const path of walk(root)) {
      files++;
      const file = sourceFromText(relative(root, path), 'unit', readFileSync(path, 'utf8'));
      const result = parseUnit(file);
      for (const problem of result.model!.problems) found[file.path] ??= problem.message.replace(/:.*$/, '');
      containers.push(...extractUnitContainers(file, result.model!));
    }
    expect(files).toBeGreaterThan(700);
    expect(found).toEqual(Object.fromEntries(Object.entries(EXPECTED_PROBLEMS).map(([k, v]) => [k, v.replace(/:.*$/, '')])));
    // 17 docker run lines in coreos/unit-examples and one podman run; those inside `sh -c "…"` are not read.
    expect(containers.length).toBeGreaterThanOrEqual(18);
    expect(containers.every((c) => c.image !== undefined)).toBe(true);
  });
});
