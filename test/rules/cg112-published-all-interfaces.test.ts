import { describe, expect, it } from 'vitest';
import type { FileKind } from '../../src/model/source.js';
import { parseImageRef } from '../../src/model/image.js';
import { internalService } from '../../src/rules/cg112-published-all-interfaces.js';
import { fixed, lint, locations } from '../helpers.js';

const ID = 'CG112';
interface Case { name: string; kind: FileKind; code: string }
interface Invalid extends Case { errors: string[]; output?: string }

const ports = (image: string, items: string) => `services:\n  db:\n    image: ${image}\n    ports:\n${items}`;

const valid: Case[] = [
  { name: 'bound to 127.0.0.1', kind: 'compose', code: ports('postgres:16.4', '      - "127.0.0.1:5432:5432"\n      - "[::1]:5433:5432"\n') },
  { name: 'long syntax with host_ip', kind: 'compose', code: ports('redis:7.4', '      - target: 6379\n        published: 6379\n        host_ip: 127.0.0.1\n') },
  { name: 'not published at all', kind: 'compose', code: 'services:\n  db:\n    image: postgres:16.4\n    expose: ["5432"]\n' },
  { name: 'a web server may listen everywhere', kind: 'compose', code: ports('nginx:1.27', '      - "80:80"\n') },
  { name: 'admin UIs and exporters of databases are not databases', kind: 'compose', code: ports('mongo-express:1.0', '      - "8081:8081"\n') + '  exporter:\n    image: prometheuscommunity/postgres-exporter:v0.15.0\n    ports: ["9187:9187"]\n' },
  { name: 'compose host address from a variable', kind: 'compose', code: ports('postgres:16.4', '      - "${BIND_IP}:5432:5432"\n') },
  { name: 'docker run -p 127.0.0.1:…', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run -p 127.0.0.1:6379:6379 redis:7.4\n' },
  { name: 'Quadlet PublishPort=127.0.0.1:…', kind: 'quadlet', code: '[Container]\nImage=docker.io/library/mariadb:11.4\nPublishPort=127.0.0.1:3306:3306\n' },
];

const invalid: Invalid[] = [
  {
    name: 'compose "5432:5432"',
    kind: 'compose',
    code: ports('postgres:16.4', '      - "5432:5432"\n'),
    errors: ['5:9'],
    output: ports('postgres:16.4', '      - "127.0.0.1:5432:5432"\n'),
  },
  {
    name: 'compose unquoted mapping',
    kind: 'compose',
    code: ports('bitnami/redis:7.4', '      - 6379:6379\n'),
    errors: ['5:9'],
    output: ports('bitnami/redis:7.4', '      - 127.0.0.1:6379:6379\n'),
  },
  {
    name: 'compose container-only port: a random host port on every interface',
    kind: 'compose',
    code: ports('mysql:8.4', '      - "3306"\n'),
    errors: ['5:9'],
    output: ports('mysql:8.4', '      - "127.0.0.1::3306"\n'),
  },
  {
    name: 'compose 0.0.0.0 is replaced',
    kind: 'compose',
    code: ports('docker.elastic.co/elasticsearch/elasticsearch:8.15.0', '      - 0.0.0.0:9200:9200\n'),
    errors: ['5:9'],
    output: ports('docker.elastic.co/elasticsearch/elasticsearch:8.15.0', '      - 127.0.0.1:9200:9200\n'),
  },
  { name: 'compose long syntax without host_ip (no fix)', kind: 'compose', code: ports('mongo:7.0', '      - target: 27017\n        published: 27017\n'), errors: ['5:9'] },
  { name: 'compose [::] (no fix)', kind: 'compose', code: ports('memcached:1.6', '      - "[::]:11211:11211"\n'), errors: ['5:9'] },
  {
    name: 'docker run -p',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --rm -p 5432:5432 postgres:16.4\n',
    errors: ['2:39'],
    output: '[Service]\nExecStart=/usr/bin/docker run --rm -p 127.0.0.1:5432:5432 postgres:16.4\n',
  },
  {
    name: 'podman run --publish=…',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/podman run --publish=0.0.0.0:2379:2379 quay.io/coreos/etcd:v3.5.15\n',
    errors: ['2:41'],
    output: '[Service]\nExecStart=/usr/bin/podman run --publish=127.0.0.1:2379:2379 quay.io/coreos/etcd:v3.5.15\n',
  },
  {
    name: 'Quadlet PublishPort=',
    kind: 'quadlet',
    code: '[Container]\nImage=docker.io/library/rabbitmq:3.13\nPublishPort=5672:5672\n',
    errors: ['3:13'],
    output: '[Container]\nImage=docker.io/library/rabbitmq:3.13\nPublishPort=127.0.0.1:5672:5672\n',
  },
  { name: 'Quadlet PodmanArgs=-p (not edited)', kind: 'quadlet', code: '[Container]\nImage=docker.io/library/redis:7.4\nPodmanArgs=-p 6379:6379\n', errors: ['3:15'] },
];

describe('CG112 published-all-interfaces', () => {
  it.each(valid)('valid: $name', ({ kind, code }) => {
    expect(locations(lint(kind, code), ID)).toEqual([]);
  });
  it.each(invalid)('invalid: $name', ({ kind, code, errors }) => {
    expect(locations(lint(kind, code), ID)).toEqual(errors);
  });
  it.each(invalid.filter((c) => c.output !== undefined))('fix: $name', ({ kind, code, output }) => {
    expect(fixed(kind, code, ID)).toBe(output);
  });
  it('recognises internal services by the last part of the image name', () => {
    const names = ['postgres:16', 'bitnami/postgresql:16', 'timescale/timescaledb:2.15', 'redis/redis-stack-server:7.4', 'confluentinc/cp-kafka:7.7', 'clickhouse/clickhouse-server:24.8', 'mcr.microsoft.com/mssql/server:2022-latest', 'valkey/valkey:8'];
    expect(names.map((n) => internalService(parseImageRef(n)))).toEqual(['postgres', 'postgresql', 'timescaledb', 'redis-stack-server', 'cp-kafka', 'clickhouse-server', 'mssql', 'valkey']);
    expect(['redis/redisinsight:2.54', 'mongo-express:1.0', 'redis-commander:latest', 'oliver006/redis_exporter:v1.62', 'nginx:1.27'].map((n) => internalService(parseImageRef(n)))).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
  it('the fix is unsafe: other hosts can no longer connect', () => {
    expect(lint('compose', invalid[0]!.code).find((f) => f.ruleId === ID)?.fix?.safety).toBe('unsafe');
    expect(lint('quadlet', '[Container]\nImage=redis:7.4\nPodmanArgs=-p 6379:6379\n').find((f) => f.ruleId === ID)?.fix).toBeUndefined();
  });
});
