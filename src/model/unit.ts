/** The systemd unit model: sections and key=value entries with exact spans. */
import type { Span } from './source.js';

export interface UnitEntry {
  section: string;
  key: string;
  /**
   * The value as systemd sees it before command/specifier parsing: continuations joined with a
   * space (a trailing `\` is replaced by a space), comment lines inside continuations skipped,
   * surrounding whitespace trimmed.
   */
  value: string;
  keySpan: Span;
  /** From the first to the last character of the value, across continuation lines. */
  valueSpan: Span;
  /** The whole entry, from the key to the end of its last line (line break excluded). */
  span: Span;
  /** The whole entry including its final line break, for moving or deleting the line. */
  lineSpan: Span;
  /**
   * Map from offsets in `value` to offsets in the file: `valueOffsets[i]` is the file offset of
   * `value[i]` (length `value.length + 1`, last = end). Lets command-line words keep spans.
   */
  valueOffsets: number[];
}

export interface UnitSection {
  name: string;
  /** The `[Name]` header line. */
  headerSpan: Span;
  /** From the header to the end of the section's last non-blank line (line break included). */
  span: Span;
  entries: UnitEntry[];
}

export interface UnitModel {
  /** The unit's file name (`web.service`), for messages. */
  name: string;
  sections: UnitSection[];
  /** All entries in file order. */
  entries: UnitEntry[];
  /** Lines systemd would reject or warn about (for CG000). */
  problems: Array<{ message: string; span: Span }>;
}

/** One command of an `Exec*=` value (a value may hold several, separated by a lone `;`). */
export interface ExecWord {
  /** The word after quote removal and C-escape processing; specifiers and `$VAR` left as written. */
  value: string;
  span: Span;
  /** The word was (wholly) quoted. */
  quoted: boolean;
  /**
   * File offset of each character of `value` (length `value.length + 1`, last = end), so a part
   * of a word (`--name=web` → `web`) keeps an exact span. Absent when the word came from a
   * variable's value.
   */
  offsets?: number[];
}

export interface ExecCommand {
  entry: UnitEntry;
  /** The prefix characters (`-`, `@`, `:`, `+`, `!`, `!!`), as written. */
  prefixes: string;
  prefixSpan: Span;
  words: ExecWord[];
  span: Span;
}
