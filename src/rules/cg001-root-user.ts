/**
 * CG001 root-user — the container (or the final image) runs as root.
 *
 * Dockerfile: only the final stage matters (build stages may need root); a stage built FROM
 * another stage inherits its USER. Containers: an explicit root user, or no user at all when
 * the image is not known to run as someone else. A compose service with `build:` takes the
 * final USER of the Dockerfile it builds when that file is in the scanned tree.
 */
import type { ContainerSpec } from '../model/container.js';
import type { DockerfileModel } from '../model/dockerfile.js';
import { finalStage, isRootUser, stageBaseImage, stageUser } from '../model/dockerfile-facts.js';
import type { ImageRef } from '../model/image.js';
import type { SourceFile } from '../model/source.js';
import { editorFix } from './container-helpers.js';
import { defineRule, type RuleFinding } from './types.js';

const NON_ROOT_USER = '65532:65532';

/**
 * Images that are documented to run as a non-root user by default. Kept deliberately small:
 * distroless `:nonroot` tags (uid 65532) and their `-nonroot` variants.
 */
function imageRunsAsNonRoot(image: ImageRef | undefined): boolean {
  return !!image?.tag && /(^|-)nonroot$/.test(image.tag);
}

function hasVariable(value: string): boolean {
  return value.includes('$');
}

function checkDockerfile(file: SourceFile, model: DockerfileModel): RuleFinding[] {
  const stage = finalStage(model);
  if (!stage) return [];
  const user = stageUser(model, stage.index);
  const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
  // A last instruction whose final line still continues (`RUN make && \` at the end of the
  // file) would take the new line into its command: no fix then.
  const lastLine = file.text.slice(last.span.start, last.span.end).replace(/[ \t]+$/, '');
  // As BuildKit reads it: an escape character (not itself escaped) at the end continues the line.
  const continued = lastLine.endsWith(model.escape) && !lastLine.endsWith(model.escape + model.escape);
  const append = continued
    ? undefined
    : {
        description: `add USER ${NON_ROOT_USER} at the end of the final stage`,
        safety: 'unsafe' as const,
        edits: [{ start: last.span.end, end: last.span.end, text: `${file.eol}USER ${NON_ROOT_USER}` }],
      };
  if (user) {
    if (hasVariable(user.value) || !isRootUser(user.value)) return [];
    // Replacing a root USER that RUN instructions of the final stage still need (apt-get, chown)
    // would break the build; so would editing another stage's USER. The new USER goes last then.
    const at = stage.instructions.indexOf(user.instruction);
    const needed = at < 0 || stage.instructions.slice(at + 1).some((i) => i.keyword === 'RUN');
    return [
      {
        span: user.span,
        message: `the final stage runs as root (USER ${user.value}); switch to an unprivileged user before the image is run`,
        fix: needed
          ? append
          : { description: `set USER ${NON_ROOT_USER}`, safety: 'unsafe', edits: [{ start: user.span.start, end: user.span.end, text: NON_ROOT_USER }] },
      },
    ];
  }
  if (imageRunsAsNonRoot(stageBaseImage(model, stage.index))) return [];
  return [
    {
      span: stage.from.span,
      message: `the final stage (FROM ${stage.baseText}) has no USER instruction, so the image runs as root; add USER with an unprivileged user`,
      fix: append,
    },
  ];
}

function checkContainer(container: ContainerSpec): RuleFinding[] {
  // Computed when read: a compose edit re-parses the file, and a text report never reads it.
  const fix = (description: string) => editorFix(description, 'unsafe', { editor: container.editor, compute: (editor) => editor.set('user', NON_ROOT_USER) });
  const user = container.user;
  if (user) {
    if (hasVariable(user.value) || !isRootUser(user.value)) return [];
    return [{ span: user.span, message: `container '${container.name}' runs as root (user ${user.value || '""'}); use an unprivileged user`, fix: fix(`set the user to ${NON_ROOT_USER}`) }];
  }
  const build = container.build;
  if (build?.resolved) {
    const finalUser = build.resolved.finalUser;
    if (finalUser !== undefined && (hasVariable(finalUser) || !isRootUser(finalUser))) return [];
    const why = finalUser === undefined ? `${build.dockerfilePath} sets no USER in ${build.target ? `its stage ${build.target}` : 'its final stage'}` : `${build.dockerfilePath} ends with USER ${finalUser}`;
    return [{ span: container.span, message: `container '${container.name}' runs as root: no user is set and ${why}`, fix: fix(`set the user to ${NON_ROOT_USER}`) }];
  }
  if (imageRunsAsNonRoot(container.image?.value)) return [];
  if (!container.image && !build) return [];
  const what = build
    ? `the Dockerfile it builds (${build.dockerfilePath}) is not in the scanned tree`
    : `the image ${container.image!.value.raw} is not known to run as a non-root user`;
  return [{ span: container.span, message: `container '${container.name}' runs as root: no user is set and ${what}`, fix: fix(`set the user to ${NON_ROOT_USER}`) }];
}

export default defineRule({
  id: 'CG001',
  name: 'root-user',
  level: 'error',
  securitySeverity: 7.5,
  tags: ['security', 'user', 'cis-docker'],
  cis: ['4.1'],
  cwe: ['CWE-250'],
  targets: ['dockerfile', 'container'],
  fixable: 'unsafe',
  docs: {
    summary: 'The container or the final image runs as root',
    what:
      'Dockerfile: flags a final stage with no `USER` (none in the stage, none inherited from a stage it is built `FROM`), or whose last `USER` is `root`, `0`, `root:…` or `0:…`; build stages may use root. `ARG` defaults are resolved. Containers (compose services, `docker run`/`podman run` in units, Quadlet): flags `user`/`--user`/`-u`/`User=` set to root or 0, or no user at all when the image is not known to run as someone else. A compose service with `build:` uses the final `USER` of the Dockerfile it builds when that file is in the scanned tree.',
    why:
      'Root in a container is root on the host kernel: a process that escapes the container (through a kernel bug, a mounted socket, a writable host path or an added capability) does so as uid 0. Running as an unprivileged user turns most escapes into a nuisance instead of a host compromise.',
    example: { lang: 'dockerfile', code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]' },
    useInstead: { lang: 'dockerfile', code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY --chown=node:node . .\nUSER node\nCMD ["node", "server.js"]' },
    fixSafety:
      'Unsafe: sets `USER 65532:65532` (Dockerfile), `user: "65532:65532"` (compose), `--user 65532:65532` (docker run) or `User=65532:65532` (Quadlet). The application may need files it can no longer write, or a port below 1024, so review the change; prefer a named user the image creates.',
    references: ['CIS Docker Benchmark 4.1 "Ensure that a user for the container has been created"', 'https://docs.docker.com/reference/dockerfile/#user', 'CWE-250: Execution with Unnecessary Privileges'],
  },
  check(target) {
    if (target.kind === 'dockerfile') return checkDockerfile(target.file, target.dockerfile);
    if (target.kind === 'container') return checkContainer(target.container);
    return [];
  },
});
