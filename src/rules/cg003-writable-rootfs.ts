/** CG003 writable-rootfs — the container can write to its root filesystem. */
import type { ContainerSpec } from '../model/container.js';
import { editorFix, lazyBatch } from './container-helpers.js';
import { defineRule, type RuleFinding } from './types.js';

function hasTmpMount(c: ContainerSpec): boolean {
  const isTmp = (p: string | undefined): boolean => !!p && p.replace(/\/+$/, '') === '/tmp';
  return c.tmpfs.some((t) => isTmp(t.value.split(':')[0])) || c.mounts.some((m) => isTmp(m.value.target));
}

function fixFor(c: ContainerSpec) {
  // Podman mounts tmpfs on /tmp, /var/tmp and /run by itself with --read-only
  // (ReadOnlyTmpfs defaults to true); Docker does not, and most programs need a writable /tmp.
  const needsTmp = c.runtime === 'docker' && !hasTmpMount(c);
  const edits = lazyBatch(c.editor, [
    { op: 'set', setting: 'readOnly', value: 'true' },
    ...(needsTmp ? [{ op: 'add' as const, list: 'tmpfs' as const, item: '/tmp' }] : []),
  ]);
  return editorFix(needsTmp ? 'make the root filesystem read-only and mount a tmpfs on /tmp' : 'make the root filesystem read-only', 'unsafe', edits);
}

export default defineRule({
  id: 'CG003',
  name: 'writable-rootfs',
  level: 'warning',
  securitySeverity: 5.5,
  tags: ['security', 'filesystem', 'cis-docker'],
  cis: ['5.13'],
  cwe: ['CWE-732'],
  targets: ['container'],
  fixable: 'unsafe',
  docs: {
    summary: 'The root filesystem is writable (no read_only: true / --read-only)',
    what: 'Flags a container whose root filesystem is writable: `read_only` absent or false (`true` and `"true"` count as set), no `--read-only`, no `ReadOnly=true`.',
    why:
      'A writable root filesystem lets an attacker who gets code execution drop tools, replace binaries or plant persistence inside the container. A read-only root with explicit writable volumes or tmpfs mounts limits writes to the places the application really uses, and makes drift visible.',
    example: { lang: 'ini', code: '[Service]\nExecStart=/usr/bin/docker run --rm --name web nginx:1.27' },
    useInstead: { lang: 'ini', code: '[Service]\nExecStart=/usr/bin/docker run --rm --name web --read-only --tmpfs /tmp nginx:1.27' },
    fixSafety:
      'Unsafe: sets `read_only: true` / `--read-only` / `ReadOnly=true` and, for Docker, mounts a tmpfs on `/tmp` when nothing is mounted there. Programs that write elsewhere (caches, pid files under /run or /var) fail until those paths get their own volume or tmpfs.',
    references: ['CIS Docker Benchmark 5.13 "Ensure that the container\'s root filesystem is mounted as read only"', 'https://docs.docker.com/reference/cli/docker/container/run/#read-only'],
  },
  check(target) {
    if (target.kind !== 'container') return [];
    const c = target.container;
    if (c.readOnly?.value === true) return [];
    const finding: RuleFinding = c.readOnly
      ? { span: c.readOnly.span, message: `container '${c.name}' sets its root filesystem writable explicitly; make it read-only and mount writable paths as volumes or tmpfs`, fix: fixFor(c) }
      : { span: c.span, message: `container '${c.name}' has a writable root filesystem; make it read-only and mount writable paths as volumes or tmpfs`, fix: fixFor(c) };
    return [finding];
  },
});
