/**
 * What the build-hygiene rules (CG3xx) ask about a Dockerfile: the shell commands of each `RUN`
 * (its command line, or the heredoc script it runs), split into simple commands with words that
 * keep their file spans, and which stages end up in the image.
 *
 * The shell reading is deliberately small — POSIX quoting, `\` escapes, comments, the operators
 * `&& || ; | & ( )`, redirections — enough to know which program each command runs and with
 * which arguments. It does not expand variables or look inside `$(…)`.
 */
import type { DockerfileModel, DockerInstruction, DockerStage } from '../model/dockerfile.js';
import { finalStage, stageChain } from '../model/dockerfile-facts.js';
import type { Span } from '../model/source.js';
import { parseJsonArray } from '../parsers/dockerfile-command.js';
import { continuationAt } from '../parsers/dockerfile-scan.js';

export interface ShellWord {
  /** Quotes and escapes removed. */
  value: string;
  /** Part or all of the word was quoted. */
  quoted: boolean;
  span: Span;
  /**
   * Where the characters of `value` are in the file (read them with `wordOffset`): pairs of
   * (index in `value`, file offset) that each start a run of consecutive offsets. Absent when
   * `value[k]` is at `span.start + k`, as in a word without quotes or escapes.
   */
  runs?: number[];
  /** A quote, `` ` ``, `$(` or `${` opened in the word is not closed: the word runs to the end of the script. */
  unclosed?: boolean;
}

export interface ShellCommand {
  /** The words, assignments (`A=1 cmd`) and redirections left out. */
  words: ShellWord[];
  /** `A=1` words before the program. */
  assignments: ShellWord[];
  /** Redirection targets, with their operator (`>`, `2>`, `<`, …). */
  redirects: Array<{ op: string; target?: ShellWord }>;
  /** The operator before this command (`''` for the first, `&&`, `||`, `;`, `|`, `&`, newline as `;`). */
  after: string;
  /** The next command in the script, and the operator between them. */
  next?: ShellCommand;
  span: Span;
  /** invocation()'s answer, once asked (null: no program). */
  invocation?: Invocation | null;
}

export interface ShellScript {
  instruction: DockerInstruction;
  stage: DockerStage;
  commands: ShellCommand[];
}

/**
 * A string made of pieces of the file, and where each of its characters is in the file. A piece
 * is one pair of numbers, not one number per character: a RUN's text is a few lines long.
 */
export class MappedText {
  text = '';
  /** Piece k starts at index `pieces[2k]` of `text`, which is at file offset `pieces[2k + 1]`. */
  private readonly pieces: number[] = [];

  /** `end`: the file offset of the text's end (until a piece is appended, then the piece's end). */
  constructor(public end: number) {}

  /** The text of `source` (the file) from `from` to `to`, at the end. */
  append(source: string, from: number, to: number): void {
    if (to <= from) return;
    const n = this.pieces.length;
    // A piece that continues the last one in the file extends it.
    if (n === 0 || this.pieces[n - 1]! + (this.text.length - this.pieces[n - 2]!) !== from) this.pieces.push(this.text.length, from);
    this.text += source.slice(from, to);
    this.end = to;
  }

  /** The file offset of `text[i]`, or `end` for `i = text.length`. */
  offsetAt(i: number): number {
    if (i >= this.text.length) return this.end;
    const k = this.pieceAt(i);
    return this.pieces[k + 1]! + (i - this.pieces[k]!);
  }

  /** The index in `pieces` of the piece that holds `text[i]`. */
  pieceAt(i: number): number {
    const pieces = this.pieces;
    let lo = 0;
    let hi = pieces.length / 2 - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (pieces[mid * 2]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo * 2;
  }

  /** Where the piece at `k` (from pieceAt) ends in `text`. */
  pieceEnd(k: number): number {
    return k + 2 < this.pieces.length ? this.pieces[k + 2]! : this.text.length;
  }

  /** The file offset of the first character of the piece at `k`. */
  pieceOffset(k: number): number {
    return this.pieces[k + 1]!;
  }

  /** The index in `text` of the first character of the piece at `k`. */
  pieceStart(k: number): number {
    return this.pieces[k]!;
  }
}

/** The file offset of `word.value[k]`, or the end of the word for `k = value.length`. */
export function wordOffset(word: ShellWord, k: number): number {
  if (k >= word.value.length) return word.span.end;
  const runs = word.runs;
  if (!runs) return word.span.start + k;
  let r = runs.length - 2;
  while (r > 0 && runs[r]! > k) r -= 2;
  return runs[r + 1]! + (k - runs[r]!);
}

/** The word made of `word.value` from its character `from` on, with its place in the file. */
export function wordFrom(word: ShellWord, from: number): ShellWord {
  const value = word.value.slice(from);
  const start = wordOffset(word, from);
  const runs: number[] = [];
  for (let k = 0; k < value.length; ) {
    const offset = wordOffset(word, from + k);
    runs.push(k, offset);
    let n = 1;
    while (k + n < value.length && wordOffset(word, from + k + n) === offset + n) n++;
    k += n;
  }
  const plain = runs.length === 0 || (runs.length === 2 && runs[1] === start);
  const out: ShellWord = { ...word, value, span: { start, end: word.span.end } };
  if (plain) delete out.runs;
  else out.runs = runs;
  return out;
}

/**
 * The shell text of an instruction's command line after its `--flags`: lines joined as BuildKit
 * joins them (the escape character and blanks at a line's end removed, nothing inserted; blank
 * and comment lines inside the continuation skipped).
 */
function commandLineText(source: string, instruction: DockerInstruction, escape: string): MappedText {
  const lastFlag = instruction.flags[instruction.flags.length - 1];
  const start = lastFlag ? lastFlag.span.end : instruction.argsSpan.start;
  const end = instruction.argsSpan.end;
  const out = new MappedText(start);
  let pos = start;
  let first = true;
  while (pos < end) {
    let lineEnd = source.indexOf('\n', pos);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    let contentEnd = lineEnd;
    if (contentEnd > pos && source[contentEnd - 1] === '\r') contentEnd--;
    const line = source.slice(pos, contentEnd);
    const body = line.trimStart();
    if (!first && (body === '' || body.startsWith('#'))) {
      pos = lineEnd + 1;
      continue;
    }
    first = false;
    const at = continuationAt(line, escape);
    out.append(source, pos, pos + (at < 0 ? line.length : at));
    if (at < 0) break;
    pos = lineEnd + 1;
  }
  return out;
}

/** A heredoc body with offsets (`<<-` bodies lose their leading tabs, as in the content). */
function heredocText(source: string, heredoc: DockerInstruction['heredocs'][number], chomp: boolean): MappedText {
  const { start, end } = heredoc.span;
  const out = new MappedText(end);
  if (!chomp) {
    out.append(source, start, end);
    return out;
  }
  for (let line = start; line < end; ) {
    let from = line;
    while (from < end && source[from] === '\t') from++;
    const next = source.indexOf('\n', from);
    line = next < 0 || next >= end ? end : next + 1;
    out.append(source, from, line);
  }
  out.end = end;
  return out;
}

/** The operator at `i` (`&& || ;; |& ; | & ( )`), longest first; `&>` is a redirection. */
function separatorAt(text: string, i: number): string | undefined {
  const next = text[i + 1];
  switch (text[i]) {
    case '&':
      return next === '&' ? '&&' : next === '>' ? undefined : '&';
    case '|':
      return next === '|' ? '||' : next === '&' ? '|&' : '|';
    case ';':
      return next === ';' ? ';;' : ';';
    case '(':
      return '(';
    case ')':
      return ')';
    default:
      return undefined;
  }
}
const REDIRECT = /^(\d*)(>>|>\||>&|<<<|<<-|<<|<>|<&|>|<)|^(&>>|&>)/;
/** Words that open or close a compound command; the command proper follows them. */
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'esac', '{', '}', '!']);

/** Split a shell text into simple commands. */
export function parseShell(mapped: MappedText): Array<Omit<ShellCommand, 'next'>> {
  const text = mapped.text;
  const words = new WordBuilder(mapped);
  const commands: Array<Omit<ShellCommand, 'next'>> = [];
  let current: Omit<ShellCommand, 'next'> = newCommand('');
  let pendingRedirect: string | undefined;
  const heredocs: Array<{ delimiter: string; chomp: boolean }> = [];
  const finish = (op: string) => {
    if (current.words.length > 0 || current.assignments.length > 0 || current.redirects.length > 0) commands.push(current);
    current = newCommand(op);
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\n') {
      finish(';');
      i++;
      // The bodies of `<<WORD` redirections on that line are data, not commands.
      for (const heredoc of heredocs.splice(0)) i = skipHeredocBody(text, i, heredoc);
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const sep = separatorAt(text, i);
    if (sep) {
      finish(sep === '(' || sep === ')' ? ';' : sep);
      i += sep.length;
      continue;
    }
    if ((c === '<' || c === '>') && text[i + 1] === '(') {
      // Process substitution `<(curl …)`: one word, like `$(…)`.
      const close = matchingParen(text, i + 1);
      words.begin(i);
      words.take(i, close + 1);
      const word = words.finish(close + 1, false, false);
      current.words.push(word);
      if (current.span.start < 0) current.span.start = word.span.start;
      current.span.end = word.span.end;
      i = close + 1;
      continue;
    }
    const redirect = (c >= '0' && c <= '9') || c === '<' || c === '>' || c === '&' ? REDIRECT.exec(text.slice(i, i + 5)) : null;
    if (redirect) {
      const op = redirect[0];
      i += op.length;
      // `2>&1`, `>&2`: the target is the fd right after.
      if ((op.endsWith('>&') || op.endsWith('<&')) && /[\d-]/.test(text[i] ?? '')) {
        current.redirects.push({ op: op + text[i] });
        i++;
      } else {
        pendingRedirect = op;
      }
      continue;
    }
    const from = i;
    const word = readWord(words, i);
    i = words.end;
    if (pendingRedirect !== undefined) {
      current.redirects.push({ op: pendingRedirect, target: word });
      if (pendingRedirect.endsWith('<<') || pendingRedirect.endsWith('<<-')) heredocs.push({ delimiter: word.value, chomp: pendingRedirect.endsWith('-') });
      pendingRedirect = undefined;
    } else if (current.words.length === 0 && isAssignment(text, from)) {
      current.assignments.push(word);
    } else if (current.words.length === 0 && !word.quoted && RESERVED.has(word.value)) {
      continue;
    } else {
      current.words.push(word);
    }
    const last = current.words[current.words.length - 1] ?? current.assignments[current.assignments.length - 1];
    if (last) {
      if (current.span.start < 0) current.span.start = last.span.start;
      current.span.end = last.span.end;
    }
  }
  finish('');
  return commands;
}

/** The offset after the line that ends a heredoc body starting at `from` (or the text's end). */
function skipHeredocBody(text: string, from: number, heredoc: { delimiter: string; chomp: boolean }): number {
  let i = from;
  while (i < text.length) {
    let end = text.indexOf('\n', i);
    if (end < 0) end = text.length;
    let line = text.slice(i, end).replace(/\r$/, '');
    if (heredoc.chomp) line = line.replace(/^\t+/, '');
    i = end + 1;
    if (line === heredoc.delimiter) return i;
  }
  return text.length;
}

function newCommand(after: string): Omit<ShellCommand, 'next'> {
  return { words: [], assignments: [], redirects: [], after, span: { start: -1, end: -1 }, invocation: undefined };
}

const ASSIGNMENT = /[A-Za-z_][A-Za-z0-9_]*\+?=/y;

/** Whether the word at `from` is an assignment (`NAME=…`, `NAME+=…`): none of those characters ends a word. */
function isAssignment(text: string, from: number): boolean {
  ASSIGNMENT.lastIndex = from;
  return ASSIGNMENT.test(text);
}

/** Characters that end a word or need readWord's attention. */
const WORD_SPECIAL = new Uint8Array(128);
for (const c of ' \t\n\r;&|()><\\\'"$`') WORD_SPECIAL[c.charCodeAt(0)] = 1;

/**
 * Builds one word at a time: its value and, as runs, where its characters are in the file. One
 * per shell text, so a word costs its value and, only when quotes or escapes make it differ
 * from the file, its runs.
 */
class WordBuilder {
  private value = '';
  private readonly runs: number[] = [];
  /** Where the last word finished in the text. */
  end = 0;
  /** The file offset that continues the last run. */
  private next = -1;
  private from = 0;

  constructor(private readonly mapped: MappedText) {}

  get text(): string {
    return this.mapped.text;
  }

  begin(from: number): void {
    this.value = '';
    this.runs.length = 0;
    this.next = -1;
    this.from = from;
  }

  /** The characters `[a, b)` of the text, at the end of the value. */
  take(a: number, b: number): void {
    const mapped = this.mapped;
    for (let t = a; t < b; ) {
      const k = mapped.pieceAt(t);
      const offset = mapped.pieceOffset(k) + (t - mapped.pieceStart(k));
      const n = Math.min(b, mapped.pieceEnd(k)) - t;
      if (offset !== this.next) this.runs.push(this.value.length, offset);
      this.value += mapped.text.slice(t, t + n);
      this.next = offset + n;
      t += n;
    }
  }

  /** The word read from `from` up to `to` (exclusive) in the text. */
  finish(to: number, quoted: boolean, unclosed: boolean): ShellWord {
    const { mapped, value, runs, from } = this;
    this.end = to;
    const start = mapped.offsetAt(from);
    const end = to > from ? mapped.offsetAt(Math.min(to, mapped.text.length) - 1) + 1 : start;
    const word: ShellWord = { value, quoted, span: { start, end } };
    if (runs.length > 2 || (runs.length === 2 && runs[1] !== start)) word.runs = runs.slice();
    if (unclosed) word.unclosed = true;
    return word;
  }
}

/** One word from `from`: quotes, escapes, `$(…)` and `${…}` kept together; it ends at `words.end`. */
function readWord(words: WordBuilder, from: number): ShellWord {
  const text = words.text;
  let quoted = false;
  let unclosed = false;
  let i = from;
  words.begin(from);
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      // `>`/`<` end a word too, but only where they start a redirection.
      break;
    }
    if ((c === '>' || c === '<') && i > from) break;
    if (c === '\\') {
      if (text[i + 1] === '\n') {
        i += 2;
        continue;
      }
      if (i + 1 < text.length) words.take(i + 1, i + 2);
      i += 2;
      continue;
    }
    if (c === "'") {
      quoted = true;
      const close = text.indexOf("'", i + 1);
      const end = close < 0 ? text.length : close;
      if (close < 0) unclosed = true;
      words.take(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      quoted = true;
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && /["\\$`\n]/.test(text[i + 1] ?? '')) {
          if (text[i + 1] !== '\n') words.take(i + 1, i + 2);
          i += 2;
          continue;
        }
        if (text[i] === '$' && text[i + 1] === '(') {
          const close = matchingParen(text, i + 1);
          words.take(i, Math.min(close + 1, text.length));
          i = close + 1;
          continue;
        }
        // A run of characters with nothing to undo.
        let j = i + 1;
        while (j < text.length && text[j] !== '"' && text[j] !== '\\' && text[j] !== '$') j++;
        words.take(i, j);
        i = j;
      }
      if (i >= text.length) unclosed = true;
      i++;
      continue;
    }
    if (c === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      const close = text[i + 1] === '(' ? matchingParen(text, i + 1) : text.indexOf('}', i + 1);
      const end = close < 0 ? text.length - 1 : close;
      if (text[end] !== (text[i + 1] === '(' ? ')' : '}')) unclosed = true;
      words.take(i, end + 1);
      i = end + 1;
      continue;
    }
    if (c === '`') {
      const close = text.indexOf('`', i + 1);
      const end = close < 0 ? text.length - 1 : close;
      if (close < 0) unclosed = true;
      words.take(i, end + 1);
      i = end + 1;
      continue;
    }
    // A run of ordinary characters at once.
    let j = i + 1;
    // By character code: a Set of one-character strings costs a string and a hash per character.
    while (j < text.length) {
      const code = text.charCodeAt(j);
      if (code < 128 && WORD_SPECIAL[code] === 1) break;
      j++;
    }
    words.take(i, j);
    i = j;
  }
  return words.finish(i, quoted, unclosed);
}

/** Index of the `)` closing the `(` at `open`, quotes and nesting respected (or the text's end). */
function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      i = close < 0 ? text.length : close;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return text.length - 1;
}

function link(commands: Array<Omit<ShellCommand, 'next'>>): ShellCommand[] {
  const linked = commands as ShellCommand[];
  for (let k = 0; k + 1 < linked.length; k++) linked[k]!.next = linked[k + 1];
  return linked;
}

const POSIX_SHELLS = /(^|\/)(sh|bash|ash|dash|zsh|ksh|mksh|busybox)$/;

/** Whether the stage's RUN lines (up to `instruction`) are run by a POSIX shell: no `SHELL` to PowerShell or cmd. */
function posixShell(stage: DockerStage, instruction: DockerInstruction, model: DockerfileModel): boolean {
  if (model.escape !== '\\') return false;
  let shell: string | undefined;
  for (const s of [...stageChain(model, stage.index)].reverse()) {
    // Only SHELL instructions matter; reading just those keeps a file of many RUNs linear.
    for (const i of shellInstructions(s)) {
      if (s === stage && i.span.start >= instruction.span.start) break;
      const json = parseJsonArray(i.argsText.trim());
      shell = json?.kind === 'strings' ? json.values[0] : undefined;
    }
  }
  return shell === undefined || POSIX_SHELLS.test(shell);
}

const shellCache = new WeakMap<DockerStage, DockerInstruction[]>();

function shellInstructions(stage: DockerStage): DockerInstruction[] {
  let found = shellCache.get(stage);
  if (!found) {
    found = stage.instructions.filter((i) => i.keyword === 'SHELL');
    shellCache.set(stage, found);
  }
  return found;
}

/**
 * The shell script a `RUN` runs: its command line, and the body of a heredoc the shell itself
 * reads (`RUN <<EOF`, `RUN bash -e <<EOF`). Exec-form (`RUN ["…"]`) has no shell and no script.
 */
export function runScripts(source: string, model: DockerfileModel): ShellScript[] {
  // Several rules read the same scripts; the model is one file's, so it is the cache key.
  const cached = scriptCache.get(model);
  if (cached) return cached;
  const scripts: ShellScript[] = [];
  for (const stage of model.stages) {
    for (const instruction of stage.instructions) {
      if (instruction.keyword !== 'RUN' || instruction.jsonForm || !posixShell(stage, instruction, model)) continue;
      const line = parseShell(commandLineText(source, instruction, model.escape));
      const commands = [...line];
      const heredocShell = line.length === 1 && (line[0]!.words.length === 0 || POSIX_SHELLS.test(line[0]!.words[0]!.value));
      if (heredocShell) {
        for (const heredoc of instruction.heredocs) {
          const chomp = line[0]!.redirects.some((r) => r.op.endsWith('<<-'));
          commands.push(...parseShell(heredocText(source, heredoc, chomp)));
        }
      }
      scripts.push({ instruction, stage, commands: link(commands) });
    }
  }
  scriptCache.set(model, scripts);
  return scripts;
}

const scriptCache = new WeakMap<DockerfileModel, ShellScript[]>();

/** Programs that run the rest of their words as a command. */
const WRAPPERS: Record<string, RegExp | undefined> = {
  sudo: /^-(u|g|h|p|C|D|R|T|U)$|^--(user|group|host|prompt|close-from|chdir|chroot|command-timeout|other-user)$/,
  env: /^-(u|C|S)$|^--(unset|chdir)$/,
  exec: /^-a$/,
  nohup: undefined,
  time: undefined,
  command: undefined,
  nice: /^-n$/,
  stdbuf: undefined,
  'gosu': undefined,
  'su-exec': undefined,
};

export const programName = (word: ShellWord | undefined): string => (word ? word.value.slice(word.value.lastIndexOf('/') + 1) : '');

/**
 * The index of the word that is the program the command runs, looking past `sudo`, `env`,
 * `exec`, `nohup`, `time`, `nice` and their options (and `env`'s `A=1`).
 */
export function programIndex(command: ShellCommand, options: { throughSudo?: boolean } = {}): number | undefined {
  const words = command.words;
  let i = 0;
  while (i < words.length) {
    const name = programName(words[i]);
    // Own keys only: a program named `constructor` is no wrapper.
    if (!Object.hasOwn(WRAPPERS, name) || (name === 'sudo' && options.throughSudo === false)) return i;
    // gosu/su-exec take a user first.
    if (name === 'gosu' || name === 'su-exec') {
      i += 2;
      continue;
    }
    const valued = WRAPPERS[name];
    i++;
    while (i < words.length && (words[i]!.value.startsWith('-') || (name === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!.value)))) {
      if (words[i]!.value === '--') {
        i++;
        break;
      }
      i += valued?.test(words[i]!.value) ? 2 : 1;
    }
  }
  return undefined;
}

export interface Invocation {
  program: string;
  args: readonly ShellWord[];
  index: number;
}

/** The program's name and its arguments, wrappers skipped (worked out once per command: most rules ask). */
export function invocation(command: ShellCommand): Invocation | undefined {
  // Kept on the command itself: a WeakMap lookup cost more than the walk it saved.
  if (command.invocation === undefined) {
    const index = programIndex(command);
    command.invocation = index === undefined ? null : { program: programName(command.words[index]), args: command.words.slice(index + 1), index };
  }
  return command.invocation ?? undefined;
}

/** Stages whose files end up in the final image: the last stage and the stages it is built FROM. */
export function imageStages(model: DockerfileModel): Set<DockerStage> {
  const last = finalStage(model);
  return new Set(last ? stageChain(model, last.index) : []);
}

/** Whether a word list has an option (`-y`, `--no-cache`, or a short cluster holding the letter). */
export function hasOption(args: readonly ShellWord[], long: readonly string[], short?: string): boolean {
  return args.some((a) => {
    const v = a.value;
    if (long.some((l) => v === l || v.startsWith(`${l}=`))) return true;
    return short !== undefined && /^-[A-Za-z]+$/.test(v) && v.includes(short);
  });
}

export interface PathArg {
  value: string;
  span: Span;
}

/**
 * The sources and the destination of `COPY`/`ADD`: the words after the flags, or the strings of
 * the JSON form (each spanning the whole argument list, since JSON escapes hide exact columns).
 * A heredoc source (`COPY <<EOF /dest`) is left out of the sources.
 */
export function copyPaths(instruction: DockerInstruction): { sources: PathArg[]; dest?: PathArg } {
  const lastFlag = instruction.flags[instruction.flags.length - 1];
  const after = lastFlag ? lastFlag.span.end : instruction.argsSpan.start;
  let words: PathArg[];
  if (instruction.jsonForm) {
    const json = parseJsonArray(instruction.argsText.slice(after - instruction.argsSpan.start).trim());
    const values = json?.kind === 'strings' ? json.values : [];
    words = values.map((value) => ({ value, span: { start: after, end: instruction.argsSpan.end } }));
  } else {
    // BuildKit expands the words with its shell lexer, which removes the quotes.
    words = instruction.args.filter((a) => a.span.start >= after).map((a) => ({ value: a.value.replace(/^(["'])(.*)\1$/, '$2'), span: a.span }));
  }
  const dest = words.length > 1 ? words[words.length - 1] : undefined;
  const sources = words.slice(0, dest ? -1 : words.length).filter((w) => !/^\d*<<-?/.test(w.value));
  return { sources, ...(dest ? { dest } : {}) };
}

/** A URL `ADD` downloads (`http://`, `https://`), not a Git repository it clones. */
export function isRemoteUrl(source: string): boolean {
  return /^https?:\/\//i.test(source) && !isGitSource(source);
}

/** `ADD` of a Git repository: `git@…`, `git://…`, `ssh://…`, or a URL ending `.git` (with a `#ref` or `?ref=…`). */
export function isGitSource(source: string): boolean {
  return /^(git@|git:\/\/|ssh:\/\/)/i.test(source) || /\.git([#?].*)?$/i.test(source);
}

/** Options of package managers that take the next word as their value (`apt-get -o X=Y install`). */
const VALUE_OPTIONS: Record<string, RegExp> = {
  'apt-get': /^(-o|-c|-t|--option|--config-file|--target-release)$/,
  apt: /^(-o|-c|-t|--option|--config-file|--target-release)$/,
  apk: /^(-X|--repository|-p|--root|--arch|--cache-dir|--keys-dir|--repositories-file)$/,
  dnf: /^(-c|--config|-x|--exclude|-d|--debuglevel|-e|--errorlevel|-R|--randomwait|--installroot|--releasever|--repo|--repoid|--enablerepo|--disablerepo|--setopt)$/,
  yum: /^(-c|--config|-x|--exclude|-d|--debuglevel|-e|--errorlevel|-R|--randomwait|--installroot|--releasever|--enablerepo|--disablerepo|--setopt)$/,
  microdnf: /^(--config|--installroot|--releasever|--enablerepo|--disablerepo|--setopt)$/,
  zypper: /^(-c|--config|-R|--root|--reposd-dir|--cache-dir|--raw-cache-dir|--solv-cache-dir|--pkg-cache-dir)$/,
};

/** The subcommand word of a package manager (`install` in `apt-get -o X=Y -y install curl`). */
export function subcommand(program: string, args: readonly ShellWord[]): ShellWord | undefined {
  const valued = Object.hasOwn(VALUE_OPTIONS, program) ? VALUE_OPTIONS[program] : undefined;
  for (let i = 0; i < args.length; i++) {
    const value = args[i]!.value;
    if (!value.startsWith('-')) return args[i];
    if (valued?.test(value)) i++;
  }
  return undefined;
}
