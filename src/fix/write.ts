/**
 * Writing a fixed file without ever leaving it half-written or writing outside the scanned
 * tree. The new text goes to a temporary file in the same folder, is flushed to disk, and is
 * renamed over the original: rename(2) within one file system replaces the name atomically,
 * so a reader (or a crash, or `kill -9`) sees the old file or the new one, never a mix.
 *
 * Known limits: a rename gives the file a new inode, so other hard links keep the old text,
 * and extended attributes and ACLs are not copied. The containment check and the rename are
 * two steps: a tree changed by someone else between them is not defended against.
 *
 * Uses only `node:` modules (the kill test runs this file transpiled, without the project).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A write cguard refused or could not do; the message is one line and names the file. */
export class FixWriteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FixWriteError';
  }
}

export interface WriteOptions {
  /** Put a UTF-8 byte-order mark in front of `text` (the file had one). */
  bom: boolean;
  /** Absolute real paths of the scanned roots; nothing outside them is written. */
  roots: string[];
}

/**
 * Replace the content of the existing file `absPath` by `text`, keeping its mode (and owner,
 * where allowed). A symlink inside the roots is written through: the file it points to is
 * replaced and the link stays a link.
 */
export function writeFileAtomic(absPath: string, text: string, options: WriteOptions): void {
  const target = resolveTarget(absPath, options.roots);
  const original = statOrFail(target, absPath);
  if (!original.isFile()) throw new FixWriteError(`${absPath}: not a regular file, not written`);
  try {
    fs.accessSync(target, fs.constants.W_OK);
  } catch {
    throw new FixWriteError(`${absPath}: the file is read-only, not written`);
  }

  const dir = path.dirname(target);
  const temp = temporaryPathBeside(target);
  let fd: number | undefined;
  let created = false;
  try {
    // `wx`: never reuse or follow something already at the temporary name; 0o600 until the
    // original mode is copied, so nobody reads a file they could not read before.
    fd = fs.openSync(temp, 'wx', 0o600);
    created = true;
    writeAll(fd, Buffer.from((options.bom ? '\uFEFF' : '') + text, 'utf8'));
    fs.fsyncSync(fd);
    keepOwner(fd, original);
    fs.fchmodSync(fd, original.mode & 0o7777);
    fs.closeSync(fd);
    fd = undefined;
    // The folder was checked before the temporary file was made; check it is still the same
    // real folder so the rename cannot land elsewhere through a swapped-in symlink.
    if (fs.realpathSync(dir) !== dir) throw new Error('the folder changed while writing');
    fs.renameSync(temp, target);
  } catch (error) {
    if (fd !== undefined) closeQuietly(fd);
    if (created) removeQuietly(temp);
    throw new FixWriteError(`${absPath}: not written: ${errorText(error)}`, { cause: error });
  }
  syncFolder(dir);
}

/** A fresh name in `target`'s folder to write its new content to before renaming it over `target`. */
export function temporaryPathBeside(target: string): string {
  // At most 48 characters of the name (192 UTF-8 bytes) so the temporary name fits NAME_MAX.
  const stem = Array.from(path.basename(target)).slice(0, 48).join('');
  return path.join(path.dirname(target), `.${stem}.cguard-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * The real path to write. Both the entry as named (its folder resolved, so a folder symlinked
 * from elsewhere counts as elsewhere) and the file it finally resolves to must be inside a root.
 */
function resolveTarget(absPath: string, roots: string[]): string {
  let real: string;
  let entry: string;
  try {
    real = fs.realpathSync(absPath);
    entry = path.join(fs.realpathSync(path.dirname(absPath)), path.basename(absPath));
  } catch (error) {
    throw new FixWriteError(`${absPath}: not written: ${errorText(error)}`, { cause: error });
  }
  const realRoots = roots.map(realOrSelf);
  if (!realRoots.some((root) => isInside(root, real))) {
    throw new FixWriteError(`${absPath}: resolves to ${real}, outside the scanned paths; not written`);
  }
  if (!realRoots.some((root) => isInside(root, entry))) {
    throw new FixWriteError(`${absPath}: is at ${entry}, outside the scanned paths; not written`);
  }
  return real;
}

/** `root` itself or something below it (a file given on the command line is its own root). */
export function isInside(root: string, candidate: string): boolean {
  if (candidate === root) return true;
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  return candidate.startsWith(prefix);
}

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

function statOrFail(target: string, absPath: string): fs.Stats {
  try {
    return fs.statSync(target);
  } catch (error) {
    throw new FixWriteError(`${absPath}: not written: ${errorText(error)}`, { cause: error });
  }
}

/** Write all of `bytes`: write(2) may write less than asked (a pipe, a signal). */
export function writeAll(fd: number, bytes: Buffer): void {
  for (let written = 0; written < bytes.length; ) {
    written += fs.writeSync(fd, bytes, written, bytes.length - written);
  }
}

/** Keep owner and group: always possible as root, and for the group when we are a member. */
function keepOwner(fd: number, original: fs.Stats): void {
  const own = fs.fstatSync(fd);
  if (own.uid === original.uid && own.gid === original.gid) return;
  try {
    fs.fchownSync(fd, original.uid, original.gid);
  } catch {
    try {
      fs.fchownSync(fd, own.uid, original.gid);
    } catch {
      // Not allowed: the file gets our owner, as with any editor that saves by renaming.
    }
  }
}

/** Make the rename itself durable; some file systems do not allow fsync on a folder. */
function syncFolder(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // The rename has happened; only its durability across a power cut is not guaranteed.
  }
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // Already closed or invalid; nothing to undo.
  }
}

export function removeQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // Not created, or already renamed.
  }
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!;
}
