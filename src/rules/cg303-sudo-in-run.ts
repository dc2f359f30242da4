/**
 * CG303 sudo-in-run — `sudo` in a `RUN` command.
 *
 * A `RUN` already runs as the stage's `USER`; switching users is what `USER` is for. sudo in a
 * build needs a sudoers entry without a password for that user, which then ships in the image,
 * and its TTY and signal handling is made for people, not builds (hadolint DL3004).
 */
import { defineRule, type RuleFinding } from './types.js';
import { programIndex, programName, runScripts } from './dockerfile-helpers.js';

export default defineRule({
  id: 'CG303',
  name: 'sudo-in-run',
  level: 'warning',
  securitySeverity: 4.5,
  tags: ['security', 'privilege', 'dockerfile'],
  cwe: ['CWE-250'],
  targets: ['dockerfile'],
  docs: {
    summary: 'A RUN command uses sudo',
    what: 'Flags `sudo` as the program of a `RUN` command (command lines and heredoc scripts, any stage, also after `env` or `nohup`). `sudo` as an argument (`apt-get install sudo`) is not flagged.',
    why:
      'For sudo to work in a build, the image must let its user become root without a password — and that sudoers entry ships with the image, so anything running in the container as that user can become root too. Builds do not need it: `USER root` before the commands and `USER app` after them switch users without leaving a way back in.',
    example: { lang: 'dockerfile', code: 'FROM debian:12-slim\nUSER app\nRUN sudo apt-get update && sudo apt-get install -y curl' },
    useInstead: { lang: 'dockerfile', code: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\nUSER app' },
    fixSafety: 'No automatic fix: removing `sudo` is only right once the commands run as a user that may run them, which means moving `USER` lines.',
    references: ['https://github.com/hadolint/hadolint/wiki/DL3004', 'CWE-250: Execution with Unnecessary Privileges', 'https://docs.docker.com/build/building/best-practices/#user'],
  },
  check(target) {
    if (target.kind !== 'dockerfile') return [];
    const findings: RuleFinding[] = [];
    for (const script of runScripts(target.file.text, target.dockerfile)) {
      for (const command of script.commands) {
        const index = programIndex(command, { throughSudo: false });
        const word = index === undefined ? undefined : command.words[index];
        if (!word || programName(word) !== 'sudo') continue;
        findings.push({ span: word.span, message: 'sudo in RUN: switch users with USER instead — sudo needs a password-less sudoers entry that stays in the image' });
      }
    }
    return findings;
  },
});
