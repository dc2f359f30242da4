/**
 * Entry point of the bundled Action (`dist-action/index.js`, see scripts/build-action.mjs).
 * Kept apart from run.ts so importing the Action in tests never starts it.
 */
import { runAction } from './run.js';

const code = await runAction(process.env);
// Let stdout drain (annotations are read from it) before the exit code is set.
process.exitCode = code;
