/** Writing a report as it grows: the JSON of one long array an item at a time, and batched writes. */
import { randomUUID } from 'node:crypto';

/**
 * `JSON.stringify(document, null, 2)` of a document whose one long array (the results) is
 * written an item at a time, so a report of a million findings never exists as one object or
 * one string. The output is byte for byte what stringifying the whole document gives.
 */
export class JsonArrayStream {
  private readonly slot = `cguard-slot-${randomUUID()}`;
  private indent: string | undefined;
  private count = 0;

  constructor(private readonly write: (chunk: string) => void) {}

  /** A placeholder to put, alone, in the array the items go to: `{ results: [stream.placeholder] }`. */
  get placeholder(): string {
    return this.slot;
  }

  /** Write the document up to the array's `[`, from a document holding the placeholder. */
  begin(document: unknown): void {
    const { head, indent } = this.split(document);
    this.indent = indent;
    this.write(head);
  }

  add(item: unknown): void {
    if (this.indent === undefined) throw new Error('JsonArrayStream.add before begin');
    const text = JSON.stringify(item, null, 2).replaceAll('\n', `\n${this.indent}`);
    this.write(`${this.count++ ? ',' : ''}\n${this.indent}${text}`);
  }

  /** Write the rest of the document, from the array's `]`; `document` may differ after the array. */
  end(document: unknown): void {
    const { tail } = this.split(document);
    // No items: `[]`, as JSON.stringify writes an empty array.
    this.write(this.count ? tail : tail.replace(/^\n */, ''));
  }

  private split(document: unknown): { head: string; indent: string; tail: string } {
    const text = JSON.stringify(document, null, 2) + '\n';
    const at = text.indexOf(JSON.stringify(this.slot));
    const lineStart = text.lastIndexOf('\n', at);
    if (at < 0 || lineStart < 0) throw new Error('JsonArrayStream: the document does not hold the placeholder in an array');
    return {
      head: text.slice(0, lineStart),
      indent: text.slice(lineStart + 1, at),
      tail: text.slice(text.indexOf('\n', at)),
    };
  }
}

/**
 * Chunks gathered into writes of about `size` characters, for a sink (a file descriptor,
 * stdout) that pays per call.
 */
export class BufferedWriter {
  private parts: string[] = [];
  private length = 0;

  constructor(
    private readonly sink: (chunk: string) => void,
    private readonly size = 1 << 20,
  ) {}

  readonly write = (chunk: string): void => {
    this.parts.push(chunk);
    this.length += chunk.length;
    if (this.length >= this.size) this.flush();
  };

  flush(): void {
    if (!this.parts.length) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.length = 0;
    this.sink(chunk);
  }
}
