import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flatten, typeName, unwrap, type FieldSpec, type FieldType } from '../../src/policy/field-catalogue.js';
import { renderPolicyFieldsDoc } from '../../src/policy/field-docs.js';
import { containerView, dockerfileView, FIELD_CATALOGUE, unitView, type PolicyTarget } from '../../src/policy/model-view.js';
import { bareContainer, fullContainer, sampleDockerfile, sampleUnit } from './view-samples.js';

const bareView = {
  name: 'bare',
  source: 'podman-run',
  runtime: 'podman',
  image: { ref: 'nginx', registry: 'docker.io', repository: 'nginx', tag: null, digest: null },
  imageIsBuildOutput: false,
  user: null,
  privileged: false,
  readOnly: false,
  capAdd: [],
  capDrop: [],
  securityOpt: [],
  logDriver: null,
  logOptions: {},
  networkMode: null,
  pid: null,
  ipc: null,
  uts: null,
  userns: null,
  mounts: [],
  tmpfs: [],
  devices: [],
  env: [],
  ports: [],
  restart: null,
  memory: null,
  pidsLimit: null,
  cpus: null,
  healthcheck: null,
  detach: false,
  tty: false,
  stopTimeout: null,
  useApiSocket: false,
  command: null,
};

describe('containerView', () => {
  it('gives every field of a container with most settings written', () => {
    expect(containerView(fullContainer())).toEqual({
      ...bareView,
      name: 'web',
      source: 'compose',
      runtime: 'docker',
      image: { ref: 'ghcr.io/acme/web:1.2', registry: 'ghcr.io', repository: 'acme/web', tag: '1.2', digest: null },
      user: 'root',
      privileged: true,
      capAdd: ['SYS_ADMIN', 'NET_ADMIN'],
      capDrop: ['ALL'],
      securityOpt: ['no-new-privileges:true'],
      logDriver: 'json-file',
      logOptions: { 'max-size': '10m', 'max-file': '3' },
      networkMode: 'host',
      pid: 'host',
      mounts: [
        { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: false },
        { type: 'volume', source: null, target: '/data', readOnly: true },
      ],
      tmpfs: ['/tmp'],
      env: [
        { name: 'TOKEN', value: 'abc' },
        { name: 'HOME', value: null },
      ],
      ports: [
        { hostIp: '0.0.0.0', hostPort: '8080', containerPort: '80', protocol: 'tcp' },
        { hostIp: null, hostPort: null, containerPort: '443', protocol: null },
      ],
      restart: 'always',
      memory: '512m',
      pidsLimit: '100',
      healthcheck: { disabled: true },
      detach: true,
      stopTimeout: 10,
      command: ['nginx', '-g', 'daemon off;'],
    });
  });

  it('gives null, false and empty lists for settings that are not written', () => {
    expect(containerView(bareContainer())).toEqual(bareView);
  });
});

describe('dockerfileView', () => {
  const view = dockerfileView(sampleDockerfile());
  const stage1 = {
    index: 1,
    name: 'final',
    base: 'base',
    image: null,
    baseStage: 0,
    user: 'app', // inherited from stage `base`
    instructions: [
      { keyword: 'FROM', text: 'base AS final', args: ['base', 'AS', 'final'], flags: [] },
      {
        keyword: 'RUN',
        text: '--mount=type=cache,target=/root/.cache make',
        args: ['--mount=type=cache,target=/root/.cache', 'make'],
        flags: [{ name: 'mount', value: 'type=cache,target=/root/.cache' }],
      },
    ],
  };

  it('gives stages with their base, image and effective user', () => {
    expect(view.stages).toEqual([
      {
        index: 0,
        name: 'base',
        base: 'alpine:3.20',
        image: { ref: 'alpine:3.20', registry: 'docker.io', repository: 'alpine', tag: '3.20', digest: null },
        baseStage: null,
        user: 'app',
        instructions: [
          { keyword: 'FROM', text: 'alpine:3.20 AS base', args: ['alpine:3.20', 'AS', 'base'], flags: [] },
          { keyword: 'USER', text: 'app', args: ['app'], flags: [] },
        ],
      },
      stage1,
    ]);
    expect(view.finalStage).toEqual(stage1);
  });

  it('gives every instruction in order and the global ARG defaults', () => {
    expect((view.instructions as Array<{ keyword: string }>).map((i) => i.keyword)).toEqual([
      'ARG', 'ARG', 'FROM', 'USER', 'FROM', 'RUN',
    ]);
    expect(view.globalArgs).toEqual({ VERSION: '1.0', UNSET: null });
  });

  it('gives a null final stage for a Dockerfile without stages', () => {
    const empty = { ...sampleDockerfile(), stages: [], instructions: [] };
    expect(dockerfileView(empty)).toMatchObject({ stages: [], finalStage: null, instructions: [] });
  });
});

describe('unitView', () => {
  const view = unitView(sampleUnit(), [bareContainer()]);

  it('merges repeated sections and keeps the last value of each key', () => {
    expect(view.name).toBe('web.service');
    expect(view.sections).toEqual({
      Unit: { Description: 'Web', After: 'network-online.target' },
      Service: { Environment: 'B=2', ExecStart: '/usr/bin/docker run --rm nginx', ['__proto__']: 'polluted', Restart: 'always' },
      Install: { WantedBy: 'multi-user.target' },
    });
  });

  it('keeps every value in lists, an empty assignment clearing what came before', () => {
    expect((view.lists as Record<string, unknown>).Service).toEqual({
      Environment: ['B=2'],
      ExecStart: ['/usr/bin/docker run --rm nginx'],
      ['__proto__']: ['polluted'],
      Restart: ['always'],
    });
  });

  it('keeps a `__proto__` key from the unit file as an ordinary own key', () => {
    const service = (view.sections as Record<string, object>).Service!;
    expect(Object.getPrototypeOf(service)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(service, '__proto__')?.value).toBe('polluted');
  });

  it('includes the containers the unit runs, and none by default', () => {
    expect(view.containers).toEqual([bareView]);
    expect(unitView(sampleUnit()).containers).toEqual([]);
  });
});

const samples: Array<[PolicyTarget, string, object]> = [
  ['container', 'full', containerView(fullContainer())],
  ['container', 'bare', containerView(bareContainer())],
  ['dockerfile', 'sample', dockerfileView(sampleDockerfile())],
  ['unit', 'sample', unitView(sampleUnit(), [fullContainer(), bareContainer()])],
];

/** Walks a view next to its catalogue type; returns the paths where they disagree. */
function disagreements(type: FieldType, value: unknown, path: string): string[] {
  if (value === null) return type.kind === 'nullable' ? [] : [`${path}: null but not nullable`];
  const t = unwrap(type);
  if (t.kind === 'string' || t.kind === 'number' || t.kind === 'boolean') {
    return typeof value === t.kind ? [] : [`${path}: ${typeof value}, catalogue says ${t.kind}`];
  }
  if (t.kind === 'list') {
    if (!Array.isArray(value)) return [`${path}: not a list`];
    return value.flatMap((v, i) => disagreements(t.of, v, `${path}[${i}]`));
  }
  if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: not an object`];
  const entries = Object.entries(value);
  if (t.kind === 'record') return entries.flatMap(([k, v]) => disagreements(t.of, v, `${path}.${k}`));
  if (t.kind !== 'object') return [`${path}: unexpected type ${t.kind}`];
  const keys = entries.map(([k]) => k);
  const names = t.fields.map((f) => f.name);
  return [
    ...keys.filter((k) => !names.includes(k)).map((k) => `${path}.${k}: not in the catalogue`),
    ...names.filter((n) => !keys.includes(n)).map((n) => `${path}.${n}: catalogued but missing`),
    ...t.fields.flatMap((f) => disagreements(f.type, (value as Record<string, unknown>)[f.name], `${path}.${f.name}`)),
  ];
}

function isDeeplyFrozenPlainData(value: unknown): boolean {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
  if (typeof value !== 'object') return false; // functions, undefined, symbols
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype) return false;
  return Object.isFrozen(value) && Object.values(value).every(isDeeplyFrozenPlainData);
}

describe('views and the field catalogue', () => {
  it.each(samples)('the %s view (%s) has exactly the catalogued fields, of the catalogued types', (target, _name, view) => {
    expect(disagreements({ kind: 'object', fields: FIELD_CATALOGUE[target] }, view, target)).toEqual([]);
  });

  it.each(samples)('the %s view (%s) is deeply frozen plain data without functions', (_target, _name, view) => {
    expect(isDeeplyFrozenPlainData(view)).toBe(true);
  });

  it.each(Object.entries(FIELD_CATALOGUE))('every %s field has a description and a unique name', (_target, fields) => {
    const all = flatten(fields as readonly FieldSpec[]);
    expect(all.filter((f) => f.description.trim() === '')).toEqual([]);
    expect(new Set(all.map((f) => f.path)).size).toBe(all.length);
  });

  it('names types the way the docs show them', () => {
    const byPath = new Map(flatten(FIELD_CATALOGUE.container).map((f) => [f.path, typeName(f.type)]));
    expect(Object.fromEntries(['user', 'capAdd', 'mounts', 'logOptions', 'stopTimeout', 'command', 'image.tag'].map((p) => [p, byPath.get(p)]))).toEqual({
      user: 'string | null',
      capAdd: 'string[]',
      mounts: 'object[]',
      logOptions: '{ [option]: string }',
      stopTimeout: 'number | null',
      command: 'string[] | null',
      'image.tag': 'string | null',
    });
  });
});

describe('docs/policy-fields.md', () => {
  const path = new URL('../../docs/policy-fields.md', import.meta.url);

  it('is generated from the catalogue (regenerate: node scripts/gen-policy-fields.mjs)', () => {
    const expected = renderPolicyFieldsDoc();
    if (process.env.CGUARD_UPDATE_DOCS === '1') writeFileSync(path, expected);
    expect(readFileSync(path, 'utf8')).toBe(expected);
  });
});
