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
import cg201 from './cg201-shell-syntax-in-exec.js';
import cg202 from './cg202-detached-container.js';
import cg203 from './cg203-missing-runtime-dependency.js';
import cg204 from './cg204-stop-timeout.js';
import cg205 from './cg205-unescaped-percent.js';
import cg206 from './cg206-tty-in-unit.js';
import cg207 from './cg207-unbraced-variable-argument.js';
import cg301 from './cg301-remote-add.js';
import cg302 from './cg302-pipe-to-shell.js';
import cg303 from './cg303-sudo-in-run.js';
import cg304 from './cg304-package-cache.js';
import cg305 from './cg305-no-install-recommends.js';
import cg306 from './cg306-shell-form-entrypoint.js';
import cg307 from './cg307-secret-file-copied.js';
import cg308 from './cg308-relative-workdir.js';
import cg309 from './cg309-add-instead-of-copy.js';
import cg310 from './cg310-world-writable.js';
import cg311 from './cg311-verification-disabled.js';
import cg401 from './cg401-depends-on-healthy.js';
import cg402 from './cg402-obsolete-version.js';
import cg403 from './cg403-container-name-scaled.js';
import cg404 from './cg404-host-interpolated-variable.js';
import cg208 from './cg208-unit-sandboxing.js';
import cg209 from './cg209-journald-limits.js';
import cg420 from './cg420-network-isolation.js';
import cg501 from './cg501-daemon-icc.js';
import cg502 from './cg502-daemon-userns-remap.js';
import cg503 from './cg503-daemon-live-restore.js';
import cg504 from './cg504-daemon-no-new-privileges.js';
import cg505 from './cg505-daemon-log-rotation.js';
import cg901 from './cg901-unused-suppression.js';
import cg902 from './cg902-suppression-reason.js';

export const allRules: readonly Rule[] = [cg000, cg001, cg002, cg003, cg004, cg005, cg006, cg007, cg101, cg102, cg103, cg104, cg105, cg106, cg107, cg108, cg109, cg110, cg111, cg112, cg113, cg201, cg202, cg203, cg204, cg205, cg206, cg207, cg301, cg302, cg303, cg304, cg305, cg306, cg307, cg308, cg309, cg310, cg311, cg401, cg402, cg403, cg404, cg208, cg209, cg420, cg501, cg502, cg503, cg504, cg505, cg901, cg902].sort((a, b) => (a.id < b.id ? -1 : 1));

/** Find a rule by id (any case) or kebab-case name. */
export function findRule(idOrName: string): Rule | undefined {
  const key = idOrName.trim();
  return allRules.find((r) => r.id.toLowerCase() === key.toLowerCase() || r.name === key);
}
