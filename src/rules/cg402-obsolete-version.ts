/**
 * CG402 obsolete-version — the top-level `version:` key of a compose file.
 *
 * Facts (systemd-docker-compose-facts §7; compose-spec schema): `version` is
 * `"deprecated": true` — "declared for backward compatibility, ignored. Please remove it." —
 * and Docker Compose v2 warns that it "is obsolete". Compose v1 (`docker-compose`, Python),
 * which used it to pick a file format, reached end of life in 2023.
 */
import { defineRule } from './types.js';

export default defineRule({
  id: 'CG402',
  name: 'obsolete-version',
  level: 'note',
  securitySeverity: 1.0,
  tags: ['compose', 'hygiene'],
  cwe: ['CWE-477'],
  targets: ['compose'],
  fixable: 'safe',
  docs: {
    summary: 'The compose file has the obsolete top-level version: key',
    what: 'Flags the top-level `version:` key of a compose file, whatever its value.',
    why:
      'Compose ignores it and prints "the attribute `version` is obsolete" on every run. Worse, it suggests a file format that no longer exists: a `version: "2.4"` file is read with the current specification, so keys that mattered to the old format silently mean something else, and readers are misled about which features apply. Some linters even skip files without it, which is why it lingers.',
    example: { lang: 'yaml', code: 'version: "3.8"\nservices:\n  web:\n    image: nginx:1.27' },
    useInstead: { lang: 'yaml', code: 'services:\n  web:\n    image: nginx:1.27' },
    fixSafety: 'Safe: deletes the `version:` line (or the pair, in a flow-style file). Compose v2 ignores the key; only the end-of-life Compose v1 read it.',
    references: ['https://docs.docker.com/reference/compose-file/version-and-name/', 'Compose specification schema: version ("deprecated": true)', 'CWE-477: Use of Obsolete Function'],
  },
  check(target) {
    if (target.kind !== 'compose' || !target.compose.version) return [];
    const version = target.compose.version;
    return [{
      span: version.keySpan,
      message: `version: ${version.value === '' ? '' : `"${version.value}" `}is obsolete: Compose ignores it and warns on every run; delete it`,
      fix: { description: 'delete the version: line', safety: 'safe', edits: [{ ...version.lineSpan, text: '' }] },
    }];
  },
});
