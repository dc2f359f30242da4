/**
 * One instruction of the model, assembled from BuildKit's view of its logical line
 * (`dockerfile-command.ts`) and the positioned words of `dockerfile-words.ts`.
 */
import type { DockerInstruction } from '../model/dockerfile.js';
import type { Span } from '../model/source.js';
import { type CommandLine, parseJsonArray, splitCommand } from './dockerfile-command.js';
import type { ScannedInstruction } from './dockerfile-scan.js';
import type { InstructionWords, Word } from './dockerfile-words.js';

/** An instruction with what the parser needs beyond the model: BuildKit's reading of it. */
export interface ParsedInstruction {
  instruction: DockerInstruction;
  command: CommandLine;
  /** Words after the flags, with positions (for RUN, only the first: see InstructionWords.all). */
  argWords: Word[];
}

/** Instructions whose arguments BuildKit reads as JSON when they look like a JSON array. */
const JSON_CAPABLE = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'ADD', 'COPY', 'VOLUME']);

export function buildInstruction(text: string, scanned: ScannedInstruction, read: InstructionWords): ParsedInstruction {
  const command = splitCommand(scanned.line);
  const keyword = command.keyword.toUpperCase();
  const { keywordSpan, words } = read;
  const argsSpan: Span =
    words.length > 0 ? { start: words[0]!.span.start, end: Math.max(scanned.commandEnd, words[0]!.span.start) } : { start: keywordSpan.end, end: keywordSpan.end };
  const { flags, consumed } = flagsOf(words, command.flags);
  const span = { start: scanned.start, end: scanned.end };
  const argsText = text.slice(argsSpan.start, argsSpan.end);
  const jsonForm = isJsonForm(keyword, command.rest);
  const heredocs = scanned.heredocs.map((h) => ({ name: h.name, content: h.content, span: h.span }));
  const all = read.all;
  let args: DockerInstruction['args'] | undefined;
  // RUN's words are read when something (a custom rule, a test) asks for them: a getter in the
  // literal, since defining one on the object afterwards takes V8's slow path for every RUN.
  const instruction: DockerInstruction = all
    ? { keyword, span, keywordSpan, argsText, argsSpan, get args() { return (args ??= positioned(all())); }, flags, jsonForm, heredocs }
    : { keyword, span, keywordSpan, argsText, argsSpan, args: positioned(words), flags, jsonForm, heredocs };
  return { instruction, command, argWords: words.slice(consumed) };
}

function positioned(words: Word[]): DockerInstruction['args'] {
  return words.map((w) => ({ value: w.value, span: w.span }));
}

function isJsonForm(keyword: string, rest: string): boolean {
  if (keyword === 'HEALTHCHECK') {
    // HEALTHCHECK CMD ["executable", "arg"]: the JSON follows the type word.
    const typeEnd = rest.search(/\s/);
    return typeEnd > 0 && parseJsonArray(rest.slice(typeEnd))?.kind === 'strings';
  }
  return JSON_CAPABLE.has(keyword) && parseJsonArray(rest)?.kind === 'strings';
}

/**
 * The leading `--name[=value]` words. A quoted flag value may hold blanks
 * (`--mount="type=cache, target=/x"`), so a flag runs over words until its quotes close; its
 * name and value are BuildKit's (quotes removed) when the counts agree.
 */
function flagsOf(words: Word[], buildkitFlags: string[]): { flags: DockerInstruction['flags']; consumed: number } {
  const groups: Array<{ span: Span; text: string }> = [];
  let k = 0;
  while (k < words.length) {
    const first = words[k]!;
    if (!first.value.startsWith('--')) break;
    k++;
    if (first.value === '--') break;
    let text = first.value;
    let end = first.span.end;
    while (hasOpenQuote(text) && k < words.length) {
      text += ' ' + words[k]!.value;
      end = words[k]!.span.end;
      k++;
    }
    groups.push({ span: { start: first.span.start, end }, text });
  }
  const useBuildkit = buildkitFlags.length === groups.length;
  const flags = groups.map((group, i) => {
    const flag = useBuildkit ? `--${buildkitFlags[i]!.replace(/^--/, '')}` : group.text;
    const body = flag.slice(2);
    const eq = body.indexOf('=');
    return eq < 0 ? { name: body, span: group.span } : { name: body.slice(0, eq), value: body.slice(eq + 1), span: group.span };
  });
  return { flags, consumed: k };
}

function hasOpenQuote(text: string): boolean {
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote === '') {
      if (ch === '\\') i++;
      else if (ch === '"' || ch === "'") quote = ch;
    } else if (ch === quote) quote = '';
    else if (ch === '\\' && quote === '"') i++;
  }
  return quote !== '';
}
