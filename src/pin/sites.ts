/**
 * The places in a file where an image is written and `cguard pin` may put a digest: Dockerfile
 * `FROM`, compose `image:`, the image word of `docker|podman run|create` in a unit's `Exec*=`
 * lines, and Quadlet `Image=`.
 *
 * A site is pinned only where the text in the file *is* the reference the parser read (inside
 * quotes, if any). Where it is not — an `ARG`, a `${VAR}`, a unit `Environment=` variable, a
 * `%i` specifier — the reference is assembled elsewhere and cguard does not guess where to
 * write; those are reported as skipped. Stage names, `scratch`, a compose `image:` that names its
 * own `build:` output and Quadlet `.image`/`.build` references are no registry images at all.
 */
import { parseImageRef, type ImageRef } from '../model/image.js';
import type { ContainerSpec } from '../model/container.js';
import type { SourceFile, Span } from '../model/source.js';
import { parseCompose } from '../parsers/compose.js';
import { parseDockerfile } from '../parsers/dockerfile.js';
import { parseQuadlet } from '../parsers/quadlet.js';
import { parseUnit } from '../parsers/systemd-unit.js';
import type { ParseError } from '../parsers/types.js';
import { extractUnitContainers } from '../parsers/unit-containers.js';

export interface ImageSite {
  /** The reference's own text in the file (quotes excluded): what a pin replaces. */
  span: Span;
  /** That text. */
  written: string;
  ref: ImageRef;
}

export interface SkippedSite {
  span: Span;
  written: string;
  reason: string;
}

export interface FileSites {
  sites: ImageSite[];
  skipped: SkippedSite[];
  /** Set when the file does not parse as its kind at all (nothing can be pinned in it). */
  parseError?: ParseError;
}

/** A place the parser read an image, before checking that it can be rewritten there. */
interface Candidate {
  span: Span;
  ref: ImageRef;
  unresolved: boolean;
}

export function imageSites(source: SourceFile): FileSites {
  const found = candidates(source);
  if ('parseError' in found) return { sites: [], skipped: [], parseError: found.parseError };
  const sites: ImageSite[] = [];
  const skipped: SkippedSite[] = [];
  const seen = new Set<number>();
  for (const candidate of found.candidates) {
    const written = source.text.slice(candidate.span.start, candidate.span.end);
    const variable = /[$%]|\{\{/.test(written);
    const span = candidate.unresolved || variable ? undefined : ownSpan(written, candidate.span, candidate.ref.raw);
    if (!span) {
      skipped.push({ span: candidate.span, written, reason: variable ? 'the image comes from a variable; pin it where the value is set' : 'the text differs from the image it names; pin it by hand' });
      continue;
    }
    // A YAML anchor shared by several services is one site.
    if (seen.has(span.start)) continue;
    seen.add(span.start);
    if (!isReference(candidate.ref.raw)) {
      skipped.push({ span, written: candidate.ref.raw, reason: 'not a valid image reference' });
      continue;
    }
    sites.push({ span, written: candidate.ref.raw, ref: candidate.ref });
  }
  sites.sort((a, b) => a.span.start - b.span.start);
  return { sites, skipped };
}

function candidates(source: SourceFile): { candidates: Candidate[] } | { parseError: ParseError } {
  const fromContainers = (containers: readonly ContainerSpec[]): Candidate[] =>
    containers.flatMap((c) => (c.image && !c.imageIsBuildOutput && !c.image.value.scratch ? [{ span: c.image.span, ref: c.image.value, unresolved: !!c.imageUnresolved }] : []));
  switch (source.kind) {
    case 'dockerfile': {
      const { model, errors } = parseDockerfile(source);
      if (!model) return { parseError: fatal(errors) };
      return {
        candidates: model.stages.flatMap((stage) =>
          stage.baseStage === undefined && stage.baseImage && !stage.baseImage.scratch ? [{ span: stage.baseSpan, ref: stage.baseImage, unresolved: stage.baseUnresolved }] : [],
        ),
      };
    }
    case 'compose': {
      const { model, errors } = parseCompose(source);
      if (!model) return { parseError: fatal(errors) };
      return { candidates: fromContainers(model.services.map((s) => s.container)) };
    }
    case 'unit': {
      const { model, errors } = parseUnit(source);
      if (!model) return { parseError: fatal(errors) };
      return { candidates: fromContainers(extractUnitContainers(source, model)) };
    }
    case 'quadlet': {
      const { model, errors } = parseQuadlet(source);
      if (!model) return { parseError: fatal(errors) };
      return { candidates: fromContainers(model.containers) };
    }
    case 'daemon-json':
      return { candidates: [] };
  }
}

function fatal(errors: readonly ParseError[]): ParseError {
  return errors[0] ?? { message: 'the file does not parse', span: { start: 0, end: 0 } };
}

/** The span of `raw` itself: the whole text, or its inside when the file quotes it. */
function ownSpan(written: string, span: Span, raw: string): Span | undefined {
  if (written === raw) return span;
  const quote = written[0];
  if (written.length >= 2 && (quote === '"' || quote === "'") && written.endsWith(quote) && written.slice(1, -1) === raw) {
    return { start: span.start + 1, end: span.end - 1 };
  }
  return undefined;
}

/**
 * The reference grammar of distribution/reference: `[host[:port]/]path[:tag][@algo:hex]`, path
 * components lower case. Anything else (an unexpanded template, upper case) Docker refuses too.
 */
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const HOST = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?';
const REFERENCE = new RegExp(`^(?:${HOST}/)?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`);

export function isReference(text: string): boolean {
  return text.length <= 512 && REFERENCE.test(text);
}

/** `name:tag@digest`: the written name and tag kept, the digest put or replaced; no tag means `latest`, written out. */
export function pinnedText(site: ImageSite, digest: string): string {
  const at = site.written.indexOf('@');
  const name = at >= 0 ? site.written.slice(0, at) : site.written;
  return `${name}${site.ref.tag === undefined ? ':latest' : ''}@${digest}`;
}

/** One key per image the registry knows, however it is written (`nginx:1` = `docker.io/library/nginx:1`). */
export function resolutionKey(ref: ImageRef): string {
  const hub = ref.registry === 'docker.io' || ref.registry === 'index.docker.io';
  const repository = hub && !ref.repository.includes('/') ? `library/${ref.repository}` : ref.repository;
  return `${hub ? 'docker.io' : ref.registry.toLowerCase()}/${repository}:${ref.tag ?? 'latest'}`;
}
