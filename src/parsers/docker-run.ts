/**
 * `docker`/`podman` command lines: which runtime command the words are (`run`/`create`,
 * `compose …`, `stop`), with the runtime's own flags before the subcommand, `/usr/bin/env`
 * in front, and `docker container …` aliases. How flags and values are told apart is in
 * docker-run-flags.ts; for `run` the first word that is not a flag is the IMAGE and everything
 * after it is the container's command.
 */
import type { Field } from '../model/container.js';
import type { ExecWord } from '../model/unit.js';
import { FLAGS, flagIsTrue, scanFlags, type RunFlag, type RunProblem } from './docker-run-flags.js';

export { flagIsTrue, flagValuePart, wordPart, type RunFlag, type RunProblem } from './docker-run-flags.js';

export type Runtime = 'docker' | 'podman';

/** `docker run|create`, `docker container run|create`, `podman run|create`, … */
export interface RunInvocation {
  kind: 'run';
  runtime: Runtime;
  subcommand: 'run' | 'create';
  words: readonly ExecWord[];
  subcommandWord: ExecWord;
  /** Flags of the `docker`/`podman` command itself, before the subcommand (`-H`, `--root`). */
  globalFlags: RunFlag[];
  flags: RunFlag[];
  image?: ExecWord;
  imageIndex?: number;
  /** Index of the `--` that ends the flags (`docker run --rm -- IMAGE`), when there is one. */
  terminatorIndex?: number;
  /** The container's command and arguments, after the image. */
  command: ExecWord[];
  /**
   * Words cguard cannot read (a `$OPTS` with no known value) where flags are read: systemd
   * splits them into any number of words, so they may hold flags. When no word follows them,
   * the last one is taken as the image.
   */
  opaque: ExecWord[];
  problems: RunProblem[];
}

/** `docker compose …`, `docker-compose …`, `podman compose …`, `podman-compose …`. */
export interface ComposeInvocation {
  kind: 'compose';
  runtime: Runtime;
  /** `docker-compose`/`podman-compose`, a program of its own, rather than the CLI plugin. */
  standalone: boolean;
  words: readonly ExecWord[];
  globalFlags: RunFlag[];
  /** Flags of compose itself (`-f`, `-p`, `--project-directory`, …). */
  composeFlags: RunFlag[];
  /** `up`, `down`, `pull`, …; undefined when none is given. */
  subcommand?: ExecWord;
  subcommandFlags: RunFlag[];
  /** `-f/--file`, in order. */
  files: Field<string>[];
  projectDirectory?: Field<string>;
  projectName?: Field<string>;
  /** `up -d`/`--detach` (the CLI returns once the containers are started). */
  detach?: RunFlag;
  /** Positional words after the subcommand (service names for `up`). */
  services: ExecWord[];
  problems: RunProblem[];
}

/** `docker stop`, `docker container stop`, `podman stop`. */
export interface StopInvocation {
  kind: 'stop';
  runtime: Runtime;
  words: readonly ExecWord[];
  flags: RunFlag[];
  /** `-t N`, `--timeout N` or `--time N`, in seconds, when it is a number. */
  timeout?: Field<number>;
  containers: ExecWord[];
  problems: RunProblem[];
}

export type RuntimeInvocation = RunInvocation | ComposeInvocation | StopInvocation;


// A Map, not an object: `ExecStart=toString` must not find Object.prototype.toString.
const RUNTIMES = new Map<string, { runtime: Runtime; standaloneCompose: boolean }>([
  ['docker', { runtime: 'docker', standaloneCompose: false }],
  ['podman', { runtime: 'podman', standaloneCompose: false }],
  ['podman-remote', { runtime: 'podman', standaloneCompose: false }],
  ['docker-compose', { runtime: 'docker', standaloneCompose: true }],
  ['podman-compose', { runtime: 'podman', standaloneCompose: true }],
]);

const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** Index of the runtime's executable: the first word, or the program `env` runs. */
function executableIndex(words: readonly ExecWord[]): number | undefined {
  if (words.length === 0) return undefined;
  if (basename(words[0]!.value) !== 'env') return 0;
  // env(1): options, then NAME=VALUE assignments, then the program.
  for (let i = 1; i < words.length; i++) {
    const text = words[i]!.value;
    if (text === '-u' || text === '--unset' || text === '-C' || text === '--chdir') i++;
    else if (text === '-S' || text.startsWith('--split-string') || text === '--') return undefined;
    else if (!text.startsWith('-') && !/^[^=]+=/.test(text)) return i;
  }
  return undefined;
}

interface Head {
  runtime: Runtime;
  standalone: boolean;
  globalFlags: RunFlag[];
  problems: RunProblem[];
  /** Index of the subcommand word (after `container`), or of the first compose word. */
  at: number;
  subcommand?: string;
}

function readHead(words: readonly ExecWord[]): Head | undefined {
  const exe = executableIndex(words);
  const known = exe === undefined ? undefined : RUNTIMES.get(basename(words[exe]!.value));
  if (exe === undefined || !known) return undefined;
  const { runtime, standaloneCompose } = known;
  if (standaloneCompose) return { runtime, standalone: true, globalFlags: [], problems: [], at: exe + 1, subcommand: 'compose' };
  const globals = scanFlags(words, exe + 1, FLAGS[runtime].global);
  let at = globals.next;
  if (words[at]?.value === 'container') at++;
  const subcommand = words[at]?.value;
  return { runtime, standalone: false, globalFlags: globals.flags, problems: globals.problems, at, subcommand };
}

export function parseContainerCommand(words: readonly ExecWord[]): RunInvocation | undefined {
  const head = readHead(words);
  if (!head || head.standalone || (head.subcommand !== 'run' && head.subcommand !== 'create')) return undefined;
  const scan = scanFlags(words, head.at + 1, FLAGS[head.runtime].run, { skipOpaque: true });
  let imageIndex: number | undefined = scan.next < words.length ? scan.next : undefined;
  if (imageIndex === undefined && scan.opaque.length > 0) imageIndex = words.lastIndexOf(scan.opaque[scan.opaque.length - 1]!);
  return {
    kind: 'run',
    runtime: head.runtime,
    subcommand: head.subcommand,
    words,
    subcommandWord: words[head.at]!,
    globalFlags: head.globalFlags,
    flags: scan.flags,
    ...(imageIndex !== undefined ? { image: words[imageIndex]!, imageIndex } : {}),
    command: imageIndex === undefined ? [] : words.slice(imageIndex + 1),
    ...(scan.terminator !== undefined ? { terminatorIndex: scan.terminator } : {}),
    opaque: scan.opaque,
    problems: [...head.problems, ...scan.problems],
  };
}

export function parseComposeCommand(words: readonly ExecWord[]): ComposeInvocation | undefined {
  const head = readHead(words);
  if (!head || head.subcommand !== 'compose') return undefined;
  const start = head.standalone ? head.at : head.at + 1;
  const compose = scanFlags(words, start, FLAGS.composeGlobal);
  const subcommand = words[compose.next];
  const sub = subcommand
    ? scanFlags(words, compose.next + 1, subcommand.value === 'up' ? FLAGS.composeUp : FLAGS.composeGlobal)
    : { flags: [], next: words.length, opaque: [], problems: [] };
  const field = (flag: RunFlag): Field<string> => ({ value: flag.value ?? '', span: flag.valueSpan ?? flag.span });
  const last = (name: string) => compose.flags.filter((f) => f.name === name && f.value !== undefined).pop();
  const invocation: ComposeInvocation = {
    kind: 'compose',
    runtime: head.runtime,
    standalone: head.standalone,
    words,
    globalFlags: head.globalFlags,
    composeFlags: compose.flags,
    subcommandFlags: sub.flags,
    files: compose.flags.filter((f) => f.name === 'file' && f.value !== undefined).map(field),
    services: words.slice(sub.next),
    problems: [...head.problems, ...compose.problems],
  };
  if (subcommand) invocation.subcommand = subcommand;
  const directory = last('project-directory');
  if (directory) invocation.projectDirectory = field(directory);
  const project = last('project-name');
  if (project) invocation.projectName = field(project);
  const detach = subcommand?.value === 'up' ? sub.flags.filter((f) => f.name === 'detach').pop() : undefined;
  if (detach && flagIsTrue(detach)) invocation.detach = detach;
  return invocation;
}

export function parseStopCommand(words: readonly ExecWord[]): StopInvocation | undefined {
  const head = readHead(words);
  if (!head || head.standalone || head.subcommand !== 'stop') return undefined;
  const scan = scanFlags(words, head.at + 1, FLAGS.stop);
  const invocation: StopInvocation = {
    kind: 'stop',
    runtime: head.runtime,
    words,
    flags: scan.flags,
    containers: words.slice(scan.next),
    problems: [...head.problems, ...scan.problems],
  };
  const timeout = scan.flags.filter((f) => f.name === 'timeout' && f.value !== undefined).pop();
  if (timeout && /^-?\d+$/.test(timeout.value!)) {
    invocation.timeout = { value: Number(timeout.value), span: timeout.valueSpan ?? timeout.span };
  }
  return invocation;
}

/** Whichever of run/create, compose or stop the words are. */
export function parseRuntimeCommand(words: readonly ExecWord[]): RuntimeInvocation | undefined {
  return parseContainerCommand(words) ?? parseComposeCommand(words) ?? parseStopCommand(words);
}
