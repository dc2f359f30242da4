/**
 * One compose service as a ContainerSpec. Compose spells some settings twice — `mem_limit`
 * and `deploy.resources.limits.memory`, `scale` and `deploy.replicas` — and either counts;
 * the service-level key is read first.
 */
import { isScalar } from 'yaml';
import type { Node, Scalar, YAMLMap } from 'yaml';
import type { ComposeService } from '../model/compose.js';
import { emptyContainer, type ContainerSpec, type Field } from '../model/container.js';
import { parseImageRef } from '../model/image.js';
import type { SourceFile } from '../model/source.js';
import { readBuild } from './compose-build.js';
import {
  readCommand,
  readDependsOn,
  readDevices,
  readEnvironment,
  readHealthcheck,
  readLogOptions,
  readMounts,
  readNetworkNames,
  readPorts,
} from './compose-fields.js';
import { parseDuration } from './compose-syntax.js';
import type { ValueReader } from './compose-values.js';
import { span, type Entry } from './compose-yaml.js';

export function readService(name: string, keyNode: Scalar, map: YAMLMap, read: ValueReader, file: SourceFile): ComposeService {
  const keySpan = span(keyNode);
  const entries = read.view.entries(map);
  const at = (key: string): Node | null | undefined => entries.get(key)?.value;
  const container = emptyContainer('compose', 'docker', name, keySpan);

  readImage(container, entries, read, file);
  assign(container, 'user', read.string(at('user')));
  container.capAdd = read.strings(at('cap_add'));
  container.capDrop = read.strings(at('cap_drop'));
  assign(container, 'readOnly', read.boolean(at('read_only')));
  container.securityOpt = read.strings(at('security_opt'));
  assign(container, 'privileged', read.boolean(at('privileged')));
  const logging = read.map(at('logging'));
  assign(container, 'logDriver', read.string(read.entry(logging, 'driver')));
  container.logOptions = readLogOptions(read.entry(logging, 'options'), read);
  assign(container, 'networkMode', read.string(at('network_mode')));
  assign(container, 'pid', read.string(at('pid')));
  assign(container, 'ipc', read.string(at('ipc')));
  assign(container, 'uts', read.string(at('uts')));
  assign(container, 'userns', read.string(at('userns_mode')));
  container.mounts = readMounts(at('volumes'), read);
  container.tmpfs = read.strings(at('tmpfs'));
  container.env = readEnvironment(at('environment'), read);
  container.ports = readPorts(at('ports'), read);
  assign(container, 'restart', read.string(at('restart')));

  const deploy = read.map(at('deploy'));
  const limits = read.map(read.entry(read.map(read.entry(deploy, 'resources')), 'limits'));
  assign(container, 'memory', read.string(at('mem_limit')) ?? read.string(read.entry(limits, 'memory')));
  assign(container, 'pidsLimit', read.string(at('pids_limit')) ?? read.string(read.entry(limits, 'pids')));
  assign(container, 'cpus', read.string(at('cpus')) ?? read.string(read.entry(limits, 'cpus')));

  assign(container, 'healthcheck', readHealthcheck(at('healthcheck'), read));
  assign(container, 'tty', read.boolean(at('tty')));
  assign(container, 'stopTimeout', readSeconds(at('stop_grace_period'), read));
  assign(container, 'useApiSocket', read.boolean(at('use_api_socket')));
  container.devices = readDevices(at('devices'), read);
  assign(container, 'command', readCommand(at('command'), read));

  const networkMode = container.networkMode;
  const replicas = readCount(read.entry(deploy, 'replicas'), read) ?? readCount(at('scale'), read);
  const containerName = read.string(at('container_name'));
  return {
    name,
    keySpan,
    container,
    dependsOn: readDependsOn(at('depends_on'), read),
    networks: readNetworkNames(at('networks'), read) ?? (networkMode ? [] : ['default']),
    ...(containerName ? { containerName } : {}),
    ...(replicas !== undefined ? { replicas } : {}),
  };
}

/**
 * With `build:`, `image:` names what the build produces (rules look at the Dockerfile
 * instead); an image with an unset variable and no default is marked so rules can skip it.
 */
function readImage(container: ContainerSpec, entries: Map<string, Entry>, read: ValueReader, file: SourceFile): void {
  const image = read.text(entries.get('image')?.value);
  if (image) {
    container.image = { value: parseImageRef(image.value), span: image.span };
    if (image.unresolved) container.imageUnresolved = true;
  }
  const build = entries.get('build')?.value;
  if (build && !(isScalar(build) && build.value === null)) {
    if (image) container.imageIsBuildOutput = true;
    assign(container, 'build', readBuild(build, read, file));
  }
}

function readSeconds(node: Node | null | undefined, read: ValueReader): Field<number> | undefined {
  const text = read.text(node);
  const seconds = text && parseDuration(text.value);
  return text && seconds !== undefined ? { value: seconds, span: text.span } : undefined;
}

function readCount(node: Node | null | undefined, read: ValueReader): number | undefined {
  const text = read.text(node)?.value.trim();
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/** Set an optional field only when it has a value, so absent settings stay absent keys. */
function assign<K extends keyof ContainerSpec>(container: ContainerSpec, key: K, value: ContainerSpec[K] | undefined): void {
  if (value !== undefined) container[key] = value;
}
