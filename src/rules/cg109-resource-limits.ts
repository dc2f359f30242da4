/**
 * CG109 resource-limits — the container may use all of the host's memory or processes (and,
 * under `strict`, CPU).
 *
 * Options: `limits: [memory, pids, cpu]` chooses the limits to require; `cpu: true|false`
 * adds or removes CPU (default: on under `strict`).
 */
import type { ContainerSpec, Field } from '../model/container.js';
import type { UnitModel } from '../model/unit.js';
import { defineRule, type RuleContext, type RuleFinding } from './types.js';

type Limit = 'memory' | 'pids' | 'cpu';

const FIELD: Record<Limit, 'memory' | 'pidsLimit' | 'cpus'> = { memory: 'memory', pids: 'pidsLimit', cpu: 'cpus' };

const LABEL: Record<Limit, string> = { memory: 'memory', pids: 'PID', cpu: 'CPU' };

const WRITTEN: Record<Limit, string> = {
  memory: 'memory limit (mem_limit / --memory / Memory=)',
  pids: 'PID limit (pids_limit / --pids-limit / PidsLimit=)',
  cpu: 'CPU limit (cpus / --cpus)',
};

/**
 * For a Quadlet container, keys of the generated service that limit it: Quadlet runs Podman
 * with `--cgroups=split`, so the container lives in the unit's own cgroup. (A `docker run` in a
 * unit does not: the container is in Docker's scope, and the unit's limits miss it.)
 */
const UNIT_KEYS: Record<Limit, string[]> = { memory: ['MemoryMax', 'MemoryHigh', 'MemoryLimit'], pids: ['TasksMax'], cpu: ['CPUQuota'] };

function requiredLimits(ctx: RuleContext): Limit[] {
  const configured = Array.isArray(ctx.options.limits)
    ? ctx.options.limits.filter((l): l is Limit => l === 'memory' || l === 'pids' || l === 'cpu')
    : (['memory', 'pids'] as Limit[]);
  const cpu = typeof ctx.options.cpu === 'boolean' ? ctx.options.cpu : ctx.strict || configured.includes('cpu');
  return [...configured.filter((l) => l !== 'cpu'), ...(cpu ? (['cpu'] as Limit[]) : [])];
}

/** `0` and `-1` mean "no limit" for `--memory`, `--pids-limit` and `--cpus` alike. */
function isUnlimited(value: string): boolean {
  return /^(-1|0+(\.0*)?)$/.test(value.trim());
}

function unitLimits(unit: UnitModel | undefined, limit: Limit): boolean {
  if (!unit) return false;
  for (const key of UNIT_KEYS[limit]) {
    const last = unit.entries.filter((e) => e.section === 'Service' && e.key === key).pop();
    if (last && last.value !== '' && !/^(infinity|0%?)$/i.test(last.value.trim())) return true;
  }
  return false;
}

function checkContainer(c: ContainerSpec, unit: UnitModel | undefined, ctx: RuleContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const missing: Limit[] = [];
  for (const limit of requiredLimits(ctx)) {
    const field: Field<string> | undefined = c[FIELD[limit]];
    // An empty value comes from a variable cguard cannot see (`mem_limit: ${MEM}`): set, value unknown.
    if (field && !isUnlimited(field.value)) continue;
    if (c.source === 'quadlet' && unitLimits(unit, limit)) continue;
    if (field) {
      findings.push({ span: field.span, message: `container '${c.name}' sets ${field.value.trim()}, which means no ${LABEL[limit]} limit; set a real ${WRITTEN[limit]}` });
      continue;
    }
    // Podman limits every container to 2048 processes unless told otherwise (containers.conf `pids_limit`).
    if (limit === 'pids' && c.runtime === 'podman') continue;
    missing.push(limit);
  }
  if (missing.length > 0) {
    const what = missing.map((l) => WRITTEN[l]);
    const list = what.length === 1 ? what[0]! : `${what.slice(0, -1).join(', ')} and ${what[what.length - 1]}`;
    findings.push({ span: c.span, message: `container '${c.name}' has no ${list}, so it can exhaust the host` });
  }
  return findings;
}

export default defineRule({
  id: 'CG109',
  name: 'resource-limits',
  level: 'warning',
  securitySeverity: 5.0,
  tags: ['security', 'resources', 'availability', 'cis-docker'],
  cis: ['5.11', '5.12', '5.29'],
  cwe: ['CWE-770'],
  targets: ['container'],
  docs: {
    summary: 'No memory or PID limit (strict: no CPU limit)',
    what:
      'Flags a container with no memory limit (`mem_limit`, `deploy.resources.limits.memory`, `--memory`/`-m`, Quadlet `Memory=`) or no PID limit (`pids_limit`, `deploy.resources.limits.pids`, `--pids-limit`, Quadlet `PidsLimit=`); under the `strict` policy also no CPU limit (`cpus`, `deploy.resources.limits.cpus`, `--cpus`). `0` and `-1` mean unlimited and are reported where they are written. Podman limits every container to 2048 processes by default, so a Podman container without `--pids-limit` is fine. A Quadlet container runs in its service\'s cgroup (`--cgroups=split`), so `MemoryMax=`/`MemoryHigh=`, `TasksMax=` and `CPUQuota=` in its `[Service]` count too; for `docker run` in a unit they do not, because the container lives in Docker\'s own scope. Options: `limits: [memory, pids, cpu]` picks the limits; `cpu: true|false` overrides the policy for CPU.',
    why:
      'Without limits one container — a memory leak, a fork bomb, a request flood, or an attacker — can take all the host\'s memory, PIDs or CPU and bring down every other service on it, including sshd and the container engine. The kernel\'s OOM killer then picks a victim that may not be the offender. CIS Docker Benchmark 5.11 (memory), 5.12 (CPU) and 5.29 (PIDs).',
    example: { lang: 'yaml', code: 'services:\n  worker:\n    image: ghcr.io/acme/worker:5.0.1' },
    useInstead: { lang: 'yaml', code: 'services:\n  worker:\n    image: ghcr.io/acme/worker:5.0.1\n    mem_limit: 512m\n    pids_limit: 256\n    cpus: 1.5' },
    fixSafety: 'No automatic fix: no limit is right for every workload, and a limit that is too low kills the container.',
    references: [
      'CIS Docker Benchmark v1.6.0 5.11 "Ensure that the memory usage for containers is limited", 5.12 "Ensure that CPU priority is set appropriately on containers", 5.29 "Ensure that the PIDs cgroup limit is used"',
      'https://docs.docker.com/engine/containers/resource_constraints/',
      'https://docs.docker.com/reference/compose-file/deploy/#resources',
    ],
  },
  check(target, ctx) {
    if (target.kind !== 'container') return [];
    return checkContainer(target.container, target.unit, ctx);
  },
});
