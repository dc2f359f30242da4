/**
 * What the Action needs from the workflow event: whether it is a pull request, and the
 * pull request's base and head commits. The runner writes the event payload as JSON to the
 * file named by `GITHUB_EVENT_PATH`.
 */
import { readFileSync } from 'node:fs';
import type { ActionEnv } from './inputs.js';

export class EventError extends Error {}

export interface PullRequestRange {
  baseSha: string;
  headSha: string;
}

const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'];
const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

export function isPullRequestEvent(env: ActionEnv): boolean {
  return PULL_REQUEST_EVENTS.includes(env.GITHUB_EVENT_NAME ?? '');
}

/**
 * The pull request's `base.sha` and `head.sha`, or undefined when the payload has no pull
 * request (a push, a schedule). The values are checked to be commit ids before they reach git.
 */
export function readPullRequestRange(env: ActionEnv): PullRequestRange | undefined {
  const file = env.GITHUB_EVENT_PATH;
  if (!file) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new EventError(`cannot read the event payload at GITHUB_EVENT_PATH (${(error as Error).message})`);
  }
  const pr = (payload as { pull_request?: { base?: { sha?: unknown }; head?: { sha?: unknown } } } | null)?.pull_request;
  if (!pr) return undefined;
  const baseSha = pr.base?.sha;
  const headSha = pr.head?.sha;
  if (typeof baseSha !== 'string' || !SHA.test(baseSha) || typeof headSha !== 'string' || !SHA.test(headSha)) {
    throw new EventError('the pull_request event payload has no valid base.sha and head.sha');
  }
  return { baseSha, headSha };
}
