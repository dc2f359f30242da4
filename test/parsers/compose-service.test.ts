import { describe, expect, it } from 'vitest';
import type { ComposeService } from '../../src/model/compose.js';
import { parseImageRef } from '../../src/model/image.js';
import { sourceFromText, type Span } from '../../src/model/source.js';
import { parseCompose } from '../../src/parsers/compose.js';

function at(text: string, needle: string, occurrence = 1): Span {
  let start = -1;
  for (let i = 0; i < occurrence; i++) start = text.indexOf(needle, start + 1);
  if (start < 0) throw new Error(`${needle} not in text`);
  return { start, end: start + needle.length };
}

function services(text: string, options: { env?: Record<string, string>; path?: string; absPath?: string } = {}): ComposeService[] {
  const result = parseCompose(sourceFromText(options.path ?? 'compose.yaml', 'compose', text, options.absPath), { env: options.env });
  expect(result.errors).toEqual([]);
  return result.model!.services;
}

const first = (text: string, options?: Parameters<typeof services>[1]) => services(text, options)[0]!;
const web = (body: string) => `services:\n  web:\n${body}`;

describe('compose service settings', () => {
  it('reads scalar settings with the span of their value', () => {
    const text = web(
      [
        '    image: nginx:1.25',
        '    user: "1000:1000"',
        '    read_only: true',
        '    privileged: "false"',
        '    network_mode: host',
        '    pid: host',
        '    ipc: shareable',
        '    uts: host',
        '    userns_mode: host',
        '    restart: no',
        '    tty: yes',
        '    use_api_socket: true',
        '    stop_grace_period: 1m30s',
        '    mem_limit: 512m',
        '    pids_limit: 100',
        '    cpus: 0.50',
        '',
      ].join('\n'),
    );
    const { container } = first(text);
    expect(container.image).toEqual({ value: parseImageRef('nginx:1.25'), span: at(text, 'nginx:1.25') });
    expect(container.user).toEqual({ value: '1000:1000', span: at(text, '"1000:1000"') });
    expect(container.readOnly).toEqual({ value: true, span: at(text, 'true') });
    expect(container.privileged).toEqual({ value: false, span: at(text, '"false"') });
    expect(container.networkMode).toEqual({ value: 'host', span: at(text, 'host') });
    expect(container.pid).toEqual({ value: 'host', span: at(text, 'host', 2) });
    expect(container.ipc).toEqual({ value: 'shareable', span: at(text, 'shareable') });
    expect(container.uts).toEqual({ value: 'host', span: at(text, 'host', 3) });
    expect(container.userns).toEqual({ value: 'host', span: at(text, 'host', 4) });
    // YAML 1.2: `no` and `yes` are strings, and `yes` is a true boolean for Compose.
    const restart = at(text, 'restart: no');
    expect(container.restart).toEqual({ value: 'no', span: { start: restart.end - 2, end: restart.end } });
    expect(container.tty).toEqual({ value: true, span: at(text, 'yes') });
    expect(container.useApiSocket).toEqual({ value: true, span: at(text, 'true', 2) });
    expect(container.stopTimeout).toEqual({ value: 90, span: at(text, '1m30s') });
    expect(container.memory).toEqual({ value: '512m', span: at(text, '512m') });
    const pids = at(text, 'pids_limit: 100');
    expect(container.pidsLimit).toEqual({ value: '100', span: { start: pids.end - 3, end: pids.end } });
    expect(container.cpus).toEqual({ value: '0.50', span: at(text, '0.50') });
  });

  it('leaves absent settings absent and lists empty', () => {
    const { container } = first(web('    image: nginx\n'));
    const { editor, image, span, name, source, runtime, ...rest } = container;
    expect(rest).toEqual({ capAdd: [], capDrop: [], securityOpt: [], logOptions: [], mounts: [], tmpfs: [], env: [], ports: [], devices: [] });
    expect(editor).toBeDefined();
  });

  it('reads deploy resource limits when the service-level keys are absent', () => {
    const text = web('    image: nginx\n    deploy:\n      replicas: 3\n      resources:\n        limits:\n          cpus: "1.5"\n          memory: 1G\n          pids: 200\n');
    const service = first(text);
    expect(service.container.memory).toEqual({ value: '1G', span: at(text, '1G') });
    expect(service.container.cpus).toEqual({ value: '1.5', span: at(text, '"1.5"') });
    expect(service.container.pidsLimit).toEqual({ value: '200', span: at(text, '200') });
    expect(service.replicas).toBe(3);
  });

  it('prefers mem_limit over deploy limits and reads scale', () => {
    const text = web('    image: nginx\n    mem_limit: 256m\n    scale: 2\n    deploy:\n      resources:\n        limits:\n          memory: 1G\n');
    const service = first(text);
    expect(service.container.memory).toEqual({ value: '256m', span: at(text, '256m') });
    expect(service.replicas).toBe(2);
  });

  it('reads capabilities and security options as written, CAP_ prefix kept', () => {
    const text = web('    cap_add: [CAP_SYS_ADMIN, net_admin]\n    cap_drop:\n      - ALL\n    security_opt:\n      - "no-new-privileges:true"\n      - seccomp=unconfined\n');
    const { container } = first(text);
    expect(container.capAdd).toEqual([
      { value: 'CAP_SYS_ADMIN', span: at(text, 'CAP_SYS_ADMIN') },
      { value: 'net_admin', span: at(text, 'net_admin') },
    ]);
    expect(container.capDrop).toEqual([{ value: 'ALL', span: at(text, 'ALL') }]);
    expect(container.securityOpt).toEqual([
      { value: 'no-new-privileges:true', span: at(text, '"no-new-privileges:true"') },
      { value: 'seccomp=unconfined', span: at(text, 'seccomp=unconfined') },
    ]);
  });

  it('reads logging driver and options', () => {
    const text = web('    logging:\n      driver: json-file\n      options:\n        max-size: "10m"\n        max-file: 3\n        tag:\n');
    const { container } = first(text);
    expect(container.logDriver).toEqual({ value: 'json-file', span: at(text, 'json-file') });
    expect(container.logOptions).toEqual([
      { value: { key: 'max-size', value: '10m' }, span: at(text, 'max-size: "10m"') },
      { value: { key: 'max-file', value: '3' }, span: at(text, 'max-file: 3') },
      { value: { key: 'tag', value: '' }, span: at(text, 'tag') },
    ]);
  });

  it('reads short and long volume syntax and tmpfs as a string or a list', () => {
    const text = web(
      '    volumes:\n      - data:/data\n      - ./conf:/etc/app:ro\n      - /cache\n      - type: bind\n        source: /var/run/docker.sock\n        target: /var/run/docker.sock\n        read_only: true\n      - type: tmpfs\n        target: /run\n    tmpfs: /tmp\n',
    );
    const { container } = first(text);
    expect(container.mounts).toEqual([
      { value: { type: 'volume', source: 'data', target: '/data', readOnly: false }, span: at(text, 'data:/data') },
      { value: { type: 'bind', source: './conf', target: '/etc/app', readOnly: true }, span: at(text, './conf:/etc/app:ro') },
      { value: { type: 'volume', target: '/cache', readOnly: false }, span: at(text, '/cache') },
      {
        value: { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: true },
        span: at(text, 'type: bind\n        source: /var/run/docker.sock\n        target: /var/run/docker.sock\n        read_only: true'),
      },
      { value: { type: 'tmpfs', target: '/run', readOnly: false }, span: at(text, 'type: tmpfs\n        target: /run') },
    ]);
    expect(container.tmpfs).toEqual([{ value: '/tmp', span: at(text, '/tmp') }]);
    expect(first(web('    tmpfs:\n      - /tmp:size=64m\n      - /run\n')).container.tmpfs.map((item) => item.value)).toEqual(['/tmp:size=64m', '/run']);
  });

  it('reads environment as a list or a map', () => {
    const list = web('    environment:\n      - MODE=prod\n      - PASSTHROUGH\n      - EMPTY=\n');
    expect(first(list).container.env).toEqual([
      { value: { name: 'MODE', value: 'prod' }, span: at(list, 'MODE=prod') },
      { value: { name: 'PASSTHROUGH' }, span: at(list, 'PASSTHROUGH') },
      { value: { name: 'EMPTY', value: '' }, span: at(list, 'EMPTY=') },
    ]);
    const map = web('    environment:\n      DB_PASSWORD: secret\n      PORT: 5432\n      DEBUG: false\n      FROM_HOST: # from the caller\n');
    expect(first(map).container.env).toEqual([
      { value: { name: 'DB_PASSWORD', value: 'secret' }, span: at(map, 'DB_PASSWORD: secret') },
      { value: { name: 'PORT', value: '5432' }, span: at(map, 'PORT: 5432') },
      { value: { name: 'DEBUG', value: 'false' }, span: at(map, 'DEBUG: false') },
      { value: { name: 'FROM_HOST' }, span: at(map, 'FROM_HOST') },
    ]);
  });

  it('reads short and long port syntax', () => {
    const text = web('    ports:\n      - 80\n      - "127.0.0.1:5432:5432"\n      - 53:53/udp\n      - target: 443\n        published: "8443"\n        host_ip: 0.0.0.0\n        protocol: tcp\n');
    expect(first(text).container.ports).toEqual([
      { value: { containerPort: '80' }, span: at(text, '80') },
      { value: { hostIp: '127.0.0.1', hostPort: '5432', containerPort: '5432' }, span: at(text, '"127.0.0.1:5432:5432"') },
      { value: { hostPort: '53', containerPort: '53', protocol: 'udp' }, span: at(text, '53:53/udp') },
      {
        value: { hostIp: '0.0.0.0', hostPort: '8443', containerPort: '443', protocol: 'tcp' },
        span: at(text, 'target: 443\n        published: "8443"\n        host_ip: 0.0.0.0\n        protocol: tcp'),
      },
    ]);
  });

  it.each([
    ['    healthcheck:\n      disable: true\n', { disabled: true }, 'true'],
    ['    healthcheck:\n      disable: "true"\n', { disabled: true }, '"true"'],
    ['    healthcheck:\n      test: NONE\n', { disabled: true }, 'NONE'],
    ['    healthcheck:\n      test: ["NONE"]\n', { disabled: true }, '["NONE"]'],
    ['    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost"]\n', { disabled: false }, 'test: ["CMD", "curl", "-f", "http://localhost"]'],
  ])('reads a health check %#', (body, value, written) => {
    const text = web(body);
    expect(first(text).container.healthcheck).toEqual({ value, span: at(text, written) });
  });

  it('reads devices and the command', () => {
    const text = web('    devices:\n      - /dev/fuse\n      - source: /dev/ttyUSB0\n        target: /dev/ttyUSB0\n        permissions: rwm\n    command: sh -c "sleep 10"\n');
    const { container } = first(text);
    expect(container.devices).toEqual([
      { value: '/dev/fuse', span: at(text, '/dev/fuse') },
      { value: '/dev/ttyUSB0:/dev/ttyUSB0:rwm', span: at(text, 'source: /dev/ttyUSB0\n        target: /dev/ttyUSB0\n        permissions: rwm') },
    ]);
    expect(container.command).toEqual({ value: ['sh', '-c', 'sleep 10'], span: at(text, 'sh -c "sleep 10"') });
    const list = web('    command: ["npm", "start"]\n');
    expect(first(list).container.command).toEqual({ value: ['npm', 'start'], span: at(list, '["npm", "start"]') });
  });

  it('reads depends_on, networks and container_name', () => {
    const text =
      'services:\n  web:\n    container_name: shop-web\n    depends_on:\n      db:\n        condition: service_healthy\n      cache:\n    networks: [front, back]\n  worker:\n    depends_on: [db]\n    networks:\n      back:\n        aliases: [w]\n  db:\n    network_mode: host\n  cache: {}\n';
    const [shop, worker, db, cache] = services(text);
    expect(shop!.containerName).toEqual({ value: 'shop-web', span: at(text, 'shop-web') });
    expect(shop!.dependsOn).toEqual([
      { service: 'db', condition: 'service_healthy', span: at(text, 'db') },
      { service: 'cache', condition: 'service_started', span: at(text, 'cache') },
    ]);
    expect(shop!.networks).toEqual(['front', 'back']);
    expect(worker!.dependsOn).toEqual([{ service: 'db', condition: 'service_started', span: at(text, 'db', 2) }]);
    expect(worker!.networks).toEqual(['back']);
    expect(db!.networks).toEqual([]);
    expect(cache!.networks).toEqual(['default']);
    expect(cache!.containerName).toBeUndefined();
    expect(cache!.replicas).toBeUndefined();
  });
});

describe('compose images and builds', () => {
  it.each([
    ['nginx:${TAG}', { TAG: '1.25' }, 'nginx:1.25', false],
    ['nginx:${TAG:-1.24}', {}, 'nginx:1.24', false],
    ['nginx:${TAG-1.24}', { TAG: '' }, 'nginx:', false],
    ['${REGISTRY}/app:1', {}, '/app:1', true],
    ['app:$${literal}', {}, 'app:${literal}', false],
  ])('resolves %s', (image, env, raw, unresolved) => {
    const text = web(`    image: "${image}"\n`);
    const { container } = first(text, { env });
    expect(container.image).toEqual({ value: parseImageRef(raw), span: at(text, `"${image}"`) });
    expect(container.imageUnresolved).toBe(unresolved ? true : undefined);
  });

  it.each([
    ['    build: .\n', 'deploy/compose.yaml', 'deploy/Dockerfile'],
    ['    build: ./web\n', 'compose.yaml', 'web/Dockerfile'],
    ['    build:\n      context: ../app\n      dockerfile: docker/Prod.Dockerfile\n', 'ops/compose.yaml', 'app/docker/Prod.Dockerfile'],
    ['    build:\n      dockerfile: Containerfile\n', 'compose.yaml', 'Containerfile'],
    ['    build:\n      context: ${CTX:-site}\n', 'compose.yaml', 'site/Dockerfile'],
  ])('locates the Dockerfile of %j', (body, path, dockerfilePath) => {
    const text = web(body);
    const afterKey = at(text, 'build:').end;
    expect(first(text, { path }).container.build).toEqual({
      dockerfilePath,
      span: { start: afterKey + text.slice(afterKey).search(/\S/), end: text.length - 1 },
    });
  });

  it('gives the absolute Dockerfile path when the compose file has one', () => {
    const text = web('    image: shop/web:dev\n    build:\n      context: web\n');
    const { container } = first(text, { path: 'deploy/compose.yaml', absPath: '/repo/deploy/compose.yaml' });
    expect(container.build).toEqual({
      dockerfilePath: 'deploy/web/Dockerfile',
      dockerfileAbsPath: '/repo/deploy/web/Dockerfile',
      span: at(text, 'context: web'),
    });
    expect(container.imageIsBuildOutput).toBe(true);
  });

  it('names an absolute context relative to the working directory', () => {
    const text = web('    build: /repo/services/api\n');
    const { container } = first(text, { path: 'deploy/compose.yaml', absPath: '/repo/deploy/compose.yaml' });
    expect(container.build).toEqual({
      dockerfilePath: 'services/api/Dockerfile',
      dockerfileAbsPath: '/repo/services/api/Dockerfile',
      span: at(text, '/repo/services/api'),
    });
  });

  it.each([
    '    image: app\n    build:\n      dockerfile_inline: |\n        FROM alpine\n',
    '    image: app\n    build: https://github.com/docker/app.git#main\n',
    '    image: app\n    build:\n      context: git@github.com:docker/app.git\n',
  ])('has no Dockerfile to read for %j', (body) => {
    const { container } = first(web(body));
    expect(container.build).toBeUndefined();
    expect(container.imageIsBuildOutput).toBe(true);
  });

  it.each(['    image: nginx\n', '    image: nginx\n    build:\n'])('does not mark an image without a build as build output: %j', (body) => {
    const { container } = first(web(body));
    expect(container.imageIsBuildOutput).toBeUndefined();
    expect(container.build).toBeUndefined();
  });
});

describe('anchors, aliases and merge keys', () => {
  const text = [
    'x-logging: &logging',
    '  driver: json-file',
    '  options:',
    '    max-size: "10m"',
    'x-base: &base',
    '  read_only: "true"',
    '  cap_drop: [ALL]',
    '  user: &uid "1000"',
    'x-extra: &extra',
    '  privileged: true',
    '  read_only: false',
    'services:',
    '  web:',
    '    <<: [*base, *extra]',
    '    image: nginx',
    '    logging: *logging',
    '  api:',
    '    <<: *base',
    '    read_only: false',
    '    user: *uid',
    '  reset:',
    '    <<: *base',
    '    cap_drop: !reset []',
    '  copy: *extra',
    '',
  ].join('\n');

  it('follows merge keys, the first listed mapping winning', () => {
    const { container } = services(text)[0]!;
    expect(container.readOnly).toEqual({ value: true, span: at(text, '"true"') });
    expect(container.capDrop).toEqual([{ value: 'ALL', span: at(text, 'ALL') }]);
    expect(container.user).toEqual({ value: '1000', span: at(text, '"1000"') });
    expect(container.privileged).toEqual({ value: true, span: at(text, 'true', 2) });
    expect(container.logDriver).toEqual({ value: 'json-file', span: at(text, 'json-file') });
    expect(container.logOptions).toEqual([{ value: { key: 'max-size', value: '10m' }, span: at(text, 'max-size: "10m"') }]);
  });

  it("lets a service's own keys override merged ones, and aliases point at the anchor", () => {
    const { container } = services(text)[1]!;
    expect(container.readOnly).toEqual({ value: false, span: at(text, 'false', 2) });
    expect(container.user).toEqual({ value: '1000', span: at(text, '"1000"') });
  });

  it("drops a key tagged !reset, as compose-go does", () => {
    expect(services(text)[2]!.container.capDrop).toEqual([]);
  });

  it('reads a service that is an alias of another mapping', () => {
    const copy = services(text)[3]!;
    expect(copy.name).toBe('copy');
    expect(copy.container.privileged).toEqual({ value: true, span: at(text, 'true', 2) });
  });
});
