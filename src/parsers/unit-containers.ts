/**
 * The containers a systemd unit starts: one ContainerSpec per `docker|podman run|create` in an
 * `Exec*=` line of `[Service]`, after list resets (`ExecStart=` clears the earlier lines) and
 * with `Environment=` variables resolved the way systemd expands them at exec time.
 */
import { emptyContainer, type ContainerSpec, type Field, type Mount } from '../model/container.js';
import { parseImageRef } from '../model/image.js';
import type { SourceFile } from '../model/source.js';
import type { ExecCommand, UnitEntry, UnitModel } from '../model/unit.js';
import { parsePortShort, parseVolumeShort } from './compose-syntax.js';
import { flagIsTrue, flagValuePart, parseContainerCommand, type RunFlag, type RunInvocation } from './docker-run.js';
import { expandExecWords, parseExecCommands, type ExpandedWord } from './exec-line.js';
import { createRunEditor } from './run-editor.js';
import { effectiveValues, unitEnvironment } from './systemd-unit.js';

/** A run command found in a unit, with what the extractor read from it. */
export interface UnitRunCommand {
  entry: UnitEntry;
  command: ExecCommand;
  run: RunInvocation;
}

/** The `Exec*=` entries of `[Service]` that systemd keeps, in file order. */
function execEntries(unit: UnitModel): UnitEntry[] {
  const keys = new Set(unit.entries.filter((e) => e.section === 'Service' && e.key.startsWith('Exec')).map((e) => e.key));
  const kept = new Set([...keys].flatMap((key) => effectiveValues(unit, 'Service', key)));
  return unit.entries.filter((e) => kept.has(e));
}

/**
 * Every run command of the unit. `@` makes the second word argv[0], so it is not an argument;
 * `:` turns off variable expansion; the executable itself is never expanded (systemd.service(5)).
 */
export function unitRunCommands(unit: UnitModel): UnitRunCommand[] {
  const env = unitEnvironment(unit);
  const found: UnitRunCommand[] = [];
  for (const entry of execEntries(unit)) {
    for (const command of parseExecCommands(entry)) {
      const [exe, ...rest] = command.words;
      const args = command.prefixes.includes('@') ? rest.slice(1) : rest;
      const words = command.prefixes.includes(':') ? args : expandExecWords(args, env);
      const run = parseContainerCommand([exe!, ...words]);
      if (run) found.push({ entry, command, run });
    }
  }
  return found;
}

export function extractUnitContainers(file: SourceFile, unit: UnitModel): ContainerSpec[] {
  return unitRunCommands(unit).map(({ entry, run }) => {
    const source = run.runtime === 'docker' ? 'docker-run' : 'podman-run';
    const spec = emptyContainer(source, run.runtime, unit.name, entry.span);
    for (const flag of run.flags) readFlag(spec, flag, run);
    readImage(spec, run);
    spec.editor = createRunEditor(file, run);
    return spec;
  });
}

function readImage(spec: ContainerSpec, run: RunInvocation): void {
  const image = run.image as ExpandedWord | undefined;
  if (!image) return;
  spec.image = { value: parseImageRef(image.value), span: image.span };
  if (image.unresolved || run.opaque.includes(image)) spec.imageUnresolved = true;
  if (run.command.length > 0) {
    const span = { start: run.command[0]!.span.start, end: run.command[run.command.length - 1]!.span.end };
    spec.command = { value: run.command.map((w) => w.value), span };
  }
}

/** Flags cguard models, by canonical name; the last of a repeated scalar wins, as in the CLI. */
function readFlag(spec: ContainerSpec, flag: RunFlag, run: RunInvocation): void {
  if (flag.kind === 'value' && flag.value === undefined) return;
  const text = (): Field<string> => ({ value: flag.value ?? '', span: flag.valueSpan ?? flag.span });
  const bool = (): Field<boolean> => ({ value: flagIsTrue(flag), span: flag.span });
  switch (flag.name) {
    case 'name': spec.name = flag.value ?? spec.name; break;
    case 'user': spec.user = text(); break;
    case 'cap-add': spec.capAdd.push(...listItems(flag, run)); break;
    case 'cap-drop': spec.capDrop.push(...listItems(flag, run)); break;
    case 'read-only': spec.readOnly = bool(); break;
    case 'privileged': spec.privileged = bool(); break;
    case 'security-opt': spec.securityOpt.push(text()); break;
    case 'log-driver': spec.logDriver = text(); break;
    case 'log-opt': spec.logOptions.push(logOption(text())); break;
    // The first --network is the container's network mode; later ones connect more networks.
    case 'network': spec.networkMode ??= text(); break;
    case 'pid': spec.pid = text(); break;
    case 'ipc': spec.ipc = text(); break;
    case 'uts': spec.uts = text(); break;
    case 'userns': spec.userns = text(); break;
    case 'volume': pushField(spec.mounts, text(), parseVolumeShort); break;
    case 'mount': pushField(spec.mounts, text(), parseMount); break;
    case 'tmpfs': spec.tmpfs.push(text()); break;
    case 'env': spec.env.push(envVar(text())); break;
    case 'publish': pushField(spec.ports, text(), parsePortShort); break;
    case 'restart': spec.restart = text(); break;
    case 'memory': spec.memory = text(); break;
    case 'pids-limit': spec.pidsLimit = text(); break;
    case 'cpus': spec.cpus = text(); break;
    // Podman's `--health-cmd none` turns the image's check off; Docker would run "none".
    case 'health-cmd': spec.healthcheck = { value: { disabled: run.runtime === 'podman' && /^none$/i.test(flag.value ?? '') }, span: text().span }; break;
    case 'no-healthcheck': if (flagIsTrue(flag)) spec.healthcheck = { value: { disabled: true }, span: flag.span }; break;
    case 'detach': spec.detach = bool(); break;
    case 'tty': spec.tty = bool(); break;
    case 'use-api-socket': spec.useApiSocket = bool(); break;
    case 'stop-timeout': if (/^-?\d+$/.test(flag.value ?? '')) spec.stopTimeout = { value: Number(flag.value), span: text().span }; break;
    case 'device': spec.devices.push(text()); break;
  }
}

function pushField<T>(list: Field<T>[], field: Field<string>, parse: (text: string) => T | undefined): void {
  const value = parse(field.value);
  if (value !== undefined) list.push({ value, span: field.span });
}

/** `--cap-add A,B` is read as two items, each with its own span (Podman splits on commas). */
function listItems(flag: RunFlag, run: RunInvocation): Field<string>[] {
  const value = flag.value ?? '';
  const items: Field<string>[] = [];
  let from = 0;
  for (const item of value.split(',')) {
    if (item !== '') items.push({ value: item, span: flagValuePart(run.words, flag, from, from + item.length) });
    from += item.length + 1;
  }
  return items;
}

function logOption(field: Field<string>): Field<{ key: string; value: string }> {
  const eq = field.value.indexOf('=');
  const pair = eq < 0 ? { key: field.value, value: '' } : { key: field.value.slice(0, eq), value: field.value.slice(eq + 1) };
  return { value: pair, span: field.span };
}

function envVar(field: Field<string>): Field<{ name: string; value?: string }> {
  const eq = field.value.indexOf('=');
  return { value: eq < 0 ? { name: field.value } : { name: field.value.slice(0, eq), value: field.value.slice(eq + 1) }, span: field.span };
}

/**
 * `--mount type=bind,source=/a,target=/b,readonly`: comma-separated `key=value` pairs; the
 * type defaults to `volume`; `readonly`/`ro` alone or `=true`/`=1` makes it read-only.
 */
function parseMount(text: string): Mount | undefined {
  const mount: Mount = { type: 'volume', target: '', readOnly: false };
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? undefined : part.slice(eq + 1);
    if (key === 'type' && value) mount.type = value;
    else if ((key === 'source' || key === 'src') && value !== undefined) mount.source = value;
    else if ((key === 'target' || key === 'destination' || key === 'dst') && value !== undefined) mount.target = value;
    else if (key === 'readonly' || key === 'ro') mount.readOnly = value === undefined || /^(1|true)$/i.test(value);
  }
  return mount.target === '' && mount.source === undefined ? undefined : mount;
}

/** Apply a run invocation's flags to a spec (Quadlet's `PodmanArgs=` reuse this). */
export function readRunFlags(spec: ContainerSpec, run: RunInvocation): void {
  for (const flag of run.flags) readFlag(spec, flag, run);
}
