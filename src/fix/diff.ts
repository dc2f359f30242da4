/**
 * Unified diffs for `--diff`, in the dialect `git apply` reads: `diff --git` headers, `a/` and
 * `b/` prefixes, `\ No newline at end of file` markers. Lines keep their terminators, so a CRLF
 * file diffs (and patches) byte for byte.
 */

export interface DiffOptions {
  /** Lines of context around each change (3, as git and GNU diff). */
  context?: number;
  /**
   * The file on disk starts with a UTF-8 BOM that `before`/`after` (SourceFile.text) lack. The
   * BOM is put back on the first line of both sides so the patch matches the bytes on disk.
   */
  bom?: boolean;
}

/** An empty string when nothing changed. */
export function unifiedDiff(path: string, before: string, after: string, options: DiffOptions = {}): string {
  const context = Math.max(0, options.context ?? 3);
  const bom = options.bom === true ? '\uFEFF' : '';
  const a = splitLines(bom + before);
  const b = splitLines(bom + after);
  const changes = changeBlocks(a, b);
  if (changes.length === 0) return '';

  const oldName = quotePath(`a/${path}`);
  const newName = quotePath(`b/${path}`);
  const out: string[] = [`diff --git ${oldName} ${newName}\n`, `--- ${oldName}\n`, `+++ ${newName}\n`];
  for (const hunk of groupIntoHunks(changes, context)) {
    const first = hunk[0]!;
    const last = hunk[hunk.length - 1]!;
    const aStart = Math.max(0, first.aStart - context);
    const aEnd = Math.min(a.length, last.aEnd + context);
    const bStart = first.bStart - (first.aStart - aStart);
    const bEnd = last.bEnd + (aEnd - last.aEnd);
    out.push(`@@ -${range(aStart, aEnd - aStart)} +${range(bStart, bEnd - bStart)} @@\n`);
    let i = aStart;
    for (const change of hunk) {
      for (; i < change.aStart; i++) out.push(diffLine(' ', a[i]!));
      for (let k = change.aStart; k < change.aEnd; k++) out.push(diffLine('-', a[k]!));
      for (let k = change.bStart; k < change.bEnd; k++) out.push(diffLine('+', b[k]!));
      i = change.aEnd;
    }
    for (; i < aEnd; i++) out.push(diffLine(' ', a[i]!));
  }
  return out.join('');
}

/** Lines with their terminators; only the last one may lack `\n`. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
    lines.push(text.slice(start, nl + 1));
    start = nl + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

function diffLine(prefix: string, line: string): string {
  return line.endsWith('\n') ? prefix + line : `${prefix}${line}\n\\ No newline at end of file\n`;
}

/** `start,count` as git prints it: an empty range starts at the line before it; `,1` is left out. */
function range(start: number, count: number): string {
  const first = count === 0 ? start : start + 1;
  return count === 1 ? `${first}` : `${first},${count}`;
}

/** A run of lines `a[aStart, aEnd)` replaced by `b[bStart, bEnd)`. */
export interface ChangeBlock {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

function groupIntoHunks(changes: ChangeBlock[], context: number): ChangeBlock[][] {
  const hunks: ChangeBlock[][] = [];
  for (const change of changes) {
    const current = hunks[hunks.length - 1];
    const previous = current?.[current.length - 1];
    // Hunks whose context would touch or overlap are one hunk, as in git and GNU diff.
    if (current !== undefined && previous !== undefined && change.aStart - previous.aEnd <= 2 * context) {
      current.push(change);
    } else {
      hunks.push([change]);
    }
  }
  return hunks;
}

/** Minimal change blocks between two line arrays (Myers' O(ND) algorithm, linear space). */
export function changeBlocks(a: readonly string[], b: readonly string[]): ChangeBlock[] {
  const { removed, added } = markChanges(a, b);
  const blocks: ChangeBlock[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && !removed[i] && !added[j]) {
      i++;
      j++;
      continue;
    }
    const block = { aStart: i, aEnd: i, bStart: j, bEnd: j };
    while (i < a.length && removed[i]) i++;
    while (j < b.length && added[j]) j++;
    block.aEnd = i;
    block.bEnd = j;
    blocks.push(block);
  }
  return blocks;
}

/**
 * Flags for the lines of `a` that are removed and the lines of `b` that are added. Lines are
 * interned to numbers first. A line that occurs on one side only can never be matched, so it
 * is marked at once and left out of the search: this keeps the longest common subsequence (and
 * so the minimal diff) and makes unrelated files cheap instead of quadratic.
 */
function markChanges(a: readonly string[], b: readonly string[]): { removed: Uint8Array; added: Uint8Array } {
  const ids = new Map<string, number>();
  const intern = (line: string): number => {
    let id = ids.get(line);
    if (id === undefined) ids.set(line, (id = ids.size));
    return id;
  };
  const aIds = a.map(intern);
  const bIds = b.map(intern);
  const inA = new Uint8Array(ids.size);
  const inB = new Uint8Array(ids.size);
  for (const id of aIds) inA[id] = 1;
  for (const id of bIds) inB[id] = 1;

  const removed = new Uint8Array(a.length);
  const added = new Uint8Array(b.length);
  const aIndex = keptIndexes(aIds, inB, removed);
  const bIndex = keptIndexes(bIds, inA, added);

  const search = new MyersSearch(
    aIndex.map((i) => aIds[i]!),
    bIndex.map((j) => bIds[j]!),
  );
  search.compare(0, aIndex.length, 0, bIndex.length);
  for (let i = 0; i < aIndex.length; i++) if (search.removed[i]) removed[aIndex[i]!] = 1;
  for (let j = 0; j < bIndex.length; j++) if (search.added[j]) added[bIndex[j]!] = 1;
  return { removed, added };
}

/** Indexes of the lines whose id occurs on the other side; the others are flagged as changed. */
function keptIndexes(ids: readonly number[], onOtherSide: Uint8Array, changed: Uint8Array): number[] {
  const kept: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    if (onOtherSide[ids[i]!]) kept.push(i);
    else changed[i] = 1;
  }
  return kept;
}

/** Divide and conquer on the middle snake (Myers 1986, section 4b). */
class MyersSearch {
  readonly removed: Uint8Array;
  readonly added: Uint8Array;
  private readonly forward: Int32Array;
  private readonly backward: Int32Array;
  private readonly offset: number;

  constructor(
    private readonly a: readonly number[],
    private readonly b: readonly number[],
  ) {
    this.removed = new Uint8Array(a.length);
    this.added = new Uint8Array(b.length);
    this.offset = a.length + b.length + 1;
    this.forward = new Int32Array(2 * this.offset + 1);
    this.backward = new Int32Array(2 * this.offset + 1);
  }

  compare(aLo: number, aHi: number, bLo: number, bHi: number): void {
    const { a, b } = this;
    while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) aLo++, bLo++;
    while (aLo < aHi && bLo < bHi && a[aHi - 1] === b[bHi - 1]) aHi--, bHi--;
    if (aLo === aHi) {
      this.added.fill(1, bLo, bHi);
    } else if (bLo === bHi) {
      this.removed.fill(1, aLo, aHi);
    } else {
      // Both ends differ now, so the edit distance is at least 2 and each half is smaller.
      const [x, y, u, v] = this.middleSnake(aLo, aHi, bLo, bHi);
      this.compare(aLo, x, bLo, y);
      this.compare(u, aHi, v, bHi);
    }
  }

  /** A snake `(x, y) → (u, v)` in absolute indexes that lies on a shortest edit path. */
  private middleSnake(aLo: number, aHi: number, bLo: number, bHi: number): [number, number, number, number] {
    const { a, b, forward, backward, offset } = this;
    const n = aHi - aLo;
    const m = bHi - bLo;
    const delta = n - m;
    const odd = (delta & 1) !== 0;
    // forward[offset + k]: furthest x on diagonal k = x - y from the top left.
    // backward[offset + c]: furthest distance from the bottom right on diagonal c = delta - k.
    forward[offset + 1] = 0;
    backward[offset + 1] = 0;
    for (let d = 0; d <= Math.ceil((n + m) / 2); d++) {
      for (let k = -d; k <= d; k += 2) {
        let x = k === -d || (k !== d && forward[offset + k - 1]! < forward[offset + k + 1]!)
          ? forward[offset + k + 1]!
          : forward[offset + k - 1]! + 1;
        let y = x - k;
        const x0 = x;
        const y0 = y;
        while (x < n && y < m && a[aLo + x] === b[bLo + y]) x++, y++;
        forward[offset + k] = x;
        const c = delta - k;
        if (odd && c >= -(d - 1) && c <= d - 1 && x + backward[offset + c]! >= n) {
          return [aLo + x0, bLo + y0, aLo + x, bLo + y];
        }
      }
      for (let c = -d; c <= d; c += 2) {
        let x = c === -d || (c !== d && backward[offset + c - 1]! < backward[offset + c + 1]!)
          ? backward[offset + c + 1]!
          : backward[offset + c - 1]! + 1;
        let y = x - c;
        const x0 = x;
        const y0 = y;
        while (x < n && y < m && a[aHi - 1 - x] === b[bHi - 1 - y]) x++, y++;
        backward[offset + c] = x;
        const k = delta - c;
        if (!odd && k >= -d && k <= d && x + forward[offset + k]! >= n) {
          return [aHi - x, bHi - y, aHi - x0, bHi - y0];
        }
      }
    }
    throw new Error('unreachable: the middle snake always exists');
  }
}

/**
 * Quote a path as git does (`quote_c_style` with `core.quotePath`): names with a quote, a
 * backslash, control characters or non-ASCII bytes go in double quotes with C escapes and
 * octal UTF-8 bytes. Besides matching git, this stops a file name with a newline from
 * injecting lines into the patch.
 */
export function quotePath(name: string): string {
  if (!/[\u0000-\u001f"\\\u007f-\uffff]/.test(name)) return name;
  const escapes: Record<number, string> = { 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 34: '"', 92: '\\' };
  let quoted = '"';
  for (const byte of Buffer.from(name, 'utf8')) {
    const escape = escapes[byte];
    if (escape !== undefined) quoted += `\\${escape}`;
    else if (byte < 0x20 || byte >= 0x7f) quoted += `\\${byte.toString(8).padStart(3, '0')}`;
    else quoted += String.fromCharCode(byte);
  }
  return `${quoted}"`;
}
