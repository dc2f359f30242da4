/**
 * Finding the files to scan. Directories are walked with `.gitignore` honoured (the ignore
 * files of the enclosing repository too, as git reads them); explicit file arguments are always
 * considered. Kinds come from the file name, and for other YAML from its content.
 *
 * Symlink policy (reading): a symlinked directory is never entered, so link loops cannot
 * happen and a tree is walked once; a symlinked file is read only when it resolves inside one
 * of the scanned roots. Writing (fixes) has its own stricter check in src/fix/write.ts.
 */
import { existsSync, readFileSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { FileKind } from './model/source.js';

export interface DiscoveredFile {
  absPath: string;
  /** Relative to the working directory, forward slashes. */
  path: string;
  /** `yaml` means "a YAML file whose kind depends on its content". */
  /** `journald` is a journald.conf or drop-in, read only as the host fact behind CG209. */
  kind: FileKind | 'yaml' | 'unknown' | 'journald';
  /** Given on the command line (never ignored, kind may be forced). */
  explicit: boolean;
}

export interface DiscoverProblem {
  path: string;
  message: string;
}

export interface DiscoverOptions {
  cwd: string;
  paths: string[];
  /** `--type`: force the kind of explicit files. */
  forcedKind?: FileKind;
  /** Globs (relative to cwd) to skip, from the config's `ignore`. */
  ignoreGlobs?: string[];
  /** Honour .gitignore files (default true). */
  gitignore?: boolean;
}

export interface DiscoverResult {
  /** Sorted by path. */
  files: DiscoveredFile[];
  /** `onFile` was given every file, in this order, as the walk found it. */
  streamed: boolean;
  problems: DiscoverProblem[];
  /** Real paths of the scanned roots, for the write check of fixes. */
  roots: string[];
}

/** The kind a file name implies, or undefined. `parentDir` is the name of the folder holding it. */
export function kindFromName(fileName: string, parentDir?: string): DiscoveredFile['kind'] | undefined {
  const name = fileName;
  if (name === 'journald.conf' || (parentDir === 'journald.conf.d' && name.endsWith('.conf'))) return 'journald';
  const lower = name.toLowerCase();
  if (/^(docker|container)file(\..*)?$/i.test(name) || lower.endsWith('.dockerfile') || lower.endsWith('.containerfile')) {
    return 'dockerfile';
  }
  if (/^docker-compose.*\.ya?ml$/i.test(name) || /^compose(\..+)?\.ya?ml$/i.test(name)) return 'compose';
  if (/\.(service|timer|socket|path)$/.test(name)) return 'unit';
  if (name.endsWith('.container')) return 'quadlet';
  // Only when its content says so (a JSON object with a dockerd key): checked when it is read.
  if (name === 'daemon.json') return 'daemon-json';
  if (/\.ya?ml$/i.test(name)) return 'yaml';
  return undefined;
}

export function toRelative(cwd: string, absPath: string): string {
  const rel = path.relative(cwd, absPath).split(path.sep).join('/');
  return rel === '' ? '.' : rel;
}

/** Whether a path from toRelative stays inside the working directory (no `..`, not absolute). */
function isInsideCwd(rel: string): boolean {
  return !(rel === '..' || rel.startsWith('../') || path.isAbsolute(rel));
}

/**
 * The files to scan. When there is one path to walk inside the working directory, `onFile` is
 * also given each file as soon as the walk finds it, already in the order of the result (see
 * Walker.walk), and the result says `streamed`.
 */
export function discover(options: DiscoverOptions, onFile?: (file: DiscoveredFile) => void): DiscoverResult {
  const cwd = path.resolve(options.cwd);
  const inputs = options.paths.length ? options.paths : ['.'];
  const single = inputs.length === 1 ? toRelative(cwd, path.resolve(cwd, inputs[0]!)) : undefined;
  const streamed = onFile !== undefined && single !== undefined && isInsideCwd(single);
  const files: DiscoveredFile[] = [];
  const problems: DiscoverProblem[] = [];
  const roots: string[] = [];
  const seen = new Set<string>();
  const isIgnoredByConfig = options.ignoreGlobs?.length
    ? picomatch(options.ignoreGlobs, { dot: true })
    : () => false;

  const add = (file: DiscoveredFile): void => {
    if (seen.has(file.absPath)) return;
    seen.add(file.absPath);
    files.push(file);
    if (streamed) onFile(file);
  };

  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    let stat;
    try {
      stat = statSync(abs);
    } catch {
      problems.push({ path: input, message: `${input}: no such file or directory` });
      continue;
    }
    try {
      roots.push(realpathSync.native(abs));
    } catch {
      roots.push(abs);
    }
    if (stat.isDirectory()) {
      const walker = new Walker(cwd, abs, options.gitignore !== false, isIgnoredByConfig, roots, problems);
      walker.walk(add);
    } else {
      const rel = toRelative(cwd, abs);
      const kind = options.forcedKind ?? kindFromName(path.basename(abs), path.basename(path.dirname(abs))) ?? 'unknown';
      add({ absPath: abs, path: rel, kind, explicit: true });
    }
  }
  // A no-op after a single walk, which finds the files in this order.
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, streamed, problems, roots };
}

interface IgnoreLayer {
  base: string;
  rules: Ignore;
}

/** A folder being walked: its entries in walk order and how far the walk is. */
interface Folder {
  /** Relative to cwd, as files' `path`. */
  rel: string;
  name: string;
  /** The folder's absolute path ending in a separator. */
  prefix: string;
  layers: IgnoreLayer[];
  entries: Array<{ entry: Dirent; isDir: boolean; key: string }>;
  next: number;
  insideCwd: boolean;
}

class Walker {
  constructor(
    private readonly cwd: string,
    private readonly root: string,
    private readonly useGitignore: boolean,
    private readonly isIgnoredByConfig: (rel: string) => boolean,
    private readonly roots: string[],
    private readonly problems: DiscoverProblem[],
  ) {}

  /**
   * Calls `add` for each file in the order of the paths a sorted list would have: depth first,
   * and in each folder its entries by name, a folder's name read as ending in `/` (so
   * `a.yml` comes before everything in `a/`, as `.` sorts before `/`). A scan can then start
   * on the first files while the walk goes on, in the order its report has.
   */
  walk(add: (file: DiscoveredFile) => void): void {
    const layers = this.useGitignore ? this.enclosingIgnoreLayers(this.root) : [];
    // Iterative depth-first walk: a very deep tree cannot overflow the stack.
    const stack: Folder[] = [];
    const root = this.open(this.root, toRelative(this.cwd, this.root), layers);
    if (root) stack.push(root);
    while (stack.length) {
      const folder = stack[stack.length - 1]!;
      if (folder.next === folder.entries.length) {
        stack.pop();
        continue;
      }
      const { entry, isDir } = folder.entries[folder.next++]!;
      const abs = folder.prefix + entry.name;
      if (this.ignored(abs, isDir, folder.layers)) continue;
      const rel = folder.rel === '.' ? entry.name : folder.insideCwd ? `${folder.rel}/${entry.name}` : toRelative(this.cwd, abs);
      if (this.isIgnoredByConfig(rel) || (isDir && this.isIgnoredByConfig(`${rel}/`))) continue;
      if (isDir) {
        const child = this.open(abs, rel, folder.layers);
        if (child) stack.push(child);
        continue;
      }
      const kind = kindFromName(entry.name, folder.name);
      if (!kind) continue;
      if (entry.isSymbolicLink()) {
        if (!this.symlinkedFileInsideRoots(abs)) continue;
      } else if (!entry.isFile()) {
        continue;
      }
      add({ absPath: abs, path: rel, kind, explicit: false });
    }
  }

  /** A folder's entries in walk order, with its ignore layers; undefined (and a problem) when it cannot be read. */
  private open(dir: string, rel: string, parentLayers: IgnoreLayer[]): Folder | undefined {
    let dirents: Dirent[];
    try {
      dirents = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const denied = code === 'EACCES' || code === 'EPERM';
      const why = denied ? 'permission denied' : (code ?? 'unreadable');
      const todo = denied ? ' — make it readable, or leave it out with `ignore:` in .cguard.yaml' : '';
      this.problems.push({ path: toRelative(this.cwd, dir), message: `${toRelative(this.cwd, dir)}: cannot read the directory (${why}); skipped${todo}` });
      return undefined;
    }
    let layers = parentLayers;
    if (this.useGitignore && dirents.some((e) => e.name === '.gitignore' && !e.isDirectory())) {
      const rules = loadIgnoreFile(path.join(dir, '.gitignore'));
      if (rules) layers = [...parentLayers, { base: dir, rules }];
    }
    const entries: Folder['entries'] = [];
    for (const entry of dirents) {
      if (entry.name === '.git') continue;
      const isDir = entry.isDirectory();
      entries.push({ entry, isDir, key: isDir ? `${entry.name}/` : entry.name });
    }
    entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return {
      rel,
      name: path.basename(dir),
      prefix: dir.endsWith(path.sep) ? dir : dir + path.sep,
      layers,
      entries,
      next: 0,
      // Outside cwd (`scan ..`), a child can lead back in: only path.relative knows its name then.
      insideCwd: isInsideCwd(rel),
    };
  }

  private ignored(abs: string, isDir: boolean, layers: IgnoreLayer[]): boolean {
    for (const layer of layers) {
      const prefix = layer.base.endsWith(path.sep) ? layer.base : layer.base + path.sep;
      if (!abs.startsWith(prefix)) continue;
      let rel = abs.slice(prefix.length).split(path.sep).join('/');
      if (isDir) rel += '/';
      if (layer.rules.ignores(rel)) return true;
    }
    return false;
  }

  private symlinkedFileInsideRoots(abs: string): boolean {
    try {
      const real = realpathSync.native(abs);
      if (!statSync(real).isFile()) return false;
      return this.roots.some((root) => real === root || real.startsWith(root + path.sep));
    } catch {
      return false; // dangling link or loop
    }
  }

  /** `.gitignore` files from the repository root down to (and including) `dir`'s parents. */
  private enclosingIgnoreLayers(dir: string): IgnoreLayer[] {
    const chain: string[] = [];
    let current = path.dirname(dir);
    let repoRoot: string | undefined;
    for (let probe = dir; ; probe = path.dirname(probe)) {
      if (existsSync(path.join(probe, '.git'))) {
        repoRoot = probe;
        break;
      }
      if (path.dirname(probe) === probe) break;
    }
    if (!repoRoot || repoRoot === dir) return [];
    while (current.length >= repoRoot.length) {
      chain.unshift(current);
      if (current === repoRoot) break;
      current = path.dirname(current);
    }
    const layers: IgnoreLayer[] = [];
    for (const base of chain) {
      const rules = loadIgnoreFile(path.join(base, '.gitignore'));
      if (rules) layers.push({ base, rules });
    }
    return layers;
  }
}

function loadIgnoreFile(file: string): Ignore | undefined {
  try {
    return ignore().add(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
