/** The Dockerfile model that rules see: instructions with spans, grouped into stages. */
import type { ImageRef } from './image.js';
import type { Span } from './source.js';

export interface DockerInstruction {
  /** Upper-case keyword (`FROM`, `RUN`, …), whatever case it was written in. */
  keyword: string;
  /** The whole instruction, continuation lines and heredoc bodies included. */
  span: Span;
  /** The keyword itself. */
  keywordSpan: Span;
  /** Everything after the keyword, as written (continuations kept). */
  argsText: string;
  /** Span of `argsText` (empty at the end of the keyword when there are no arguments). */
  argsSpan: Span;
  /** Arguments split as the Dockerfile parser splits them, with spans; flags (`--from=x`) included. */
  args: Array<{ value: string; span: Span }>;
  /** `--name=value` flags before the arguments (`--from`, `--chown`, `--platform`, `--mount`, …). */
  flags: Array<{ name: string; value?: string; span: Span }>;
  /** JSON (exec) form for RUN/CMD/ENTRYPOINT/SHELL. */
  jsonForm: boolean;
  /** Heredoc bodies (`<<EOF`), in order. */
  heredocs: Array<{ name: string; content: string; span: Span }>;
}

export interface DockerStage {
  index: number;
  /** `AS name`, lower-cased as Docker compares them. */
  name?: string;
  from: DockerInstruction;
  /** The FROM image text after ARG resolution. */
  baseText: string;
  /** Span of the image word in FROM. */
  baseSpan: Span;
  /** The base is an earlier stage (by name or index); its index. */
  baseStage?: number;
  /** The base parsed as an image reference, when it is not a stage. */
  baseImage?: ImageRef;
  /** The base could not be fully resolved (an ARG without default). */
  baseUnresolved: boolean;
  instructions: DockerInstruction[];
  /** `USER` instructions in this stage, values ARG-resolved. */
  users: Array<{ value: string; span: Span; instruction: DockerInstruction }>;
}

export interface DockerfileModel {
  /** Instructions before the first FROM (global ARGs, parser directives excluded). */
  preamble: DockerInstruction[];
  stages: DockerStage[];
  /** Every instruction in order. */
  instructions: DockerInstruction[];
  /** Global ARG defaults (before the first FROM). */
  globalArgs: Map<string, string | undefined>;
  /** The escape character (`\` or `` ` ``). */
  escape: string;
}
