import { defineRule } from './types.js';

/** CG902 suppression-reason. Reported by src/policy/suppressions.ts when `require-suppression-reason: true`. */
export default defineRule({
  id: 'CG902',
  name: 'suppression-reason',
  level: 'warning',
  securitySeverity: 2.0,
  tags: ['suppression'],
  targets: [],
  docs: {
    summary: 'A cguard-ignore comment without a reason, when the config requires one',
    what: 'With `require-suppression-reason: true` in `.cguard.yaml`, reports a suppression directive that gives no reason after a colon.',
    why: 'A security exception without a reason cannot be reviewed: the next person cannot tell an accepted risk from a shortcut.',
    example: { lang: 'yaml', code: 'services:\n  app:\n    user: root  # cguard-ignore CG001' },
    useInstead: { lang: 'yaml', code: 'services:\n  app:\n    user: root  # cguard-ignore CG001: the entrypoint drops to uid 1000 via gosu' },
    references: [],
  },
  check: () => [],
});
