/**
 * Globs in `ignore:` and `overrides[].files:` are written relative to the file that contains
 * them (the config or policy file), as ESLint's flat config and Ruff do — so a config means the
 * same thing whichever directory cguard runs from. The scan matches paths relative to the
 * working directory, so each glob is rebased here, once, at load time.
 *
 * A glob also covers everything under a directory it matches (`test/fixtures` ignores the
 * whole folder), as in `.gitignore`.
 */
import path from 'node:path';
import picomatch from 'picomatch';
import { fail, type Entry, type YamlFile } from './config-yaml.js';

/** Check one glob as written; returns it without a leading `./`. */
export function checkGlob(file: YamlFile, entry: Entry, glob: string): string {
  const todo = "write a path pattern relative to this file's folder, such as 'test/fixtures/**'";
  if (glob.trim() === '') fail(file, entry.line, entry.keyPath, 'the glob is empty', todo);
  if (glob.startsWith('!')) fail(file, entry.line, entry.keyPath, `negated globs ('${glob}') are not supported`, 'list only what to match');
  if (path.posix.isAbsolute(glob) || path.win32.isAbsolute(glob)) fail(file, entry.line, entry.keyPath, `'${glob}' is an absolute path`, todo);
  const clean = glob.replace(/^(\.\/)+/, '');
  if (clean.split('/').includes('..')) fail(file, entry.line, entry.keyPath, `'${glob}' leaves the folder of this file`, todo);
  try {
    picomatch.makeRe(clean);
  } catch (error) {
    fail(file, entry.line, entry.keyPath, `'${glob}' is not a valid glob (${(error as Error).message})`, todo);
  }
  return clean;
}

/**
 * Rewrite globs relative to `baseDir` into globs that match the same files by their path
 * relative to `cwd` (forward slashes, `../` for files outside it — how the scan names files).
 */
export function rebaseGlobs(globs: readonly string[], baseDir: string, cwd: string): string[] {
  const out = new Set<string>();
  const rel = path.relative(cwd, baseDir).split(path.sep).filter((s) => s !== '' && s !== '.');
  const up = rel.findIndex((s) => s !== '..');
  const ups = up === -1 ? rel.length : up;
  const down = rel.slice(ups);
  const expanded = globs.flatMap((g) => expandSlashBraces(g)).flatMap((g) => (g.endsWith('/**') || g === '**' ? [g] : [g, `${g}/**`]));
  for (const glob of expanded) {
    if (ups === 0 || down.length > 0) {
      // The base folder is the working directory, inside it, or beside it: prefix its path.
      out.add([...rel, glob].join('/'));
      continue;
    }
    // The base folder is an ancestor of the working directory (the usual case: the config was
    // found by walking up). A file k levels above cwd is `../`×k + rest, and its path from the
    // base folder is the first (ups − k) folders of cwd's path from the base folder + rest.
    const cwdFromBase = path.relative(baseDir, cwd).split(path.sep).filter(Boolean);
    const segments = glob.split('/');
    for (let k = 0; k <= ups; k++) {
      for (const rest of strip(segments, cwdFromBase.slice(0, ups - k))) {
        if (rest.length > 0) out.add([...Array<string>(k).fill('..'), ...rest].join('/'));
      }
    }
  }
  return [...out];
}

/** The remainders of `glob` (as segments) after matching the folder segments `prefix`. */
function strip(glob: readonly string[], prefix: readonly string[]): string[][] {
  if (prefix.length === 0) return [[...glob]];
  if (glob.length === 0) return [];
  const [head, ...rest] = glob;
  if (head === '**') return [...strip(glob, prefix.slice(1)), ...strip(rest, prefix)];
  return picomatch.isMatch(prefix[0]!, head!, { dot: true }) ? strip(rest, prefix.slice(1)) : [];
}

/** `{a,b/c}/**` → `a/**`, `b/c/**`: brace groups with a slash must be split before segments are. */
function expandSlashBraces(glob: string, budget = { left: 64 }): string[] {
  const match = /\{([^{}]*\/[^{}]*)\}/.exec(glob);
  if (!match || !match[1]!.includes(',') || budget.left <= 0) return [glob];
  const before = glob.slice(0, match.index);
  const after = glob.slice(match.index + match[0].length);
  return match[1]!.split(',').flatMap((alternative) => {
    budget.left--;
    return expandSlashBraces(before + alternative + after, budget);
  });
}
