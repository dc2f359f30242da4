/**
 * `docker`/`podman` flags: which take a value, and how pflag (spf13/pflag, facts §5) splits
 * argv into flags. A value flag eats the next word, a boolean does not, so a wrong table turns
 * a flag's value into the IMAGE.
 *
 * pflag rules that matter: `--f=v` and `--f v`; `-p 80:80`, `-p80:80`, `-p=80:80`; clusters of
 * booleans where the last letter may take a value (`-itp 80:80`, `-dp80:80`); `--rm=false`;
 * `--` ends the flags; with interspersing off the first word that is not a flag stops them.
 *
 * Sources: docker/cli `cli/command/container/opts.go`, `run.go`, `create.go` and the root
 * command (facts §5); podman's `podman.1.md` and `podman-run.1.md` (containers/podman).
 */
import type { Span } from '../model/source.js';
import type { ExecWord } from '../model/unit.js';
import type { ExpandedWord } from './exec-line.js';

export interface FlagSpec {
  /** Canonical long name, without dashes. */
  name: string;
  short?: string;
  value: boolean;
}

export interface FlagTable {
  long: ReadonlyMap<string, FlagSpec>;
  short: ReadonlyMap<string, FlagSpec>;
}

export interface RunFlag {
  /** Canonical long name without dashes: `publish` for `-p`, `network` for `--net`. */
  name: string;
  /** The flag as written, without its value: `--net`, `-p`, `-t` (out of `-itd`). */
  written: string;
  /** The value; for a boolean only an explicit one (`--rm=false`), else undefined. */
  value?: string;
  valueSpan?: Span;
  /** The flag's own characters (one letter of a cluster when the word can be read as written). */
  flagSpan: Span;
  /** The flag and its value: one word (`--name=web`) or two (`--name web`). */
  span: Span;
  /** Index in the words of the flag, and of its value when that is a word of its own. */
  wordIndex: number;
  valueWordIndex?: number;
  /** `unknown`: not in cguard's tables (taken as a value flag only in the `--x=v` form). */
  kind: 'value' | 'bool' | 'unknown';
  /** The word holds other flags too (`-itd`). */
  inCluster: boolean;
  /** The pre-1.0 single-dash long form (`-rm`, `-name`) that current CLIs reject. */
  legacy?: boolean;
}

export interface RunProblem {
  message: string;
  span: Span;
}

const words = (text: string) => text.trim().split(/\s+/);

/**
 * Build a table from `name` (boolean), `name=` (value), `name/x` (short form), and
 * `alias>name` (a hidden alias of `name`).
 */
function table(...groups: string[]): FlagTable {
  const long = new Map<string, FlagSpec>();
  const short = new Map<string, FlagSpec>();
  const aliases: Array<[string, string]> = [];
  for (const item of groups.flatMap(words)) {
    const alias = /^([^>]+)>(.+)$/.exec(item);
    if (alias) {
      aliases.push([alias[1]!, alias[2]!]);
      continue;
    }
    const [, name, shortName, eq] = /^([a-z0-9-]+)(?:\/([A-Za-z]))?(=?)$/.exec(item)!;
    const spec: FlagSpec = { name: name!, value: eq === '=', ...(shortName ? { short: shortName } : {}) };
    long.set(spec.name, spec);
    if (shortName) short.set(shortName, spec);
  }
  for (const [alias, name] of aliases) long.set(alias, long.get(name)!);
  return { long, short };
}

/** `docker run`/`docker create` (create lacks -d, --detach-keys, --sig-proxy; accepting them is harmless). */
const DOCKER_RUN = [
  // booleans
  'detach/d interactive/i tty/t publish-all/P quiet/q rm privileged read-only init no-healthcheck',
  'oom-kill-disable sig-proxy use-api-socket help disable-content-trust',
  // value flags with a short form
  'attach/a= cpu-shares/c= env/e= hostname/h= label/l= memory/m= publish/p= user/u= volume/v= workdir/w=',
  // long-only value flags
  'add-host= annotation= blkio-weight= blkio-weight-device= cap-add= cap-drop= cgroup-parent= cgroupns= cidfile=',
  'cpu-count= cpu-percent= cpu-period= cpu-quota= cpu-rt-period= cpu-rt-runtime= cpus= cpuset-cpus= cpuset-mems=',
  'detach-keys= device= device-cgroup-rule= device-read-bps= device-read-iops= device-write-bps= device-write-iops=',
  'dns= dns-option= dns-search= domainname= entrypoint= env-file= expose= gpus= group-add= health-cmd=',
  'health-interval= health-retries= health-start-interval= health-start-period= health-timeout=',
  'io-maxbandwidth= io-maxiops= ip= ip6= ipc= isolation= label-file= link= link-local-ip= log-driver= log-opt=',
  'mac-address= memory-reservation= memory-swap= memory-swappiness= mount= name= network= network-alias=',
  'oom-score-adj= pid= pids-limit= platform= pull= restart= runtime= security-opt= shm-size= stop-signal=',
  'stop-timeout= storage-opt= sysctl= tmpfs= ulimit= userns= uts= volume-driver= volumes-from= kernel-memory=',
  // hidden aliases
  'net>network net-alias>network-alias dns-opt>dns-option',
];

/** Flags `podman run`/`create` has beyond Docker's (podman-run.1.md). */
const PODMAN_RUN_EXTRA = [
  'replace rootfs env-host http-proxy no-hosts no-hostname passwd read-only-tmpfs rmi tls-verify unsetenv-all',
  'arch= authfile= cert-dir= cgroup-conf= cgroups= chrootdirs= conmon-pidfile= creds= decryption-key= env-merge=',
  'gidmap= group-entry= health-log-destination= health-max-log-count= health-max-log-size= health-on-failure=',
  'health-startup-cmd= health-startup-interval= health-startup-retries= health-startup-success=',
  'health-startup-timeout= hostuser= hosts-file= image-volume= init-path= os= passwd-entry= personality= pidfile=',
  'pod= pod-id-file= preserve-fd= preserve-fds= rdt-class= requires= retry= retry-delay= sdnotify= seccomp-policy=',
  'secret= shm-size-systemd= subgidname= subuidname= systemd= timeout= timezone= uidmap= umask= unsetenv= variant=',
];

/** Flags of the `docker` command itself, allowed before the subcommand. */
const DOCKER_GLOBAL = [
  'debug/D tls tlsverify help/h version/v',
  'host/H= context/c= config= log-level/l= tlscacert= tlscert= tlskey=',
];

/**
 * Flags of the `podman` command itself (podman.1.md, 4.x–5.x). They are persistent cobra
 * flags, so their long forms are accepted after `run` as well.
 */
const PODMAN_GLOBAL = [
  'remote/r noout syslog transient-store help/h version/v',
  'cdi-spec-dir= cgroup-manager= cni-config-dir= config= conmon= connection/c= db-backend= events-backend=',
  'hooks-dir= identity= imagestore= log-level= module= namespace= network-cmd-path= network-config-dir= out=',
  'root= runroot= runtime= runtime-flag= ssh= storage-driver= storage-opt= tmpdir= url= volumepath=',
];

/** `docker stop` / `podman stop`: `-t` is the grace period (`--time` is Docker's deprecated spelling). */
const STOP = ['all/a ignore/i latest/l help', 'timeout/t= signal/s= cidfile= filter/f=', 'time>timeout'];

/** `docker compose` / `docker-compose` before the compose subcommand (v2 and v1). */
const COMPOSE_GLOBAL = [
  'compatibility dry-run all-resources verbose no-ansi tls tlsverify skip-hostname-check help/h version/v',
  'file/f= project-name/p= project-directory= env-file= profile= ansi= parallel= progress= workdir=',
  'host/H= context/c= log-level= tlscacert= tlscert= tlskey=',
];

/** `compose up`: its value flags, so a value is not taken for a service name. */
const COMPOSE_UP = [
  'detach/d build no-build force-recreate no-recreate no-deps remove-orphans abort-on-container-exit wait',
  'attach= exit-code-from= no-attach= pull= scale= timeout/t= wait-timeout=',
];

/** Podman's run table: Docker's, its own extras, and the long forms of its global flags. */
function podmanRun(): FlagTable {
  const run = table(...DOCKER_RUN, ...PODMAN_RUN_EXTRA);
  const long = new Map(run.long);
  for (const [name, spec] of table(...PODMAN_GLOBAL).long) if (!long.has(name)) long.set(name, spec);
  return { long, short: run.short };
}

export const FLAGS = {
  docker: { global: table(...DOCKER_GLOBAL), run: table(...DOCKER_RUN) },
  podman: { global: table(...PODMAN_GLOBAL), run: podmanRun() },
  stop: table(...STOP),
  composeGlobal: table(...COMPOSE_GLOBAL),
  composeUp: table(...COMPOSE_UP),
} as const;

/** The span of characters `[from, to)` of a word's value, or the whole word when unknown. */
export function wordPart(word: ExecWord, from: number, to = word.value.length): Span {
  const o = word.offsets;
  if (!o || o.length !== word.value.length + 1) return word.span;
  if (to <= from) return { start: o[from]!, end: o[from]! };
  return { start: o[from]!, end: o[to - 1]! + 1 };
}

/**
 * The span of characters `[from, to)` of a flag's value. A value is either a word of its own
 * or the end of the flag's word (`--cap-drop=A,B`), so its place in that word is known.
 */
export function flagValuePart(words: readonly ExecWord[], flag: RunFlag, from: number, to?: number): Span {
  const value = flag.value ?? '';
  const word = words[flag.valueWordIndex ?? flag.wordIndex]!;
  const base = word.value.length - value.length;
  return wordPart(word, base + from, base + (to ?? value.length));
}

/** pflag/strconv.ParseBool: a boolean flag with no value is true. */
export function flagIsTrue(flag: RunFlag): boolean {
  return flag.value === undefined || !/^(0|f|false|F|FALSE|False)$/.test(flag.value);
}

const LONE_VARIABLE = /^\$[A-Za-z_][A-Za-z0-9_]*$/;

/** A `$VAR` word that was not expanded: it may stand for any number of words. */
function isOpaque(word: ExecWord): boolean {
  return LONE_VARIABLE.test(word.value) && (word as ExpandedWord).written === undefined;
}

export interface FlagScan {
  flags: RunFlag[];
  /** Index of the first positional word (words.length when none). */
  next: number;
  /** Index of the `--` that ended the flags, when one did. */
  terminator?: number;
  opaque: ExecWord[];
  problems: RunProblem[];
}

/** Read flags from `from` up to the first positional word, as pflag with interspersing off. */
export function scanFlags(words: readonly ExecWord[], from: number, table: FlagTable, options: { skipOpaque?: boolean } = {}): FlagScan {
  const scan: FlagScan = { flags: [], next: words.length, opaque: [], problems: [] };
  const problem = (message: string, span: Span) => scan.problems.push({ message, span });
  let i = from;
  while (i < words.length) {
    const word = words[i]!;
    const text = word.value;
    if (options.skipOpaque && isOpaque(word)) {
      scan.opaque.push(word);
      i++;
      continue;
    }
    if (text === '--') {
      scan.next = i + 1;
      scan.terminator = i;
      return scan;
    }
    if (!text.startsWith('-') || text === '-') {
      scan.next = i;
      return scan;
    }
    const legacy = !text.startsWith('--') && legacyLongName(text.slice(1), table);
    if (text.startsWith('--') || legacy) {
      i = readLong(words, i, table, text.startsWith('--') ? 2 : 1, scan, problem);
      if (legacy) {
        const name = text.slice(1).split('=')[0];
        scan.flags[scan.flags.length - 1]!.legacy = true;
        problem(`legacy flag -${name}: current CLIs reject single-dash long flags; write --${name}`, word.span);
      }
    } else {
      i = readCluster(words, i, table, scan, problem);
    }
  }
  return scan;
}

/**
 * Docker before 1.0 parsed flags with Go's `flag` package, so units from that time say `-rm`
 * and `-name web`. Read such a word as the long flag when its name is one and pflag could not
 * read it as a cluster of short flags, or the name is three letters or more (`-link` would
 * otherwise be `-l ink`).
 */
function legacyLongName(body: string, table: FlagTable): boolean {
  const name = body.split('=')[0]!;
  if (name.length < 2 || !table.long.has(name)) return false;
  if (name.length >= 3) return true;
  return [...name].some((c) => !table.short.has(c));
}

function readLong(
  words: readonly ExecWord[], i: number, table: FlagTable, dashes: number, scan: FlagScan,
  problem: (message: string, span: Span) => void,
): number {
  const word = words[i]!;
  const body = word.value.slice(dashes);
  const eq = body.indexOf('=');
  const name = eq < 0 ? body : body.slice(0, eq);
  const spec: FlagSpec | undefined = table.long.get(name);
  const flagSpan = wordPart(word, 0, dashes + name.length);
  const flag: RunFlag = {
    name: spec?.name ?? name,
    written: word.value.slice(0, dashes + name.length),
    flagSpan,
    span: word.span,
    wordIndex: i,
    kind: spec ? (spec.value ? 'value' : 'bool') : 'unknown',
    inCluster: false,
  };
  if (!spec) problem(`unknown flag: --${name}`, flagSpan);
  scan.flags.push(flag);
  if (eq >= 0) {
    flag.value = body.slice(eq + 1);
    flag.valueSpan = wordPart(word, dashes + eq + 1);
    return i + 1;
  }
  if (!spec?.value) return i + 1;
  return takeNextWord(words, i, flag, problem);
}

function takeNextWord(words: readonly ExecWord[], i: number, flag: RunFlag, problem: (m: string, s: Span) => void): number {
  const valueWord = words[i + 1];
  if (!valueWord) {
    problem(`flag needs an argument: ${flag.written}`, flag.flagSpan);
    return i + 1;
  }
  flag.value = valueWord.value;
  flag.valueSpan = valueWord.span;
  flag.valueWordIndex = i + 1;
  flag.span = { start: flag.span.start, end: valueWord.span.end };
  return i + 2;
}

function readCluster(
  words: readonly ExecWord[], i: number, table: FlagTable, scan: FlagScan,
  problem: (message: string, span: Span) => void,
): number {
  const word = words[i]!;
  const text = word.value;
  // One flag when the first letter takes the rest as its value (`-p80:80`, `-d=false`).
  const inCluster = text.length > 2 && text[2] !== '=' && !table.short.get(text[1]!)?.value;
  for (let j = 1; j < text.length; j++) {
    const letter = text[j]!;
    const spec = table.short.get(letter);
    const flagSpan = inCluster ? wordPart(word, j, j + 1) : wordPart(word, 0, 2);
    const flag: RunFlag = {
      name: spec?.name ?? letter,
      written: `-${letter}`,
      flagSpan,
      span: inCluster ? flagSpan : word.span,
      wordIndex: i,
      kind: spec ? (spec.value ? 'value' : 'bool') : 'unknown',
      inCluster,
    };
    scan.flags.push(flag);
    if (!spec) {
      problem(`unknown shorthand flag: '${letter}' in ${text}`, flagSpan);
      continue;
    }
    const rest = j + 1 < text.length ? (text[j + 1] === '=' ? j + 2 : j + 1) : -1;
    if (rest >= 0 && (spec.value || text[j + 1] === '=')) {
      flag.value = text.slice(rest);
      flag.valueSpan = wordPart(word, rest);
      flag.span = { start: flag.flagSpan.start, end: word.span.end };
      return i + 1;
    }
    if (spec.value) {
      const next = takeNextWord(words, i, flag, problem);
      if (inCluster && flag.valueSpan) flag.span = { start: flagSpan.start, end: flag.valueSpan.end };
      return next;
    }
  }
  return i + 1;
}
