/**
 * CG308 relative-workdir — `WORKDIR` with a relative path.
 *
 * Facts (Dockerfile reference, "WORKDIR"): a relative path is resolved against the previous
 * `WORKDIR` — of this stage, the stage it is built `FROM`, or the base image (`/` when it sets
 * none). Variables set with `ENV`/`ARG` are expanded.
 */
import { posix } from 'node:path';
import type { DockerfileModel, DockerInstruction, DockerStage } from '../model/dockerfile.js';
import { stageChain } from '../model/dockerfile-facts.js';
import { defineRule, type RuleFinding } from './types.js';

const unquote = (text: string) => text.trim().replace(/^(["'])(.*)\1$/, '$2');
const isAbsolute = (path: string) => path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\');

/**
 * The folder the image is in just before `target`, when the Dockerfile says: the chain of
 * WORKDIRs from the root stage, which starts at `/` only when it is `FROM scratch`.
 */
function workdirBefore(model: DockerfileModel, stage: DockerStage, target: DockerInstruction): string | undefined {
  const chain = stageChain(model, stage.index).reverse();
  let cwd: string | undefined = chain[0]?.baseImage?.scratch ? '/' : undefined;
  for (const s of chain) {
    for (const instruction of s.instructions) {
      if (instruction === target) return cwd;
      if (instruction.keyword !== 'WORKDIR') continue;
      const path = unquote(instruction.argsText);
      if (path.includes('$')) cwd = undefined;
      else if (isAbsolute(path)) cwd = posix.normalize(path);
      else if (cwd !== undefined) cwd = posix.join(cwd, path);
    }
  }
  return cwd;
}

export default defineRule({
  id: 'CG308',
  name: 'relative-workdir',
  level: 'note',
  securitySeverity: 2.0,
  tags: ['dockerfile', 'hygiene'],
  cwe: ['CWE-706'],
  targets: ['dockerfile'],
  fixable: 'safe',
  docs: {
    summary: 'WORKDIR uses a relative path',
    what: 'Flags a `WORKDIR` whose path is relative (`WORKDIR app`, `WORKDIR ~/src`). Paths that start with a variable (`WORKDIR $HOME/app`) are not flagged, since the variable usually holds an absolute path; Windows paths (`C:\\app`) are absolute.',
    why:
      'A relative `WORKDIR` lands wherever the previous one was — possibly set by a base image you do not control — so a base image update moves the application, and `COPY`/`RUN` write somewhere other than the Dockerfile suggests. `~` is not expanded: `WORKDIR ~/app` creates a folder literally named `~`.',
    example: { lang: 'dockerfile', code: 'FROM python:3.13-slim\nWORKDIR app\nCOPY . .' },
    useInstead: { lang: 'dockerfile', code: 'FROM python:3.13-slim\nWORKDIR /app\nCOPY . .' },
    fixSafety:
      'Safe, when the folder is known: the fix writes the absolute path the relative one resolves to, from the earlier `WORKDIR`s of the stage and the stages it is built `FROM` (starting at `/` for `FROM scratch`). When the base image decides the starting folder, there is no fix.',
    references: ['https://docs.docker.com/reference/dockerfile/#workdir', 'https://github.com/hadolint/hadolint/wiki/DL3000', 'CWE-706: Use of Incorrectly-Resolved Name or Reference'],
  },
  check(target) {
    if (target.kind !== 'dockerfile') return [];
    const model = target.dockerfile;
    const findings: RuleFinding[] = [];
    for (const stage of model.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'WORKDIR') continue;
        const path = unquote(instruction.argsText);
        if (path === '' || path.startsWith('$') || isAbsolute(path)) continue;
        const cwd = workdirBefore(model, stage, instruction);
        const resolved = cwd !== undefined && !path.includes('$') && !path.startsWith('~') ? posix.join(cwd, path) : undefined;
        findings.push({
          span: instruction.argsSpan,
          message: resolved
            ? `WORKDIR ${path} is relative to the previous WORKDIR; write the absolute path ${resolved}`
            : `WORKDIR ${path} is relative to whatever folder the base image left, ${path.startsWith('~') ? 'and ~ is not expanded' : 'which can change with it'}; write an absolute path`,
          ...(resolved ? { fix: { description: `write WORKDIR ${resolved}`, safety: 'safe' as const, edits: [{ ...instruction.argsSpan, text: resolved }] } } : {}),
        });
      }
    }
    return findings;
  },
});
