/**
 * Links between files of one scan that no single parser sees: a systemd unit that runs
 * `docker compose up` starts the services of a compose file, and when that file is in the
 * scanned tree its findings say which unit starts it.
 *
 * The unit names host paths (`WorkingDirectory=/opt/app`, `-f /opt/app/compose.yaml`) while the
 * repository holds, say, `deploy/opt/app/compose.yaml` or `deploy/compose.yaml` next to the unit.
 * A compose file matches when its path ends with the host path (whole segments), or, failing
 * that, when it has the same name and sits in the unit's own folder. A link is made only when
 * exactly one file matches, so the answer never depends on walk order.
 */
import path from 'node:path';
import type { DiscoveredFile } from './discover.js';
import { sourceFromText } from './model/source.js';
import type { UnitModel } from './model/unit.js';
import { parseComposeCommand } from './parsers/docker-run.js';
import { expandExecWords, parseExecCommands } from './parsers/exec-line.js';
import { effectiveValues, lastValue, parseUnit, unitEnvironment } from './parsers/systemd-unit.js';
import { readText } from './read.js';

/** The names `docker compose` looks for when no `-f` is given, in its order of preference. */
const DEFAULT_COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

interface StartedFile {
  file: string;
  relativeTo?: string;
}

/**
 * The compose files a unit brings up, each as a list of alternatives tried in order (several
 * only when no `-f` is given and Compose picks the first default name that exists). Paths are
 * host paths, or relative ones when the unit names no directory.
 */
export function composeFilesStartedBy(unit: UnitModel): StartedFile[][] {
  const env = unitEnvironment(unit);
  const workingDirectory = lastValue(unit, 'Service', 'WorkingDirectory')?.value.replace(/^-/, '');
  const found: StartedFile[][] = [];
  for (const key of ['ExecStartPre', 'ExecStart']) {
    for (const entry of effectiveValues(unit, 'Service', key)) {
      for (const command of parseExecCommands(entry)) {
        const [exe, ...rest] = command.words;
        const args = command.prefixes.includes('@') ? rest.slice(1) : rest;
        const words = command.prefixes.includes(':') ? args : expandExecWords(args, env);
        const compose = parseComposeCommand([exe!, ...words]);
        if (!compose || compose.subcommand?.value !== 'up') continue;
        const dir = compose.projectDirectory?.value ?? (workingDirectory && workingDirectory.startsWith('/') ? workingDirectory : undefined);
        const files = compose.files.map((f) => f.value).filter((f) => f !== '' && !f.includes('$'));
        if (files.length === 0) {
          found.push(DEFAULT_COMPOSE_NAMES.map((name) => ({ file: name, relativeTo: dir })));
          continue;
        }
        for (const file of files) found.push([path.posix.isAbsolute(file) ? { file } : { file, relativeTo: dir }]);
      }
    }
  }
  return found;
}

/**
 * For each compose file of the scan (by absolute path), the units (relative paths, sorted) that
 * start it. Reads only units whose text mentions `compose`.
 */
export function linkComposeUnits(files: readonly DiscoveredFile[], maxFileSize?: number): Map<string, string[]> {
  const composeFiles = new ComposeFiles(files.filter((f) => f.kind === 'compose' || f.kind === 'yaml'));
  const links = new Map<string, string[]>();
  if (composeFiles.empty) return links;
  for (const file of files) {
    if (file.kind !== 'unit') continue;
    const read = readText(file.absPath, maxFileSize);
    if (!read.ok || !read.raw.includes('compose')) continue;
    const unit = parseUnit(sourceFromText(file.path, 'unit', read.raw, file.absPath)).model;
    if (!unit) continue;
    const unitDir = path.posix.dirname(file.path);
    const targets = new Set<string>();
    for (const alternatives of composeFilesStartedBy(unit)) {
      const match = alternatives.map((started) => matchComposeFile(composeFiles, unitDir, started)).find((m) => m);
      if (match) targets.add(match.absPath);
    }
    for (const target of targets) links.set(target, [...(links.get(target) ?? []), file.path].sort());
  }
  return links;
}

/** The compose (and other YAML) files of the scan by name, so a unit's lookup reads only files of that name. */
class ComposeFiles {
  private readonly byName = new Map<string, DiscoveredFile[]>();

  constructor(files: readonly DiscoveredFile[]) {
    for (const f of files) {
      const name = path.posix.basename(f.path);
      const same = this.byName.get(name);
      if (same) same.push(f);
      else this.byName.set(name, [f]);
    }
  }

  get empty(): boolean {
    return this.byName.size === 0;
  }

  named(name: string): readonly DiscoveredFile[] {
    return this.byName.get(name) ?? [];
  }
}

function matchComposeFile(composeFiles: ComposeFiles, unitDir: string, started: StartedFile): DiscoveredFile | undefined {
  const hostPath = path.posix.isAbsolute(started.file)
    ? started.file
    : started.relativeTo
      ? path.posix.join(started.relativeTo, started.file)
      : undefined;
  if (hostPath) {
    const suffix = path.posix.normalize(hostPath).replace(/^\/+/, '');
    const bySuffix = composeFiles.named(path.posix.basename(suffix)).filter((f) => f.path === suffix || f.path.endsWith(`/${suffix}`));
    if (bySuffix.length === 1) return bySuffix[0];
    if (bySuffix.length > 1) return undefined;
  }
  const beside = path.posix.normalize(path.posix.join(unitDir, hostPath ? path.posix.basename(hostPath) : started.file));
  const besideMatches = composeFiles.named(path.posix.basename(beside)).filter((f) => f.path === beside);
  return besideMatches.length === 1 ? besideMatches[0] : undefined;
}

/** The suffix compose findings get: ` (started by deploy/app.service)`. */
export function startedBySuffix(units: readonly string[]): string {
  return ` (started by ${units.join(', ')})`;
}
