/**
 * CG420 network-isolation — a database or cache shares the compose default network with a
 * service that publishes ports to the host.
 *
 * Facts (compose spec, "Networks"): a service with no `networks:` (and no `network_mode:`) joins
 * the project's `default` network, so every such service reaches every other on all ports. A
 * network with `internal: true` gets no gateway: its members reach each other but not the
 * outside world, and nothing on it can be published. Which images count as a database, cache or
 * broker is CG112's list (`internalService`).
 */
import type { ComposeModel, ComposeService } from '../model/compose.js';
import { internalService } from './cg112-published-all-interfaces.js';
import { defineRule, type RuleFinding } from './types.js';

function imageOf(service: ComposeService) {
  const c = service.container;
  return c.imageIsBuildOutput || !c.image ? c.build?.resolved?.baseImage : c.image.value;
}

function check(compose: ComposeModel): RuleFinding[] {
  // `networks: {default: {internal: true}}` makes the default network itself a backend one.
  if (compose.networks.some((n) => n.name === 'default' && n.internal)) return [];
  const onDefault = compose.services.filter((s) => s.networks.includes('default'));
  const publishers = onDefault.filter((s) => s.container.ports.length > 0);
  const findings: RuleFinding[] = [];
  for (const service of onDefault) {
    const product = internalService(imageOf(service));
    if (!product) continue;
    const exposed = publishers.filter((p) => p !== service);
    if (exposed.length === 0) continue;
    const names = exposed.map((p) => `'${p.name}'`);
    const who = names.length === 1 ? `${names[0]}, which publishes ports` : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}, which publish ports`;
    findings.push({
      span: service.keySpan,
      message: `service '${service.name}' (${product}) shares the default network with ${who} to the host; put it on a separate backend network with internal: true that only its clients join`,
    });
  }
  return findings;
}

export default defineRule({
  id: 'CG420',
  name: 'network-isolation',
  level: 'warning',
  securitySeverity: 4.0,
  tags: ['security', 'network', 'compose'],
  cwe: ['CWE-653'],
  targets: ['compose'],
  docs: {
    summary: 'A database or cache shares the default network with a service published to the host',
    what:
      "Flags a compose service whose image is a database, cache or broker (postgres, mysql, mariadb, mongo, redis, valkey, memcached, elasticsearch, opensearch, cassandra, couchdb, influxdb, clickhouse, neo4j, rabbitmq, kafka, etcd … — the list CG112 uses, by the last part of the image name, or the base image of the Dockerfile a `build:` service builds) when it is on the project's `default` network — no `networks:` of its own, or `default` among them — together with another service that publishes `ports:` to the host. The location is the database service's key. A file whose top-level `networks.default` is `internal: true` is fine, and so is any service on networks of its own.",
    why:
      "The published service is the one exposed to the network, and the first one an attacker takes over. On the default network it reaches the database on every port, and so does every other service in the file — including ones that have no business talking to it — while the database itself keeps a route to the internet for exfiltration or for pulling a second stage. A separate backend network with `internal: true` that only the database and its real clients join narrows who can connect and cuts the database off from the outside world; the published service joins both networks. This is defence in depth: it does not replace authentication on the database (see also CG112 for databases published to the host).",
    example: {
      lang: 'yaml',
      code: 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n  db:\n    image: postgres:16.4',
    },
    useInstead: {
      lang: 'yaml',
      code: 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n    networks: [frontend, backend]\n  db:\n    image: postgres:16.4\n    networks: [backend]\nnetworks:\n  frontend: {}\n  backend:\n    internal: true',
    },
    references: [
      'https://docs.docker.com/reference/compose-file/networks/#internal',
      'https://docs.docker.com/compose/how-tos/networking/#specify-custom-networks',
      'CIS Docker Benchmark: "Ensure that Docker\'s default bridge docker0 is not used" (the same idea for plain containers)',
      'CWE-653: Improper Isolation or Compartmentalization',
    ],
  },
  check(target) {
    return target.kind === 'compose' ? check(target.compose) : [];
  },
});
