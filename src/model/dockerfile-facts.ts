/**
 * Questions rules ask about a parsed Dockerfile. A stage built `FROM` an earlier stage starts
 * from that stage's image, so its user, health check and base image are inherited through the
 * chain of stages unless the stage sets its own.
 */
import type { DockerfileModel, DockerStage } from './dockerfile.js';
import type { ImageRef } from './image.js';

export type StageUser = DockerStage['users'][number];

/** The stage `docker build` produces when no `--target` is given: the last one. */
export function finalStage(model: DockerfileModel): DockerStage | undefined {
  return model.stages[model.stages.length - 1];
}

/** The stage and the earlier stages it is built FROM, nearest first. */
export function stageChain(model: DockerfileModel, stageIndex: number): DockerStage[] {
  const chain: DockerStage[] = [];
  let stage: DockerStage | undefined = model.stages[stageIndex];
  // baseStage always names an earlier stage, so the walk ends.
  while (stage) {
    chain.push(stage);
    stage = stage.baseStage === undefined ? undefined : model.stages[stage.baseStage];
  }
  return chain;
}

/**
 * The USER the stage's image runs as, when the Dockerfile says: its own last USER, else the one
 * of the stage it is built FROM. Undefined means the base image's user (root unless it sets one).
 */
export function stageUser(model: DockerfileModel, stageIndex: number): StageUser | undefined {
  for (const stage of stageChain(model, stageIndex)) {
    const last = stage.users[stage.users.length - 1];
    if (last) return last;
  }
  return undefined;
}

/** The external image at the root of the stage's chain; undefined for `scratch` or an unresolved FROM. */
export function stageBaseImage(model: DockerfileModel, stageIndex: number): ImageRef | undefined {
  const chain = stageChain(model, stageIndex);
  const root = chain[chain.length - 1];
  if (!root || root.baseUnresolved || root.baseImage?.scratch) return undefined;
  return root.baseImage;
}

/**
 * A USER value that runs as root: the name `root` or uid 0 (`0`, `00`), with or without a group
 * (`root:root`, `0:0`, `root:staff`). Another user with group 0 is not root.
 */
export function isRootUser(value: string): boolean {
  const user = value.trim().split(':', 1)[0]!;
  return user === 'root' || /^0+$/.test(user);
}

/**
 * Whether the stage's image has a health check: its last HEALTHCHECK, or the inherited one when
 * it has none, is not `HEALTHCHECK NONE`. A base image's own health check is not known here.
 */
export function hasHealthcheck(model: DockerfileModel, stageIndex: number): boolean {
  for (const stage of stageChain(model, stageIndex)) {
    const checks = stage.instructions.filter((i) => i.keyword === 'HEALTHCHECK');
    const last = checks[checks.length - 1];
    if (!last) continue;
    const type = last.args.find((arg) => !arg.value.startsWith('--'))?.value;
    return type !== undefined && type.toUpperCase() !== 'NONE';
  }
  return false;
}
