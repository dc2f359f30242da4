/**
 * Entry point of the bundled Action (`dist-action/index.js`, see scripts/build-action.mjs).
 * Kept apart from run.ts so importing the Action in tests never starts it.
 */
import { runAction } from './run.js';

// exitCode rather than process.exit(): Node then exits once stdout, where the runner reads the
// annotations, has been flushed to the pipe.
process.exitCode = await runAction(process.env);
