/**
 * Hand-built models for the policy tests (the parsers are written separately; these tests do
 * not depend on them). Spans are all zero: views drop them.
 */
import { emptyContainer, type ContainerSpec, type Field } from '../../src/model/container.js';
import type { DockerInstruction, DockerStage, DockerfileModel } from '../../src/model/dockerfile.js';
import { parseImageRef } from '../../src/model/image.js';
import type { Span } from '../../src/model/source.js';
import type { UnitEntry, UnitModel } from '../../src/model/unit.js';

const at: Span = { start: 0, end: 0 };
const f = <T>(value: T): Field<T> => ({ value, span: at });

/** A compose service with most settings written. */
export function fullContainer(): ContainerSpec {
  const c = emptyContainer('compose', 'docker', 'web', at);
  c.image = f(parseImageRef('ghcr.io/acme/web:1.2'));
  c.user = f('root');
  c.privileged = f(true);
  c.readOnly = f(false);
  c.capAdd = [f('SYS_ADMIN'), f('NET_ADMIN')];
  c.capDrop = [f('ALL')];
  c.securityOpt = [f('no-new-privileges:true')];
  c.logDriver = f('json-file');
  c.logOptions = [f({ key: 'max-size', value: '10m' }), f({ key: 'max-file', value: '3' })];
  c.networkMode = f('host');
  c.pid = f('host');
  c.mounts = [
    f({ type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: false }),
    f({ type: 'volume', target: '/data', readOnly: true }),
  ];
  c.tmpfs = [f('/tmp')];
  c.env = [f({ name: 'TOKEN', value: 'abc' }), f({ name: 'HOME' })];
  c.ports = [
    f({ hostIp: '0.0.0.0', hostPort: '8080', containerPort: '80', protocol: 'tcp' }),
    f({ containerPort: '443' }),
  ];
  c.restart = f('always');
  c.memory = f('512m');
  c.pidsLimit = f('100');
  c.healthcheck = f({ disabled: true });
  c.detach = f(true);
  c.stopTimeout = f(10);
  c.command = f(['nginx', '-g', 'daemon off;']);
  return c;
}

/** A `podman run` container with nothing but a name and an image from Docker Hub. */
export function bareContainer(): ContainerSpec {
  const c = emptyContainer('podman-run', 'podman', 'bare', at);
  c.image = f(parseImageRef('nginx'));
  return c;
}

/** A container with no image at all (a compose service that only builds). */
export function imagelessContainer(): ContainerSpec {
  return emptyContainer('compose', 'docker', 'builder', at);
}

export function instruction(keyword: string, argsText: string, flags: DockerInstruction['flags'] = []): DockerInstruction {
  const words = argsText.split(' ').filter((w) => w !== '');
  return {
    keyword,
    span: at,
    keywordSpan: at,
    argsText,
    argsSpan: at,
    args: words.map((value) => ({ value, span: at })),
    flags,
    jsonForm: false,
    heredocs: [],
  };
}

/**
 * `ARG VERSION=1.0` / `ARG UNSET`, then stage `base` (alpine, `USER app`) and stage `final`
 * built FROM base without its own USER, so its effective user is inherited.
 */
export function sampleDockerfile(): DockerfileModel {
  const preamble = [instruction('ARG', 'VERSION=1.0'), instruction('ARG', 'UNSET')];
  const from0 = instruction('FROM', 'alpine:3.20 AS base');
  const user = instruction('USER', 'app');
  const from1 = instruction('FROM', 'base AS final');
  const run = instruction('RUN', '--mount=type=cache,target=/root/.cache make', [
    { name: 'mount', value: 'type=cache,target=/root/.cache', span: at },
  ]);
  const base: DockerStage = {
    index: 0,
    name: 'base',
    from: from0,
    baseText: 'alpine:3.20',
    baseSpan: at,
    baseImage: parseImageRef('alpine:3.20'),
    baseUnresolved: false,
    instructions: [from0, user],
    users: [{ value: 'app', span: at, instruction: user }],
  };
  const final: DockerStage = {
    index: 1,
    name: 'final',
    from: from1,
    baseText: 'base',
    baseSpan: at,
    baseStage: 0,
    baseUnresolved: false,
    instructions: [from1, run],
    users: [],
  };
  return {
    preamble,
    stages: [base, final],
    instructions: [...preamble, from0, user, from1, run],
    globalArgs: new Map([
      ['VERSION', '1.0'],
      ['UNSET', undefined],
    ]),
    escape: '\\',
  };
}

function entry(section: string, key: string, value: string): UnitEntry {
  return { section, key, value, keySpan: at, valueSpan: at, span: at, lineSpan: at, valueOffsets: [] };
}

/** `web.service`: `[Service]` repeated, a list reset by an empty assignment, a `__proto__` key. */
export function sampleUnit(): UnitModel {
  const entries = [
    entry('Unit', 'Description', 'Web'),
    entry('Unit', 'After', 'network-online.target'),
    entry('Service', 'Environment', 'A=1'),
    entry('Service', 'Environment', ''),
    entry('Service', 'Environment', 'B=2'),
    entry('Service', 'ExecStart', '/usr/bin/docker run --rm nginx'),
    entry('Service', '__proto__', 'polluted'),
    entry('Install', 'WantedBy', 'multi-user.target'),
    entry('Service', 'Restart', 'always'),
  ];
  const sections = ['Unit', 'Service', 'Install', 'Service'].map((name) => ({
    name,
    headerSpan: at,
    span: at,
    entries: entries.filter((e) => e.section === name),
  }));
  return { name: 'web.service', sections, entries, problems: [] };
}
