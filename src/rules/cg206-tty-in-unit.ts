/**
 * CG206 tty-in-unit — `docker run -t` / `docker exec -t` in a unit, where there is no terminal.
 *
 * Facts (systemd-docker-compose-facts §3; docker/cli `cli/streams/in.go` CheckTty): systemd
 * gives services `/dev/null` as stdin. A foreground `docker run`/`docker exec` with both `-i`
 * and `-t` refuses to start: "the input device is not a TTY" (newer clients: "cannot attach stdin
 * to a TTY-enabled container because stdin is not a terminal"). `-t` alone starts, but the
 * container writes to a pseudo-terminal nobody reads: `\r\n` line ends and colour codes in the
 * journal, and programs that see a terminal may prompt or draw progress bars. Podman only warns
 * ("The input device is not a TTY"). A detached run (`-d`) does not attach, so no check applies.
 */
import type { Fix } from '../model/edit.js';
import type { SourceFile } from '../model/source.js';
import type { ExecCommand, UnitModel } from '../model/unit.js';
import { flagIsTrue, parseContainerCommand, type RunFlag, type Runtime } from '../parsers/docker-run.js';
import { FLAGS, scanFlags } from '../parsers/docker-run-flags.js';
import { expandExecWords, type ExpandedWord } from '../parsers/exec-line.js';
import { unitEnvironment } from '../parsers/systemd-unit.js';
import { defineRule, type RuleFinding } from './types.js';
import { commandArgs, execCommands, removeFlagEdits, runtimeOf } from './unit-helpers.js';

interface Invocation {
  runtime: Runtime;
  subcommand: 'run' | 'exec';
  words: readonly ExpandedWord[];
  flags: RunFlag[];
}

const last = (flags: readonly RunFlag[], name: string) => flags.filter((f) => f.name === name).pop();

/** `docker|podman [global flags] [container] exec FLAGS CONTAINER …`, read with run's flag table (exec's flags are a subset). */
function execInvocation(words: readonly ExpandedWord[], command: ExecCommand): Invocation | undefined {
  const found = runtimeOf(command);
  if (!found || (found.name !== 'docker' && found.name !== 'podman' && found.name !== 'podman-remote')) return undefined;
  const runtime: Runtime = found.name === 'docker' ? 'docker' : 'podman';
  let at = scanFlags(words, found.index + 1, FLAGS[runtime].global).next;
  if (words[at]?.value === 'container') at++;
  if (words[at]?.value !== 'exec') return undefined;
  return { runtime, subcommand: 'exec', words, flags: scanFlags(words, at + 1, FLAGS[runtime].run).flags };
}

function check(file: SourceFile, unit: UnitModel): RuleFinding[] {
  if (file.kind !== 'unit') return [];
  const env = unitEnvironment(unit);
  const findings: RuleFinding[] = [];
  for (const { entry, command } of execCommands(unit)) {
    const args = commandArgs(command);
    const words = [command.words[0]!, ...(command.prefixes.includes(':') ? args : expandExecWords(args, env))];
    const run = parseContainerCommand(words);
    const invocation: Invocation | undefined = run?.subcommand === 'run' ? { runtime: run.runtime, subcommand: 'run', words, flags: run.flags } : execInvocation(words, command);
    if (!invocation) continue;
    const tty = last(invocation.flags, 'tty');
    if (!tty || !flagIsTrue(tty)) continue;
    const detach = last(invocation.flags, 'detach');
    if (detach && flagIsTrue(detach)) continue;
    const interactive = last(invocation.flags, 'interactive');
    const attachesStdin = (interactive !== undefined && flagIsTrue(interactive)) || invocation.flags.some((f) => f.name === 'attach' && /^stdin$/i.test(f.value ?? ''));
    const cli = `${invocation.runtime} ${invocation.subcommand}`;
    const edits = removeFlagEdits(file, words, tty);
    let message: string;
    let fix: Fix | undefined;
    if (attachesStdin && invocation.runtime === 'docker') {
      message = `${cli} with -i and ${tty.written} in ${entry.key}= fails: systemd gives the service /dev/null as stdin, and docker refuses with "the input device is not a TTY"; drop ${tty.written}`;
      if (edits) fix = { description: `remove ${tty.written}`, safety: 'safe', edits };
    } else {
      const warning = invocation.runtime === 'podman' && attachesStdin ? 'podman warns "The input device is not a TTY", and ' : '';
      message = `${cli} ${tty.written} in ${entry.key}=: a service has no terminal; ${warning}the container writes to a pseudo-terminal, so the journal gets \\r line ends and colour codes and programs may prompt; drop ${tty.written}`;
      if (edits) fix = { description: `remove ${tty.written}`, safety: 'unsafe', edits };
    }
    findings.push({ span: tty.flagSpan, message, ...(fix ? { fix } : {}) });
  }
  return findings;
}

export default defineRule({
  id: 'CG206',
  name: 'tty-in-unit',
  level: 'warning',
  securitySeverity: 2.5,
  tags: ['correctness', 'systemd'],
  cwe: ['CWE-754'],
  targets: ['unit'],
  fixable: 'safe',
  docs: {
    summary: 'docker run -t / -it in a systemd unit, which has no terminal',
    what:
      'Flags `-t`/`--tty` (alone, or in a cluster such as `-it`, `-ti`, `-itp 80:80`) in a foreground `docker run`/`podman run` or `docker exec`/`podman exec` in any `Exec*=` line. A detached command (`-d`) is not flagged: it attaches nothing. `--tty=false` is off. Quadlet files are not checked.',
    why:
      'systemd runs services with `/dev/null` as stdin. `docker run -it` (and `docker exec -it`) checks that its stdin is a terminal and exits with "the input device is not a TTY", so the unit fails on every start — and with `Restart=` it loops until the start limit. With `-t` alone the container starts, but it writes to a pseudo-terminal: the journal gets `\\r\\n` line ends and colour codes, and programs that believe a person is watching may ask questions or draw progress bars. Podman only warns, with the same side effects.',
    example: { lang: 'ini', code: '[Service]\nExecStart=/usr/bin/docker run -it --rm --name web nginx:1.27' },
    useInstead: { lang: 'ini', code: '[Service]\nExecStart=/usr/bin/docker run -i --rm --name web nginx:1.27' },
    fixSafety:
      'Removes the `t` from the cluster (`-it` → `-i`) or the `--tty` word. Safe for a foreground `docker run`/`docker exec` with `-i`: that command cannot start at all today, and `-i` alone is what it can do. Unsafe otherwise (Podman, or `-t` without `-i`): the command works now, and without a terminal its output is no longer line-buffered by the terminal — a program that block-buffers a pipe (Python without `PYTHONUNBUFFERED`, for example) logs later and in bigger pieces.',
    references: ['https://github.com/docker/cli/blob/master/cli/streams/in.go (CheckTty)', 'systemd.exec(5): StandardInput=', 'https://docs.docker.com/reference/cli/docker/container/run/#tty'],
  },
  check(target) {
    return target.kind === 'unit' ? check(target.file, target.unit) : [];
  },
});
