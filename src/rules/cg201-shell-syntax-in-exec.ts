/**
 * CG201 shell-syntax-in-exec — shell syntax in an `Exec*=` line, where no shell reads it.
 *
 * Facts (systemd-docker-compose-facts §2): systemd splits `Exec*=` lines into words itself;
 * redirection, pipes, `&&`/`||` "and other elements of shell syntax are not supported"
 * (systemd.service(5)). `systemd --test` dumps `ExecStartPre=/usr/bin/docker rm -f web || true`
 * as `/usr/bin/docker rm -f web "||" true`, and `systemd-analyze verify` says nothing. A lone
 * `;` does separate commands (soft-deprecated, still parsed), `\;` is a literal `;`, and `a;` is a
 * word with a `;` in it.
 */
import type { Edit, Fix } from '../model/edit.js';
import type { SourceFile } from '../model/source.js';
import type { ExecCommand, ExecWord, UnitModel } from '../model/unit.js';
import { defineRule, type RuleFinding } from './types.js';
import { basename, execCommands, shellScriptIndex, writtenAsIs } from './unit-helpers.js';

/** Words that are a shell operator on their own. */
const OPERATORS = new Set(['|', '||', '&&', '&', '|&', ';;', '>', '>>', '<', '<<', '<<<', '>|', '&>', '&>>', '2>&1', '1>&2', '>&2', '>&1', '2>', '1>', '2>>', '1>>']);

/** A redirection glued to its target: `>/dev/null`, `2>/dev/null`, `&>>log`, `</dev/null`, `2>&1`. */
const GLUED_REDIRECT = /^(\d?(>>?|>&|<)|&>>?)\S/;

/** What shell syntax a word holds, or undefined. Quoted words are arguments by intent. */
function shellSyntax(word: ExecWord): string | undefined {
  if (word.quoted) return undefined;
  const v = word.value;
  // `\;` (the word `;`) is the literal `;` that `find -exec … \;` needs.
  if (v === ';') return undefined;
  if (OPERATORS.has(v)) return v;
  if (GLUED_REDIRECT.test(v)) return v;
  if (v.includes('$(')) return '$(…)';
  if (v.includes('`')) return '`…`';
  if (v.length > 1 && v.endsWith(';') && !v.endsWith('\\;')) return `${v} (the ; is part of the word)`;
  return undefined;
}

const TRUE_COMMANDS = new Set(['true', '/bin/true', '/usr/bin/true', ':']);

/**
 * The `cmd … || true` idiom as a fix: drop ` || true` and add the `-` prefix, which records a
 * failure without failing the unit (systemd.service(5)). Only when nothing else in the command
 * is shell syntax, so the result is exactly what the author meant.
 */
function orTrueFix(file: SourceFile, command: ExecCommand, found: Array<{ word: ExecWord; index: number }>): Fix | undefined {
  const words = command.words;
  const n = words.length;
  if (found.length !== 1 || n < 3) return undefined;
  const [or, yes] = [words[n - 2]!, words[n - 1]!];
  if (found[0]!.word !== or || or.value !== '||' || yes.quoted || !TRUE_COMMANDS.has(yes.value)) return undefined;
  if (!writtenAsIs(file, or) || !writtenAsIs(file, yes)) return undefined;
  const edits: Edit[] = [{ start: words[n - 3]!.span.end, end: yes.span.end, text: '' }];
  if (!command.prefixes.includes('-')) edits.unshift({ start: command.prefixSpan.start, end: command.prefixSpan.start, text: '-' });
  return { description: 'drop "|| true" and add the "-" prefix, which ignores a failure', safety: 'safe', edits };
}

function check(file: SourceFile, unit: UnitModel): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const { entry, command } of execCommands(unit)) {
    const script = shellScriptIndex(command);
    const found: Array<{ word: ExecWord; index: number; what: string }> = [];
    command.words.forEach((word, index) => {
      if (index === 0 || index === script) return;
      const what = shellSyntax(word);
      if (what) found.push({ word, index, what });
    });
    if (found.length === 0) continue;
    const first = found[0]!;
    const fix = orTrueFix(file, command, found);
    const listed = [...new Set(found.map((f) => f.what))].map((w) => `"${w}"`).join(', ');
    const program = basename(command.words[0]!.value);
    const advice = fix
      ? `to ignore a failure, drop "|| true" and prefix the command with "-" (${entry.key}=-${command.words[0]!.value} …)`
      : script !== undefined
        ? 'put it inside the quoted script'
        : `wrap the command in /bin/sh -c '…' if a shell is meant`;
    findings.push({
      span: first.word.span,
      message: `${entry.key}= is not run by a shell: ${listed} ${found.length > 1 ? 'are passed' : 'is passed'} to ${program} as ${found.length > 1 ? 'arguments' : 'an argument'}; ${advice}`,
      ...(fix ? { fix } : {}),
    });
  }
  return findings;
}

export default defineRule({
  id: 'CG201',
  name: 'shell-syntax-in-exec',
  level: 'warning',
  securitySeverity: 4.5,
  tags: ['correctness', 'systemd'],
  cwe: ['CWE-670'],
  targets: ['unit'],
  fixable: 'safe',
  docs: {
    summary: 'Shell syntax in an Exec*= line is passed to the program as arguments',
    what:
      'Flags unquoted shell syntax in the words of `Exec*=` lines of `[Service]` and `[Socket]` (the ones systemd keeps after list resets): the operators `|`, `||`, `&&`, `&`, `>`, `>>`, `<`, `2>&1`, `&>` as words, a redirection glued to its target (`>/dev/null`, `2>/dev/null`), `$(…)`, backticks, and a `;` glued to a word (`a;`). A lone `;` is systemd\'s own command separator and a lone `\\;` a literal `;` (`find -exec … \\;`): neither is flagged. Quoted words are arguments on purpose (`sh -c \'a | b\'`), and so is the script of a `sh -c`/`bash -c`; words after the script are still checked, because `sh -c \'…\' || true` hands `||` and `true` to sh as `$0` and `$1`. A `|` inside a word (`grep -E a|b`) is an argument as well.',
    why:
      'systemd runs the program directly, without a shell (systemd.service(5): redirection, pipes and "other elements of shell syntax are not supported"). `docker rm -f web || true` runs `docker rm -f web "||" true`: docker tries to remove containers named `||` and `true`, fails, and the unit fails with it — the opposite of what `|| true` was for. A `>/dev/null` becomes a container argument, `$(hostname)` a literal string. `systemd-analyze verify` reports none of it.',
    example: { lang: 'ini', code: '[Service]\nExecStartPre=/usr/bin/docker rm -f web || true\nExecStart=/usr/bin/docker run --rm --name web nginx:1.27 >/var/log/web.log' },
    useInstead: { lang: 'ini', code: "[Service]\nExecStartPre=-/usr/bin/docker rm -f web\nExecStart=/bin/sh -c 'exec /usr/bin/docker run --rm --name web nginx:1.27 >/var/log/web.log'" },
    fixSafety:
      'Safe, for the `cmd … || true` idiom only (also `|| /bin/true` and `|| :`): the fix drops ` || true` and adds the `-` prefix (`ExecStartPre=-/usr/bin/docker rm -f web`), which makes systemd record a failure without failing the unit — what `|| true` was written for. Other shell syntax has no fix: whether a shell is wanted, and how to quote for it, is for a person to decide; the message suggests `sh -c \'…\'`.',
    references: ['systemd.service(5): Command lines', 'systemd.syntax(7): Quoting', 'CWE-670: Always-Incorrect Control Flow Implementation'],
  },
  check(target) {
    return target.kind === 'unit' ? check(target.file, target.unit) : [];
  },
});
