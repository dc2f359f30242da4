/**
 * Dockerfile parser: the model rules see (src/model/dockerfile.ts) and the CG000 errors for what
 * BuildKit, the builder behind `docker build`, refuses to read.
 *
 * Pipeline: `scanDockerfile` cuts the text into instructions as BuildKit does, `readInstructionWords`
 * positions each instruction's words (as dockerfile-ast did), `buildInstruction` assembles the model's
 * instruction, `checkInstruction` finds refusals, and `buildStages` groups stages and resolves
 * FROM and USER.
 */
import type { DockerfileModel, DockerInstruction } from '../model/dockerfile.js';
import { parseImageRef } from '../model/image.js';
import type { SourceFile } from '../model/source.js';
import { checkInstruction, INSTRUCTIONS } from './dockerfile-checks.js';
import { trimGoSpace } from './dockerfile-command.js';
import { buildInstruction, type ParsedInstruction } from './dockerfile-instruction.js';
import { LINE_TOO_LONG, type ParserDirective, scanDockerfile } from './dockerfile-scan.js';
import { buildStages } from './dockerfile-stages.js';
import { readInstructionWords } from './dockerfile-words.js';
import type { ParseError, ParseResult } from './types.js';

export function parseDockerfile(file: SourceFile): ParseResult<DockerfileModel> {
  try {
    return parse(file.text, file.bom);
  } catch (error) {
    // A bug in cguard must not stop the scan; the file is reported instead of the crash.
    const reason = error instanceof Error ? error.message : String(error);
    return { errors: [{ message: `could not parse the Dockerfile (internal error: ${reason.split('\n')[0]})`, span: { start: 0, end: 0 } }] };
  }
}

function parse(text: string, bom: boolean): ParseResult<DockerfileModel> {
  const scan = scanDockerfile(text);
  // BuildKit refuses a file with a line over its limit outright, so rules get no model.
  if (scan.errors.some((e) => e.message === LINE_TOO_LONG)) return { errors: scan.errors };
  const words = readInstructionWords(text, scan);
  const parsed = scan.instructions.map((scanned, k) => buildInstruction(text, scanned, words[k]!));
  const errors = [...scan.errors];
  if (!usesAnotherFrontend(scan.directives)) {
    errors.push(...structureErrors(text.length === 0 && !bom, parsed));
    for (const item of parsed) {
      const error = checkInstruction(item, scan.escape);
      if (error) errors.push(error);
    }
  }
  errors.sort((a, b) => a.span.start - b.span.start);

  // BuildKit reads the rest of the file into a heredoc that never ends; what follows is not
  // known to be instructions, so rules get no model rather than a wrong one.
  if (scan.instructions.some((i) => i.heredocs.some((h) => !h.terminated))) return { errors };

  const { preamble, stages, globalArgs } = buildStages(parsed, scan.escape);
  const instructions = parsed.map((p) => p.instruction);
  return { model: { preamble, stages, instructions, globalArgs, escape: scan.escape }, errors };
}

const KNOWN = new Set<string>(INSTRUCTIONS);

/** An empty file, a file without FROM, and instructions before the first FROM other than ARG. */
function structureErrors(empty: boolean, parsed: ParsedInstruction[]): ParseError[] {
  const instructions = parsed.map((p) => p.instruction);
  if (instructions.length === 0) {
    const message = empty ? 'the Dockerfile cannot be empty' : 'file with no instructions';
    return [{ message, span: { start: 0, end: 0 } }];
  }
  const firstFrom = instructions.findIndex((i) => i.keyword === 'FROM');
  if (firstFrom < 0) {
    const first = instructions.find((i) => i.keyword !== 'ARG') ?? instructions[0]!;
    return [{ message: 'dockerfile contains no stages to build: add a FROM instruction', span: first.keywordSpan }];
  }
  return instructions
    .slice(0, firstFrom)
    .filter((i) => i.keyword !== 'ARG' && KNOWN.has(i.keyword))
    .map((i: DockerInstruction) => ({
      message: `no build stage in current context: ${i.keyword} comes before the first FROM (only ARG may)`,
      span: i.keywordSpan,
    }));
}

/**
 * `# syntax=` may hand the file to another frontend with its own instructions; then only
 * docker/dockerfile's rules are known not to apply, and cguard reports no refusals it cannot vouch for.
 */
function usesAnotherFrontend(directives: ParserDirective[]): boolean {
  const syntax = directives.find((d) => d.name === 'syntax');
  if (!syntax) return false;
  const image = parseImageRef(trimGoSpace(syntax.value).split(/\s/)[0]!);
  return image.registry !== 'docker.io' || !/^docker\/dockerfile(-upstream)?$/.test(image.repository);
}
