/**
 * Reading a file as text, with the checks that keep hostile input out of the parsers:
 * a size limit, binary detection, and strict UTF-8 decoding.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

export type ReadResult = { ok: true; raw: string } | { ok: false; message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Only regular files are read. The file is opened first and checked through its descriptor, so
 * what is checked is what is read: a FIFO (opened without blocking: a blocking open waits for a
 * writer forever), a device such as /dev/zero (endless) or a socket is refused, and so is a
 * file over the size limit, before a byte of it is read.
 */
export function readText(absPath: string, maxFileSize = DEFAULT_MAX_FILE_SIZE): ReadResult {
  let fd: number;
  try {
    fd = openSync(absPath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { ok: false, message: `cannot read the file: ${describeFsError(error)}` };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { ok: false, message: 'cannot read the file: it is a directory' };
    if (!stat.isFile()) return { ok: false, message: 'not a regular file (a pipe, socket or device); skipped' };
    if (stat.size > maxFileSize) {
      return {
        ok: false,
        message: `file is too large (${formatSize(stat.size)}, the limit is ${formatSize(maxFileSize)}); skipped — raise it with --max-file-size if this file is real`,
      };
    }
    return decodeText(readFileSync(fd), maxFileSize);
  } catch (error) {
    return { ok: false, message: `cannot read the file: ${describeFsError(error)}` };
  } finally {
    closeSync(fd);
  }
}

export function decodeText(bytes: Uint8Array, maxFileSize = DEFAULT_MAX_FILE_SIZE): ReadResult {
  if (bytes.length > maxFileSize) {
    return { ok: false, message: `file is too large (${formatSize(bytes.length)}, the limit is ${formatSize(maxFileSize)}); skipped` };
  }
  // UTF-16 files start with a BOM of FE FF / FF FE; Docker, Compose and systemd read UTF-8 only.
  if (bytes.length >= 2 && ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe))) {
    return { ok: false, message: 'file is UTF-16 text; Docker, Compose and systemd read UTF-8 only — re-save it as UTF-8' };
  }
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) {
    return { ok: false, message: 'file is binary (it contains NUL bytes), not a configuration file' };
  }
  try {
    return { ok: true, raw: utf8.decode(bytes) };
  } catch {
    return { ok: false, message: 'file is not valid UTF-8 text — re-save it as UTF-8' };
  }
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'no such file or directory';
    case 'EISDIR':
      return 'it is a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return code ?? String((error as Error)?.message ?? error);
  }
}
