/**
 * Podman Quadlet `.container` units: the `[Container]` section becomes a ContainerSpec, so every
 * container rule applies; the rest of the file is an ordinary unit (CG007 reads its [Service]).
 *
 * Quadlet reads the file with its own parser (quadlet-unitfile.ts), not systemd's. Scalar keys
 * take the last value, trailing blanks and one pair of surrounding double quotes removed
 * (unitfile.go Lookup); list keys accumulate, and an empty assignment clears the earlier ones
 * (unitfile.go LookupAllRaw: "Empty value clears all before"). Podman's defaults apply: the log
 * driver is journald, the default capability set is Podman's 11 (DropCapability= is not `all`).
 */
import { emptyContainer, type ContainerSpec, type Field } from '../model/container.js';
import { parseImageRef } from '../model/image.js';
import type { SourceFile, Span } from '../model/source.js';
import type { UnitEntry, UnitModel } from '../model/unit.js';
import { parsePortShort, parseVolumeShort } from './compose-syntax.js';
import { splitUnitWords } from './exec-line.js';
import { createQuadletEditor } from './quadlet-editor.js';
import { QUADLET_CONTAINER_KEYS, quadletBoolean } from './quadlet-keys.js';
import { applyPodmanArgs } from './quadlet-podman-args.js';
import { parseQuadletUnitFile } from './quadlet-unitfile.js';
import type { ParseError, ParseResult } from './types.js';

export interface QuadletModel {
  unit: UnitModel;
  containers: ContainerSpec[];
}

/** Words of a Quadlet list value with their file spans (space-separated, systemd quoting). */
export function valueWords(entry: UnitEntry): Array<Field<string>> {
  return (splitUnitWords(entry.value) ?? []).map((w) => ({
    value: w.value,
    span: { start: entry.valueOffsets[w.start]!, end: entry.valueOffsets[w.end - 1]! + 1 },
  }));
}

export function parseQuadlet(file: SourceFile): ParseResult<QuadletModel> {
  const parsed = parseQuadletUnitFile(file);
  if (!parsed.model) return { errors: parsed.errors };
  const unit = parsed.model;
  const errors: ParseError[] = [...parsed.errors];
  const section = unit.sections.find((s) => s.name === 'Container');
  if (!section) {
    errors.push({ message: `no [Container] section: Quadlet generates no service from ${unit.name}`, span: { start: 0, end: 0 } });
    return { model: { unit, containers: [] }, errors };
  }
  for (const entry of section.entries) {
    if (!QUADLET_CONTAINER_KEYS.has(entry.key)) {
      errors.push({ message: `unsupported key '${entry.key}' in group 'Container': Quadlet refuses the whole file`, span: entry.keySpan });
    }
  }
  const entries = unit.entries.filter((e) => e.section === 'Container');
  const last = (key: string): UnitEntry | undefined => {
    const entry = entries.filter((e) => e.key === key).pop();
    return entry && entry.value !== '' ? scalarEntry(entry) : undefined;
  };
  const all = (key: string): UnitEntry[] => {
    const kept: UnitEntry[] = [];
    for (const e of entries) {
      if (e.key !== key) continue;
      if (e.value === '') kept.length = 0;
      else kept.push(e);
    }
    return kept;
  };
  const image = last('Image');
  const rootfs = last('Rootfs');
  if (!image && !rootfs) errors.push({ message: 'no Image or Rootfs key specified in [Container]: Quadlet generates no service', span: section.headerSpan });
  if (image && rootfs) errors.push({ message: 'the Image and Rootfs keys are mutually exclusive: Quadlet generates no service', span: rootfs.keySpan });

  const spec = emptyContainer('quadlet', 'podman', last('ContainerName')?.value ?? `systemd-${unit.name.replace(/\.container$/, '')}`, section.headerSpan);
  const field = <T>(entry: UnitEntry, value: T): Field<T> => ({ value, span: entry.valueSpan });
  if (image) {
    spec.image = field(image, parseImageRef(image.value));
    // `x.image` / `x.build` name other Quadlet units, whose own files say what is pulled or built.
    if (/\.(image|build)$/.test(image.value)) spec.imageIsBuildOutput = true;
    if (image.value.includes('%') || image.value.includes('$')) spec.imageUnresolved = true;
  }
  const user = last('User');
  const group = last('Group');
  const reloadCmd = last('ReloadCmd');
  if (reloadCmd && last('ReloadSignal')) errors.push({ message: 'ReloadCmd and ReloadSignal are mutually exclusive but both are set: Quadlet generates no service', span: reloadCmd.keySpan });
  const remap = ['RemapUsers', 'RemapUid', 'RemapGid', 'RemapUidSize'].map(last).find((e) => e);
  if (remap && ['UserNS', 'UIDMap', 'GIDMap', 'SubUIDMap', 'SubGIDMap'].some((k) => last(k))) {
    errors.push({ message: 'deprecated Remap keys are set along with explicit mapping keys: Quadlet generates no service; use UserNS= alone', span: remap.keySpan });
  }
  if (group && !user) errors.push({ message: 'Group set without User: Quadlet generates no service; add User=', span: group.keySpan });
  if (user) spec.user = { value: group ? `${user.value}:${group.value}` : user.value, span: user.valueSpan };
  const readOnly = last('ReadOnly');
  if (readOnly) spec.readOnly = field(readOnly, quadletBoolean(readOnly.value));
  for (const e of all('DropCapability')) spec.capDrop.push(...valueWords(e));
  for (const e of all('AddCapability')) spec.capAdd.push(...valueWords(e));
  const nnp = last('NoNewPrivileges');
  if (nnp && quadletBoolean(nnp.value)) spec.securityOpt.push(field(nnp, 'no-new-privileges'));
  const seccomp = last('SeccompProfile');
  if (seccomp) spec.securityOpt.push(field(seccomp, `seccomp=${seccomp.value}`));
  const apparmor = last('AppArmor');
  if (apparmor) spec.securityOpt.push(field(apparmor, `apparmor=${apparmor.value}`));
  const labelDisable = last('SecurityLabelDisable');
  if (labelDisable && quadletBoolean(labelDisable.value)) spec.securityOpt.push(field(labelDisable, 'label=disable'));
  // SecurityLabelType=T emits `--security-opt label=type:T` (quadlet.go).
  const labelType = last('SecurityLabelType');
  if (labelType) spec.securityOpt.push(field(labelType, `label=type:${labelType.value}`));
  const logDriver = last('LogDriver');
  if (logDriver) spec.logDriver = field(logDriver, logDriver.value);
  for (const e of all('LogOpt')) {
    for (const w of valueWords(e)) {
      const eq = w.value.indexOf('=');
      if (eq > 0) spec.logOptions.push({ value: { key: w.value.slice(0, eq), value: w.value.slice(eq + 1) }, span: w.span });
    }
  }
  for (const e of all('Volume')) {
    const mount = parseVolumeShort(e.value);
    if (mount) spec.mounts.push(field(e, mount));
  }
  for (const e of all('Mount')) {
    const mount = parseMountOption(e.value);
    if (mount) spec.mounts.push(field(e, mount));
  }
  for (const e of all('Tmpfs')) spec.tmpfs.push(field(e, e.value));
  const network = last('Network');
  if (network) spec.networkMode = field(network, network.value);
  for (const e of all('PublishPort')) {
    const port = parsePortShort(e.value);
    if (port) spec.ports.push(field(e, port));
  }
  for (const e of all('Environment')) {
    for (const w of valueWords(e)) {
      const eq = w.value.indexOf('=');
      if (eq > 0) spec.env.push({ value: { name: w.value.slice(0, eq), value: w.value.slice(eq + 1) }, span: w.span });
    }
  }
  const memory = last('Memory');
  if (memory) spec.memory = field(memory, memory.value);
  const pids = last('PidsLimit');
  if (pids) spec.pidsLimit = field(pids, pids.value);
  const health = last('HealthCmd');
  if (health) spec.healthcheck = field(health, { disabled: health.value.trim().toLowerCase() === 'none' });
  const userns = last('UserNS');
  if (userns) spec.userns = field(userns, userns.value);
  for (const e of all('AddDevice')) spec.devices.push(field(e, e.value));
  const stop = last('StopTimeout');
  if (stop && /^\d+$/.test(stop.value)) spec.stopTimeout = field(stop, Number(stop.value));
  // PodmanArgs= are raw `podman run` flags inserted before the image: read them like a run line.
  for (const e of all('PodmanArgs')) applyPodmanArgs(spec, e);
  spec.editor = createQuadletEditor(file, unit);
  return { model: { unit, containers: [spec] }, errors };
}

/**
 * A scalar as Quadlet's Lookup() returns it: trailing blanks dropped and one pair of surrounding
 * double quotes removed (`Image="quay.io/x:1"` is `quay.io/x:1`); the span follows the value.
 */
function scalarEntry(entry: UnitEntry): UnitEntry {
  let from = 0;
  let to = entry.value.length;
  while (to > from && /\s/.test(entry.value[to - 1]!)) to--;
  if (to - from >= 2 && entry.value[from] === '"' && entry.value[to - 1] === '"') {
    from++;
    to--;
  }
  if (from === 0 && to === entry.value.length) return entry;
  const offsets = entry.valueOffsets.slice(from, to);
  const end = to > from ? entry.valueOffsets[to - 1]! + 1 : entry.valueOffsets[from]!;
  return {
    ...entry,
    value: entry.value.slice(from, to),
    valueSpan: { start: entry.valueOffsets[from]!, end },
    valueOffsets: [...offsets, end],
  };
}

/** `--mount` syntax: `type=bind,source=/a,target=/b,readonly`. */
export function parseMountOption(text: string): { type: string; source?: string; target: string; readOnly: boolean } | undefined {
  const fields = new Map<string, string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    fields.set((eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase(), eq < 0 ? 'true' : part.slice(eq + 1).trim());
  }
  const target = fields.get('target') ?? fields.get('destination') ?? fields.get('dst');
  if (!target) return undefined;
  const ro = fields.get('readonly') ?? fields.get('ro');
  return {
    type: fields.get('type') ?? 'volume',
    source: fields.get('source') ?? fields.get('src'),
    target,
    readOnly: ro !== undefined && ro !== 'false',
  };
}

export type { Span };
