/**
 * `cguard pin`: put the current digest next to each image tag — `nginx:1.27` becomes
 * `nginx:1.27@sha256:…` — in Dockerfiles, compose files, units and Quadlet files, or (`check`)
 * say which images are not pinned or pinned to a digest their tag no longer names.
 *
 * The files are found as `scan` finds them and the image sites come from the same parsers
 * (sites.ts). Each distinct image is asked for once, a few at a time, from its registry or
 * the configured mirror (registry.ts). A file is rewritten only at the sites' own spans and
 * written atomically, keeping its mode, BOM and line endings (src/fix/write.ts), so pinning
 * twice equals pinning once.
 */
import { discover, type DiscoveredFile } from '../discover.js';
import { unifiedDiff } from '../fix/diff.js';
import { writeFileAtomic } from '../fix/write.js';
import { LineIndex, sourceFromText, type FileKind, type SourceFile } from '../model/source.js';
import { readText } from '../read.js';
import { sniffKind } from '../scan.js';
import { resolveDigest, type RegistryOptions } from './registry.js';
import { imageSites, pinnedText, resolutionKey, type ImageSite } from './sites.js';

/** `write` pins, `dry-run` reports what it would pin, `diff` prints it as a patch, `check` only verifies. */
export type PinMode = 'write' | 'dry-run' | 'diff' | 'check';

export interface PinOptions {
  cwd: string;
  paths: string[];
  forcedKind?: FileKind;
  /** The config's `ignore` globs. */
  ignoreGlobs?: string[];
  maxFileSize?: number;
  mode: PinMode;
  registry?: RegistryOptions;
  /** Registry requests in flight at once (default 4). */
  concurrency?: number;
}

/**
 * - `pinned`: a digest was added; `updated`: a stale digest was replaced (both: `check` never).
 * - `current`: pinned to the digest its tag names now, or pinned by digest alone.
 * - `unpinned`, `stale`: what `check` reports.
 * - `skipped`: written through a variable or not a valid reference; `failed`: the registry did not tell.
 */
export type ImageStatus = 'pinned' | 'updated' | 'current' | 'unpinned' | 'stale' | 'skipped' | 'failed';

export interface ImageOutcome {
  path: string;
  line: number;
  column: number;
  /** The reference as written. */
  image: string;
  status: ImageStatus;
  /** The digest the tag points at now, when the registry was asked. */
  digest?: string;
  /** The reference as `pinned`/`updated` wrote it (or would, in `dry-run` and `diff`). */
  pinned?: string;
  /** Why it was skipped, is stale or failed: one line. */
  reason?: string;
}

export interface PinResult {
  /** Every image site, in file and text order. */
  images: ImageOutcome[];
  /** Files whose text changed (written, or in the diff). */
  changed: string[];
  /** The unified diff (`diff` mode). */
  diff: string;
  /** One-line messages: folders not walked, files not read, parsed or written (each makes the run incomplete). */
  problems: string[];
}

interface FilePlan {
  file: DiscoveredFile;
  source: SourceFile;
  sites: ImageSite[];
  outcomes: ImageOutcome[];
}

type Resolution = { digest: string } | { error: string };

export async function pinImages(options: PinOptions): Promise<PinResult> {
  const found = discover({ cwd: options.cwd, paths: options.paths, forcedKind: options.forcedKind, ignoreGlobs: options.ignoreGlobs });
  const result: PinResult = { images: [], changed: [], diff: '', problems: found.problems.map((p) => p.message) };
  const plans: FilePlan[] = [];
  for (const file of found.files) {
    const plan = planFile(file, options, result.problems);
    if (plan) plans.push(plan);
  }

  // Each image once, asked for as it is first written (its error messages name it so).
  const wanted = new Map<string, ImageSite>();
  for (const plan of plans) for (const site of plan.sites) if (!wanted.has(resolutionKey(site.ref))) wanted.set(resolutionKey(site.ref), site);
  const resolved = new Map<string, Resolution>();
  await forEachLimited([...wanted], options.concurrency ?? 4, async ([key, site]) => {
    try {
      resolved.set(key, { digest: await resolveDigest(site.ref, options.registry) });
    } catch (error) {
      resolved.set(key, { error: (error as Error).message.split('\n')[0]! });
    }
  });

  for (const plan of plans) {
    const newText = applyPlan(plan, options.mode, resolved);
    result.images.push(...plan.outcomes.sort((a, b) => a.line - b.line || a.column - b.column));
    if (newText === plan.source.text) continue;
    if (options.mode === 'diff') result.diff += unifiedDiff(plan.file.path, plan.source.text, newText, { bom: plan.source.bom });
    if (options.mode === 'write') {
      try {
        writeFileAtomic(plan.file.absPath, newText, { bom: plan.source.bom, roots: found.roots });
      } catch (error) {
        result.problems.push((error as Error).message.split('\n')[0]!.replace(plan.file.absPath, plan.file.path));
        continue;
      }
    }
    result.changed.push(plan.file.path);
  }
  return result;
}

/** Read one discovered file and find its image sites; undefined when it is not ours or has none. */
function planFile(file: DiscoveredFile, options: PinOptions, problems: string[]): FilePlan | undefined {
  if (file.kind === 'journald' || file.kind === 'daemon-json') return undefined;
  const read = readText(file.absPath, options.maxFileSize);
  if (!read.ok) {
    // Unreadable YAML may not be a compose file at all: quiet unless named (as in the scan).
    if (file.explicit || file.kind !== 'yaml') problems.push(`${file.path}: ${read.message}`);
    return undefined;
  }
  const kind = file.kind === 'yaml' || file.kind === 'unknown' ? sniffKind(file, read.raw) : file.kind;
  if (!kind || kind === 'daemon-json') return undefined;
  const source = sourceFromText(file.path, kind, read.raw, file.absPath);
  const index = new LineIndex(source.text);
  const at = (offset: number) => index.position(offset);
  let found: ReturnType<typeof imageSites>;
  try {
    found = imageSites(source);
  } catch (error) {
    // A parser bug must not stop the other files (as in the scan).
    found = { sites: [], skipped: [], parseError: { message: `cguard could not parse it (${(error as Error).message.split('\n')[0]}); please report it`, span: { start: 0, end: 0 } } };
  }
  if (found.parseError) {
    problems.push(`${file.path}:${at(found.parseError.span.start).line}: not pinned: ${found.parseError.message}`);
    return undefined;
  }
  const outcomes = found.skipped.map((s): ImageOutcome => ({ path: file.path, ...at(s.span.start), image: s.written, status: 'skipped', reason: s.reason }));
  // What is left in `sites` is looked up in the registry.
  const sites: ImageSite[] = [];
  for (const site of found.sites) {
    if (site.ref.digest && site.ref.tag === undefined) {
      outcomes.push({ path: file.path, ...at(site.span.start), image: site.written, status: 'current', reason: 'pinned by digest alone; there is no tag to compare' });
    } else if (options.mode === 'check' && !site.ref.digest) {
      outcomes.push({ path: file.path, ...at(site.span.start), image: site.written, status: 'unpinned', reason: 'not pinned to a digest' });
    } else {
      sites.push(site);
    }
  }
  return sites.length || outcomes.length ? { file, source, sites, outcomes } : undefined;
}

/** Record each site's outcome and return the file's text with the digests put in. */
function applyPlan(plan: FilePlan, mode: PinMode, resolved: ReadonlyMap<string, Resolution>): string {
  const { text } = plan.source;
  const index = new LineIndex(text);
  const pieces: string[] = [];
  let copied = 0;
  for (const site of plan.sites) {
    const base = { path: plan.file.path, ...index.position(site.span.start), image: site.written };
    const resolution = resolved.get(resolutionKey(site.ref))!;
    if ('error' in resolution) {
      plan.outcomes.push({ ...base, status: 'failed', reason: resolution.error });
      continue;
    }
    const { digest } = resolution;
    if (site.ref.digest === digest) {
      plan.outcomes.push({ ...base, status: 'current', digest });
      continue;
    }
    if (mode === 'check') {
      plan.outcomes.push({ ...base, status: 'stale', digest, reason: `stale pin: the tag now points at ${digest}` });
      continue;
    }
    const pinned = pinnedText(site, digest);
    plan.outcomes.push({ ...base, status: site.ref.digest ? 'updated' : 'pinned', digest, pinned });
    // Sites are in text order and never overlap (sites.ts).
    pieces.push(text.slice(copied, site.span.start), pinned);
    copied = site.span.end;
  }
  return copied === 0 ? text : pieces.join('') + text.slice(copied);
}

async function forEachLimited<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
