/** Every built-in rule, in id order. Adding a rule: write its file, import it here. */
import type { Rule } from './types.js';
import cg000 from './cg000-parse-error.js';
import cg001 from './cg001-root-user.js';
import cg002 from './cg002-cap-drop-all.js';
import cg003 from './cg003-writable-rootfs.js';
import cg004 from './cg004-unpinned-image.js';
import cg005 from './cg005-seccomp-unconfined.js';
import cg006 from './cg006-log-rotation.js';
import cg007 from './cg007-start-limit.js';
import cg101 from './cg101-privileged.js';
import cg102 from './cg102-no-new-privileges.js';
import cg103 from './cg103-dangerous-capability.js';
import cg104 from './cg104-host-namespace.js';
import cg105 from './cg105-docker-socket-mount.js';
import cg106 from './cg106-sensitive-host-mount.js';
import cg107 from './cg107-apparmor-unconfined.js';
import cg108 from './cg108-selinux-disabled.js';
import cg109 from './cg109-resource-limits.js';
import cg110 from './cg110-secret-in-config.js';
import cg111 from './cg111-healthcheck.js';
import cg112 from './cg112-published-all-interfaces.js';
import cg113 from './cg113-image-digest.js';
import cg901 from './cg901-unused-suppression.js';
import cg902 from './cg902-suppression-reason.js';

export const allRules: readonly Rule[] = [cg000, cg001, cg002, cg003, cg004, cg005, cg006, cg007, cg101, cg102, cg103, cg104, cg105, cg106, cg107, cg108, cg109, cg110, cg111, cg112, cg113, cg901, cg902].sort((a, b) => (a.id < b.id ? -1 : 1));

/** Find a rule by id (any case) or kebab-case name. */
export function findRule(idOrName: string): Rule | undefined {
  const key = idOrName.trim();
  return allRules.find((r) => r.id.toLowerCase() === key.toLowerCase() || r.name === key);
}
