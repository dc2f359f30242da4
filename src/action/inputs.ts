/**
 * The Action's inputs, read only from the `INPUT_*` variables the runner sets for a JavaScript
 * action (the input name upper-cased, spaces turned to `_`, dashes kept: `INPUT_FAIL-ON`).
 * Nothing here is ever passed through a shell, so a value is only ever data.
 */
import type { FailOn } from '../cli-args.js';

export type ActionEnv = Readonly<Record<string, string | undefined>>;

export class InputError extends Error {}

export interface ActionInputs {
  /** Files and folders to scan, relative to the workspace (one per line in the input). */
  paths: string[];
  config?: string;
  policy?: string;
  sarifFile: string;
  failOn: FailOn;
  /** `auto` is decided by the event: true on pull requests. */
  onlyChanged: 'auto' | boolean;
  annotations: boolean;
}

/** Mirrors @actions/core getInput: missing and blank are the same, surrounding spaces dropped. */
export function getInput(env: ActionEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** YAML 1.2 core-schema booleans, as @actions/core getBooleanInput accepts them. */
function booleanInput(env: ActionEnv, name: string, fallback: boolean): boolean {
  const value = getInput(env, name);
  if (value === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new InputError(`input '${name}' must be true or false (got '${value}')`);
}

export function readInputs(env: ActionEnv): ActionInputs {
  const paths = getInput(env, 'path')
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');

  const failOn = getInput(env, 'fail-on') || 'error';
  if (!['error', 'warning', 'note', 'never'].includes(failOn)) {
    throw new InputError(`input 'fail-on' must be one of error, warning, note, never (got '${failOn}')`);
  }

  const onlyChangedText = getInput(env, 'only-changed') || 'auto';
  const onlyChanged = onlyChangedText === 'auto' ? 'auto' : booleanInput(env, 'only-changed', false);

  return {
    paths: paths.length ? paths : ['.'],
    config: getInput(env, 'config') || undefined,
    policy: getInput(env, 'policy') || undefined,
    sarifFile: getInput(env, 'sarif-file') || 'cguard.sarif',
    failOn: failOn as FailOn,
    onlyChanged,
    annotations: booleanInput(env, 'annotations', true),
  };
}
