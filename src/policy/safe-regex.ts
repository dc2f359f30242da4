/**
 * Regex literals in policy expressions, matched in linear time.
 *
 * Why not JavaScript's RegExp: V8 backtracks, so a pattern from an untrusted policy can hang
 * the scan. Rejecting nested quantifiers (`(a+)+`) is the usual guard, but it is not enough —
 * `/.*.*.*x/` has no nested quantifier and takes minutes on 5,000 characters. So cguard parses
 * the regular subset of the syntax itself and runs it as a Thompson NFA (a set of states
 * advanced once per character), which takes time proportional to input length × pattern size
 * whatever the pattern. Features that are not regular — backreferences, lookaround — and the
 * flags that make `test` stateful (`g`, `y`) or change the syntax (`u`, `v`) are refused.
 *
 * Supported: characters and escapes (`\d \w \s \D \W \S \b \B \t \n \r \v \f \0 \xHH \uHHHH`,
 * escaped punctuation), `.`, classes with ranges and negation, `^ $`, groups (capturing, named,
 * `(?:`), `|`, and the quantifiers `* + ? {n} {n,} {n,m}` (lazy or not: `test` only asks
 * whether there is a match). Flags: `i`, `m`, `s`.
 */

import { isLineTerminator, isWord, Parser, RegexSyntaxError, type Pred, type RegexNode } from './safe-regex-parse.js';

export const MAX_PATTERN_LENGTH = 200;
/** NFA states after `{n,m}` repetitions are expanded; bounds the per-character work. */
const MAX_PROGRAM_SIZE = 2000;

export interface SafeRegex {
  readonly pattern: string;
  readonly flags: string;
  /** Work for testing a string of this length, in interpreter steps (1 step ≈ 1,000 state visits). */
  cost(inputLength: number): number;
  test(input: string): boolean;
}

type Instr =
  | { op: 'char'; match: Pred }
  | { op: 'assert'; kind: '^' | '$' | 'b' | 'B' }
  | { op: 'split'; a: number; b: number }
  | { op: 'jmp'; to: number }
  | { op: 'match' };

export function compileSafeRegex(pattern: string, flags: string): SafeRegex | { error: string } {
  if (pattern.length > MAX_PATTERN_LENGTH) return { error: `regex is longer than ${MAX_PATTERN_LENGTH} characters` };
  for (const flag of flags) {
    if (!'ims'.includes(flag)) return { error: `regex flag \`${flag}\` is not supported (only i, m, s)` };
  }
  try {
    const parser = new Parser(pattern, flags.includes('i'), flags.includes('s'));
    const program: Instr[] = [];
    emit(parser.parse(), program, { visits: 0 });
    program.push({ op: 'match' });
    const multiline = flags.includes('m');
    return {
      pattern,
      flags,
      cost: (length) => 1 + Math.ceil(((length + 1) * program.length) / 1000),
      test: (input) => run(program, input, multiline),
    };
  } catch (e) {
    if (e instanceof RegexSyntaxError) return { error: e.message };
    throw e;
  }
}

/**
 * Thompson construction: each node appends its instructions; jumps are absolute indices.
 * Visits are counted as well as instructions, because `((){1000}){1000}` emits nothing yet
 * would take a million steps to do so.
 */
function emit(node: RegexNode, out: Instr[], work: { visits: number }): void {
  if (out.length > MAX_PROGRAM_SIZE || ++work.visits > 10 * MAX_PROGRAM_SIZE) {
    throw new RegexSyntaxError('regex is too large once its repetitions are expanded');
  }
  switch (node.t) {
    case 'char':
      out.push({ op: 'char', match: node.match });
      return;
    case 'assert':
      out.push({ op: 'assert', kind: node.kind });
      return;
    case 'seq':
      for (const item of node.items) emit(item, out, work);
      return;
    case 'alt': {
      const jumps: Array<{ op: 'jmp'; to: number }> = [];
      node.options.forEach((option, k) => {
        if (k === node.options.length - 1) return emit(option, out, work);
        const split = { op: 'split' as const, a: out.length + 1, b: 0 };
        out.push(split);
        emit(option, out, work);
        const jmp = { op: 'jmp' as const, to: 0 };
        jumps.push(jmp);
        out.push(jmp);
        split.b = out.length;
      });
      for (const jmp of jumps) jmp.to = out.length;
      return;
    }
    case 'repeat': {
      for (let k = 0; k < node.min; k++) emit(node.node, out, work);
      if (node.max === Infinity) {
        const loop = out.length;
        const split = { op: 'split' as const, a: loop + 1, b: 0 };
        out.push(split);
        emit(node.node, out, work);
        out.push({ op: 'jmp', to: loop });
        split.b = out.length;
        return;
      }
      const splits: Array<{ op: 'split'; a: number; b: number }> = [];
      for (let k = node.min; k < node.max; k++) {
        const split = { op: 'split' as const, a: out.length + 1, b: 0 };
        splits.push(split);
        out.push(split);
        emit(node.node, out, work);
      }
      for (const split of splits) split.b = out.length;
      return;
    }
  }
}

/** Runs the NFA over the input; every state is visited at most once per position. */
function run(program: Instr[], input: string, multiline: boolean): boolean {
  const seen = new Int32Array(program.length).fill(-1);
  const word = (pos: number) => pos >= 0 && pos < input.length && isWord(input.charCodeAt(pos));
  const holds = (kind: '^' | '$' | 'b' | 'B', pos: number): boolean => {
    if (kind === '^') return pos === 0 || (multiline && isLineTerminator(input.charCodeAt(pos - 1)));
    if (kind === '$') return pos === input.length || (multiline && isLineTerminator(input.charCodeAt(pos)));
    return (word(pos - 1) !== word(pos)) === (kind === 'b');
  };
  /** Adds `start` and every state reachable from it without reading; true when one matches. */
  const close = (start: number, pos: number, into: number[]): boolean => {
    const stack = [start];
    while (stack.length > 0) {
      const pc = stack.pop()!;
      if (seen[pc] === pos) continue;
      seen[pc] = pos;
      const ins = program[pc]!;
      if (ins.op === 'match') return true;
      if (ins.op === 'char') into.push(pc);
      else if (ins.op === 'jmp') stack.push(ins.to);
      else if (ins.op === 'split') stack.push(ins.b, ins.a);
      else if (holds(ins.kind, pos)) stack.push(pc + 1);
    }
    return false;
  };
  let current: number[] = [];
  for (let pos = 0; ; pos++) {
    // A thread starting at every position makes the search unanchored, like `RegExp#test`.
    if (close(0, pos, current)) return true;
    if (pos === input.length) return false;
    const c = input.charCodeAt(pos);
    const next: number[] = [];
    for (const pc of current) {
      const ins = program[pc] as { op: 'char'; match: Pred };
      if (ins.match(c) && close(pc + 1, pos + 1, next)) return true;
    }
    current = next;
  }
}
