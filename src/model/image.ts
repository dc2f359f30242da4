/**
 * Image references as Docker reads them (distribution/reference grammar):
 * `[registry[:port]/]path[:tag][@digest]`. The first component is a registry only when it
 * contains `.` or `:` or is `localhost`; `registry:5000/name` therefore has no tag.
 */

export interface ImageRef {
  /** The reference as written (after variable resolution). */
  raw: string;
  /** Registry host, `docker.io` when none is written. */
  registry: string;
  /** The registry was written explicitly. */
  explicitRegistry: boolean;
  /** Repository path without registry, e.g. `library/nginx` → written `nginx`. */
  repository: string;
  tag?: string;
  digest?: string;
  /** `scratch`, the empty base. */
  scratch: boolean;
}

export function parseImageRef(raw: string): ImageRef {
  let rest = raw.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry = 'docker.io';
  let explicitRegistry = false;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      explicitRegistry = true;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0 && !rest.slice(colon).includes('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return {
    raw,
    registry,
    explicitRegistry,
    repository: rest,
    tag: tag === '' ? undefined : tag,
    digest: digest === '' ? undefined : digest,
    scratch: rest === 'scratch' && !explicitRegistry && tag === undefined && digest === undefined,
  };
}

/** `name:tag@digest` without the default registry, for messages. */
export function formatImageRef(ref: ImageRef): string {
  return ref.raw;
}
