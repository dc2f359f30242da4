import { describe, expect, it } from 'vitest';
import { continuationAt, scanDockerfile } from '../../src/parsers/dockerfile-scan.js';
import { parseDockerfile } from '../../src/parsers/dockerfile.js';
import { sourceFromText } from '../../src/model/source.js';
import { readInstructionWords, type InstructionWords } from '../../src/parsers/dockerfile-words.js';

const allWords = (read: InstructionWords) => read.all?.() ?? read.words;

const slice = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

describe('scanDockerfile: instructions as BuildKit cuts them', () => {
  it.each([
    ['continuation lines keep their indentation', 'RUN a \\\n  b\n', [['RUN a   b', 'RUN a \\\n  b']]],
    ['comment and blank lines inside a continuation are skipped', 'RUN a \\\n# c\n\n  b\nUSER x\n', [['RUN a   b', 'RUN a \\\n# c\n\n  b'], ['USER x', 'USER x']]],
    ['an escaped escape at the end does not continue', 'COPY a C:\\\\\nUSER x\n', [['COPY a C:\\\\', 'COPY a C:\\\\'], ['USER x', 'USER x']]],
    ['blanks after the continuation character', 'RUN a \\  \t\n b\n', [['RUN a  b', 'RUN a \\  \t\n b']]],
    ['a continuation into the end of the file', 'RUN a \\\n\n# c\n', [['RUN a ', 'RUN a \\']]],
    ['a lone continuation line joins the next', '\\\nRUN a\n', [['RUN a', 'RUN a']]],
    ['indented instructions and trailing blanks', '  FROM a  \n', [['FROM a  ', 'FROM a']]],
    ['an inline # is kept', 'RUN a # b\n', [['RUN a # b', 'RUN a # b']]],
    ['CRLF line breaks', 'RUN a \\\r\n  b\r\nUSER x\r\n', [['RUN a   b', 'RUN a \\\r\n  b'], ['USER x', 'USER x']]],
  ])('%s', (_, text, expected) => {
    const scan = scanDockerfile(text);
    expect(scan.errors).toEqual([]);
    expect(scan.instructions.map((i) => [i.line, slice(text, { start: i.start, end: i.end })])).toEqual(expected);
  });

  it.each([
    ['a terminator with a trailing blank is a body line', 'RUN <<EOF\nEOF \nEOF\n', [['EOF', 'EOF \n', true]]],
    ['<<- removes leading tabs from the terminator only with the dash', 'RUN <<EOF\n\tEOF\nEOF\n', [['EOF', '\tEOF\n', true]]],
    ['a file descriptor before <<', 'RUN cat 2<<EOF\nx\nEOF\n', [['EOF', 'x\n', true]]],
    ['a terminator on the last line without a line break', 'RUN <<EOF\nx\nEOF', [['EOF', 'x\n', true]]],
    ['an unterminated heredoc reads to the end', 'RUN <<EOF\nx\nUSER y\n', [['EOF', 'x\nUSER y\n', false]]],
    ['an escaped delimiter', 'RUN <<\\EOF\nx\nEOF\n', [['EOF', 'x\n', true]]],
    ['an open quote on the line: no heredoc', 'RUN echo "a <<EOF\n', []],
  ])('heredocs: %s', (_, text, expected) => {
    const scan = scanDockerfile(text);
    expect(scan.instructions[0]!.heredocs.map((h) => [h.name, h.content, h.terminated])).toEqual(expected);
  });

  it('reads parser directives with their spans', () => {
    const text = '# syntax=docker/dockerfile:1.7\n  #  ESCAPE = `\n# check=skip=all\nFROM a\n';
    const scan = scanDockerfile(text);
    expect([scan.escape, scan.directives.map((d) => [d.name, d.value, slice(text, d.span)])]).toEqual([
      '`',
      [
        ['syntax', 'docker/dockerfile:1.7', '# syntax=docker/dockerfile:1.7'],
        ['escape', '`', '#  ESCAPE = `'],
        ['check', 'skip=all', '# check=skip=all'],
      ],
    ]);
  });
});

describe('continuationAt: BuildKit\'s lineContinuationRegex', () => {
  it.each([
    ['RUN a \\', '\\', 6],
    ['RUN a \\ \t ', '\\', 6],
    ['\\', '\\', 0],
    ['RUN a \\\\', '\\', -1], // an escaped escape does not continue
    ['RUN a \\x', '\\', -1],
    ['RUN a \\\r', '\\', -1], // only spaces and tabs may follow
    ['RUN a `', '`', 6],
    ['RUN C:\\', '`', -1],
    ['', '\\', -1],
  ])('%j with escape %j: %d', (line, escape, at) => {
    expect(continuationAt(line, escape)).toBe(at);
  });
});

describe('readInstructionWords', () => {
  it.each([
    ['aligned with dockerfile-ast', 'FROM a\nRUN --mount=x echo "a b" \\\n  c\n', [['FROM', ['a']], ['RUN', ['--mount=x', 'echo', '"a', 'b"', 'c']]]],
    ['where dockerfile-ast would run an escaped escape into the next line', 'FROM a\nCOPY x C:\\\\\nUSER app\n', [['FROM', ['a']], ['COPY', ['x', 'C:\\\\']], ['USER', ['app']]]],
    ['where dockerfile-ast misses a heredoc', 'FROM a\nRUN cat 2<<EOF\nUSER no\nEOF\nUSER app\n', [['FROM', ['a']], ['RUN', ['cat', '2<<EOF']], ['USER', ['app']]]],
    ['where dockerfile-ast sees a heredoc in quotes', "FROM a\nRUN echo '<<EOF'\nUSER app\n", [['FROM', ['a']], ['RUN', ['echo', "'<<EOF'"]], ['USER', ['app']]]],
    ['with a backtick escape', '# escape=`\nFROM a\nRUN dir `\n  C:\\\n', [['FROM', ['a']], ['RUN', ['dir', 'C:\\']]]],
    ['quotes do not group, an escaped blank ends a word', 'RUN echo "a b" x\\ y\n', [['RUN', ['echo', '"a', 'b"', 'x', 'y']]]],
    ['a keyword across a continuation', 'FR\\\nOM a\n', [['FR\\\nOM', ['a']]]],
    // BuildKit skips a comment line whole; dockerfile-ast read `\x` in it as a word and lost `b`.
    ['escapes in a comment line inside a continuation', 'RUN a \\\n# see C:\\x\n  b \\\n  c\n', [['RUN', ['a', 'b', 'c']]]],
    ['a comment line right after a continued keyword', 'RUN\\\n#c\n  a\n', [['RUN', ['a']]]],
    // BuildKit breaks lines only at \n; dockerfile-ast also at a lone \r.
    ['a lone carriage return is a blank', 'RUN a\rb\n', [['RUN', ['a', 'b']]]],
    // dockerfile-ast missed this continuation (it skips the character after an escaped blank).
    ['an escaped blank before a continuation', 'RUN a\\ \\\n  b\n', [['RUN', ['a', 'b']]]],
    ['a continuation into the end of the file', 'RUN a\\\n# c\n', [['RUN', ['a']]]],
    ['an escaped escape at the end of the file', 'RUN a C:\\\\', [['RUN', ['a', 'C:\\\\']]]],
  ])('%s: keywords and the text under each word span', (_, text, expected) => {
    const words = readInstructionWords(text, scanDockerfile(text));
    expect(words.map((w) => [slice(text, w.keywordSpan), allWords(w).map((word) => slice(text, word.span))])).toEqual(expected);
  });

  it('resolves escapes in word values, except before $ (kept for expansion)', () => {
    const text = 'FROM a\nCOPY a\\"b C:\\\\ \\$HOME\nUSER app\n';
    expect(allWords(readInstructionWords(text, scanDockerfile(text))[1]!).map((w) => w.value)).toEqual(['a"b', 'C:\\', '\\$HOME']);
  });

  it('reads words across continuations, blank lines and CRLF line breaks', () => {
    const text = 'RUN a\\\r\nb \\\r\n\r\n  c`d\r\n';
    const [run] = readInstructionWords(text, scanDockerfile(text));
    expect(allWords(run!).map((w) => [w.value, slice(text, w.span)])).toEqual([
      ['ab', 'a\\\r\nb'],
      ['c`d', 'c`d'],
    ]);
  });

  it('reads only the flags and the next word of a RUN until all its words are asked for', () => {
    const text = 'FROM a\nrun --mount=type=cache,target=/x --network=none apt-get install -y curl\nRUN --mount="type=secret, id=a" echo b c\nRUN -- x y\n';
    const [, run, quoted, dashes] = readInstructionWords(text, scanDockerfile(text));
    expect(run!.words.map((w) => w.value)).toEqual(['--mount=type=cache,target=/x', '--network=none', 'apt-get']);
    expect(run!.all!().map((w) => w.value)).toEqual(['--mount=type=cache,target=/x', '--network=none', 'apt-get', 'install', '-y', 'curl']);
    // A quoted flag value may run over several words: everything is read.
    expect(quoted!.words.map((w) => w.value)).toEqual(['--mount="type=secret,', 'id=a"', 'echo', 'b', 'c']);
    expect(dashes!.words.map((w) => w.value)).toEqual(['--']);
    const model = parseDockerfile(sourceFromText('Dockerfile', 'dockerfile', text)).model!;
    expect(model.instructions[1]!.flags.map((f) => [f.name, f.value])).toEqual([['mount', 'type=cache,target=/x'], ['network', 'none']]);
    expect(model.instructions[1]!.args.map((a) => a.value)).toEqual(['--mount=type=cache,target=/x', '--network=none', 'apt-get', 'install', '-y', 'curl']);
    expect(model.instructions[2]!.flags.map((f) => [f.name, f.value])).toEqual([['mount', 'type=secret, id=a']]);
    expect(model.instructions[3]!.args.map((a) => a.value)).toEqual(['--', 'x', 'y']);
  });
});
