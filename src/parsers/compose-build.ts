/**
 * Where the Dockerfile of a service's `build:` is. Compose resolves `context` against the
 * compose file's folder and `dockerfile` (default `Dockerfile`) against the context; a
 * remote context (a Git or HTTP URL) or `dockerfile_inline` has no file cguard could read.
 */
import * as path from 'node:path';
import type { Node } from 'yaml';
import type { BuildInfo } from '../model/container.js';
import type { SourceFile } from '../model/source.js';
import type { ValueReader } from './compose-values.js';

const REMOTE_CONTEXT = /^([a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i;

export function readBuild(node: Node | null | undefined, read: ValueReader, file: SourceFile): BuildInfo | undefined {
  const resolved = read.view.resolve(node);
  if (!resolved) return undefined;
  let context = read.text(resolved)?.value;
  let dockerfile = 'Dockerfile';
  let target: string | undefined;
  const map = read.map(resolved);
  if (map) {
    if (map.has('dockerfile_inline')) return undefined;
    context = read.text(read.entry(map, 'context'))?.value ?? '.';
    dockerfile = read.text(read.entry(map, 'dockerfile'))?.value ?? dockerfile;
    target = read.text(read.entry(map, 'target'))?.value.toLowerCase() || undefined;
  }
  if (context === undefined || REMOTE_CONTEXT.test(context) || dockerfile === '') return undefined;
  const written = dockerfileLocation(file.path, context || '.', dockerfile);
  const where = { dockerfilePath: written, span: read.view.span(resolved), ...(target ? { target } : {}) };
  if (file.absPath === undefined) return where;
  const dockerfileAbsPath = path.resolve(path.dirname(file.absPath), context || '.', dockerfile);
  const cwd = workingDirectory(file);
  // An absolute context or dockerfile is named relative to the working directory like every other path.
  const relative = cwd !== undefined && path.posix.isAbsolute(written) ? path.relative(cwd, dockerfileAbsPath).split(path.sep).join('/') : written;
  return { ...where, dockerfilePath: relative, dockerfileAbsPath };
}

function dockerfileLocation(composePath: string, context: string, dockerfile: string): string {
  const { posix } = path;
  const joined = posix.isAbsolute(dockerfile)
    ? dockerfile
    : posix.isAbsolute(context)
      ? posix.join(context, dockerfile)
      : posix.join(posix.dirname(composePath), context, dockerfile);
  return posix.normalize(joined).replace(/^\.\//, '');
}

/** The folder `SourceFile.path` is relative to, when the absolute path ends with it. */
function workingDirectory(file: SourceFile): string | undefined {
  const abs = file.absPath!.split(path.sep).join('/');
  if (!abs.endsWith(`/${file.path}`)) return undefined;
  return file.absPath!.slice(0, abs.length - file.path.length - 1) || path.sep;
}
