/**
 * Build stages, and what FROM and USER resolve to, following BuildKit's variable scopes
 * (moby/buildkit frontend/dockerfile/dockerfile2llb/convert.go):
 *
 * - FROM sees only the global ARGs, those declared before the first FROM; a global ARG's default
 *   may use the global ARGs before it.
 * - A stage sees its own ARGs from their declaration on (a bare `ARG NAME` re-imports the global
 *   default) and the ENV it sets or inherits from a stage it is built FROM; ENV wins over ARG.
 * - A FROM names an earlier stage by its `AS` name (stage names are compared lower-cased) or,
 *   as `COPY --from=0` does, by its index.
 */
import type { DockerInstruction, DockerStage } from '../model/dockerfile.js';
import { parseImageRef } from '../model/image.js';
import type { Span } from '../model/source.js';
import { parseArgNames, parseNameValues, splitWhitespace } from './dockerfile-command.js';
import { type Expansion, type VariableLookup, type VariableValue, expandWord } from './dockerfile-expand.js';
import type { ParsedInstruction } from './dockerfile-instruction.js';

export interface StagedDockerfile {
  preamble: DockerInstruction[];
  stages: DockerStage[];
  globalArgs: Map<string, string | undefined>;
}

/** A variable's value as far as cguard knows it; `undefined` = declared without a value. */
type Known = Expansion | undefined;

const UNKNOWN: VariableValue = { kind: 'unknown' };

function valueOf(known: Known): VariableValue {
  return known === undefined || known.unresolved ? UNKNOWN : { kind: 'set', value: known.value };
}

interface StageScope {
  stage: DockerStage;
  args: Map<string, Known>;
  env: Map<string, Known>;
}

export function buildStages(parsed: ParsedInstruction[], escape: string): StagedDockerfile {
  const globals = new Map<string, Known>();
  // Names no ARG declares (the automatic TARGETARCH & co., or ones the base image sets) are unknown.
  const globalLookup: VariableLookup = (name) => (globals.has(name) ? valueOf(globals.get(name)) : UNKNOWN);
  const preamble: DockerInstruction[] = [];
  const scopes: StageScope[] = [];

  for (const item of parsed) {
    const { instruction } = item;
    if (instruction.keyword === 'FROM') {
      scopes.push(startStage(item, scopes, globalLookup, escape));
      continue;
    }
    const scope = scopes[scopes.length - 1];
    if (!scope) {
      preamble.push(instruction);
      if (instruction.keyword === 'ARG') declareGlobalArgs(item, globals, globalLookup, escape);
      continue;
    }
    scope.stage.instructions.push(instruction);
    applyToStage(item, scope, globals, escape);
  }

  const globalArgs = new Map<string, string | undefined>();
  for (const [name, known] of globals) globalArgs.set(name, known?.value);
  return { preamble, stages: scopes.map((s) => s.stage), globalArgs };
}

function declareGlobalArgs(item: ParsedInstruction, globals: Map<string, Known>, lookup: VariableLookup, escape: string): void {
  const result = parseArgNames(item.command.rest, escape);
  if ('error' in result) return;
  for (const { name, value } of result.pairs) {
    if (value !== undefined) globals.set(name, expandWord(value, lookup, escape));
    else if (!globals.has(name)) globals.set(name, undefined);
  }
}

function startStage(item: ParsedInstruction, earlier: StageScope[], lookup: VariableLookup, escape: string): StageScope {
  const { instruction, command, argWords } = item;
  const args = splitWhitespace(command.rest);
  const index = earlier.length;
  const name = args.length === 3 && args[1]!.toLowerCase() === 'as' ? args[2]!.toLowerCase() : undefined;
  const base = args[0] === undefined ? { value: '', unresolved: true } : expandWord(args[0], lookup, escape);
  const baseSpan: Span = argWords[0]?.span ?? instruction.argsSpan;
  const baseStage = base.unresolved ? undefined : findStage(base.value, earlier);
  const stage: DockerStage = {
    index,
    from: instruction,
    baseText: base.value,
    baseSpan,
    baseUnresolved: base.unresolved,
    instructions: [instruction],
    users: [],
  };
  if (name !== undefined) stage.name = name;
  if (baseStage !== undefined) stage.baseStage = baseStage;
  else if (!base.unresolved) stage.baseImage = parseImageRef(base.value);
  // A stage built FROM another starts from that image's configuration, ENV included; ARGs are per stage.
  const env = new Map(baseStage === undefined ? [] : earlier[baseStage]!.env);
  return { stage, args: new Map(), env };
}

function findStage(base: string, earlier: StageScope[]): number | undefined {
  const wanted = base.toLowerCase();
  const named = earlier.find((scope) => scope.stage.name === wanted);
  if (named) return named.stage.index;
  if (/^\d+$/.test(base) && Number(base) < earlier.length) return Number(base);
  return undefined;
}

function applyToStage(item: ParsedInstruction, scope: StageScope, globals: Map<string, Known>, escape: string): void {
  const lookup: VariableLookup = (name) => {
    if (scope.env.has(name)) return valueOf(scope.env.get(name));
    if (scope.args.has(name)) return valueOf(scope.args.get(name));
    return UNKNOWN;
  };
  const { instruction, command } = item;
  switch (instruction.keyword) {
    case 'ARG': {
      const result = parseArgNames(command.rest, escape);
      if ('error' in result) return;
      for (const { name, value } of result.pairs) {
        scope.args.set(name, value !== undefined ? expandWord(value, lookup, escape) : globals.get(name));
      }
      return;
    }
    case 'ENV': {
      const result = parseNameValues('ENV', command.rest, escape);
      if ('error' in result) return;
      // Every value of one ENV line sees the variables as they were before that line.
      const values = result.pairs.map((pair) => [pair.name, expandWord(pair.value ?? '', lookup, escape)] as const);
      for (const [name, value] of values) scope.env.set(name, value);
      return;
    }
    case 'USER': {
      if (command.rest === '') return;
      // USER takes the whole rest of the line as one value, then substitutes variables in it.
      const user = expandWord(command.rest, lookup, escape);
      const start = item.argWords[0]?.span.start ?? instruction.argsSpan.start;
      scope.stage.users.push({ value: user.value, span: { start, end: instruction.argsSpan.end }, instruction });
      return;
    }
  }
}
