import { defineRule } from './types.js';

/**
 * CG000 parse-error. Reported by the pipeline itself (src/scan.ts), not by `check`: a file
 * cguard was asked to read and could not. The scan goes on with the other files.
 */
export default defineRule({
  id: 'CG000',
  name: 'parse-error',
  level: 'error',
  securitySeverity: 5.5,
  tags: ['correctness'],
  targets: [],
  docs: {
    summary: 'A file cguard was asked to read could not be read or parsed',
    what:
      'Reports a file that cannot be read as its format: invalid YAML, a YAML alias bomb, a compose file whose top level is not a mapping, a unit line systemd would reject, an unknown Dockerfile instruction, binary or non-UTF-8 text, or a file over the size limit. The location is where the parser stopped.',
    why:
      'A file cguard cannot read is a file it cannot vouch for: Docker, Compose or systemd will reject it too, or read it differently from what its author meant. Reporting it, instead of skipping it silently, keeps a broken or hostile file from passing a security gate unnoticed.',
    example: { lang: 'yaml', code: 'services:\n  web:\n    image: nginx:1.27\n    ports: [80:80' },
    useInstead: { lang: 'yaml', code: 'services:\n  web:\n    image: nginx:1.27\n    ports: ["80:80"]' },
    references: ['https://docs.docker.com/reference/compose-file/', 'systemd.syntax(7)', 'https://docs.docker.com/reference/dockerfile/'],
  },
  check: () => [],
});
