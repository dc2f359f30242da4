/**
 * The small shell reader the CG3xx rules share (src/rules/dockerfile-helpers.ts): what it
 * splits, and that no input makes it — or the rules built on it — throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invocation, MappedText, parseShell, programIndex, wordFrom, wordOffset, type ShellWord } from '../../src/rules/dockerfile-helpers.js';
import { lint } from '../helpers.js';

const mapped = (text: string): MappedText => {
  const m = new MappedText(0);
  m.append(text, 0, text.length);
  return m;
};

/** Each character of the word's value is the character of `source` at its offset, in order, and the word ends at its span's end. */
function expectMapped(word: ShellWord, source: string): void {
  let previous = word.span.start - 1;
  for (let k = 0; k < word.value.length; k++) {
    const at = wordOffset(word, k);
    expect(at).toBeGreaterThan(previous);
    expect(source[at]).toBe(word.value[k]);
    previous = at;
  }
  expect(wordOffset(word, word.value.length)).toBe(word.span.end);
  expect(word.span.end).toBeGreaterThan(previous);
}
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
    expect([0, 1, 2, 3].map((k) => wordOffset(command!.words[1]!, k))).toEqual([6, 7, 8, 10]);
  });
  it('maps the characters of a word through quotes, escapes and lines joined from pieces of the file', () => {
    // `RUN a"b c"\` + newline + `  d\'e`: the second piece of the text starts at offset 14.
    const source = 'RUN a"b c"\\\n  d\\\'e';
    const m = new MappedText(4);
    m.append(source, 4, 10);
    m.append(source, 14, source.length);
    expect(m.text).toBe('a"b c"d\\\'e');
    const [word] = parseShell(m)[0]!.words;
    expect(word!.value).toBe("ab cd'e");
    expect([...word!.value].map((_, k) => wordOffset(word!, k))).toEqual([4, 6, 7, 8, 14, 16, 17]);
    expect(word!.span).toEqual({ start: 4, end: 18 });
    expectMapped(word!, source);
    const tail = wordFrom(word!, 3);
    expect([tail.value, tail.span, [0, 1, 2, 3].map((k) => wordOffset(tail, k))]).toEqual(["cd'e", { start: 8, end: 18 }, [8, 14, 16, 17]]);
    // A word the file holds as it is needs no runs.
    expect(parseShell(mapped('plain words'))[0]!.words.map((w) => w.runs)).toEqual([undefined, undefined]);
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
          }
        }
      }),
      { numRuns: 500 },
    );
  });
  it('maps every character of every word to its place in the file, the text made of any pieces of it', () => {
    const alphabet = fc.constantFrom(...`ab $(){}'"\`\\|&;<>#=\n\t-0`.split(''));
    const cuts = fc.array(fc.tuple(fc.nat(3), fc.integer({ min: 1, max: 8 })), { maxLength: 12 });
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 50 }).map((a) => a.join('')), cuts, (source, pieces) => {
        const m = new MappedText(0);
        let pos = 0;
        for (const [skip, length] of pieces) {
          pos = Math.min(source.length, pos + skip);
          m.append(source, pos, Math.min(source.length, pos + length));
          pos = Math.min(source.length, pos + length);
        }
        for (let i = 0; i < m.text.length; i++) expect(source[m.offsetAt(i)]).toBe(m.text[i]);
        for (const command of parseShell(m)) {
          for (const word of [...command.words, ...command.assignments, ...command.redirects.flatMap((r) => r.target ?? [])]) {
            expectMapped(word, source);
            for (let from = 0; from <= word.value.length; from++) expectMapped(wordFrom(word, from), source);
          }
        }
      }),
      { numRuns: 1000 },
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
