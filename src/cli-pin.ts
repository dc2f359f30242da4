/**
 * The `cguard pin` command line: options in, report and exit code out (the work is src/pin/).
 *
 * Exit codes, as for `scan`: 0 done (with --check: every image is pinned to the digest its tag
 * names now); 1 --check found an unpinned or stale image, or --diff has a diff; 2 the run is
 * incomplete — an image could not be resolved (network, unknown image, credentials needed), a
 * file could not be read, parsed or written — or a usage or configuration error. 2 wins over 1:
 * a check that did not finish must not pass, nor look like a plain finding.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { PinArgs } from './cli-args.js';
import type { CliIO } from './cli.js';
import { loadPolicy } from './policy/config.js';
import { allRules } from './rules/index.js';
import { pinImages, type ImageOutcome, type ImageStatus, type PinResult } from './pin/pin.js';

export async function runPin(args: PinArgs, io: CliIO): Promise<number> {
  // A mistyped path must not pass a CI gate by checking nothing (as for scan).
  const missing = args.paths.filter((p) => !existsSync(path.resolve(io.cwd, p)));
  for (const p of missing) io.stderr(`cguard: ${p}: no such file or directory — check the path (pin takes existing files and folders)\n`);
  if (missing.length) return 2;

  const { policy, pin } = loadPolicy({ cwd: io.cwd, configPath: args.config, rules: allRules });
  const result = await pinImages({
    cwd: io.cwd,
    paths: args.paths,
    forcedKind: args.type,
    ignoreGlobs: policy.ignore,
    maxFileSize: args.maxFileSize ?? policy.maxFileSize,
    mode: args.mode,
    registry: { mirrors: pin?.mirrors, plainHttp: pin?.plainHttp },
  });

  const say = (text: string): void => io.stderr(`cguard: ${oneLine(text)}\n`);
  for (const problem of result.problems) say(problem);
  const failures = failuresByImage(result.images);
  for (const failure of failures) say(failure);
  const count = (...statuses: ImageStatus[]): number => result.images.filter((i) => statuses.includes(i.status)).length;

  if (args.format === 'json') {
    io.stdout(JSON.stringify(jsonReport(args.mode, result), null, 2) + '\n');
  } else if (args.mode === 'diff') {
    io.stdout(result.diff);
  } else {
    for (const image of result.images) {
      if (image.status === 'skipped') say(`${where(image)}: ${image.image} not pinned: ${image.reason}`);
    }
    const listed: ImageStatus[] = args.mode === 'check' ? ['unpinned', 'stale'] : ['pinned', 'updated'];
    for (const image of result.images) if (listed.includes(image.status)) io.stdout(`${oneLine(`${where(image)}  ${image.image}  ${describe(image, args.mode)}`)}\n`);
    say(summary(args.mode, result, count, failures.length));
  }

  if (failures.length || result.problems.length) return 2;
  if (args.mode === 'check') return count('unpinned', 'stale') ? 1 : 0;
  if (args.mode === 'diff') return result.diff ? 1 : 0;
  return 0;
}

/** Paths and image texts come from the tree: keep them from breaking the line or sending terminal escapes. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
}

function where(image: ImageOutcome): string {
  return `${image.path}:${image.line}:${image.column}`;
}

function describe(image: ImageOutcome, mode: PinArgs['mode']): string {
  if (image.status === 'pinned' || image.status === 'updated') {
    const verb = image.status === 'pinned' ? 'pin' : 'update';
    return mode === 'dry-run' ? `would ${verb} to ${image.digest}` : `${verb === 'pin' ? 'pinned' : 'updated'} to ${image.digest}`;
  }
  return image.reason ?? image.status;
}

/** One line per image the registry did not answer for, at its first place (the message names the image). */
function failuresByImage(images: readonly ImageOutcome[]): string[] {
  const byReason = new Map<string, ImageOutcome[]>();
  for (const image of images) {
    if (image.status !== 'failed') continue;
    const same = byReason.get(image.reason!) ?? [];
    same.push(image);
    byReason.set(image.reason!, same);
  }
  return [...byReason].map(([reason, places]) => `${where(places[0]!)}: ${reason}${places.length > 1 ? ` (and ${places.length - 1} more place${places.length > 2 ? 's' : ''})` : ''}`);
}

function summary(mode: PinArgs['mode'], result: PinResult, count: (...s: ImageStatus[]) => number, failedImages: number): string {
  const images = (n: number): string => `${n} image${n === 1 ? '' : 's'}`;
  const failed = failedImages ? `; ${images(failedImages)} could not be resolved` : '';
  if (mode === 'check') {
    const checked = count('current', 'unpinned', 'stale');
    const bad = count('unpinned', 'stale');
    const unchecked = failedImages ? `; ${images(failedImages)} could not be checked` : '';
    if (bad) return `${bad} of ${images(checked)} unpinned or stale${unchecked}; run 'cguard pin' to pin them`;
    if (failedImages) return `${images(failedImages)} could not be checked${checked ? `; ${checked} other${checked === 1 ? ' is' : 's are'} pinned to current digests` : ''}`;
    return checked ? `${images(checked)} checked, all pinned to current digests` : 'no images to check';
  }
  const changed = count('pinned', 'updated');
  if (!changed) return failedImages ? `nothing pinned${failed}` : count('current') ? 'every image is already pinned to its current digest' : 'no images to pin';
  const files = result.changed.length;
  const what = `${images(changed)} in ${files} file${files === 1 ? '' : 's'}`;
  return mode === 'dry-run' ? `would pin ${what}${failed} (dry run: nothing written)` : `pinned ${what}${failed}`;
}

function jsonReport(mode: PinArgs['mode'], result: PinResult): unknown {
  const statuses: ImageStatus[] = ['pinned', 'updated', 'current', 'unpinned', 'stale', 'skipped', 'failed'];
  return {
    version: 1,
    mode,
    images: result.images.map((i) => ({
      file: i.path,
      line: i.line,
      column: i.column,
      image: i.image,
      status: i.status,
      ...(i.digest ? { digest: i.digest } : {}),
      ...(i.pinned ? { pinned: i.pinned } : {}),
      ...(i.reason ? { reason: i.reason } : {}),
    })),
    changed: result.changed,
    problems: result.problems,
    summary: Object.fromEntries(statuses.map((s) => [s, result.images.filter((i) => i.status === s).length])),
  };
}
