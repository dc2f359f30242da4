/**
 * `pin:` in `.cguard.yaml`: where `cguard pin` asks for digests. Only `cguard pin` reads it;
 * `scan` never goes on the network.
 *
 *   pin:
 *     mirrors:
 *       docker.io: mirror.example.com          # asked instead of Docker Hub (no fallback)
 *       ghcr.io: http://10.0.0.5:5000          # http:// means plain HTTP
 *     plain-http: ["registry.internal:5000"]   # spoken to without TLS (loopback always is)
 *
 * A mirror serves the same repositories under the same paths (`library/nginx` for Docker Hub's
 * `nginx`), as Docker's `registry-mirrors` do, so the digest it reports is the upstream digest.
 */
import { entriesOf, fail, stringListOf, stringOf, type Entry, type YamlFile } from './config-yaml.js';
import { parseRegistry } from './config-values.js';

export interface PinConfig {
  /** Registry host (`docker.io` for Docker Hub) → host[:port] of the mirror asked instead. */
  mirrors: Record<string, string>;
  /** Hosts spoken to over plain HTTP. */
  plainHttp: string[];
}

const KEYS = ['mirrors', 'plain-http'];

export function parsePinConfig(file: YamlFile, entry: Entry): PinConfig {
  // A null-prototype record: registry names come from the file and must not reach Object.prototype.
  const config: PinConfig = { mirrors: Object.create(null) as Record<string, string>, plainHttp: [] };
  for (const item of entriesOf(file, entry, 'a mapping with mirrors and plain-http')) {
    if (!KEYS.includes(item.key)) fail(file, item.line, item.keyPath, 'unknown key', `allowed keys: ${KEYS.join(', ')}`);
    if (item.key === 'plain-http') {
      for (const host of stringListOf(file, item, 'a registry host')) addOnce(config.plainHttp, parseRegistry(file, host.entry, host.value));
      continue;
    }
    for (const mirror of entriesOf(file, item, 'a mapping of registry hosts to mirror hosts')) {
      const registry = canonicalRegistry(parseRegistry(file, mirror, mirror.key));
      const written = stringOf(file, mirror, 'write the mirror as host[:port] or http(s)://host[:port]').trim();
      const scheme = /^(https?):\/\//i.exec(written);
      const host = parseRegistry(file, mirror, scheme ? written.slice(scheme[0].length).replace(/\/$/, '') : written);
      config.mirrors[registry] = host;
      if (scheme?.[1]!.toLowerCase() === 'http') addOnce(config.plainHttp, host);
    }
  }
  return config;
}

/** Docker Hub answers to several names; `docker.io` is the one image references resolve to. */
export function canonicalRegistry(host: string): string {
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host;
}

function addOnce(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}
