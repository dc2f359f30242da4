/** CG004 unpinned-image — an image with no tag and no digest, or the tag `latest`. */
import type { ImageRef } from '../model/image.js';
import { defineRule, type RuleFinding } from './types.js';

/** Why a reference is unpinned, or undefined when it is pinned (a digest pins whatever the tag says). */
function unpinned(ref: ImageRef): string | undefined {
  if (ref.scratch || ref.digest) return undefined;
  if (!ref.tag) return 'has no tag, so it means whatever `latest` is on the day it is pulled';
  if (ref.tag === 'latest') return 'uses the tag `latest`, which moves with every release';
  return undefined;
}

export default defineRule({
  id: 'CG004',
  name: 'unpinned-image',
  level: 'warning',
  securitySeverity: 5.0,
  tags: ['security', 'supply-chain', 'image', 'cis-docker'],
  cis: ['4.2'],
  cwe: ['CWE-1357'],
  targets: ['dockerfile', 'container'],
  docs: {
    summary: 'An image is used without a tag or with the tag latest',
    what:
      'Flags `FROM` lines and container images (compose `image:`, the image of `docker run`/`podman run`, Quadlet `Image=`) that have neither a tag nor a digest, or use the tag `latest`. `ARG` defaults in `FROM`, `${VAR:-default}` in compose and `Environment=` values in units are resolved first. Not images: `scratch`, a Dockerfile stage name, and a compose `image:` that names what its own `build:` produces. `registry:5000/name` has no tag. Digest pinning is CG113 (strict).',
    why:
      'An unpinned image changes under you: a rebuild or a restart silently pulls a new major version, a different base distribution or a compromised upload. Builds stop being reproducible and a reviewed configuration no longer describes what runs.',
    example: { lang: 'dockerfile', code: 'FROM python\nCOPY app.py /app/\nCMD ["python", "/app/app.py"]' },
    useInstead: { lang: 'dockerfile', code: 'FROM python:3.13-slim\nCOPY app.py /app/\nCMD ["python", "/app/app.py"]' },
    fixSafety: 'No automatic fix: choosing a version is a decision. `cguard pin` resolves tags to digests.',
    references: ['CIS Docker Benchmark 4.2 "Ensure that containers use only trusted base images"', 'https://docs.docker.com/build/building/best-practices/#pin-base-image-versions'],
  },
  check(target) {
    const findings: RuleFinding[] = [];
    if (target.kind === 'dockerfile') {
      for (const stage of target.dockerfile.stages) {
        if (stage.baseStage !== undefined || !stage.baseImage || stage.baseUnresolved) continue;
        const why = unpinned(stage.baseImage);
        if (why) findings.push({ span: stage.baseSpan, message: `base image ${stage.baseText} ${why}; pin a version` });
      }
    } else if (target.kind === 'container') {
      const c = target.container;
      if (!c.image || c.imageUnresolved || c.imageIsBuildOutput) return [];
      const why = unpinned(c.image.value);
      if (why) findings.push({ span: c.image.span, message: `image ${c.image.value.raw} ${why}; pin a version` });
    }
    return findings;
  },
});
