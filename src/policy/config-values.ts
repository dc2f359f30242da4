/** Small typed values of a config: registry hosts and file sizes. */
import { describeScalar, fail, scalarOf, type Entry, type YamlFile } from './config-yaml.js';

/** A DNS name or IPv4 address with an optional port: what an image reference's registry part is. */
const REGISTRY_HOST = /^(?=.{1,253}(?::|$))[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/i;

/** `registry.example.com`, `localhost:5000` — lower-cased, since host names are case-insensitive. */
export function parseRegistry(file: YamlFile, entry: Entry, value: string): string {
  const host = value.trim();
  if (!REGISTRY_HOST.test(host)) {
    fail(file, entry.line, entry.keyPath, `'${host}' is not a registry host`, 'write the host name only, such as registry.example.com or registry.example.com:5000');
  }
  const port = /:(\d+)$/.exec(host);
  if (port && Number(port[1]) > 65535) fail(file, entry.line, entry.keyPath, `'${host}' has a port above 65535`, 'fix the port');
  return host.toLowerCase();
}

const SIZE = /^(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?$/i;
const UNIT = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 } as const;
/** Above this, a "size limit" is no limit; reading such files would exhaust memory first. */
const MAX_SIZE = 1024 ** 3;

/** `5MB`, `800k`, `1.5 MiB` or a number of bytes. */
export function parseSize(file: YamlFile, entry: Entry): number {
  const value = scalarOf(file, entry);
  const todo = 'write a size such as 5MB, 800KB or 1048576 (bytes)';
  let bytes: number | undefined;
  if (typeof value === 'number') bytes = value;
  else if (typeof value === 'string') {
    const m = SIZE.exec(value.trim());
    if (m) bytes = Math.round(Number(m[1]) * UNIT[m[2]!.toLowerCase() as keyof typeof UNIT]);
  }
  if (bytes === undefined || !Number.isFinite(bytes)) fail(file, entry.line, entry.keyPath, `${value === undefined ? 'a list or mapping' : describeScalar(value)} is not a size`, todo);
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > MAX_SIZE) fail(file, entry.line, entry.keyPath, `the size must be between 1 byte and 1GB (got ${describeScalar(value)})`, todo);
  return bytes;
}
