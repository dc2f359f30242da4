/**
 * Compose variable interpolation, as compose-go's `template` package does it: `$$` is a
 * literal `$`; `$NAME` and `${NAME}` take the variable; `${NAME:-default}` falls back when the
 * variable is unset or empty, `${NAME-default}` only when it is unset; `${NAME:?message}` and
 * `${NAME?message}` make Compose refuse the file when the variable is missing;
 * `${NAME:+alternative}` / `${NAME+alternative}` give the alternative when it is set. Defaults
 * and alternatives may themselves hold `${…}`.
 */

export interface Interpolated {
  value: string;
  /**
   * A variable had no value and nothing to fall back to (unset without a default, or a
   * required one missing): Compose would use an empty string or refuse the file, so the
   * text cguard sees is not what runs.
   */
  unresolved: boolean;
}

type Env = Readonly<Record<string, string>>;

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

export function interpolate(text: string, env: Env = {}): Interpolated {
  if (!text.includes('$')) return { value: text, unresolved: false };
  const state = { unresolved: false };
  const value = substitute(text, env, state);
  return { value, unresolved: state.unresolved };
}

function substitute(text: string, env: Env, state: { unresolved: boolean }): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '{') {
      const close = matchingBrace(text, i + 1);
      if (close < 0) {
        // Compose rejects an unterminated `${`; keep the text so findings still point somewhere.
        out += text.slice(i);
        state.unresolved = true;
        break;
      }
      out += expandBraced(text.slice(i + 2, close), env, state);
      i = close + 1;
    } else if (next !== undefined && NAME_START.test(next)) {
      let end = i + 2;
      while (end < text.length && NAME_PART.test(text[end]!)) end++;
      out += lookup(text.slice(i + 1, end), env, state);
      i = end;
    } else {
      out += '$';
      i++;
    }
  }
  return out;
}

/** Index of the `}` closing the `{` at `open`, counting nested `${`. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '{' && i === open) {
      depth++;
    } else if (text[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function expandBraced(body: string, env: Env, state: { unresolved: boolean }): string {
  let end = 0;
  while (end < body.length && NAME_PART.test(body[end]!)) end++;
  const name = body.slice(0, end);
  const rest = body.slice(end);
  if (name === '' || !NAME_START.test(name[0]!)) {
    state.unresolved = true;
    return '';
  }
  const set = Object.prototype.hasOwnProperty.call(env, name);
  const current = set ? env[name]! : '';
  const operator = /^(:?[-?+])/.exec(rest)?.[1];
  if (operator === undefined) {
    if (rest !== '') state.unresolved = true;
    return lookup(name, env, state);
  }
  const argument = rest.slice(operator.length);
  const empty = !set || (operator.startsWith(':') && current === '');
  switch (operator.slice(-1)) {
    case '-':
      return empty ? substitute(argument, env, state) : current;
    case '+':
      return empty ? '' : substitute(argument, env, state);
    default:
      if (empty) state.unresolved = true;
      return current;
  }
}

function lookup(name: string, env: Env, state: { unresolved: boolean }): string {
  if (Object.prototype.hasOwnProperty.call(env, name)) return env[name]!;
  state.unresolved = true;
  return '';
}
