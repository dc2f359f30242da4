/**
 * CG203 missing-runtime-dependency — a unit runs `docker` without ordering itself after, and
 * depending on, the Docker daemon.
 *
 * Facts (systemd.unit(5)): `After=` only orders, `Requires=`/`Wants=`/`BindsTo=` only pull a unit
 * in; a unit needs both to start once the daemon is up and to stop before it goes down. The
 * daemon is `docker.service`; moby's unit is activated by `docker.socket` (`Requires=docker.socket`
 * there), so a dependency on the socket also gets the daemon started — the CLI's first connection
 * starts it. Ordering after the socket is not enough: at shutdown only `After=docker.service` makes
 * systemd stop this unit (and run its `docker stop`) before the daemon stops. Podman has no daemon.
 */
import type { Edit, Fix } from '../model/edit.js';
import type { SourceFile } from '../model/source.js';
import type { ExecCommand, UnitEntry, UnitModel } from '../model/unit.js';
import { effectiveValues } from '../parsers/systemd-unit.js';
import { setUnitKeys } from '../parsers/unit-editor.js';
import { defineRule, type RuleFinding } from './types.js';
import { dependencyNames, execCommands, isUserUnit, runtimeOf, shellScriptIndex } from './unit-helpers.js';

const PULLS_IN = ['Requires', 'Wants', 'BindsTo', 'Requisite'];
/** `docker` (the CLI, any path) as a command inside a shell script. */
const DOCKER_IN_SCRIPT = /(^|[\s;&|(`])(\S*\/)?docker(-compose)?(?=\s|$)/;

/** Whether the command talks to the Docker daemon: any `docker`/`docker-compose` command but the daemon itself. */
function runsDocker(command: ExecCommand): boolean {
  const runtime = runtimeOf(command);
  if (runtime && (runtime.name === 'docker' || runtime.name === 'docker-compose')) {
    // `docker daemon` (before 1.12) is the daemon, not a client of it.
    return !command.words.slice(runtime.index + 1).some((w) => w.value === 'daemon');
  }
  const script = shellScriptIndex(command);
  return script !== undefined && DOCKER_IN_SCRIPT.test(command.words[script]!.value);
}

/**
 * Where `docker.service` goes for `key`: appended to the last assignment's value, or (no edit) a
 * new line. Undefined when the last assignment is an empty reset, which a person should look at.
 */
function addDependency(unit: UnitModel, key: string): { edit?: Edit } | undefined {
  const entries = unit.entries.filter((e) => e.section === 'Unit' && e.key === key);
  const last: UnitEntry | undefined = entries[entries.length - 1];
  if (!last) return {};
  if (last.value === '') return undefined;
  return { edit: { start: last.valueSpan.end, end: last.valueSpan.end, text: ' docker.service' } };
}

/** Insertions at the same offset (a value that ends the file, and a line appended after it) as one edit. */
function mergeInsertions(edits: Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const merged: Edit[] = [];
  for (const edit of sorted) {
    const prev = merged[merged.length - 1];
    if (prev && prev.start === prev.end && edit.start === edit.end && prev.start === edit.start) prev.text += edit.text;
    else merged.push({ ...edit });
  }
  return merged;
}

function check(file: SourceFile, unit: UnitModel): RuleFinding[] {
  if (file.kind !== 'unit' || unit.name === 'docker.service' || isUserUnit(file, unit)) return [];
  const first = execCommands(unit).find(({ command }) => runsDocker(command));
  if (!first) return [];
  const after = dependencyNames(unit, 'After');
  const before = dependencyNames(unit, 'Before');
  // A unit ordered before the daemon (a preparation step) cannot also run after it.
  if (before.includes('docker.service') || before.includes('docker.socket')) return [];
  const ordered = after.includes('docker.service');
  const pulled = PULLS_IN.some((key) => dependencyNames(unit, key).some((n) => n === 'docker.service' || n === 'docker.socket'));
  if (ordered && pulled) return [];

  const missing = [...(ordered ? [] : ['After']), ...(pulled ? [] : ['Wants'])];
  const edits: Edit[] = [];
  const added: Array<[string, string]> = [];
  let fixable = true;
  for (const key of missing) {
    const part = addDependency(unit, key);
    if (!part) fixable = false;
    else if (part.edit) edits.push(part.edit);
    else added.push([key, 'docker.service']);
  }
  if (added.length > 0) edits.push(...setUnitKeys(file, unit, 'Unit', added));
  const wanted = missing.map((key) => `${key}=docker.service`);
  const fix: Fix | undefined = fixable ? { description: `add ${wanted.join(' and ')} to [Unit]`, safety: 'safe', edits: mergeInsertions(edits) } : undefined;
  const effect = !ordered && !pulled
    ? 'at boot it can start before the daemon is up, and at shutdown the daemon can stop first, killing the container without its ExecStop='
    : !ordered
      ? after.includes('docker.socket')
        ? 'After=docker.socket does not order it against the daemon: at shutdown docker.service can stop first, killing the container without its ExecStop='
        : 'without After= the two start and stop in parallel: at boot the client may find no daemon, and at shutdown the daemon can stop first'
      : 'After= only orders: nothing starts the daemon for this unit, and starting it by hand fails when Docker is not running';
  return [{
    span: first.entry.span,
    message: `${unit.name} runs docker but has no ${[...(ordered ? [] : ['After=docker.service']), ...(pulled ? [] : ['Requires=/Wants=docker.service'])].join(' or ')} in [Unit]: ${effect}`,
    ...(fix ? { fix } : {}),
  }];
}

export default defineRule({
  id: 'CG203',
  name: 'missing-runtime-dependency',
  level: 'warning',
  securitySeverity: 3.5,
  tags: ['availability', 'systemd'],
  cwe: ['CWE-696'],
  targets: ['unit'],
  fixable: 'safe',
  docs: {
    summary: 'A unit runs docker without After= and Requires=/Wants= on docker.service',
    what:
      'Flags a unit whose `Exec*=` lines run the Docker CLI (`docker …`, `docker compose …`, `docker-compose …`, also through `/usr/bin/env` or inside a `sh -c` script) unless `[Unit]` has `After=docker.service` and one of `Requires=`, `Wants=`, `BindsTo=`, `Requisite=` naming `docker.service` or `docker.socket` (space-separated lists and repeated lines are read, and an empty assignment resets them). A dependency on `docker.socket` counts, because the CLI\'s first connection starts the socket-activated daemon; ordering after `docker.socket` does not, because only `After=docker.service` orders the shutdown. Not flagged: Podman (it has no daemon), `docker.service` itself and `docker daemon`, units ordered `Before=docker.service`, and user units (under `systemd/user/`, or `WantedBy=default.target` only): the user manager cannot order anything against the system\'s `docker.service`.',
    why:
      'Without `After=docker.service` systemd starts the unit in parallel with the daemon at boot — the client finds no daemon and the unit fails or burns its start limit — and at shutdown stops them in parallel, so dockerd may kill the container before the unit\'s `ExecStop=` can stop it cleanly. Without `Requires=`/`Wants=`, starting the unit does not start Docker, and `After=` alone orders nothing that is not started anyway.',
    example: { lang: 'ini', code: '[Unit]\nDescription=web\n\n[Service]\nExecStart=/usr/bin/docker run --rm --name web nginx:1.27' },
    useInstead: { lang: 'ini', code: '[Unit]\nDescription=web\nAfter=docker.service\nWants=docker.service\n\n[Service]\nExecStart=/usr/bin/docker run --rm --name web nginx:1.27' },
    fixSafety:
      'Safe: adds the missing `After=docker.service` and/or `Wants=docker.service` to [Unit] — appended to an existing `After=`/`Wants=` line, otherwise as new lines (creating [Unit] when there is none). It orders the unit and makes starting it start the daemon it already needs. `Wants=` is used rather than `Requires=` because it adds nothing else: `Requires=`/`BindsTo=` also stop or restart the unit whenever the daemon is stopped or restarted, which with `live-restore` changes what happens to a running container — choose them by hand if that is what you want. No fix when the last assignment is an empty reset.',
    references: ['systemd.unit(5): After=, Requires=, Wants=, BindsTo=', 'https://docs.docker.com/engine/containers/start-containers-automatically/', 'CWE-696: Incorrect Behavior Order'],
  },
  check(target) {
    return target.kind === 'unit' ? check(target.file, target.unit) : [];
  },
});
