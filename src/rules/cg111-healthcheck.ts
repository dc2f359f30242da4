/** CG111 healthcheck (strict) — a long-running container or a final image has no health check. */
import type { ContainerSpec } from '../model/container.js';
import type { DockerfileModel } from '../model/dockerfile.js';
import { finalStage, stageChain } from '../model/dockerfile-facts.js';
import type { UnitModel } from '../model/unit.js';
import { defineRule, type RuleFinding } from './types.js';

function lastServiceValue(unit: UnitModel | undefined, key: string): string | undefined {
  return unit?.entries.filter((e) => e.section === 'Service' && e.key === key).pop()?.value.trim();
}

/**
 * Whether the container is meant to keep running. A compose service is, unless it says
 * `restart: "no"` (how one-off jobs are marked). A `docker run` in a unit is when it is the
 * `ExecStart=` of a service that is not `Type=oneshot` (or is, with `-d`); `ExecStartPre=` runs
 * migrations and pulls. A Quadlet container is, unless its service is `Type=oneshot`.
 */
function longRunning(c: ContainerSpec, unit: UnitModel | undefined): boolean {
  if (c.source === 'compose') return c.restart?.value.trim() !== 'no';
  const oneshot = lastServiceValue(unit, 'Type') === 'oneshot';
  if (c.source === 'quadlet') return !oneshot;
  const entry = unit?.entries.find((e) => e.span.start === c.span.start && e.span.end === c.span.end);
  if (entry?.key !== 'ExecStart') return false;
  return !oneshot || c.detach?.value === true;
}

function checkContainer(c: ContainerSpec, unit: UnitModel | undefined): RuleFinding[] {
  if (!longRunning(c, unit)) return [];
  const health = c.healthcheck;
  if (health?.value.disabled) {
    return [{ span: health.span, message: `container '${c.name}' turns its health check off; define one so the runtime can tell a hung service from a healthy one` }];
  }
  if (health) return [];
  const build = c.build;
  if (build?.resolved?.healthcheck) return [];
  const why = build?.resolved
    ? `and ${build.dockerfilePath} has no HEALTHCHECK in its final stage`
    : build
      ? `and the Dockerfile it builds (${build.dockerfilePath}) is not in the scanned tree`
      : c.image && c.imageIsBuildOutput
        ? `and its image comes from ${c.image.value.raw}, which cguard does not follow`
        : c.image
          ? `and whether the image ${c.image.value.raw} has one is not known`
          : '';
  return [{ span: c.span, message: `container '${c.name}' has no health check${why ? ` ${why}` : ''}; add one (healthcheck / --health-cmd / HealthCmd=)` }];
}

function checkDockerfile(model: DockerfileModel): RuleFinding[] {
  const stage = finalStage(model);
  if (!stage) return [];
  // The last HEALTHCHECK of the stage, or of the stage it is built FROM, is the image's.
  for (const s of stageChain(model, stage.index)) {
    const last = s.instructions.filter((i) => i.keyword === 'HEALTHCHECK').pop();
    if (!last) continue;
    const type = last.args.find((arg) => !arg.value.startsWith('--'))?.value;
    if (type !== undefined && type.toUpperCase() !== 'NONE') return [];
    return [{ span: last.span, message: 'the final image turns its health check off (HEALTHCHECK NONE); define a HEALTHCHECK CMD for the service it runs' }];
  }
  return [{ span: stage.from.span, message: `the final stage (FROM ${stage.baseText}) has no HEALTHCHECK; add one so runtimes can tell when the service stops answering` }];
}

export default defineRule({
  id: 'CG111',
  name: 'healthcheck',
  level: 'warning',
  strictOnly: true,
  securitySeverity: 2.0,
  tags: ['security', 'availability', 'healthcheck', 'cis-docker'],
  cis: ['4.6', '5.27'],
  cwe: ['CWE-754'],
  targets: ['dockerfile', 'container'],
  docs: {
    summary: 'A long-running container or a final image has no health check (strict)',
    what:
      'Dockerfile: flags a final stage with no `HEALTHCHECK` (none in the stage, none inherited from a stage it is built `FROM`) or whose health check is `HEALTHCHECK NONE`. Containers: flags a long-running container with no `healthcheck`/`--health-cmd`/`HealthCmd=`, or with one that is turned off (`disable: true`, `test: ["NONE"]`, `--no-healthcheck`, Podman `--health-cmd none`, `HealthCmd=none`). A compose service with `build:` is fine when the final stage of the Dockerfile it builds has a `HEALTHCHECK`. Whether a pulled image has its own `HEALTHCHECK` is not known, so a container that relies on it is flagged. Long-running: every compose service except one marked `restart: "no"`; the `ExecStart=` container of a unit that is not `Type=oneshot` (or runs it with `-d`); every Quadlet container whose service is not `Type=oneshot`. Only in the `strict` policy: many images are tools, not services.',
    why:
      'Without a health check a container that has deadlocked, lost its database or stopped answering still shows as "running": restart policies, `depends_on: condition: service_healthy`, rolling updates and monitoring all take it for healthy. CIS Docker Benchmark 4.6 (images) and 5.27 (containers).',
    example: { lang: 'yaml', code: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2' },
    useInstead: {
      lang: 'yaml',
      code: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    healthcheck:\n      test: ["CMD", "/app/healthcheck"]\n      interval: 30s\n      timeout: 5s\n      retries: 3',
    },
    fixSafety: 'No automatic fix: only the service knows what "healthy" means.',
    references: [
      'CIS Docker Benchmark v1.6.0 4.6 "Ensure that HEALTHCHECK instructions have been added to container images", 5.27 "Ensure that container health is checked at runtime"',
      'https://docs.docker.com/reference/dockerfile/#healthcheck',
      'https://docs.docker.com/reference/compose-file/services/#healthcheck',
    ],
  },
  check(target) {
    if (target.kind === 'dockerfile') return checkDockerfile(target.dockerfile);
    if (target.kind === 'container') return checkContainer(target.container, target.unit);
    return [];
  },
});
