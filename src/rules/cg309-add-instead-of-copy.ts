/**
 * CG309 add-instead-of-copy — `ADD` of local files where `COPY` does the same.
 *
 * Facts (Dockerfile reference, "ADD"): for a local source `ADD` behaves like `COPY`, except that
 * a local tar archive (plain, gzip, bzip2, xz; recognised by its content) is unpacked into the
 * destination. CIS Docker Benchmark 4.9: use `COPY` unless that is wanted.
 */
import { defineRule, type RuleFinding } from './types.js';
import { copyPaths, isGitSource, isRemoteUrl } from './dockerfile-helpers.js';

const ARCHIVE = /\.(tar|tgz|tbz2?|txz|tzst|tlz|taz|tz)$|\.tar\.[a-z0-9]+$/i;
/** Flags `ADD` has and `COPY` does not. */
const ADD_ONLY_FLAGS = new Set(['checksum', 'keep-git-dir', 'unpack']);

/** A source ADD might unpack: an archive name, a name without extension, or a glob that may match one. */
const mayBeArchive = (source: string) => !/\/$|^\.$/.test(source) && (!/\.[A-Za-z0-9]+$/.test(source.split('/').pop()!) || /[*?[]/.test(source));

export default defineRule({
  id: 'CG309',
  name: 'add-instead-of-copy',
  level: 'warning',
  securitySeverity: 3.0,
  tags: ['security', 'dockerfile', 'cis-docker'],
  cis: ['4.9'],
  targets: ['dockerfile'],
  fixable: 'safe',
  docs: {
    summary: 'ADD copies local files that COPY would copy the same way',
    what:
      'Flags an `ADD` whose sources are all local (no URL, no Git repository) and none looks like a tar archive (`.tar`, `.tar.gz`, `.tgz`, `.tar.xz`, `.tbz2` …), and that uses no `ADD`-only flag (`--checksum`, `--keep-git-dir`, `--unpack`). `ADD` with a heredoc is flagged too. Remote `ADD` is CG301\'s.',
    why:
      '`ADD` does more than copy: it unpacks local archives (by content, not by name) and fetches URLs. Using it for plain files hides that behaviour in places where nobody expects it — a file that happens to be a tar archive is exploded into the image — and reviewers cannot tell intent from habit. CIS Docker Benchmark 4.9 asks for `COPY`.',
    example: { lang: 'dockerfile', code: 'FROM nginx:1.27\nADD nginx.conf /etc/nginx/nginx.conf' },
    useInstead: { lang: 'dockerfile', code: 'FROM nginx:1.27\nCOPY nginx.conf /etc/nginx/nginx.conf' },
    fixSafety:
      'Replaces `ADD` with `COPY`, keeping the other flags (`--chown`, `--chmod`, `--link`, `--from`, `--exclude` work the same). Safe when every source is a folder or a file with a non-archive extension (`.conf`, `.sh`, `.py` …). Unsafe when a source has no extension or is a glob: `ADD` would unpack it if it were a tar archive, `COPY` will not.',
    references: ['CIS Docker Benchmark 4.9 "Ensure that COPY is used instead of ADD in Dockerfiles"', 'https://docs.docker.com/build/building/best-practices/#add-or-copy', 'https://github.com/hadolint/hadolint/wiki/DL3020'],
  },
  check(target) {
    if (target.kind !== 'dockerfile') return [];
    const findings: RuleFinding[] = [];
    for (const instruction of target.dockerfile.instructions) {
      if (instruction.keyword !== 'ADD' || instruction.flags.some((f) => ADD_ONLY_FLAGS.has(f.name))) continue;
      const { sources } = copyPaths(instruction);
      if (sources.length === 0 && instruction.heredocs.length === 0) continue;
      if (sources.some((s) => isRemoteUrl(s.value) || isGitSource(s.value) || /^https?:\/\//i.test(s.value) || ARCHIVE.test(s.value))) continue;
      const written = target.file.text.slice(instruction.keywordSpan.start, instruction.keywordSpan.end);
      const copy = written === written.toLowerCase() ? 'copy' : 'COPY';
      const unsure = sources.some((s) => mayBeArchive(s.value));
      findings.push({
        span: instruction.keywordSpan,
        message: `ADD of local ${sources.length ? sources.map((s) => s.value).join(', ') : 'heredoc content'} does what COPY does, plus unpacking any tar archive; use COPY`,
        fix: { description: 'use COPY', safety: unsure ? 'unsafe' : 'safe', edits: [{ ...instruction.keywordSpan, text: copy }] },
      });
    }
    return findings;
  },
});
