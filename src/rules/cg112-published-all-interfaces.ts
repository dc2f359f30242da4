/** CG112 published-all-interfaces — an internal service (database, cache, broker) is published on every interface. */
import type { ContainerSpec, Field, PortMapping } from '../model/container.js';
import type { Edit, Fix } from '../model/edit.js';
import type { ImageRef } from '../model/image.js';
import type { SourceFile } from '../model/source.js';
import { defineRule, type RuleFinding } from './types.js';

/** Image names of services that clients on other hosts should not reach directly. */
const INTERNAL = new Set(
  `postgres postgresql postgis timescaledb pgvector mysql mysql-server mariadb percona percona-server mongo mongodb
   mongodb-community-server redis redis-stack redis-stack-server valkey keydb dragonfly memcached elasticsearch
   opensearch rabbitmq cassandra scylla couchdb couchbase etcd zookeeper cp-zookeeper kafka cp-kafka cp-server
   redpanda influxdb clickhouse clickhouse-server neo4j minio cockroach nats mssql qdrant milvus`.split(/\s+/),
);

/** Suffixes of companion images that are meant to be reached: admin UIs, exporters, proxies. */
const COMPANION = /[-_](exporter|express|commander|ui|web|admin|insight|gui|proxy|backup|operator|connect|rest|manager|dashboard|console)([-_]|$)/;

/** The product an image is: its last path component (`bitnami/redis` → `redis`), or `mssql/server`. */
export function internalService(image: ImageRef | undefined): string | undefined {
  if (!image || image.scratch) return undefined;
  const parts = image.repository.toLowerCase().split('/');
  if (parts.includes('mssql')) return 'mssql';
  const last = parts[parts.length - 1]!;
  if (INTERNAL.has(last)) return last;
  const base = last.split(/[-_]/)[0]!;
  return INTERNAL.has(base) && !COMPANION.test(last.slice(base.length)) ? base : undefined;
}

function allInterfaces(port: PortMapping): boolean {
  const ip = port.hostIp?.replace(/^\[|\]$/g, '');
  return ip === undefined || ip === '0.0.0.0' || ip === '::';
}

/**
 * `127.0.0.1:` in front of a short mapping written literally in the file (`5432:5432`,
 * `"5432:5432"`, `-p 5432:5432`, `PublishPort=5432:5432`), or in place of `0.0.0.0`. Long
 * syntax, values built from variables, IPv6 wildcards and Quadlet `PodmanArgs=` get no fix.
 */
function loopbackFix(c: ContainerSpec, file: SourceFile, port: Field<PortMapping>): Fix | undefined {
  // Quadlet `PodmanArgs=` are the author's raw words; only `PublishPort=` lines are edited.
  const line = file.text.slice(file.text.lastIndexOf('\n', port.span.start - 1) + 1, port.span.start);
  if (c.source === 'quadlet' && !/^\s*PublishPort\s*=\s*$/.test(line)) return undefined;
  const raw = file.text.slice(port.span.start, port.span.end);
  const quote = /^["']/.test(raw) ? 1 : 0;
  const body = raw.slice(quote, raw.length - quote);
  if (!/^[0-9.:/a-z-]+$/i.test(body) || (quote && raw[raw.length - 1] !== raw[0])) return undefined;
  const at = port.span.start + quote;
  let edit: Edit | undefined;
  // `127.0.0.1:5432` would read as HOST_PORT:CONTAINER_PORT; a random host port is `127.0.0.1::5432`.
  const prefix = port.value.hostPort === undefined ? '127.0.0.1::' : '127.0.0.1:';
  if (port.value.hostIp === undefined && /^\d/.test(body)) edit = { start: at, end: at, text: prefix };
  else if (body.startsWith('0.0.0.0:')) edit = { start: at, end: at + '0.0.0.0'.length, text: '127.0.0.1' };
  return edit && { description: 'publish the port on 127.0.0.1 only', safety: 'unsafe', edits: [edit] };
}

/**
 * `${BIND_IP}:5432:5432` in compose: cguard reads the unset variable as empty, which is not the
 * address that will be used.
 */
function hostIpFromVariable(c: ContainerSpec, file: SourceFile, port: Field<PortMapping>): boolean {
  if (c.source !== 'compose') return false;
  const raw = file.text.slice(port.span.start, port.span.end).replace(/^["']|["']$/g, '');
  const parts = raw.replace(/\$\{[^}]*\}/g, (v) => v.replace(/:/g, '_')).split(':');
  return parts.length >= 3 && parts[0]!.includes('$');
}

export default defineRule({
  id: 'CG112',
  name: 'published-all-interfaces',
  level: 'warning',
  securitySeverity: 6.5,
  tags: ['security', 'network', 'ports', 'cis-docker'],
  cis: ['5.14'],
  cwe: ['CWE-668', 'CWE-1327'],
  targets: ['container'],
  fixable: 'unsafe',
  docs: {
    summary: 'A database, cache or broker port is published on every interface',
    what:
      'Flags a published port with no host address, or with `0.0.0.0`/`::` (compose `ports` short and long syntax, `-p`/`--publish`, Quadlet `PublishPort=`) when the image looks like an internal service: postgres (and postgis, timescaledb), mysql, mariadb, percona, mongo, redis, valkey, keydb, dragonfly, memcached, elasticsearch, opensearch, rabbitmq, cassandra, scylla, couchdb, couchbase, etcd, zookeeper, kafka, redpanda, influxdb, clickhouse, neo4j, minio, cockroach, nats, mssql, qdrant, milvus — by the last part of the image name, so `bitnami/redis` and `docker.elastic.co/elasticsearch/elasticsearch` count, and companions such as `mongo-express`, `redis-commander` or `postgres-exporter` do not. A compose service with `build:` is judged by the base image of the Dockerfile it builds. A container-only port (`- "5432"`) is published on a random host port on every interface and is flagged too.',
    why:
      'A port published without an address listens on every interface of the host, public ones included, and Docker inserts its own iptables rules ahead of ufw/firewalld, so the host firewall does not stop it. Databases and caches are built to sit behind the application, often with no or default credentials: exposed Redis, MongoDB, Elasticsearch and etcd are a steady source of breaches and ransom notes. Containers on the same network reach the service without publishing; when the host needs it, bind it to 127.0.0.1. CIS Docker Benchmark 5.14.',
    example: { lang: 'yaml', code: 'services:\n  db:\n    image: postgres:16.4\n    ports:\n      - "5432:5432"' },
    useInstead: { lang: 'yaml', code: 'services:\n  db:\n    image: postgres:16.4\n    ports:\n      - "127.0.0.1:5432:5432"' },
    fixSafety:
      'Unsafe: puts `127.0.0.1:` in front of the mapping (or replaces `0.0.0.0`), in compose short syntax, `-p` values and `PublishPort=`. Clients on other hosts can no longer connect; containers on the same network are not affected. Long syntax, mappings built from variables and IPv6 wildcards are left alone.',
    references: [
      'CIS Docker Benchmark v1.6.0 5.14 "Ensure that incoming container traffic is bound to a specific host interface"',
      'https://docs.docker.com/engine/network/packet-filtering-firewalls/#docker-and-ufw',
      'https://docs.docker.com/reference/compose-file/services/#ports',
    ],
  },
  check(target) {
    if (target.kind !== 'container') return [];
    const c = target.container;
    const image = c.imageIsBuildOutput || !c.image ? c.build?.resolved?.baseImage : c.image.value;
    const service = internalService(image);
    if (!service) return [];
    const findings: RuleFinding[] = [];
    for (const port of c.ports) {
      if (!allInterfaces(port.value) || hostIpFromVariable(c, target.file, port)) continue;
      const host = port.value.hostPort
        ? `host port ${port.value.hostPort}`
        : c.source === 'compose' && /\$.*:/.test(target.file.text.slice(port.span.start, port.span.end))
          ? 'the host port its variable names'
          : 'a random host port';
      findings.push({
        span: port.span,
        message: `container '${c.name}' (${service}) publishes container port ${port.value.containerPort} on ${host} on every interface, past the host firewall; bind it to 127.0.0.1 or do not publish it`,
        fix: loopbackFix(c, target.file, port),
      });
    }
    return findings;
  },
});
