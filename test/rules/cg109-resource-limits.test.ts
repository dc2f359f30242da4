import { describe, expect, it } from 'vitest';
import type { FileKind } from '../../src/model/source.js';
import { defaultPolicy } from '../../src/policy/policy.js';
import { allRules } from '../../src/rules/index.js';
import { lint, locations } from '../helpers.js';

const ID = 'CG109';
interface Case { name: string; kind: FileKind; code: string; strict?: boolean }
interface Invalid extends Case { errors: string[]; message?: string }

const service = (lines: string) => `services:\n  web:\n    image: nginx:1.27\n${lines}`;

const valid: Case[] = [
  { name: 'compose mem_limit and pids_limit', kind: 'compose', code: service('    mem_limit: 512m\n    pids_limit: 256\n') },
  { name: 'compose deploy.resources.limits', kind: 'compose', code: service('    deploy:\n      resources:\n        limits:\n          memory: 1G\n          pids: 100\n          cpus: "1.5"\n'), strict: true },
  { name: 'compose limits from variables cguard cannot see', kind: 'compose', code: service('    mem_limit: ${WEB_MEMORY}\n    pids_limit: ${WEB_PIDS}\n') },
  { name: 'docker run -m and --pids-limit', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run -m 256m --pids-limit=100 nginx:1.27\n' },
  { name: 'strict: docker run with --cpus too', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --memory=256m --pids-limit 100 --cpus 0.5 nginx:1.27\n', strict: true },
  { name: 'podman run: Podman limits PIDs to 2048 by default', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/podman run --memory 256m nginx:1.27\n' },
  { name: 'Quadlet Memory=', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nMemory=512m\n' },
  { name: 'Quadlet: the service cgroup limits the container', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\n\n[Service]\nMemoryMax=1G\nCPUQuota=150%\n', strict: true },
  { name: 'Quadlet PodmanArgs=--memory', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nPodmanArgs=--memory=48g --cpus=2\n', strict: true },
];

const invalid: Invalid[] = [
  {
    name: 'compose without limits',
    kind: 'compose',
    code: service(''),
    errors: ['2:3'],
    message: "container 'web' has no memory limit (mem_limit / --memory / Memory=) and PID limit (pids_limit / --pids-limit / PidsLimit=), so it can exhaust the host",
  },
  { name: 'compose mem_limit: 0 and pids_limit: -1 mean unlimited', kind: 'compose', code: service('    mem_limit: 0\n    pids_limit: -1\n'), errors: ['4:16', '5:17'] },
  { name: 'compose reservations are not limits', kind: 'compose', code: service('    pids_limit: 100\n    deploy:\n      resources:\n        reservations:\n          memory: 1G\n'), errors: ['2:3'] },
  {
    name: 'strict: compose without a CPU limit',
    kind: 'compose',
    code: service('    mem_limit: 512m\n    pids_limit: 100\n'),
    strict: true,
    errors: ['2:3'],
    message: "container 'web' has no CPU limit (cpus / --cpus), so it can exhaust the host",
  },
  { name: 'docker run without limits', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm nginx:1.27\n', errors: ['2:1'] },
  { name: 'docker run: the unit\'s MemoryMax= does not reach the container', kind: 'unit', code: '[Service]\nMemoryMax=1G\nTasksMax=100\nExecStart=/usr/bin/docker run --rm nginx:1.27\n', errors: ['4:1'] },
  { name: 'docker run --pids-limit 0', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run -m 1g --pids-limit 0 nginx:1.27\n', errors: ['2:50'] },
  { name: 'podman run --pids-limit=-1', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/podman run -m 1g --pids-limit=-1 nginx:1.27\n', errors: ['2:50'] },
  { name: 'Quadlet without Memory=', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nPidsLimit=100\n', errors: ['1:1'] },
  { name: 'Quadlet Memory=-1, MemoryMax=infinity', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nMemory=-1\n\n[Service]\nMemoryMax=infinity\n', errors: ['3:8'] },
];

describe('CG109 resource-limits', () => {
  it.each(valid)('valid: $name', ({ kind, code, strict }) => {
    expect(locations(lint(kind, code, { strict }), ID)).toEqual([]);
  });
  it.each(invalid)('invalid: $name', ({ kind, code, strict, errors, message }) => {
    const findings = lint(kind, code, { strict });
    expect(locations(findings, ID)).toEqual(errors);
    if (message) expect(findings.find((f) => f.ruleId === ID)?.message).toBe(message);
  });
  it('options: `limits` picks the limits, `cpu` switches CPU on outside strict', () => {
    const withOptions = (options: Record<string, unknown>) => {
      const policy = defaultPolicy(allRules);
      policy.rules.set(ID, { level: 'warning', options });
      return policy;
    };
    const code = service('    mem_limit: 512m\n');
    expect(locations(lint('compose', code, { policy: withOptions({ limits: ['memory'] }) }), ID)).toEqual([]);
    expect(lint('compose', code, { policy: withOptions({ cpu: true }) }).find((f) => f.ruleId === ID)?.message).toMatch(/no PID limit .* and CPU limit/);
  });
  it('has no fix: no limit is right for every workload', () => {
    expect(lint('compose', service('')).find((f) => f.ruleId === ID)?.fix).toBeUndefined();
  });
});
