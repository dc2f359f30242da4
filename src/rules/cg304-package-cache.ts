/**
 * CG304 package-cache — a `RUN` installs packages and leaves the package manager's cache and
 * index in the image layer.
 *
 * Facts: `apt-get update` writes the package lists to `/var/lib/apt/lists` (Docker's Debian and
 * Ubuntu images already drop downloaded `.deb` files); `apk add` without `--no-cache` keeps the
 * index in `/var/cache/apk`; dnf, yum and microdnf keep metadata in `/var/cache/{dnf,yum}`
 * until `clean all`; zypper keeps `/var/cache/zypp`; pip keeps wheels in `~/.cache/pip` unless
 * `--no-cache-dir` or `PIP_NO_CACHE_DIR` is set. A layer keeps whatever it wrote: deleting it in
 * a later `RUN` does not make the image smaller. A `RUN --mount=type=cache` over the folder keeps
 * the cache out of the layer.
 */
import type { Edit, Fix } from '../model/edit.js';
import type { DockerfileModel, DockerInstruction } from '../model/dockerfile.js';
import { stageChain } from '../model/dockerfile-facts.js';
import type { Span } from '../model/source.js';
import { defineRule, type RuleFinding } from './types.js';
import { hasOption, imageStages, invocation, runScripts, subcommand, type ShellScript, type ShellWord } from './dockerfile-helpers.js';

/** Paths `--mount=type=cache` (or tmpfs) keeps out of the layer. */
function mountedPaths(instruction: DockerInstruction): string[] {
  return instruction.flags
    .filter((f) => f.name === 'mount' && /(^|,)type=(cache|tmpfs)(,|$)/.test(f.value ?? ''))
    .flatMap((f) => /(?:^|,)(?:target|dst|destination)=([^,]+)/.exec(f.value ?? '')?.[1] ?? []);
}

interface ScriptFacts {
  removed: string[];
  mounts: string[];
  cleaned: Set<string>;
}

function factsOf(script: ShellScript): ScriptFacts {
  const removed: string[] = [];
  const cleaned = new Set<string>();
  for (const command of script.commands) {
    const run = invocation(command);
    if (!run) continue;
    if (run.program === 'rm' || (run.program === 'find' && run.args.some((a) => a.value === '-delete'))) removed.push(...run.args.map((a) => a.value));
    const sub = subcommand(run.program, run.args)?.value;
    // apt 2.9+: `dist-clean` deletes the lists as well as the downloaded packages.
    if ((run.program === 'apt-get' || run.program === 'apt') && sub === 'dist-clean') cleaned.add('apt');
    if (['dnf', 'yum', 'microdnf', 'tdnf', 'zypper'].includes(run.program) && (sub === 'clean' || sub === 'cc')) cleaned.add(run.program);
    if (/^pip[0-9.]*$/.test(run.program) && sub === 'cache') cleaned.add('pip');
  }
  return { removed, mounts: mountedPaths(script.instruction), cleaned };
}

const covers = (facts: ScriptFacts, path: RegExp) => facts.removed.some((p) => path.test(p)) || facts.mounts.some((m) => path.test(m.replace(/\/?$/, '/')));

interface Leftover {
  word: ShellWord;
  message: string;
  fix?: Fix;
}

const insertAfter = (word: ShellWord, text: string): Edit[] => [{ start: word.span.end, end: word.span.end, text: ` ${text}` }];

/** `pip install`, `pip3 install`, `python3 -m pip install`: the `install` word and the options. */
function pipInstall(program: string, args: readonly ShellWord[]): { install: ShellWord; args: readonly ShellWord[] } | undefined {
  let rest = args;
  if (/^python[0-9.]*$/.test(program)) {
    const m = rest.findIndex((a) => a.value === '-m');
    if (m < 0 || !/^pip[0-9.]*$/.test(rest[m + 1]?.value ?? '')) return undefined;
    rest = rest.slice(m + 2);
  } else if (!/^pip[0-9.]*$/.test(program)) {
    return undefined;
  }
  const install = rest.find((a) => !a.value.startsWith('-'));
  return install?.value === 'install' ? { install, args: rest } : undefined;
}

function pipCacheOff(model: DockerfileModel, script: ShellScript, assignments: readonly ShellWord[]): boolean {
  if (assignments.some((a) => a.value.startsWith('PIP_NO_CACHE_DIR='))) return true;
  return stageChain(model, script.stage.index).some((stage) =>
    stage.instructions.some((i) => i.keyword === 'ENV' && /\bPIP_NO_CACHE_DIR\b/.test(i.argsText) && (stage !== script.stage || i.span.start < script.instruction.span.start)),
  );
}

/** Append ` && rm -rf /var/lib/apt/lists/*` to a RUN command line that ends in a plain command. */
function appendListRemoval(script: ShellScript, laterUse: boolean): Fix | undefined {
  const last = script.commands[script.commands.length - 1];
  const instruction = script.instruction;
  if (!last || instruction.heredocs.length > 0 || last.redirects.length > 0 || last.span.end !== instruction.argsSpan.end) return undefined;
  // Text appended inside an open quote would be part of the quoted word, not a command.
  if ([...last.words, ...last.assignments].some((word) => word.unclosed)) return undefined;
  return {
    description: 'delete the apt lists at the end of the same RUN',
    // A later RUN that installs without its own `apt-get update` needs the lists.
    safety: laterUse ? 'unsafe' : 'safe',
    edits: [{ start: last.span.end, end: last.span.end, text: ' && rm -rf /var/lib/apt/lists/*' }],
  };
}

function aptInstallWithoutUpdate(script: ShellScript): boolean {
  let updated = false;
  for (const command of script.commands) {
    const run = invocation(command);
    if (!run || (run.program !== 'apt-get' && run.program !== 'apt')) continue;
    const sub = subcommand(run.program, run.args)?.value;
    if (sub === 'update') updated = true;
    else if (sub === 'install' && !updated) return true;
  }
  return false;
}

function leftovers(model: DockerfileModel, script: ShellScript, later: readonly ShellScript[]): Leftover[] {
  const facts = factsOf(script);
  const found: Leftover[] = [];
  for (const command of script.commands) {
    const run = invocation(command);
    if (!run) continue;
    const word = command.words[run.index]!;
    const program = run.program;
    const sub = subcommand(program, run.args);
    if ((program === 'apt-get' || program === 'apt') && sub?.value === 'update') {
      if (facts.cleaned.has('apt') || covers(facts, /\/var\/lib\/apt(\/|$)/)) continue;
      const fix = appendListRemoval(script, later.some(aptInstallWithoutUpdate));
      found.push({ word, message: `${program} update leaves the package lists in /var/lib/apt/lists in this layer; add "rm -rf /var/lib/apt/lists/*" at the end of the same RUN`, ...(fix ? { fix } : {}) });
    } else if (program === 'apk' && (sub?.value === 'add' || sub?.value === 'update' || sub?.value === 'upgrade')) {
      // `--no-network` installs from what is already there and fetches no index.
      if (hasOption(run.args, ['--no-cache', '--no-network']) || covers(facts, /\/var\/cache\/apk(\/|$)|\/etc\/apk\/cache/)) continue;
      const fix: Fix | undefined = sub.value === 'update' ? undefined : { description: `use apk ${sub.value} --no-cache`, safety: 'safe', edits: insertAfter(sub, '--no-cache') };
      found.push({ word, message: `apk ${sub.value} without --no-cache leaves the package index in /var/cache/apk in this layer; use apk add --no-cache`, ...(fix ? { fix } : {}) });
    } else if (['dnf', 'yum', 'microdnf', 'tdnf'].includes(program) && sub && /^(install|update|upgrade|groupinstall|reinstall|module)$/.test(sub.value)) {
      if (facts.cleaned.has(program) || [...facts.cleaned].some((p) => p !== 'pip' && p !== 'zypper' && p !== 'apt') || covers(facts, /\/var\/cache\/(dnf|yum|libdnf5)(\/|$)/)) continue;
      found.push({ word, message: `${program} ${sub.value} leaves its metadata cache in /var/cache in this layer; end the RUN with "${program} clean all"` });
    } else if (program === 'zypper' && sub && /^(install|in|update|up|dist-upgrade|dup|patch)$/.test(sub.value)) {
      if (facts.cleaned.has('zypper') || covers(facts, /\/var\/cache\/zypp(\/|$)/)) continue;
      found.push({ word, message: `zypper ${sub.value} leaves its cache in /var/cache/zypp in this layer; end the RUN with "zypper clean -a"` });
    } else {
      const pip = pipInstall(program, run.args);
      if (!pip || hasOption(pip.args, ['--no-cache-dir']) || facts.cleaned.has('pip') || pipCacheOff(model, script, command.assignments) || covers(facts, /\.cache(\/pip)?\/?$|\.cache\/pip/)) continue;
      found.push({ word, message: 'pip install keeps downloaded packages in ~/.cache/pip in this layer; use pip install --no-cache-dir (or ENV PIP_NO_CACHE_DIR=1)', fix: { description: 'use pip install --no-cache-dir', safety: 'safe', edits: insertAfter(pip.install, '--no-cache-dir') } });
    }
  }
  return found;
}

export default defineRule({
  id: 'CG304',
  name: 'package-cache',
  level: 'note',
  securitySeverity: 2.0,
  tags: ['dockerfile', 'image-size', 'hygiene'],
  cwe: ['CWE-459'],
  targets: ['dockerfile'],
  fixable: 'safe',
  docs: {
    summary: "A RUN leaves the package manager's cache or index in the image",
    what:
      'In the stages that end up in the image (the last stage and the stages it is built `FROM`), flags: `apt-get update`/`apt update` in a `RUN` that does not also delete `/var/lib/apt/lists`; `apk add|update|upgrade` without `--no-cache` (and no `rm` of `/var/cache/apk`); `dnf`/`yum`/`microdnf`/`tdnf install|update|upgrade` without a `clean all` (or `rm` of `/var/cache/dnf|yum`) in the same `RUN`; `zypper install|update` without `zypper clean`; `pip install` (also `python -m pip`) without `--no-cache-dir`, `PIP_NO_CACHE_DIR` or `pip cache purge`. A `RUN --mount=type=cache` (or tmpfs) over the folder counts as cleaned. Build stages are not checked: their layers are not shipped.',
    why:
      'A layer keeps everything its `RUN` wrote, so package indexes and caches ship with every pull of the image — often tens of megabytes — and deleting them in a later `RUN` does not get them back. Stale package lists in an image also make a later `apt-get install` install outdated versions without an error.',
    example: { lang: 'dockerfile', code: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl' },
    useInstead: { lang: 'dockerfile', code: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*' },
    fixSafety:
      'Safe: `apk add` gets `--no-cache`, `pip install` gets `--no-cache-dir`, and a `RUN` with `apt-get update` gets ` && rm -rf /var/lib/apt/lists/*` appended when its command line ends in a plain command (no heredoc, no trailing redirection). The installed packages are the same; only the cache is gone. The apt fix is unsafe when a later `RUN` installs with apt without updating first, because it would no longer find the lists. dnf, yum, zypper and `apk update` have no fix.',
    references: ['https://docs.docker.com/build/building/best-practices/#apt-get', 'https://github.com/hadolint/hadolint/wiki/DL3009', 'https://github.com/hadolint/hadolint/wiki/DL3019', 'https://github.com/hadolint/hadolint/wiki/DL3042', 'CWE-459: Incomplete Cleanup'],
  },
  check(target) {
    if (target.kind !== 'dockerfile') return [];
    const model = target.dockerfile;
    const stages = imageStages(model);
    const scripts = runScripts(target.file.text, model).filter((s) => stages.has(s.stage));
    const findings: RuleFinding[] = [];
    scripts.forEach((script, k) => {
      for (const leftover of leftovers(model, script, scripts.slice(k + 1))) {
        const span: Span = leftover.word.span;
        findings.push({ span, message: leftover.message, ...(leftover.fix ? { fix: leftover.fix } : {}) });
      }
    });
    return findings;
  },
});
