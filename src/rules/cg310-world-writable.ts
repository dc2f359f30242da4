/**
 * CG310 world-writable — a `RUN` makes files or folders writable by every user, without the
 * sticky bit.
 *
 * Facts (chmod(1)): the "others" write bit lets any user of the container change or replace the
 * file; on a folder, the sticky bit (`1777`, `+t`) at least stops users from deleting or renaming
 * each other's files, which is why `/tmp` is `1777`.
 */
import { defineRule, type RuleFinding } from './types.js';
import { imageStages, invocation, runScripts, wordFrom, type ShellWord } from './dockerfile-helpers.js';

/** Whether a chmod mode gives others write access without setting the sticky bit. */
export function worldWritable(mode: string): boolean {
  if (/^[0-7]{3,4}$/.test(mode)) {
    const digits = mode.padStart(4, '0');
    return (Number(digits[3]) & 2) !== 0 && (Number(digits[0]) & 1) === 0;
  }
  const clauses = mode.split(',');
  if (!clauses.every((c) => /^[ugoa]*([-+=][rwxXstugo]*)+$/.test(c))) return false;
  let writable = false;
  let sticky = false;
  for (const clause of clauses) {
    const who = /^[ugoa]*/.exec(clause)![0];
    for (const [, op, perms] of clause.slice(who.length).matchAll(/([-+=])([rwxXstugo]*)/g)) {
      // Without `o`/`a` the umask decides, which never grants others write access by default.
      const others = who.includes('o') || who.includes('a');
      if (op !== '-' && perms!.includes('t')) sticky = true;
      if (op === '-' && perms!.includes('t')) sticky = false;
      if (others && op !== '-' && perms!.includes('w')) writable = true;
      if (others && op === '-' && perms!.includes('w')) writable = false;
    }
  }
  return writable && !sticky;
}

/** The mode a command sets, with its word: `chmod MODE`, `mkdir -m MODE`, `install -m MODE`. */
function modeOf(program: string, args: readonly ShellWord[]): ShellWord | undefined {
  if (program === 'chmod') return args.find((a) => !/^-[A-Za-z]+$/.test(a.value) && !a.value.startsWith('--'));
  if (program === 'mkdir' || program === 'install') {
    const k = args.findIndex((a) => a.value === '-m' || a.value === '--mode' || a.value.startsWith('--mode=') || /^-m./.test(a.value));
    if (k < 0) return undefined;
    const a = args[k]!;
    if (a.value === '-m' || a.value === '--mode') return args[k + 1];
    return wordFrom(a, a.value.startsWith('--mode=') ? 7 : 2);
  }
  return undefined;
}

export default defineRule({
  id: 'CG310',
  name: 'world-writable',
  level: 'warning',
  securitySeverity: 5.5,
  tags: ['security', 'permissions', 'dockerfile'],
  cwe: ['CWE-732'],
  targets: ['dockerfile'],
  docs: {
    summary: 'A RUN makes paths writable by every user (777, o+w) without the sticky bit',
    what:
      'In the stages that end up in the image, flags `chmod`, `mkdir -m` and `install -m` modes that give "others" write access — numeric modes whose last digit has the write bit (`777`, `0666`, `2777`) and symbolic ones such as `o+w`, `a+rwx`, `ugo=rwx` — unless the same mode sets the sticky bit (`1777`, `a+rwxt`), as `/tmp`-style shared folders should.',
    why:
      'In the container every process, whatever its user, can then rewrite those files: a compromised low-privilege process can plant code in the application folder, replace a script root runs later, or tamper with configuration. Images usually do this to get around a user-id mismatch, which `COPY --chown`, `chown` to the runtime user or group-writable (`g+w` with group 0, the OpenShift convention) solve without opening the files to everyone.',
    example: { lang: 'dockerfile', code: 'FROM python:3.13-slim\nCOPY . /app\nRUN chmod -R 777 /app\nUSER 10001' },
    useInstead: { lang: 'dockerfile', code: 'FROM python:3.13-slim\nCOPY --chown=10001:0 . /app\nRUN chmod -R g=u /app\nUSER 10001' },
    fixSafety: 'No automatic fix: the right owner and mode depend on which user runs the container.',
    references: ['CWE-732: Incorrect Permission Assignment for Critical Resource', 'chmod(1)', 'https://docs.docker.com/reference/dockerfile/#copy---chown---chmod'],
  },
  check(target) {
    if (target.kind !== 'dockerfile') return [];
    const stages = imageStages(target.dockerfile);
    const findings: RuleFinding[] = [];
    for (const script of runScripts(target.file.text, target.dockerfile)) {
      if (!stages.has(script.stage)) continue;
      const removed = new Set(
        script.commands.flatMap((c) => {
          const rm = invocation(c);
          return rm?.program === 'rm' ? rm.args.map((a) => a.value) : [];
        }),
      );
      for (const command of script.commands) {
        const run = invocation(command);
        if (!run) continue;
        const mode = modeOf(run.program, run.args);
        if (!mode || !worldWritable(mode.value)) continue;
        // A scratch folder the same RUN deletes again (`chmod 777 "$tmp"; …; rm -rf "$tmp"`) never ships.
        const paths = run.args.slice(run.args.indexOf(mode) + 1).filter((a) => !a.value.startsWith('-')).map((a) => a.value);
        if (paths.length > 0 && paths.every((p) => removed.has(p))) continue;
        findings.push({
          span: mode.span,
          message: `${run.program} ${mode.value} makes ${run.program === 'chmod' ? 'the paths' : 'the new paths'} writable by every user in the container; give them to the user that needs them (chown, COPY --chown, g+w), or add the sticky bit for a shared folder (1777)`,
        });
      }
    }
    return findings;
  },
});
