/**
 * CG403 container-name-scaled — `container_name` on a service that runs more than one replica.
 *
 * Facts (compose spec, "container_name"): "Compose does not scale a service beyond one container
 * if the Compose file specifies a container_name" — container names are unique per Docker host,
 * so `docker compose up` fails for `deploy.replicas` / `scale` above 1 ("…is using the custom
 * container name…; Docker requires each container to have a unique name").
 */
import { defineRule, type RuleFinding } from './types.js';

export default defineRule({
  id: 'CG403',
  name: 'container-name-scaled',
  level: 'error',
  securitySeverity: 2.0,
  tags: ['compose', 'correctness', 'availability'],
  cwe: ['CWE-694'],
  targets: ['compose'],
  docs: {
    summary: 'container_name on a service with more than one replica',
    what: 'Flags `container_name` on a service whose `deploy.replicas` or `scale` is greater than 1.',
    why:
      'Container names are unique on a Docker host, so Compose cannot create a second container with the same name: `docker compose up` refuses the service (or `--scale` fails), and the extra replicas the file asks for never run.',
    example: { lang: 'yaml', code: 'services:\n  worker:\n    image: example/worker:2.1\n    container_name: worker\n    deploy:\n      replicas: 3' },
    useInstead: { lang: 'yaml', code: 'services:\n  worker:\n    image: example/worker:2.1\n    deploy:\n      replicas: 3' },
    fixSafety: 'No automatic fix: other services, scripts or monitoring may address the container by that name.',
    references: ['https://docs.docker.com/reference/compose-file/services/#container_name', 'https://docs.docker.com/reference/compose-file/deploy/#replicas', 'CWE-694: Use of Multiple Resources with Duplicate Identifier'],
  },
  check(target) {
    if (target.kind !== 'compose') return [];
    const findings: RuleFinding[] = [];
    for (const service of target.compose.services) {
      if (!service.containerName || service.replicas === undefined || service.replicas <= 1) continue;
      findings.push({
        span: service.containerName.span,
        message: `container_name: ${service.containerName.value} on ${service.name}, which asks for ${service.replicas} replicas: container names are unique per host, so Compose cannot create more than one; remove container_name`,
      });
    }
    return findings;
  },
});
