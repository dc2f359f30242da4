import type { Span } from '../model/source.js';

/** Where and why a parser gave up (or what line the tool that reads the file would reject). */
export interface ParseError {
  /** One line, no trailing period, e.g. `invalid YAML: unexpected end of flow sequence`. */
  message: string;
  span: Span;
}

/**
 * A parser's answer. `model` is undefined when the file cannot be read at all; `errors` may be
 * non-empty with a model when the format's own tool would skip the bad part and go on (systemd
 * ignores an invalid line), in which case rules still run on the model.
 */
export interface ParseResult<T> {
  model?: T;
  errors: ParseError[];
}
