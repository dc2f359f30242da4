/**
 * The small shell reader the CG3xx rules share (src/rules/dockerfile-helpers.ts): what it
 * splits, and that no input makes it — or the rules built on it — throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invocation, parseShell, programIndex } from '../../src/rules/dockerfile-helpers.js';
import { lint } from '../helpers.js';

const mapped = (text: string) => ({ text, offsets: [...Array(text.length + 1).keys()] });
const words = (text: string) => parseShell(mapped(text)).map((c) => c.words.map((w) => w.value));

describe('parseShell', () => {
  it('splits commands at operators and keeps quoted text whole', () => {
    expect(words(`a 'b c' "d $e" && f|g; h || i & j`)).toEqual([['a', 'b c', 'd $e'], ['f'], ['g'], ['h'], ['i'], ['j']]);
    expect(parseShell(mapped('a | b')).map((c) => c.after)).toEqual(['', '|']);
  });
  it('sets redirections and assignments apart', () => {
    const [command] = parseShell(mapped('A=1 B="2 3" cmd x >/dev/null 2>&1 < in'));
    expect(command!.assignments.map((w) => w.value)).toEqual(['A=1', 'B=2 3']);
    expect(command!.words.map((w) => w.value)).toEqual(['cmd', 'x']);
    expect(command!.redirects.map((r) => `${r.op}${r.target?.value ?? ''}`)).toEqual(['>/dev/null', '2>&1', '<in']);
  });
  it('keeps $(…), `…` and <(…) in one word', () => {
    expect(words('sh -c "$(curl -fsSL x | tr a b)" && bash <(curl y)')).toEqual([['sh', '-c', '$(curl -fsSL x | tr a b)'], ['bash', '<(curl y)']]);
  });
  it('skips comments, compound keywords and heredoc bodies', () => {
    expect(words('if true; then\n  cat > /f <<EOF\ncurl x | sh\nEOF\nfi # done')).toEqual([['true'], ['cat']]);
  });
  it('maps words back to their offsets', () => {
    const [command] = parseShell(mapped(`echo 'a b'`));
    expect(command!.words[1]!.span).toEqual({ start: 5, end: 10 });
  });
  it('finds the program behind sudo, env and nohup', () => {
    const [command] = parseShell(mapped('sudo -u app env -i A=1 nohup apt-get update'));
    expect(invocation(command!)?.program).toBe('apt-get');
    expect(programIndex(command!, { throughSudo: false })).toBe(0);
  });
  it('never throws, and every word span lies inside the text', () => {
    const alphabet = fc.constantFrom(...`ab $(){}[]'"\`\\|&;<>#=\n\t-019*~!`.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }).map((a) => a.join('')), (text) => {
        for (const command of parseShell(mapped(text))) {
          for (const word of [...command.words, ...command.assignments]) {
            expect(word.span.start).toBeGreaterThanOrEqual(0);
            expect(word.span.end).toBeLessThanOrEqual(text.length);
            expect(word.offsets.length).toBe(word.value.length + 1);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('the CG2xx–CG4xx rules on arbitrary input', () => {
  const ours = /^CG(20[1-7]|3\d\d|40[1-4])$/;
  const noInternalErrors = (kind: 'dockerfile' | 'unit' | 'compose', text: string) => {
    const errors = lint(kind, text).filter((f) => f.ruleId === 'CG000' && /internal error in rule/.test(f.message));
    expect(errors.map((f) => f.message)).toEqual([]);
    for (const f of lint(kind, text).filter((x) => ours.test(x.ruleId))) {
      expect(f.span.start).toBeGreaterThanOrEqual(0);
      expect(f.span.end).toBeLessThanOrEqual(text.length);
    }
  };
  const piece = fc.constantFrom(
    'RUN ', 'apt-get update', ' && ', 'apk add x', ' | sh', 'curl -k x', '\\\n', '<<EOF\n', 'EOF\n', 'chmod 777 /a', "'", '"', '$(', ')', ' ', '\n', 'CMD x', 'ADD a b', 'COPY .env /', 'WORKDIR a', 'FROM scratch\n', 'sudo x',
  );
  it('Dockerfiles', () => {
    fc.assert(fc.property(fc.array(piece, { maxLength: 25 }).map((a) => `FROM debian:12\n${a.join('')}\n`), (text) => noInternalErrors('dockerfile', text)), { numRuns: 150 });
  });
  const unitPiece = fc.constantFrom(
    'ExecStart=/usr/bin/docker run ', '-it ', '-d ', '$X ', '${X} ', '%Y ', '%% ', '|| true', '; ', '\\\n', "'", '"', 'ExecStop=/usr/bin/docker stop -t 200 x\n', 'Type=oneshot\n', 'Environment=X=%Z\n', '\n', 'TimeoutSec=', 'infinity\n',
  );
  it('units', () => {
    fc.assert(fc.property(fc.array(unitPiece, { maxLength: 20 }).map((a) => `[Unit]\nDescription=x\n[Service]\n${a.join('')}\n`), (text) => noInternalErrors('unit', text)), { numRuns: 150 });
  });
});
