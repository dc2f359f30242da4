/**
 * The normalised container model. A compose service, a `docker run`/`podman run` line in a
 * unit, and a Quadlet `[Container]` section all become a `ContainerSpec`, so a rule such as
 * "capabilities are not dropped" is written once and works on every source.
 *
 * Every field remembers the span it came from. Lists are what the container effectively gets
 * (YAML merge keys followed, repeated flags accumulated); an absent setting is `undefined` or
 * an empty list.
 */
import type { Edit } from './edit.js';
import type { ImageRef } from './image.js';
import type { Span } from './source.js';

export interface Field<T> {
  value: T;
  /** Where the value is written (the YAML scalar, the argv word, the unit value). */
  span: Span;
}

export type ContainerSource = 'compose' | 'docker-run' | 'podman-run' | 'quadlet';

export interface Mount {
  /** `bind`, `volume`, `tmpfs`, … (short syntax: `bind` when the source is a path). */
  type: string;
  source?: string;
  target: string;
  readOnly: boolean;
}

export interface PortMapping {
  /** Host IP, when the mapping names one (`127.0.0.1:5432:5432`). */
  hostIp?: string;
  /** Host port or range; undefined when only the container port is given. */
  hostPort?: string;
  containerPort: string;
  protocol?: string;
}

export interface EnvVar {
  name: string;
  /** Undefined when the value is taken from the environment (`- NAME`, `-e NAME`). */
  value?: string;
}

export interface HealthCheck {
  /** True when the health check is explicitly disabled (`disable: true`, `NONE`, `--no-healthcheck`). */
  disabled: boolean;
}

/** A Dockerfile's facts as seen by a compose service that builds it (filled in by the scan). */
export interface BuildInfo {
  /** Path of the Dockerfile relative to the working directory, as other findings name it. */
  dockerfilePath: string;
  /** Absolute path, used by the scan to link the parsed Dockerfile. */
  dockerfileAbsPath?: string;
  /** `build.target`: the stage the build stops at (its image is what runs), lower-cased. */
  target?: string;
  span: Span;
  /** Set when the Dockerfile was found and parsed. */
  resolved?: {
    /** The final stage's effective `USER` (after ARG resolution), undefined when none is set. */
    finalUser?: string;
    /** The final stage's base image, after following stage chains. */
    baseImage?: ImageRef;
    /** The final stage declares a HEALTHCHECK (other than NONE). */
    healthcheck: boolean;
  };
}

/** Settings a rule's fix can ask any container source to set, add or remove. */
export type ContainerScalar =
  | 'user'
  | 'readOnly'
  | 'privileged'
  | 'memory'
  | 'pidsLimit'
  | 'cpus'
  | 'logDriver';

export type ContainerList = 'capDrop' | 'capAdd' | 'securityOpt' | 'tmpfs' | 'logOpt';

/**
 * Edits a container in its own syntax: compose keys, `docker run` flags, Quadlet keys. Each
 * method returns the edits, or `undefined` when the source cannot be edited safely there (the
 * value comes from a YAML alias, a variable, a file outside cguard's reach, …).
 */
export interface ContainerEditor {
  /**
   * false when this editor can make no change at all (a compose service written in flow style,
   * or one that aliases or merge keys share), so a rule offers no fix; cheap, unlike computing
   * one. Absent: the editor may be able to.
   */
  canEdit?(): boolean;
  /** Set a scalar (`readOnly` → `read_only: true` / `--read-only` / `ReadOnly=true`). */
  set(setting: ContainerScalar, value: string): Edit[] | undefined;
  /** Add an item to a list (`logOpt` items are `key=value`). */
  add(list: ContainerList, item: string): Edit[] | undefined;
  /** Remove one item of a list, given the field the model holds for it. */
  remove(list: ContainerList, item: Field<string>): Edit[] | undefined;
  /** Several changes as one fix; the editor merges them so their edits do not overlap. */
  batch?(
    changes: Array<
      | { op: 'set'; setting: ContainerScalar; value: string }
      | { op: 'add'; list: ContainerList; item: string }
    >,
  ): Edit[] | undefined;
}

export interface ContainerSpec {
  source: ContainerSource;
  runtime: 'docker' | 'podman';
  /** Service name, `--name`, or the unit's name. */
  name: string;
  /** The place that defines the container: the service key, the `Exec*=` line, `[Container]`. */
  span: Span;
  /** The image as written, after variable resolution; undefined when there is none. */
  image?: Field<ImageRef>;
  /** The image text could not be resolved (an unset variable without a default). */
  imageUnresolved?: boolean;
  /**
   * The `image:` of a compose service that also has `build:` names the image the build
   * produces, not a base to pull; image rules then look at the Dockerfile (via `build`).
   */
  imageIsBuildOutput?: boolean;
  build?: BuildInfo;
  user?: Field<string>;
  capAdd: Field<string>[];
  capDrop: Field<string>[];
  /** `read_only`, `--read-only`, `ReadOnly=`; undefined when not set. */
  readOnly?: Field<boolean>;
  securityOpt: Field<string>[];
  privileged?: Field<boolean>;
  logDriver?: Field<string>;
  /** Log options, `max-size` → value. */
  logOptions: Array<Field<{ key: string; value: string }>>;
  networkMode?: Field<string>;
  pid?: Field<string>;
  ipc?: Field<string>;
  uts?: Field<string>;
  userns?: Field<string>;
  mounts: Field<Mount>[];
  tmpfs: Field<string>[];
  env: Field<EnvVar>[];
  ports: Field<PortMapping>[];
  restart?: Field<string>;
  memory?: Field<string>;
  pidsLimit?: Field<string>;
  cpus?: Field<string>;
  healthcheck?: Field<HealthCheck>;
  /** `docker run -d` / `--detach`. */
  detach?: Field<boolean>;
  /** `-t` / `--tty` / compose `tty: true`. */
  tty?: Field<boolean>;
  /** `--stop-timeout` / `stop_grace_period`, in seconds when known. */
  stopTimeout?: Field<number>;
  /** `use_api_socket: true` / `--use-api-socket`. */
  useApiSocket?: Field<boolean>;
  devices: Field<string>[];
  /** Command and args after the image, for rules that look at them. */
  command?: Field<string[]>;
  /** Edits for fixes; absent when the source cannot be edited. */
  editor?: ContainerEditor;
}

/** A ContainerSpec with every list empty, for extractors to fill in. */
export function emptyContainer(
  source: ContainerSource,
  runtime: 'docker' | 'podman',
  name: string,
  span: Span,
): ContainerSpec {
  return {
    source,
    runtime,
    name,
    span,
    capAdd: [],
    capDrop: [],
    securityOpt: [],
    logOptions: [],
    mounts: [],
    tmpfs: [],
    env: [],
    ports: [],
    devices: [],
  };
}
