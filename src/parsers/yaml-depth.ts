/**
 * How deep a YAML text nests, measured before `yaml` parses it. `yaml` composes nodes by
 * recursion, so a hostile file nested a few thousand levels deep exhausts the stack, and where
 * that happens depends on the stack the parse runs on: the main thread and a worker thread
 * disagreed, so the same file was a CG000 on one thread count and analysed on the other (and a
 * stack overflow inside V8's regular-expression compiler aborts the whole process). A file nested
 * deeper than `MAX_YAML_DEPTH` is refused here, in one linear pass that needs no stack.
 *
 * The count is an upper bound that is exact for ordinary files: block collections are tracked
 * by their columns, the way YAML's indentation rules nest them (`- - x` opens two on one line),
 * flow collections by their brackets, outside quoted scalars, comments and block scalars.
 */

/** Far beyond any real compose file or config (they nest under 15 levels); far below a stack overflow. */
export const MAX_YAML_DEPTH = 200;

/** The offset where the nesting first passes `limit`, or -1 when it never does. */
export function yamlTooDeepAt(text: string, limit = MAX_YAML_DEPTH): number {
  const columns: number[] = []; // columns of the open block collections
  let flow = 0; // open flow collections
  let i = 0;
  const n = text.length;
  while (i < n) {
    // At the start of a line.
    const lineStart = i;
    let keyColumn = -1; // where the line's content starts after its leading indicators
    let lastIndicator = -1; // the column of the last of those indicators
    if (flow === 0) {
      let c = i;
      while (c < n && text.charCodeAt(c) === 32) c++;
      const ch = text[c];
      if (c >= n || ch === '\n' || ch === '\r' || ch === '#') {
        i = skipLine(text, c);
        continue;
      }
      if (c - lineStart === 0 && (text.startsWith('---', c) || text.startsWith('...', c))) columns.length = 0;
      // The collections this line's content closes, and the ones its leading indicators open.
      let column = c - lineStart;
      for (;;) {
        while (columns.length > 0 && columns[columns.length - 1]! > column) columns.pop();
        if (columns.length === 0 || columns[columns.length - 1]! < column) {
          columns.push(column);
          if (columns.length + flow > limit) return c;
        }
        const indicator = text[c];
        const after = text[c + 1];
        if ((indicator === '-' || indicator === '?' || indicator === ':') && (after === ' ' || after === '\t')) {
          let next = c + 1;
          while (text[next] === ' ' || text[next] === '\t') next++;
          if (next >= n || text[next] === '\n' || text[next] === '\r' || text[next] === '#') break;
          lastIndicator = column;
          column += next - c;
          c = next;
          continue;
        }
        break;
      }
      i = c;
      keyColumn = column;
    }
    // The rest of the line.
    let nodeStart = true;
    while (i < n) {
      const ch = text[i]!;
      if (ch === '\n') {
        i++;
        break;
      }
      if (ch === ' ' || ch === '\t' || ch === '\r') {
        i++;
        continue;
      }
      if (ch === '#' && (i === 0 || isBlank(text.charCodeAt(i - 1)))) {
        i = skipLine(text, i);
        break;
      }
      if (nodeStart && (ch === '"' || ch === "'")) {
        i = skipQuoted(text, i);
        nodeStart = false;
        continue;
      }
      if (nodeStart && flow === 0 && (ch === '|' || ch === '>')) {
        // Its content is indented more than its parent: the entry it follows (`- |`) or the key.
        const column = i - lineStart;
        i = skipBlockScalar(text, i, column === keyColumn ? lastIndicator : keyColumn);
        break;
      }
      if ((ch === '[' || ch === '{') && (flow > 0 || nodeStart)) {
        flow++;
        if (columns.length + flow > limit) return i;
        i++;
        nodeStart = true;
        continue;
      }
      if (flow > 0 && (ch === ']' || ch === '}')) {
        flow--;
        i++;
        nodeStart = false;
        continue;
      }
      if ((flow > 0 && ch === ',') || ((ch === ':' || ch === '-' || ch === '?') && (i + 1 >= n || isBlank(text.charCodeAt(i + 1))))) {
        i++;
        nodeStart = true;
        continue;
      }
      if ((ch === '&' || ch === '!') && nodeStart) {
        // An anchor or a tag comes before the node it names.
        while (i < n && !isBlank(text.charCodeAt(i)) && !',[]{}'.includes(text[i]!)) i++;
        continue;
      }
      if (ch === ':' && flow > 0) {
        // `"key":value` in flow style.
        i++;
        nodeStart = true;
        continue;
      }
      i++;
      nodeStart = false;
    }
  }
  return -1;
}

/** Space, tab, CR or LF. */
function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 10;
}

function skipLine(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl + 1;
}

/** Past a quoted scalar (which may span lines); to the end of the text when it is not closed. */
function skipQuoted(text: string, i: number): number {
  const quote = text[i];
  let k = i + 1;
  while (k < text.length) {
    const ch = text[k];
    if (quote === '"' && ch === '\\') k += 2;
    else if (ch === quote) {
      if (quote === "'" && text[k + 1] === "'") k += 2;
      else return k + 1;
    } else k++;
  }
  return k;
}

/** Past a block scalar's header and its content: the following lines blank or indented more than `parent`. */
function skipBlockScalar(text: string, i: number, parent: number): number {
  let k = skipLine(text, i);
  while (k < text.length) {
    let c = k;
    while (text.charCodeAt(c) === 32) c++;
    const ch = text[c];
    const blank = c >= text.length || ch === '\n' || ch === '\r';
    if (!blank && c - k <= parent) break;
    k = skipLine(text, c);
  }
  return k;
}
