/**
 * What custom rules see: a frozen, plain-data view of a container, a Dockerfile or a unit —
 * no spans, no functions, no prototypes worth reaching — and the catalogue that documents it.
 *
 * Each catalogue entry carries the getter that reads it from the model, and the views are
 * built by walking the catalogue, so the documented fields and the real ones cannot drift.
 * `docs/policy-fields.md` is generated from the same catalogue.
 */
import type { ContainerSpec, EnvVar, Mount, PortMapping } from '../model/container.js';
import type { DockerInstruction, DockerStage, DockerfileModel } from '../model/dockerfile.js';
import type { ImageRef } from '../model/image.js';
import type { UnitModel } from '../model/unit.js';
import {
  bool,
  build,
  field,
  list,
  nullable,
  num,
  object,
  record,
  str,
  type FieldSpec,
  type View,
} from './field-catalogue.js';

export type PolicyTarget = 'container' | 'dockerfile' | 'unit';

const imageFields = [
  field<ImageRef>('ref', str, 'The reference as written, e.g. `ghcr.io/org/app:1.2`.', (i) => i.raw),
  field<ImageRef>('registry', str, 'Registry host; `docker.io` when none is written.', (i) => i.registry),
  field<ImageRef>('repository', str, 'Repository path without the registry, e.g. `acme/web`.', (i) => i.repository),
  field<ImageRef>('tag', nullable(str), 'The tag, or null when none is written.', (i) => i.tag),
  field<ImageRef>('digest', nullable(str), 'The `sha256:…` digest, or null.', (i) => i.digest),
];

const containerFields: FieldSpec[] = [
  field<ContainerSpec>('name', str, 'Service name, `--name`, or the unit name.', (c) => c.name),
  field<ContainerSpec>('source', str, '`compose`, `docker-run`, `podman-run` or `quadlet`.', (c) => c.source),
  field<ContainerSpec>('runtime', str, '`docker` or `podman`.', (c) => c.runtime),
  field<ContainerSpec>('image', nullable(object(imageFields)), 'The image, or null when there is none.', (c) => c.image?.value),
  field<ContainerSpec>(
    'imageIsBuildOutput',
    bool,
    'The compose `image:` names what `build:` produces, not an image to pull.',
    (c) => c.imageIsBuildOutput ?? false,
  ),
  field<ContainerSpec>('user', nullable(str), '`user:`, `--user`, `User=`; null when not set.', (c) => c.user?.value),
  field<ContainerSpec>('privileged', bool, 'Runs privileged.', (c) => c.privileged?.value ?? false),
  field<ContainerSpec>('readOnly', bool, 'The root filesystem is read-only.', (c) => c.readOnly?.value ?? false),
  field<ContainerSpec>('capAdd', list(str), 'Added capabilities, as written.', (c) => c.capAdd.map((f) => f.value)),
  field<ContainerSpec>('capDrop', list(str), 'Dropped capabilities, as written.', (c) => c.capDrop.map((f) => f.value)),
  field<ContainerSpec>('securityOpt', list(str), 'Security options, e.g. `no-new-privileges:true`.', (c) =>
    c.securityOpt.map((f) => f.value),
  ),
  field<ContainerSpec>('logDriver', nullable(str), 'Logging driver; null when not set.', (c) => c.logDriver?.value),
  field<ContainerSpec>(
    'logOptions',
    record('option', str),
    'Logging options by name, e.g. `logOptions["max-size"]`.',
    (c) => new Map(c.logOptions.map((f) => [f.value.key, f.value.value])),
  ),
  field<ContainerSpec>('networkMode', nullable(str), 'Network mode, e.g. `host`; null when not set.', (c) => c.networkMode?.value),
  field<ContainerSpec>('pid', nullable(str), 'PID namespace, e.g. `host`.', (c) => c.pid?.value),
  field<ContainerSpec>('ipc', nullable(str), 'IPC namespace, e.g. `host`.', (c) => c.ipc?.value),
  field<ContainerSpec>('uts', nullable(str), 'UTS namespace, e.g. `host`.', (c) => c.uts?.value),
  field<ContainerSpec>('userns', nullable(str), 'User namespace mode.', (c) => c.userns?.value),
  field<ContainerSpec>('mounts', list(object(mountFields())), 'Volumes and bind mounts.', (c) => c.mounts.map((f) => f.value)),
  field<ContainerSpec>('tmpfs', list(str), 'tmpfs mounts, as written.', (c) => c.tmpfs.map((f) => f.value)),
  field<ContainerSpec>('devices', list(str), 'Host devices passed in, as written.', (c) => c.devices.map((f) => f.value)),
  field<ContainerSpec>('env', list(object(envFields())), 'Environment variables.', (c) => c.env.map((f) => f.value)),
  field<ContainerSpec>('ports', list(object(portFields())), 'Published ports.', (c) => c.ports.map((f) => f.value)),
  field<ContainerSpec>('restart', nullable(str), 'Restart policy.', (c) => c.restart?.value),
  field<ContainerSpec>('memory', nullable(str), 'Memory limit as written, e.g. `512m`.', (c) => c.memory?.value),
  field<ContainerSpec>('pidsLimit', nullable(str), 'PIDs limit as written.', (c) => c.pidsLimit?.value),
  field<ContainerSpec>('cpus', nullable(str), 'CPU limit as written.', (c) => c.cpus?.value),
  field<ContainerSpec>(
    'healthcheck',
    nullable(object([field<{ disabled: boolean }>('disabled', bool, 'Explicitly disabled.', (h) => h.disabled)])),
    'The health check settings, or null when none are written.',
    (c) => c.healthcheck?.value,
  ),
  field<ContainerSpec>('detach', bool, 'Runs detached (`-d`).', (c) => c.detach?.value ?? false),
  field<ContainerSpec>('tty', bool, 'Allocates a TTY.', (c) => c.tty?.value ?? false),
  field<ContainerSpec>('stopTimeout', nullable(num), 'Stop timeout in seconds, or null.', (c) => c.stopTimeout?.value),
  field<ContainerSpec>('useApiSocket', bool, 'Mounts the engine API socket (`use_api_socket`).', (c) => c.useApiSocket?.value ?? false),
  field<ContainerSpec>('command', nullable(list(str)), 'Command and arguments after the image, or null.', (c) => c.command?.value),
];

function mountFields(): FieldSpec[] {
  return [
    field<Mount>('type', str, '`bind`, `volume`, `tmpfs`, …', (m) => m.type),
    field<Mount>('source', nullable(str), 'Host path or volume name; null for anonymous volumes.', (m) => m.source),
    field<Mount>('target', str, 'Path inside the container.', (m) => m.target),
    field<Mount>('readOnly', bool, 'Mounted read-only.', (m) => m.readOnly),
  ];
}

function envFields(): FieldSpec[] {
  return [
    field<EnvVar>('name', str, 'Variable name.', (e) => e.name),
    field<EnvVar>('value', nullable(str), 'Value, or null when taken from the environment.', (e) => e.value),
  ];
}

function portFields(): FieldSpec[] {
  return [
    field<PortMapping>('hostIp', nullable(str), 'Host IP, when the mapping names one.', (p) => p.hostIp),
    field<PortMapping>('hostPort', nullable(str), 'Host port or range, or null.', (p) => p.hostPort),
    field<PortMapping>('containerPort', str, 'Container port or range.', (p) => p.containerPort),
    field<PortMapping>('protocol', nullable(str), '`tcp`, `udp`, … or null.', (p) => p.protocol),
  ];
}

const instructionFields = [
  field<DockerInstruction>('keyword', str, 'Upper-case keyword: `FROM`, `RUN`, …', (i) => i.keyword),
  field<DockerInstruction>('text', str, 'Everything after the keyword, as written.', (i) => i.argsText),
  field<DockerInstruction>('args', list(str), 'Arguments as the Dockerfile parser splits them.', (i) =>
    i.args.map((a) => a.value),
  ),
  field<DockerInstruction>(
    'flags',
    list(object([
      field<{ name: string }>('name', str, 'Flag name without dashes, e.g. `from`.', (f) => f.name),
      field<{ value?: string }>('value', nullable(str), 'Flag value, or null.', (f) => f.value),
    ])),
    'Flags before the arguments (`--from`, `--chown`, `--mount`, …).',
    (i) => i.flags,
  ),
];

/** A stage with its effective user, which may be inherited from the stage it builds on. */
interface StageSource {
  stage: DockerStage;
  user: string | undefined;
}

const stageFields = [
  field<StageSource>('index', num, 'Position of the stage, from 0.', (s) => s.stage.index),
  field<StageSource>('name', nullable(str), 'The `AS` name, lower-cased; null when unnamed.', (s) => s.stage.name),
  field<StageSource>('base', str, 'The FROM image text after ARG resolution.', (s) => s.stage.baseText),
  field<StageSource>('image', nullable(object(imageFields)), 'The base image, or null when it is a stage.', (s) =>
    s.stage.baseImage,
  ),
  field<StageSource>('baseStage', nullable(num), 'Index of the stage this one builds on, or null.', (s) => s.stage.baseStage),
  field<StageSource>(
    'user',
    nullable(str),
    'Effective user: the last USER here, else the base stage’s; null when never set.',
    (s) => s.user,
  ),
  field<StageSource>('instructions', list(object(instructionFields)), 'Instructions of this stage.', (s) =>
    s.stage.instructions,
  ),
];

const dockerfileFields = [
  field<DockerfileModel>('stages', list(object(stageFields)), 'Build stages in order.', (m) => stageSources(m)),
  field<DockerfileModel>('finalStage', nullable(object(stageFields)), 'The last stage, or null when there is none.', (m) =>
    stageSources(m).at(-1),
  ),
  field<DockerfileModel>('instructions', list(object(instructionFields)), 'Every instruction in order.', (m) =>
    m.instructions,
  ),
  field<DockerfileModel>('globalArgs', record('name', nullable(str)), 'ARG defaults before the first FROM.', (m) =>
    m.globalArgs,
  ),
];

function stageSources(model: DockerfileModel): StageSource[] {
  const out: StageSource[] = [];
  for (const stage of model.stages) {
    const own = stage.users.at(-1)?.value;
    const inherited = stage.baseStage === undefined ? undefined : out[stage.baseStage]?.user;
    out.push({ stage, user: own ?? inherited });
  }
  return out;
}

interface UnitSource {
  unit: UnitModel;
  containers: readonly ContainerSpec[];
}

const unitFields = [
  field<UnitSource>('name', str, 'The unit file name, e.g. `web.service`.', (u) => u.unit.name),
  field<UnitSource>(
    'sections',
    record('section', record('key', str)),
    'Last value of each key, e.g. `sections.Service.User`.',
    (u) => unitValues(u.unit, (values) => values.at(-1)!),
  ),
  field<UnitSource>(
    'lists',
    record('section', record('key', list(str))),
    'Every value of each key in order; an empty assignment clears the list, as in systemd.',
    (u) => unitValues(u.unit, (values) => values.slice(values.lastIndexOf('') + 1)),
  ),
  field<UnitSource>('containers', list(object(containerFields)), 'Containers the unit runs.', (u) => u.containers),
];

/** Section → key → value, sections of the same name merged as systemd merges them. */
function unitValues<T>(unit: UnitModel, pick: (values: string[]) => T): Map<string, Map<string, T>> {
  const all = new Map<string, Map<string, string[]>>();
  for (const entry of unit.entries) {
    let section = all.get(entry.section);
    if (!section) all.set(entry.section, (section = new Map()));
    let values = section.get(entry.key);
    if (!values) section.set(entry.key, (values = []));
    values.push(entry.value);
  }
  return new Map([...all].map(([name, keys]) => [name, new Map([...keys].map(([k, v]) => [k, pick(v)]))]));
}

export const FIELD_CATALOGUE: Readonly<Record<PolicyTarget, readonly FieldSpec[]>> = {
  container: containerFields,
  dockerfile: dockerfileFields,
  unit: unitFields,
};

export function containerView(spec: ContainerSpec): View {
  return build(object(containerFields), spec, 'container') as View;
}

export function dockerfileView(model: DockerfileModel): View {
  return build(object(dockerfileFields), model, 'dockerfile') as View;
}

export function unitView(unit: UnitModel, containers: readonly ContainerSpec[] = []): View {
  return build(object(unitFields), { unit, containers }, 'unit') as View;
}
