/**
 * The fix engine: apply text edits, choose fixes that do not collide, and run the passes
 * described in DESIGN.md ("Fixes"). It knows nothing about file formats: the scanner hands in
 * `analyse`, which parses a text and runs the rules on it.
 */
import type { Edit, Fix, FixSafety } from '../model/edit.js';

/**
 * Apply edits given in the coordinates of `text`. Edits are applied in position order; an
 * insertion at the offset where a replacement starts lands before the replacement's text.
 * Several insertions at one offset keep the order they are given in, so a fix can insert two
 * things at one place; `selectNonOverlapping` makes sure they never come from two fixes.
 * Overlapping or out-of-range edits are a programming error and throw.
 */
export function applyEdits(text: string, edits: Edit[]): string {
  const parts: string[] = [];
  let cursor = 0;
  for (const edit of sortedEdits(text, edits)) {
    parts.push(text.slice(cursor, edit.start), edit.text);
    cursor = edit.end;
  }
  parts.push(text.slice(cursor));
  return parts.join('');
}

/** The edits in application order; throws when one is out of range or two overlap. */
function sortedEdits(text: string, edits: Edit[]): Edit[] {
  for (const edit of edits) {
    const { start, end } = edit;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > text.length) {
      throw new RangeError(`edit ${describeEdit(edit)} is outside the text (length ${text.length})`);
    }
  }
  // Array.prototype.sort is stable, so insertions at one offset keep their given order.
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!;
    const edit = sorted[i]!;
    if (edit.start < previous.end) {
      throw new Error(`overlapping edits: ${describeEdit(previous)} and ${describeEdit(edit)}`);
    }
  }
  return sorted;
}

function describeEdit(edit: Edit): string {
  return `[${edit.start}, ${edit.end}) → ${JSON.stringify(edit.text)}`;
}

/**
 * Greedy choice, in the given order (callers sort by position, then rule id), of fixes whose
 * edits neither overlap nor touch the edits of a fix already chosen. Touching counts as a
 * conflict because the result would depend on the order of application (two insertions at one
 * offset, or an insertion right after a replaced span); the deferred fix is recomputed on the
 * fixed text by the next pass, where its position is unambiguous.
 */
export function selectNonOverlapping(fixes: Fix[]): { chosen: Fix[]; deferred: Fix[] } {
  const occupied = new OccupiedRanges();
  const chosen: Fix[] = [];
  const deferred: Fix[] = [];
  for (const fix of fixes) {
    if (fix.edits.some((edit) => occupied.touches(edit.start, edit.end))) {
      deferred.push(fix);
      continue;
    }
    for (const edit of fix.edits) occupied.add(edit.start, edit.end);
    chosen.push(fix);
  }
  return { chosen, deferred };
}

/**
 * Closed ranges `[start, end]` kept sorted, disjoint and not touching (touching ranges are
 * merged), so both starts and ends increase and one binary search answers a query.
 */
class OccupiedRanges {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  /** Index of the first range whose end is at or after `offset`. */
  private firstEndingFrom(offset: number): number {
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ends[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  touches(start: number, end: number): boolean {
    const i = this.firstEndingFrom(start);
    return i < this.starts.length && this.starts[i]! <= end;
  }

  add(start: number, end: number): void {
    const i = this.firstEndingFrom(start);
    let j = i;
    let mergedStart = start;
    let mergedEnd = end;
    while (j < this.starts.length && this.starts[j]! <= end) {
      mergedStart = Math.min(mergedStart, this.starts[j]!);
      mergedEnd = Math.max(mergedEnd, this.ends[j]!);
      j++;
    }
    this.starts.splice(i, j - i, mergedStart);
    this.ends.splice(i, j - i, mergedEnd);
  }
}

export interface Analysis {
  /** The text parses (the scanner decides what counts, e.g. no new parse errors). */
  parses: boolean;
  /** Fixes offered by the rules, sorted by position, then rule id. */
  fixes: Fix[];
}

export interface FixOptions {
  /** Also apply `unsafe` fixes (`--unsafe-fixes`). */
  unsafe: boolean;
  /** At most this many passes (DESIGN.md: 10). */
  maxPasses?: number;
}

export interface FixOutcome {
  text: string;
  applied: Array<{ description: string; safety: FixSafety; pass: number }>;
  /** Fixes offered but not applied and why (one entry per description and reason). */
  dropped: Array<{ description: string; reason: string }>;
  /** Passes in which fixes were tried (a pass whose fixes were all dropped counts too). */
  passes: number;
}

export const REASON_NO_PARSE = 'the file does not parse after this fix';
export const REASON_INVALID = 'the fix has invalid edits';
export const REASON_LOOPS = 'the fix is offered again after it was applied';
export const REASON_UNDOES = 'the fix would restore an earlier version of the file';

/**
 * Fix a file in passes: analyse the text, choose non-overlapping fixes allowed by `unsafe`,
 * apply them, analyse again. When the result of a pass does not parse, the pass is redone one
 * fix at a time and each fix whose result does not parse is dropped. The loop stops when no
 * fix is left, when a pass would change nothing or bring back an earlier text, or after
 * `maxPasses` passes. A file that does not parse to begin with is left alone.
 */
export function fixFile(initialText: string, analyse: (text: string) => Analysis, options: FixOptions): FixOutcome {
  const maxPasses = options.maxPasses ?? 10;
  const outcome: FixOutcome = { text: initialText, applied: [], dropped: [], passes: 0 };
  let analysis = analyse(initialText);
  if (!analysis.parses) return outcome;

  const drop = (fix: Fix, reason: string): void => {
    if (outcome.dropped.some((d) => d.description === fix.description && d.reason === reason)) return;
    outcome.dropped.push({ description: fix.description, reason });
  };
  const failed = new Set<string>(); // exact keys of fixes whose result did not parse
  const looping = new Set<string>(); // change keys of fixes that do not converge
  const seenTexts = new Set<string>([initialText]);
  let text = initialText;
  let last: PassRecord | undefined;

  while (outcome.passes < maxPasses) {
    const offered: Array<{ fix: Fix; key: string }> = [];
    for (const fix of analysis.fixes) {
      if (fix.safety === 'unsafe' && !options.unsafe) continue;
      if (!isValidFix(text, fix)) drop(fix, REASON_INVALID);
      else if (!isNoOp(text, fix)) offered.push({ fix, key: changeKey(text, fix) });
    }
    const counts = countKeys(offered.map((o) => o.key));
    const candidates = offered.filter(({ fix, key }) => {
      if (last !== undefined && isRepeat(fix, key, counts, last)) looping.add(key);
      if (looping.has(key)) drop(fix, REASON_LOOPS);
      return !looping.has(key) && !failed.has(exactKey(fix));
    });
    if (candidates.length === 0) break;

    outcome.passes++;
    const { chosen } = selectNonOverlapping(candidates.map((c) => c.fix));
    const result = applyKeepingParse(text, chosen, analyse, (fix) => {
      failed.add(exactKey(fix));
      drop(fix, REASON_NO_PARSE);
    });
    // Every chosen fix was dropped: the text is unchanged and the next pass tries the fixes
    // they had deferred.
    if (result === undefined) {
      last = undefined;
      continue;
    }
    if (result.text === text) break;
    if (seenTexts.has(result.text)) {
      for (const fix of result.accepted) drop(fix, REASON_UNDOES);
      break;
    }
    for (const fix of result.accepted) {
      outcome.applied.push({ description: fix.description, safety: fix.safety, pass: outcome.passes });
    }
    last = passRecord(text, result.accepted, counts);
    seenTexts.add(result.text);
    text = result.text;
    analysis = result.analysis;
  }
  outcome.text = text;
  return outcome;
}

/** What the previous pass applied, to recognise a fix that comes back after being applied. */
interface PassRecord {
  /** Offered fixes by change key. */
  counts: Map<string, number>;
  /** Applied fixes by change key. */
  applied: Map<string, number>;
  /** Where the replacement texts of the applied fixes lie in the new text, by change key. */
  placed: Map<string, Array<{ start: number; end: number }>>;
}

function passRecord(text: string, accepted: Fix[], counts: Map<string, number>): PassRecord {
  const keys = new Map(accepted.map((fix) => [fix, changeKey(text, fix)]));
  const owners = new Map<Edit, string>();
  for (const fix of accepted) for (const edit of fix.edits) owners.set(edit, keys.get(fix)!);
  const placed = new Map<string, Array<{ start: number; end: number }>>();
  let shift = 0;
  for (const edit of sortedEdits(text, [...owners.keys()])) {
    const start = edit.start + shift;
    const spans = placed.get(owners.get(edit)!) ?? [];
    spans.push({ start, end: start + edit.text.length });
    placed.set(owners.get(edit)!, spans);
    shift += edit.text.length - (edit.end - edit.start);
  }
  return { counts, applied: countKeys([...keys.values()]), placed };
}

/**
 * A fix comes back after being applied when the same change is offered no fewer times than
 * before minus the times it was applied, and this offer touches the text it inserted: the rule
 * does not recognise its own fix (an insertion it does not see, a replacement it matches
 * again) and would repeat it on every pass. Both conditions are needed: one fix can create
 * another instance of the same change elsewhere (tag an image, then pin the new tag), and two
 * adjacent instances of one change are applied in two passes.
 */
function isRepeat(fix: Fix, key: string, counts: Map<string, number>, last: PassRecord): boolean {
  const applied = last.applied.get(key);
  if (applied === undefined) return false;
  if ((counts.get(key) ?? 0) <= (last.counts.get(key) ?? 0) - applied) return false;
  const placed = last.placed.get(key) ?? [];
  return fix.edits.some((edit) => placed.some((span) => edit.start <= span.end && span.start <= edit.end));
}

function countKeys(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/**
 * Apply the chosen fixes together; when the result does not parse, apply them one at a time
 * and keep those after which the text still parses. Undefined when none is kept.
 */
function applyKeepingParse(
  text: string,
  chosen: Fix[],
  analyse: (text: string) => Analysis,
  onFailure: (fix: Fix) => void,
): { text: string; analysis: Analysis; accepted: Fix[] } | undefined {
  const together = applyEdits(text, chosen.flatMap((fix) => fix.edits));
  const analysis = tryAnalyse(analyse, together);
  if (analysis.parses) return { text: together, analysis, accepted: chosen };

  let kept: { text: string; analysis: Analysis; accepted: Fix[] } | undefined;
  for (const fix of chosen) {
    const accepted = [...(kept?.accepted ?? []), fix];
    const trial = applyEdits(text, accepted.flatMap((f) => f.edits));
    const trialAnalysis = tryAnalyse(analyse, trial);
    if (trialAnalysis.parses) kept = { text: trial, analysis: trialAnalysis, accepted };
    else onFailure(fix);
  }
  return kept;
}

/** A parser that throws on a fixed text is treated like one that rejects it. */
function tryAnalyse(analyse: (text: string) => Analysis, text: string): Analysis {
  try {
    return analyse(text);
  } catch {
    return { parses: false, fixes: [] };
  }
}

/**
 * A fix's edits must lie inside the text, not overlap each other, and not cut a CRLF pair or a
 * UTF-16 surrogate pair in two: either would corrupt the file even if it still parsed.
 */
function isValidFix(text: string, fix: Fix): boolean {
  try {
    sortedEdits(text, fix.edits);
  } catch {
    return false;
  }
  return fix.edits.every((edit) => isBoundary(text, edit.start) && isBoundary(text, edit.end));
}

function isBoundary(text: string, offset: number): boolean {
  if (offset === 0 || offset === text.length) return true;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  if (before === 13 && after === 10) return false;
  return !(before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff);
}

function isNoOp(text: string, fix: Fix): boolean {
  return fix.edits.every((edit) => text.slice(edit.start, edit.end) === edit.text);
}

/** The fix exactly as offered, positions included. */
function exactKey(fix: Fix): string {
  return JSON.stringify([fix.description, fix.safety, fix.edits.map((e) => [e.start, e.end, e.text])]);
}

/** What the fix changes, wherever it is: stays the same when earlier edits shift positions. */
function changeKey(text: string, fix: Fix): string {
  const sorted = [...fix.edits].sort((a, b) => a.start - b.start || a.end - b.end);
  return JSON.stringify([fix.description, fix.safety, sorted.map((e) => [text.slice(e.start, e.end), e.text])]);
}
