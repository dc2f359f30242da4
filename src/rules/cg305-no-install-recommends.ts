/**
 * CG305 no-install-recommends — `apt-get install` without `--no-install-recommends` in a stage
 * that ends up in the image.
 *
 * Facts (apt.conf(5)): APT installs a package's "Recommends" by default
 * (`APT::Install-Recommends "true"`). `--no-install-recommends`, `-o APT::Install-Recommends=false`
 * or an apt.conf.d file setting it to false or 0 turns that off.
 */
import type { DockerfileModel } from '../model/dockerfile.js';
import { stageChain } from '../model/dockerfile-facts.js';
import { defineRule, type RuleFinding } from './types.js';
import { hasOption, imageStages, invocation, runScripts, subcommand, type ShellScript } from './dockerfile-helpers.js';

const CONFIG_OFF = /Install-Recommends\s*(=|\s)\s*"?(false|0|no)"?/i;

/** An earlier `RUN` of the stage chain writes an apt.conf setting that turns recommends off. */
function configuredOff(model: DockerfileModel, script: ShellScript): boolean {
  return stageChain(model, script.stage.index).some((stage) =>
    stage.instructions.some(
      (i) =>
        i.keyword === 'RUN' &&
        (stage !== script.stage || i.span.start <= script.instruction.span.start) &&
        (CONFIG_OFF.test(i.argsText) || i.heredocs.some((h) => CONFIG_OFF.test(h.content))),
    ),
  );
}

export default defineRule({
  id: 'CG305',
  name: 'no-install-recommends',
  level: 'note',
  securitySeverity: 2.0,
  tags: ['dockerfile', 'attack-surface', 'image-size', 'hygiene', 'cis-docker'],
  cis: ['4.3'],
  targets: ['dockerfile'],
  fixable: 'unsafe',
  docs: {
    summary: 'apt-get install also installs recommended packages',
    what:
      'Flags `apt-get install` and `apt install` in the stages that end up in the image when the command has no `--no-install-recommends` and no `-o APT::Install-Recommends=false`, and no earlier `RUN` of the stage (or a stage it is built `FROM`) writes `Install-Recommends "false"` to an apt configuration file. Build stages are not checked.',
    why:
      'Recommended packages are not needed for the requested package to work, yet they ship in the image: more packages to patch, more binaries for an attacker to use, and often tens or hundreds of megabytes (`apt-get install python3` pulls in a compiler toolchain through its recommends on some releases).',
    example: { lang: 'dockerfile', code: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*' },
    useInstead: { lang: 'dockerfile', code: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*' },
    fixSafety:
      'Unsafe: inserts `--no-install-recommends` after `install`. The image gets fewer packages, and a program that relied on a recommended one (CA certificates for curl on some releases, for example) may stop working, so the fix waits for `--unsafe-fixes` and a test of the image.',
    references: ['CIS Docker Benchmark 4.3 "Ensure that unnecessary packages are not installed in the container"', 'https://docs.docker.com/build/building/best-practices/#apt-get', 'https://github.com/hadolint/hadolint/wiki/DL3015', 'apt.conf(5): APT::Install-Recommends'],
  },
  check(target) {
    if (target.kind !== 'dockerfile') return [];
    const model = target.dockerfile;
    const stages = imageStages(model);
    const findings: RuleFinding[] = [];
    for (const script of runScripts(target.file.text, model)) {
      if (!stages.has(script.stage)) continue;
      for (const command of script.commands) {
        const run = invocation(command);
        if (!run || (run.program !== 'apt-get' && run.program !== 'apt')) continue;
        const install = subcommand(run.program, run.args);
        if (install?.value !== 'install') continue;
        if (hasOption(run.args, ['--no-install-recommends']) || run.args.some((a) => CONFIG_OFF.test(a.value))) continue;
        // `-s`/`--simulate` only prints what would be installed.
        if (hasOption(run.args, ['--simulate', '--dry-run', '--just-print', '--no-act', '--recon'], 's')) continue;
        if (configuredOff(model, script)) continue;
        findings.push({
          span: command.words[run.index]!.span,
          message: `${run.program} install without --no-install-recommends also installs every recommended package into the image`,
          fix: { description: 'add --no-install-recommends', safety: 'unsafe', edits: [{ start: install.span.end, end: install.span.end, text: ' --no-install-recommends' }] },
        });
      }
    }
    return findings;
  },
});
