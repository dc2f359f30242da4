/**
 * CG306 shell-form-entrypoint — the image's `ENTRYPOINT` or `CMD` is in shell form.
 *
 * Facts (Dockerfile reference, "Shell and exec form"; BuildKit check JSONArgsRecommended): the
 * shell form runs `/bin/sh -c "…"`, so the container's PID 1 can be the shell, which does not
 * pass SIGTERM on to the program: `docker stop` waits out its grace period and then kills
 * everything. BuildKit does not warn when the Dockerfile sets `SHELL` explicitly, and neither
 * does this rule. A command that starts with `exec` replaces the shell and is fine.
 */
import type { DockerfileModel, DockerInstruction } from '../model/dockerfile.js';
import { finalStage, stageChain } from '../model/dockerfile-facts.js';
import type { SourceFile } from '../model/source.js';
import type { Fix } from '../model/edit.js';
import { defineRule, type RuleFinding } from './types.js';
import { MappedText, parseShell } from './dockerfile-helpers.js';

/** The instruction of `keyword` the image ends up with: the last one in the final stage's chain. */
function effective(model: DockerfileModel, keyword: string): DockerInstruction | undefined {
  const last = finalStage(model);
  if (!last) return undefined;
  for (const stage of stageChain(model, last.index)) {
    const found = stage.instructions.filter((i) => i.keyword === keyword).pop();
    if (found) return found;
  }
  return undefined;
}

/** Characters that mean the shell does work the exec form cannot: expansion, globbing, operators. */
const SHELL_ONLY = /[$`*?[\]~&|;<>(){}\\#!]/;

/** The exec form of a simple shell-form command, when it is one: words without shell features. */
function execForm(file: SourceFile, instruction: DockerInstruction): Fix | undefined {
  if (instruction.heredocs.length > 0) return undefined;
  const text = file.text.slice(instruction.argsSpan.start, instruction.argsSpan.end);
  if (/\r?\n/.test(text)) return undefined;
  const mapped = new MappedText(instruction.argsSpan.start);
  mapped.append(file.text, instruction.argsSpan.start, instruction.argsSpan.end);
  const commands = parseShell(mapped);
  if (commands.length !== 1) return undefined;
  const command = commands[0]!;
  if (command.assignments.length > 0 || command.redirects.length > 0 || command.words.length === 0) return undefined;
  // An unquoted special character would have meant something to the shell.
  const unquoted = text.replace(/'[^']*'|"[^"$`\\]*"/g, '');
  if (SHELL_ONLY.test(unquoted)) return undefined;
  const json = `[${command.words.map((w) => JSON.stringify(w.value)).join(', ')}]`;
  return { description: `write ${instruction.keyword} in exec form: ${json}`, safety: 'unsafe', edits: [{ ...instruction.argsSpan, text: json }] };
}

export default defineRule({
  id: 'CG306',
  name: 'shell-form-entrypoint',
  level: 'warning',
  securitySeverity: 3.0,
  tags: ['dockerfile', 'availability', 'signals'],
  cwe: ['CWE-404'],
  targets: ['dockerfile'],
  fixable: 'unsafe',
  docs: {
    summary: "The image's ENTRYPOINT or CMD is in shell form, so PID 1 may be /bin/sh",
    what:
      'Looks at the `ENTRYPOINT` and `CMD` the built image ends up with — the last ones in the final stage or the stages it is built `FROM` — and flags one written in shell form (`CMD node server.js` rather than `CMD ["node", "server.js"]`). A `CMD` is not flagged when the `ENTRYPOINT` is in shell form (the shell form ignores `CMD`), a command starting with `exec` is not flagged, and nothing is flagged when the stage sets `SHELL` explicitly (as BuildKit\'s own JSONArgsRecommended check does).',
    why:
      'The shell form runs `/bin/sh -c "<command>"`. Unless the shell replaces itself with the program (some do for a single command, others never), PID 1 is the shell, which ignores SIGTERM: `docker stop` waits its 10 s grace period and then SIGKILLs the program, which never gets to finish requests, flush data or release locks. With an exec-form `ENTRYPOINT`, a shell-form `CMD` is even passed to it as the three words `/bin/sh -c "…"`.',
    example: { lang: 'dockerfile', code: 'FROM node:22-slim\nCOPY . /app\nCMD node /app/server.js' },
    useInstead: { lang: 'dockerfile', code: 'FROM node:22-slim\nCOPY . /app\nCMD ["node", "/app/server.js"]' },
    fixSafety:
      'Unsafe: rewrites a simple command — plain words, quotes allowed, no variables, globs, operators or redirections, on one line — as the JSON exec form. The program then runs as PID 1 and receives signals itself, and no shell sets up its environment: that is the point, but it changes how the container stops and starts. Commands that use shell features get no fix; wrap them in a script that ends with `exec`.',
    references: ['https://docs.docker.com/reference/dockerfile/#shell-and-exec-form', 'https://docs.docker.com/reference/build-checks/json-args-recommended/', 'https://github.com/hadolint/hadolint/wiki/DL3025'],
  },
  check(target) {
    if (target.kind !== 'dockerfile') return [];
    const model = target.dockerfile;
    const last = finalStage(model);
    if (!last || stageChain(model, last.index).some((s) => s.instructions.some((i) => i.keyword === 'SHELL'))) return [];
    const findings: RuleFinding[] = [];
    const entrypoint = effective(model, 'ENTRYPOINT');
    const cmd = effective(model, 'CMD');
    const shellForm = (i: DockerInstruction | undefined): boolean => i !== undefined && !i.jsonForm && i.argsText.trim() !== '' && !/^exec\s/.test(i.argsText.trim());
    if (entrypoint && !entrypoint.jsonForm) {
      // A shell-form ENTRYPOINT ignores CMD, so only the ENTRYPOINT matters.
      if (!shellForm(entrypoint)) return [];
      const fix = execForm(target.file, entrypoint);
      findings.push({
        span: entrypoint.span,
        message: 'ENTRYPOINT in shell form runs under /bin/sh -c: the shell can be PID 1 and does not pass SIGTERM on, and CMD and `docker run` arguments are ignored; use the exec form ["…"]',
        ...(fix ? { fix } : {}),
      });
    } else if (cmd && shellForm(cmd)) {
      const fix = execForm(target.file, cmd);
      const detail = entrypoint?.jsonForm
        ? 'the exec-form ENTRYPOINT receives it as the words /bin/sh -c "…"'
        : 'the shell can be PID 1 and does not pass SIGTERM on, so docker stop ends with SIGKILL';
      findings.push({ span: cmd.span, message: `CMD in shell form runs under /bin/sh -c: ${detail}; use the exec form ["…"]`, ...(fix ? { fix } : {}) });
    }
    return findings;
  },
});
