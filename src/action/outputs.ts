/** Step outputs: the runner reads them back from the file named by `GITHUB_OUTPUT` after the step. */
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/**
 * Append outputs in the heredoc form `name<<DELIMITER`, value, `DELIMITER`. The delimiter is
 * random per value, so no value — a path with a newline, say — can end it early and smuggle in
 * another output (the injection GitHub warns about with fixed delimiters such as `EOF`).
 */
export function writeOutputs(file: string, outputs: Readonly<Record<string, string>>): void {
  let text = '';
  for (const [name, value] of Object.entries(outputs)) {
    const delimiter = `ghadelimiter_${randomUUID()}`;
    // As @actions/core does: refuse rather than write something the runner would misread.
    if (name.includes(delimiter) || value.includes(delimiter)) throw new Error(`output '${name}' contains its own delimiter`);
    text += `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`;
  }
  appendFileSync(file, text, 'utf8');
}
