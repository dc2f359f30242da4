import { defineRule } from './types.js';

/** CG901 unused-suppression. Reported by src/policy/suppressions.ts, like ESLint's unused disable directives. */
export default defineRule({
  id: 'CG901',
  name: 'unused-suppression',
  level: 'warning',
  securitySeverity: 2.0,
  tags: ['suppression'],
  targets: [],
  docs: {
    summary: 'A cguard-ignore comment that suppresses nothing',
    what: 'Reports a `# cguard-ignore` or `# cguard-ignore-file` directive that did not suppress any finding in this run.',
    why: 'A stale suppression hides the next real finding on that line: once the problem it was written for is gone, it silently excuses whatever comes next. Removing it keeps every exception deliberate.',
    example: { lang: 'dockerfile', code: 'FROM alpine:3.20\n# cguard-ignore CG004: pinned upstream\nRUN apk add --no-cache curl' },
    useInstead: { lang: 'dockerfile', code: 'FROM alpine:3.20\nRUN apk add --no-cache curl' },
    references: ['https://eslint.org/docs/latest/use/command-line-interface#--report-unused-disable-directives'],
  },
  check: () => [],
});
