/**
 * A file as cguard read it, and positions inside it.
 *
 * Every span in cguard is a pair of UTF-16 offsets into `SourceFile.text` (the file's text with
 * any UTF-8 byte-order mark removed). Line and column numbers are computed only when a finding
 * is reported, so parsers and rules never juggle two coordinate systems.
 */

export type FileKind = 'dockerfile' | 'compose' | 'unit' | 'quadlet' | 'daemon-json';

/** Half-open range `[start, end)` of offsets into `SourceFile.text`. */
export interface Span {
  start: number;
  end: number;
}

export interface SourceFile {
  /** Path relative to the working directory, forward slashes, no `./`. */
  path: string;
  /** Absolute path on disk (undefined for in-memory files in tests). */
  absPath?: string;
  kind: FileKind;
  /** Text without a leading BOM. Line endings are kept as they are in the file. */
  text: string;
  /** The file started with a UTF-8 BOM. */
  bom: boolean;
  /** The line ending the file mostly uses; inserted lines use it too. */
  eol: '\n' | '\r\n';
}

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units (SARIF's default `columnKind`). */
  column: number;
}

export interface Region {
  line: number;
  column: number;
  endLine: number;
  /** Column just after the last character, as in SARIF. */
  endColumn: number;
}

/** Offsets of line starts, for offset → line/column conversion by binary search. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const lo = lineHolding(this.starts, clamped);
    return { line: lo + 1, column: clamped - this.starts[lo]! + 1 };
  }

  /** Offset of the first character of a 1-based line (or the text length past the end). */
  lineStart(line: number): number {
    return this.starts[line - 1] ?? this.text.length;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The exact region of a span (an edit's), without trimming a final line break. */
  exactRegion(span: Span): Region {
    const start = this.position(span.start);
    const end = this.position(span.end);
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  region(span: Span): Region {
    const start = this.position(span.start);
    // A span that ends just after a newline is reported as ending on the line it covers.
    let endOffset = Math.max(span.end, span.start);
    if (endOffset > span.start && this.text.charCodeAt(endOffset - 1) === 10) endOffset--;
    if (endOffset > span.start && this.text.charCodeAt(endOffset - 1) === 13) endOffset--;
    const end = this.position(endOffset);
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }
}

/** Build a SourceFile from raw text (BOM and line-ending detection). */
export function sourceFromText(path: string, kind: FileKind, raw: string, absPath?: string): SourceFile {
  const bom = raw.charCodeAt(0) === 0xfeff;
  const text = bom ? raw.slice(1) : raw;
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  return { path, absPath, kind, text, bom, eol: crlf > lf ? '\r\n' : '\n' };
}

/** A LineIndex per path, built the first time a path is asked for (undefined when it has no text). */
export function lineIndexes(textOf: (path: string) => string | undefined): (path: string) => LineIndex | undefined {
  const indexes = new Map<string, LineIndex | undefined>();
  return (path) => {
    if (!indexes.has(path)) {
      const text = textOf(path);
      indexes.set(path, text === undefined ? undefined : new LineIndex(text));
    }
    return indexes.get(path);
  };
}

/** The index of the line that holds `offset`, given the lines' start offsets (ascending, the first 0). */
export function lineHolding(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
