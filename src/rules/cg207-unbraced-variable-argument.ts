/**
 * CG207 unbraced-variable-argument — `$VAR` in a docker/podman command line of a unit.
 *
 * Facts (systemd-docker-compose-facts §2; systemd.service(5) "Command lines"; systemd's
 * replace_env_argv()): a word that starts with `$` (not `${`, not `$$`) names a variable with
 * everything after the `$`, and is replaced by its value **split on whitespace** (zero or more
 * words); `${VAR}` anywhere in a word becomes exactly one argument; a `$VAR` inside a word is not
 * expanded at all. So `Environment="IMG=nginx:1.25 --privileged"` with `$IMG` passes two
 * arguments, `$IMG:1.25` looks up a variable named `IMG:1.25` and vanishes, and `--name=$NAME`
 * passes the text `$NAME`. Quoting the word (`"$IMG"`) changes nothing: quotes are removed first.
 */
import type { Edit, Fix } from '../model/edit.js';
import type { SourceFile } from '../model/source.js';
import type { ExecWord, UnitModel } from '../model/unit.js';
import { parseContainerCommand } from '../parsers/docker-run.js';
import { splitUnitWords } from '../parsers/exec-line.js';
import { unitEnvironment } from '../parsers/systemd-unit.js';
import { defineRule, type RuleFinding } from './types.js';
import { commandArgs, execCommands, runtimeOf, writtenAsIs } from './unit-helpers.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
/** Names that by convention hold several words on purpose (`$DOCKER_OPTS`, `$EXTRA_ARGS`). */
const LIST_NAME = /(OPTS|OPTIONS|ARGS|ARGUMENTS|FLAGS|PARAMS|PARAMETERS)$/i;

/** Braceless `$NAME` references inside a word (not at its start), `$$` and `${…}` skipped. */
function innerReferences(value: string): Array<{ at: number; name: string }> {
  const found: Array<{ at: number; name: string }> = [];
  for (let i = 1; i < value.length; i++) {
    if (value[i] !== '$') continue;
    const next = value[i + 1];
    if (next === '$') {
      i++;
      continue;
    }
    if (next === '{') {
      const close = value.indexOf('}', i);
      if (close < 0) break;
      i = close;
      continue;
    }
    const name = NAME.exec(value.slice(i + 1))?.[0];
    if (name) found.push({ at: i, name });
  }
  return found;
}

function check(file: SourceFile, unit: UnitModel): RuleFinding[] {
  const env = unitEnvironment(unit);
  const findings: RuleFinding[] = [];
  for (const { entry, command } of execCommands(unit)) {
    // The `:` prefix turns variable expansion off.
    const runtime = runtimeOf(command);
    if (command.prefixes.includes(':') || !runtime) continue;
    // `docker daemon` (before 1.12) is the daemon's own command line, not a container's.
    if (command.words[runtime.index + 1]?.value === 'daemon') continue;
    const words = [command.words[0]!, ...commandArgs(command)];
    const run = parseContainerCommand(words);
    // After the image, `$X` inside a word is usually meant for the container's own shell.
    const optionsEnd = run?.imageIndex ?? (run ? words.length : 0);
    words.forEach((word, index) => {
      if (index === 0) return;
      const value = word.value;
      if (value.startsWith('$') && value[1] !== '{' && value[1] !== '$' && value.length > 1) {
        findings.push(leadingVariable(file, entry.key, word, env));
      } else if (index <= optionsEnd) {
        const inner = innerReferences(value);
        if (inner.length > 0) findings.push(innerVariable(file, entry.key, word, inner));
      }
    });
  }
  return findings;
}

function leadingVariable(file: SourceFile, key: string, word: ExecWord, env: ReadonlyMap<string, string>): RuleFinding {
  const name = NAME.exec(word.value.slice(1))?.[0] ?? '';
  const whole = name.length === word.value.length - 1;
  const canEdit = writtenAsIs(file, word) && name !== '' && file.text[word.offsets![0]!] === '$';
  const braced = (edits: Edit[], safety: 'safe' | 'unsafe', description: string): Fix | undefined => (canEdit ? { description, safety, edits } : undefined);
  const edits: Edit[] = canEdit ? [{ start: word.offsets![1]!, end: word.offsets![1]!, text: '{' }, { start: word.offsets![name.length]! + 1, end: word.offsets![name.length]! + 1, text: '}' }] : [];
  if (!whole) {
    // `$IMG:1.25` names the variable `IMG:1.25`, which never exists: the word vanishes.
    return {
      span: word.span,
      message: `${key}= word ${word.value}: systemd reads it as one variable named "${word.value.slice(1)}", finds none, and drops the word; write \${${name}}${word.value.slice(name.length + 1)}`,
      ...(name ? { fix: braced(edits, 'unsafe', `write \${${name}}`) } : {}),
    };
  }
  if (LIST_NAME.test(name)) {
    return {
      span: word.span,
      message: `$${name} in ${key}= is split on whitespace into several arguments, which is how a list of options is passed; make sure nothing untrusted can set ${name}, and use \${${name}} where it must stay one argument`,
    };
  }
  const value = env.get(name);
  const single = value !== undefined && value !== '' && (splitUnitWords(value) ?? []).length === 1 && /^[^\s"'\\]+$/.test(value);
  const now = value === undefined
    ? `its value (from EnvironmentFile= or the manager) is split on whitespace`
    : single
      ? 'its value is one word today, but is split on whitespace'
      : `its value "${value}" is split into ${(splitUnitWords(value) ?? []).length} arguments`;
  return {
    span: word.span,
    message: `$${name} in ${key}= is split on whitespace into separate arguments, so a value can inject options into the command: ${now}; write \${${name}} for exactly one argument`,
    ...(canEdit ? { fix: braced(edits, single ? 'safe' : 'unsafe', `write \${${name}}`) } : {}),
  };
}

function innerVariable(file: SourceFile, key: string, word: ExecWord, inner: Array<{ at: number; name: string }>): RuleFinding {
  const o = word.offsets;
  const canEdit = writtenAsIs(file, word) && inner.every((r) => file.text[o![r.at]!] === '$');
  const edits: Edit[] = canEdit
    ? inner.flatMap((r) => [{ start: o![r.at + 1]!, end: o![r.at + 1]!, text: '{' }, { start: o![r.at + r.name.length]! + 1, end: o![r.at + r.name.length]! + 1, text: '}' }])
    : [];
  const names = inner.map((r) => `$${r.name}`).join(', ');
  const first = inner[0]!;
  return {
    span: canEdit ? { start: o![first.at]!, end: o![first.at + first.name.length]! + 1 } : word.span,
    message: `${names} inside the word "${word.value}" in ${key}= is not expanded by systemd (only \${NAME} is), so the literal text "${names}" is passed; write ${inner.map((r) => `\${${r.name}}`).join(', ')}`,
    ...(canEdit ? { fix: { description: `write ${inner.map((r) => `\${${r.name}}`).join(', ')}`, safety: 'unsafe' as const, edits } } : {}),
  };
}

export default defineRule({
  id: 'CG207',
  name: 'unbraced-variable-argument',
  level: 'warning',
  securitySeverity: 5.5,
  tags: ['security', 'injection', 'systemd'],
  cwe: ['CWE-88'],
  targets: ['unit'],
  fixable: 'safe',
  docs: {
    summary: '$VAR in a docker/podman command line of a unit is split into several arguments',
    what:
      'Flags, in `Exec*=` lines that run `docker`, `podman`, `docker-compose` or `podman-compose` (also through `/usr/bin/env`), a word that starts with `$` but not `${` or `$$` — quoted or not — and, among the options and the image of `docker run`/`create`, a braceless `$NAME` inside a word (`--name=$NAME`, `-e HOST=$IP`). After the image a `$X` inside a word is left alone: it is usually for the container\'s own shell (`sh -c \'echo $HOME\'`). Lines with the `:` prefix (no expansion) are skipped. A variable whose name ends in `OPTS`, `OPTIONS`, `ARGS`, `FLAGS` or `PARAMS` is reported with a softer message and no fix: splitting it is usually the point.',
    why:
      'systemd replaces a lone `$VAR` by its value split on whitespace, so whoever controls the value — an `EnvironmentFile=`, a drop-in, a deployment tool writing `Environment=` — controls how many arguments docker gets: `IMG="nginx:1.27 --privileged"` turns `docker run $IMG` into a privileged container. `${VAR}` is always exactly one argument. Two lookalikes fail silently: `$IMG:1.27` is read as a variable named `IMG:1.27` and dropped, and `--name=$NAME` passes the text `$NAME` because systemd expands only `${NAME}` inside a word.',
    example: { lang: 'ini', code: '[Service]\nEnvironmentFile=/etc/web.env\nExecStart=/usr/bin/docker run --rm --name web $IMAGE' },
    useInstead: { lang: 'ini', code: '[Service]\nEnvironmentFile=/etc/web.env\nExecStart=/usr/bin/docker run --rm --name web ${IMAGE}' },
    fixSafety:
      'Writes `${VAR}`. Safe when the unit\'s own `Environment=` gives the variable a value that is one word (no blanks, quotes or backslashes): the command is the same, only no longer open to injection. Unsafe otherwise — a value from `EnvironmentFile=` may be empty (then `${VAR}` passes an empty argument where `$VAR` passed none) or hold several words on purpose — and for `$X` inside a word or `$IMG:tag`, whose fix makes systemd expand what it passed literally (or dropped) before. List-like names (`$DOCKER_OPTS`) get no fix.',
    references: ['systemd.service(5): Command lines ("Basic environment variable substitution")', 'CWE-88: Improper Neutralization of Argument Delimiters in a Command'],
  },
  check(target) {
    return target.kind === 'unit' ? check(target.file, target.unit) : [];
  },
});
