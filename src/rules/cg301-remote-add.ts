/**
 * CG301 remote-add — `ADD https://…` downloads into the image with nothing checking what
 * arrived.
 *
 * Facts (Dockerfile reference, "ADD"): `ADD` fetches an `http(s)://` source at build time; the
 * download is not verified unless `--checksum=sha256:…` is given (BuildKit, Dockerfile 1.6+).
 * A Git source (`ADD https://github.com/o/r.git#ref`) is cloned, and pinned by its ref instead.
 * CIS Docker Benchmark 4.9 asks for COPY instead of ADD for this reason.
 */
import { defineRule, type RuleFinding } from './types.js';
import { copyPaths, isRemoteUrl } from './dockerfile-helpers.js';

export default defineRule({
  id: 'CG301',
  name: 'remote-add',
  level: 'warning',
  securitySeverity: 5.5,
  tags: ['security', 'supply-chain', 'dockerfile', 'cis-docker'],
  cis: ['4.9'],
  cwe: ['CWE-494'],
  targets: ['dockerfile'],
  docs: {
    summary: 'ADD downloads a URL without a checksum',
    what:
      'Flags each `http://` or `https://` source of an `ADD` instruction (in any stage) that has no `--checksum=` flag. Git sources (`….git`, `….git#ref`, `git@…`) are not flagged: BuildKit clones them at the ref given.',
    why:
      'Whatever the server returns on the day of the build goes into the image: a compromised release page, a moved URL or a man in the middle (for `http://`) changes the image without any change to the Dockerfile. `ADD` also caches by URL, so a rebuild may silently keep an old download or pick up a new one.',
    example: { lang: 'dockerfile', code: 'FROM debian:12-slim\nADD https://example.com/tool-1.2.tar.gz /tmp/' },
    useInstead: {
      lang: 'dockerfile',
      code: 'FROM debian:12-slim\nADD --checksum=sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 https://example.com/tool-1.2.tar.gz /tmp/',
    },
    fixSafety: 'No automatic fix: the checksum has to come from the publisher, not from whatever the URL serves today.',
    references: ['CIS Docker Benchmark 4.9 "Ensure that COPY is used instead of ADD in Dockerfiles"', 'https://docs.docker.com/reference/dockerfile/#add---checksum', 'CWE-494: Download of Code Without Integrity Check'],
  },
  check(target) {
    if (target.kind !== 'dockerfile') return [];
    const findings: RuleFinding[] = [];
    for (const instruction of target.dockerfile.instructions) {
      if (instruction.keyword !== 'ADD' || instruction.flags.some((f) => f.name === 'checksum')) continue;
      for (const source of copyPaths(instruction).sources) {
        if (!isRemoteUrl(source.value)) continue;
        const plain = /^http:/i.test(source.value) ? ' over plain HTTP' : '';
        findings.push({
          span: source.span,
          message: `ADD downloads ${source.value}${plain} without --checksum=, so nothing checks what ends up in the image; add --checksum=sha256:… (or download with curl and verify the hash)`,
        });
      }
    }
    return findings;
  },
});
