/**
 * CG401 depends-on-healthy — `depends_on` a service that has a health check, without waiting
 * for it to be healthy.
 *
 * Facts (compose spec, "depends_on"): the short syntax (`depends_on: [db]`) and the long syntax
 * without `condition:` mean `service_started` — Compose starts the dependent service as soon
 * as the dependency's container has started, not when it is ready. `condition: service_healthy`
 * waits for the dependency's health check to pass, and needs one (compose `healthcheck:` or the
 * image's `HEALTHCHECK`), otherwise `up` fails.
 */
import { isMap } from 'yaml';
import type { ComposeModel, ComposeService } from '../model/compose.js';
import type { SourceFile } from '../model/source.js';
import { composeYaml, type ComposeYaml } from './compose-helpers.js';
import { defineRule, type RuleFinding } from './types.js';

/** The dependencies of a service for which a `condition:` is written. */
function withCondition(yaml: ComposeYaml, service: string): Set<string> {
  const deps = yaml.map(yaml.service(service).get('depends_on')?.value);
  const written = new Set<string>();
  for (const [name, entry] of deps ?? []) {
    const value = yaml.view.resolve(entry.value);
    if (isMap(value) && yaml.map(value)?.has('condition')) written.add(name);
  }
  return written;
}

/** Where the dependency's health check comes from, or undefined when it has none cguard can see. */
function healthcheckOf(service: ComposeService): string | undefined {
  const check = service.container.healthcheck;
  if (check) return check.value.disabled ? undefined : 'its healthcheck:';
  return service.container.build?.resolved?.healthcheck ? "its Dockerfile's HEALTHCHECK" : undefined;
}

function check(file: SourceFile, compose: ComposeModel): RuleFinding[] {
  const findings: RuleFinding[] = [];
  let yaml: ComposeYaml | undefined;
  for (const service of compose.services) {
    if (service.dependsOn.length === 0) continue;
    yaml ??= composeYaml(file, compose);
    const written = withCondition(yaml, service.name);
    for (const dependency of service.dependsOn) {
      if (written.has(dependency.service)) continue;
      const target = compose.services.find((s) => s.name === dependency.service);
      const source = target && healthcheckOf(target);
      if (!source) continue;
      findings.push({
        span: dependency.span,
        message: `${service.name} starts as soon as ${dependency.service}'s container starts, not when ${source} says it is ready; use depends_on: {${dependency.service}: {condition: service_healthy}}`,
      });
    }
  }
  return findings;
}

export default defineRule({
  id: 'CG401',
  name: 'depends-on-healthy',
  level: 'note',
  securitySeverity: 2.0,
  tags: ['compose', 'availability'],
  cwe: ['CWE-696'],
  targets: ['compose'],
  docs: {
    summary: 'depends_on a service with a health check, without condition: service_healthy',
    what:
      'Flags a `depends_on` entry that names a service with a health check — a compose `healthcheck:` that is not disabled, or a `HEALTHCHECK` in the Dockerfile it builds (when that Dockerfile is in the scanned tree) — and writes no `condition:` (the short list syntax, or the long syntax without `condition`). A written `condition: service_started` is a choice and is not flagged; a dependency without a health check is not flagged either, since `service_healthy` needs one (CG111 asks for health checks).',
    why:
      'Without a condition, Compose only waits for the dependency\'s container to start. A database takes seconds to accept connections, so the application\'s first connection attempts fail: it crashes and restarts, or worse, runs its migrations or initialisation against nothing and continues half set up. The health check that would tell Compose when the database is ready already exists and is ignored.',
    example: { lang: 'yaml', code: 'services:\n  app:\n    image: example/app:1.4\n    depends_on: [db]\n  db:\n    image: postgres:17\n    healthcheck:\n      test: ["CMD", "pg_isready", "-U", "postgres"]' },
    useInstead: {
      lang: 'yaml',
      code: 'services:\n  app:\n    image: example/app:1.4\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres:17\n    healthcheck:\n      test: ["CMD", "pg_isready", "-U", "postgres"]',
    },
    fixSafety: 'No automatic fix: it means rewriting the list into the long syntax, and waiting for health changes start-up behaviour (a health check that never passes keeps the dependent service from starting at all).',
    references: ['https://docs.docker.com/compose/how-tos/startup-order/', 'Compose specification: depends_on', 'CWE-696: Incorrect Behavior Order'],
  },
  check(target) {
    return target.kind === 'compose' ? check(target.file, target.compose) : [];
  },
});
