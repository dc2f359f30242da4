/** CG113 image-digest (strict) — an image is pinned by tag only, not by digest. */
import type { ImageRef } from '../model/image.js';
import { defineRule, type RuleFinding } from './types.js';

/** A reference with a tag other than `latest` and no digest (no tag or `latest` is CG004's). */
function tagOnly(ref: ImageRef): boolean {
  return !ref.scratch && !ref.digest && ref.tag !== undefined && ref.tag !== 'latest';
}

export default defineRule({
  id: 'CG113',
  name: 'image-digest',
  level: 'note',
  strictOnly: true,
  securitySeverity: 3.0,
  tags: ['security', 'supply-chain', 'image'],
  cwe: ['CWE-494', 'CWE-1357'],
  targets: ['dockerfile', 'container'],
  docs: {
    summary: 'An image is pinned by tag but not by digest (strict)',
    what:
      'Flags `FROM` lines and container images (compose `image:`, the image of `docker run`/`podman run`, Quadlet `Image=`) that have a tag but no `@sha256:` digest. Images with no tag or the tag `latest` are CG004\'s; `scratch`, Dockerfile stage names, a compose `image:` that names what its own `build:` produces, Quadlet `.image`/`.build` references and references cguard cannot resolve (an `ARG` or variable without a default) are skipped. Only in the `strict` policy: official images and many teams update tags on purpose.',
    why:
      'A tag is a movable name: the publisher (or anyone who takes over the account or the registry path) can point `postgres:16.4` at different content tomorrow, and the next pull or rebuild runs it without any change to your files. A digest names exactly the bytes that were reviewed; tools such as Renovate or `cguard pin` keep digests current while the tag stays next to it for humans (`postgres:16.4@sha256:…`).',
    example: { lang: 'dockerfile', code: 'FROM node:22.9-alpine\nCMD ["node", "server.js"]' },
    useInstead: { lang: 'dockerfile', code: 'FROM node:22.9-alpine@sha256:<digest of the reviewed image>\nCMD ["node", "server.js"]' },
    fixSafety: 'No automatic fix: the digest has to be looked up in the registry. `cguard pin` resolves tags to digests.',
    references: [
      'CIS Docker Benchmark v1.6.0 4.2 "Ensure that containers use only trusted base images" (related; no item requires digests)',
      'https://docs.docker.com/build/building/best-practices/#pin-base-image-versions',
      'CWE-494: Download of Code Without Integrity Check',
    ],
  },
  check(target) {
    const findings: RuleFinding[] = [];
    if (target.kind === 'dockerfile') {
      for (const stage of target.dockerfile.stages) {
        if (stage.baseStage !== undefined || !stage.baseImage || stage.baseUnresolved || !tagOnly(stage.baseImage)) continue;
        findings.push({ span: stage.baseSpan, message: `base image ${stage.baseText} is pinned by tag only; add its digest (@sha256:…) so the build uses exactly the reviewed image` });
      }
    } else if (target.kind === 'container') {
      const c = target.container;
      if (!c.image || c.imageUnresolved || c.imageIsBuildOutput || !tagOnly(c.image.value)) return [];
      findings.push({ span: c.image.span, message: `image ${c.image.value.raw} is pinned by tag only; add its digest (@sha256:…) so every pull gets exactly the reviewed image` });
    }
    return findings;
  },
});
