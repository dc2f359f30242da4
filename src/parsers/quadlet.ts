/**
 * Podman Quadlet `.container` units: the `[Container]` section becomes a ContainerSpec, so every
 * container rule applies; the rest of the file is an ordinary unit (CG007 reads its [Service]).
 *
 * Quadlet's own parser differs from systemd's (facts §4): scalar keys take the last value, list
 * keys accumulate and an empty value does NOT reset them. Podman's defaults apply: the log
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
import { parseUnit } from './systemd-unit.js';
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
  const parsed = parseUnit(file);
  if (!parsed.model) return { errors: parsed.errors };
  const unit = parsed.model;
  const errors: ParseError[] = [...parsed.errors, ...unit.problems];
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
  const last = (key: string): UnitEntry | undefined => entries.filter((e) => e.key === key && e.value !== '').pop();
  const all = (key: string): UnitEntry[] => entries.filter((e) => e.key === key && e.value !== '');
  const image = last('Image');
  const rootfs = last('Rootfs');
  if (!image && !rootfs) errors.push({ message: "no Image= or Rootfs= in [Container]: Quadlet requires one", span: section.headerSpan });

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
