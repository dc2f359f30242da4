import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/policy/config.js';
import { allRules } from '../../src/rules/index.js';
import { lint, locations } from '../helpers.js';

const SANDBOX = 'NoNewPrivileges=yes\nPrivateTmp=yes\nProtectSystem=strict\nProtectHome=read-only\nRestrictSUIDSGID=yes\nLockPersonality=yes\nRestrictRealtime=yes\n';
const unit = (service: string): string => `[Unit]\nRequires=docker.service\nAfter=docker.service\n\n[Service]\n${service}`;
const RUN = 'ExecStart=/usr/bin/docker run --rm --name web nginx:1.27\n';

describe('CG208 unit-sandboxing', () => {
  const valid: Array<[string, string, string?]> = [
    ['full sandboxing block', unit(`User=app\n${SANDBOX}${RUN}`)],
    ['no User= (docker as root)', unit(RUN)],
    ['User=root', unit(`User=root\n${RUN}`)],
    ['User=0', unit(`User=0\n${RUN}`)],
    ['User= reset to root by an empty assignment', unit(`User=app\nUser=\n${RUN}`)],
    ['a unit that runs no container CLI', '[Service]\nUser=app\nExecStart=/usr/bin/python3 -m http.server\n'],
    ['alternative spellings of on', unit(`User=app\nNoNewPrivileges=true\nPrivateTmp=1\nProtectSystem=full\nProtectHome=tmpfs\nRestrictSUIDSGID=on\nLockPersonality=y\nRestrictRealtime=yes\n${RUN}`)],
    ['rootless podman needs neither NoNewPrivileges= nor ProtectHome=', `[Service]\nUser=app\nPrivateTmp=yes\nProtectSystem=full\nRestrictSUIDSGID=yes\nLockPersonality=yes\nRestrictRealtime=yes\nExecStart=/usr/bin/podman run --rm --name web nginx:1.27\n`],
    ['Quadlet units are not judged', '[Container]\nImage=nginx:1.27\n\n[Service]\nUser=app\n', 'quadlet'],
  ];
  it.each(valid)('does not fire: %s', (_name, text, kind) => {
    expect(locations(lint((kind ?? 'unit') as 'unit', text), 'CG208')).toEqual([]);
  });

  const invalid: Array<[string, string, string[], RegExp]> = [
    ['no sandboxing at all', unit(`User=app\n${RUN}`), ['6:1'], /NoNewPrivileges=, PrivateTmp=, ProtectSystem=, ProtectHome=, RestrictSUIDSGID=, LockPersonality=, RestrictRealtime=/],
    ['some directives missing', unit(`User=app\nNoNewPrivileges=yes\nPrivateTmp=yes\nProtectSystem=strict\n${RUN}`), ['6:1'], /without ProtectHome=, RestrictSUIDSGID=, LockPersonality=, RestrictRealtime=;/],
    ['a directive turned off counts as missing', unit(`User=app\n${SANDBOX.replace('ProtectHome=read-only', 'ProtectHome=no')}${RUN}`), ['6:1'], /without ProtectHome=;/],
    ['an empty assignment resets a directive', unit(`User=app\n${SANDBOX}PrivateTmp=\n${RUN}`), ['6:1'], /without PrivateTmp=;/],
    ['the last User= is the one reported', unit(`User=root\nUser=svc\n${RUN}`), ['7:1'], /as User=svc/],
    ['docker compose under a dedicated account', '[Service]\nType=oneshot\nRemainAfterExit=yes\nWorkingDirectory=/srv/app\nUser=deploy\nExecStart=/usr/bin/docker compose up -d\n', ['5:1'], /docker CLI as User=deploy/],
    ['docker-compose v1', '[Service]\nUser=deploy\nExecStart=/usr/local/bin/docker-compose up\n', ['2:1'], /docker CLI/],
    ['podman: only the directives rootless podman keeps working with', '[Service]\nUser=app\nExecStart=/usr/bin/podman run --rm nginx:1.27\n', ['2:1'], /podman CLI as User=app without PrivateTmp=, ProtectSystem=, RestrictSUIDSGID=, LockPersonality=, RestrictRealtime=;/],
  ];
  it.each(invalid)('fires: %s', (_name, text, where, message) => {
    const findings = lint('unit', text).filter((f) => f.ruleId === 'CG208');
    expect(locations(findings, 'CG208')).toEqual(where);
    expect(findings[0]!.message).toMatch(message);
    expect(findings[0]!.level).toBe('note');
    expect(findings[0]!.fix).toBeUndefined();
  });

  it('is a note by default and a warning under the strict policy', () => {
    expect(allRules.find((r) => r.id === 'CG208')!.level).toBe('note');
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'cguard-cg208-'));
    const { policy } = loadPolicy({ cwd, policy: 'strict', rules: allRules });
    const findings = lint('unit', unit(`User=app\n${RUN}`), { policy }).filter((f) => f.ruleId === 'CG208');
    expect(findings.map((f) => f.level)).toEqual(['warning']);
  });
});
