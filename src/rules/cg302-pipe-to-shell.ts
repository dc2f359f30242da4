/**
 * CG302 pipe-to-shell — a `RUN` downloads a script and runs it in one go (`curl … | sh`).
 *
 * The script is executed as it streams in: nothing can verify it first, a truncated download
 * runs half a script, and the server decides per request what to send. The same holds for
 * `sh -c "$(curl …)"` and `bash <(curl …)`.
 */
import type { Span } from '../model/source.js';
import { defineRule, type RuleFinding } from './types.js';
import { invocation, runScripts, type ShellCommand } from './dockerfile-helpers.js';

const DOWNLOADERS = new Set(['curl', 'wget', 'fetch']);
/** Programs that run the script they read from stdin. */
const INTERPRETERS = /^(sh|bash|dash|ash|zsh|ksh|mksh|fish|python[0-9.]*|perl|ruby|node|php)$/;
const FETCH_IN_WORD = /(\$\(|<\(|`)\s*(\S*\/)?(curl|wget)\s/;

function pipedInterpreter(command: ShellCommand): { downloader: string; interpreter: string; span: Span } | undefined {
  const source = invocation(command);
  if (!source || !DOWNLOADERS.has(source.program)) return undefined;
  // Follow the pipeline: `curl … | tee x | sh` still runs what curl fetched.
  for (let next = command.next; next && next.after === '|'; next = next.next) {
    const sink = invocation(next);
    if (sink && INTERPRETERS.test(sink.program)) {
      return { downloader: source.program, interpreter: sink.program, span: { start: command.span.start, end: next.span.end } };
    }
  }
  return undefined;
}

export default defineRule({
  id: 'CG302',
  name: 'pipe-to-shell',
  level: 'warning',
  securitySeverity: 6.5,
  tags: ['security', 'supply-chain', 'dockerfile'],
  cwe: ['CWE-494'],
  targets: ['dockerfile'],
  docs: {
    summary: 'A RUN pipes a downloaded script straight into a shell',
    what:
      'Flags `RUN` commands (command lines and heredoc scripts, in any stage) where `curl`, `wget` or `fetch` is piped into an interpreter — `sh`, `bash`, `zsh`, `python`, `perl`, `ruby`, `node`, `php`, also through `sudo` or `tee` — and shells given a download to run: `sh -c "$(curl …)"`, `bash <(curl …)`.',
    why:
      'The script runs while it downloads, as root in the build: nothing verifies it, a dropped connection runs half of it, and the server can tell a `curl | sh` from a browser and serve the build something else. The image then contains whatever that script did, and a rebuild can differ without any change to the Dockerfile.',
    example: { lang: 'dockerfile', code: 'FROM debian:12-slim\nRUN curl -fsSL https://example.com/install.sh | sh' },
    useInstead: {
      lang: 'dockerfile',
      code: 'FROM debian:12-slim\nRUN curl -fsSLo /tmp/install.sh https://example.com/install-1.4.sh \\\n && echo "<sha256>  /tmp/install.sh" | sha256sum -c - \\\n && sh /tmp/install.sh && rm /tmp/install.sh',
    },
    fixSafety: 'No automatic fix: verifying the script needs a checksum or signature from its publisher.',
    references: ['CWE-494: Download of Code Without Integrity Check', 'https://docs.docker.com/build/building/best-practices/#run'],
  },
  check(target) {
    if (target.kind !== 'dockerfile') return [];
    const findings: RuleFinding[] = [];
    for (const script of runScripts(target.file.text, target.dockerfile)) {
      for (const command of script.commands) {
        const piped = pipedInterpreter(command);
        if (piped) {
          findings.push({
            span: piped.span,
            message: `${piped.downloader} output is piped into ${piped.interpreter}, which runs the script unverified as it downloads; save it, check its checksum, then run it`,
          });
          continue;
        }
        const run = invocation(command);
        if (!run || !INTERPRETERS.test(run.program)) continue;
        const word = run.args.find((a) => FETCH_IN_WORD.test(a.value));
        if (word) {
          findings.push({ span: word.span, message: `${run.program} runs a script straight from a download (${word.value.slice(0, 40)}…), unverified; save it, check its checksum, then run it` });
        }
      }
    }
    return findings;
  },
});
