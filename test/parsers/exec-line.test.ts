import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sourceFromText } from '../../src/model/source.js';
import type { UnitEntry } from '../../src/model/unit.js';
import { expandExecWords, parseExecCommands, parseExecLine } from '../../src/parsers/exec-line.js';
import { parseUnit } from '../../src/parsers/systemd-unit.js';

const PREFIX = '[Service]\nExecStart=';

function entryOf(value: string): { entry: UnitEntry; text: string } {
  const text = `${PREFIX}${value}\n`;
  const unit = parseUnit(sourceFromText('t.service', 'unit', text)).model!;
  return { entry: unit.entries[0]!, text };
}

const argv = (value: string) => parseExecCommands(entryOf(value).entry).map((c) => c.words.map((w) => w.value));

describe('parseExecCommands: words as systemd 252 dumps them', () => {
  const cases: Array<[string, string, string[][]]> = [
    ['plain words', '/usr/bin/docker run --rm nginx', [['/usr/bin/docker', 'run', '--rm', 'nginx']]],
    ['double and single quotes group', `/bin/echo "a b" 'c d'`, [['/bin/echo', 'a b', 'c d']]],
    ['a quote may open mid-word', `/bin/echo a"b c"d 'x'y`, [['/bin/echo', 'ab cd', 'xy']]],
    ['C escapes, inside quotes too', `/bin/echo c\\x41 'x\\x41\\n' "q\\"r" \\s`, [['/bin/echo', 'cA', 'xA\n', 'q"r', ' ']]],
    ['an unknown escape is kept', '/bin/echo \\q', [['/bin/echo', '\\q']]],
    ['a lone ; separates commands', '/bin/echo a ; /bin/echo b', [['/bin/echo', 'a'], ['/bin/echo', 'b']]],
    ['tabs and extra blanks around ;', '/bin/echo a\t;  /bin/echo b', [['/bin/echo', 'a'], ['/bin/echo', 'b']]],
    ['a lone \\; is a literal ;', '/usr/bin/find / -exec rm {} \\;', [['/usr/bin/find', '/', '-exec', 'rm', '{}', ';']]],
    ['; inside a word, ;; and quoted ; are words', `/bin/echo ok;x ;; ";" ';'`, [['/bin/echo', 'ok;x', ';;', ';', ';']]],
    ['an empty command between separators is skipped', '/bin/echo a ; ; /bin/echo b', [['/bin/echo', 'a'], ['/bin/echo', 'b']]],
    ['a trailing ; ends the command', '/bin/echo x ;', [['/bin/echo', 'x']]],
    ['a leading ; is skipped', '; /bin/echo y', [['/bin/echo', 'y']]],
    ['\\\\; is backslash and ;', '/bin/echo \\\\;', [['/bin/echo', '\\;']]],
    ['variables and specifiers stay as written', '/bin/echo ${A} $B $$C %n %%', [['/bin/echo', '${A}', '$B', '$$C', '%n', '%%']]],
    ['shell syntax becomes arguments', '/usr/bin/docker rm -f web || true', [['/usr/bin/docker', 'rm', '-f', 'web', '||', 'true']]],
    ['an inline # is not a comment', '/usr/bin/docker pull nginx # later', [['/usr/bin/docker', 'pull', 'nginx', '#', 'later']]],
  ];
  it.each(cases)('%s', (_name, value, expected) => {
    expect(argv(value)).toEqual(expected);
  });
});

describe('parseExecCommands: prefixes', () => {
  const cases: Array<[string, string, string]> = [
    ['-/usr/bin/docker stop web', '-', '/usr/bin/docker'],
    ['-@:/bin/echo zero one', '-@:', '/bin/echo'],
    ['!!:/bin/echo x', '!!:', '/bin/echo'],
    ['+-/bin/true', '+-', '/bin/true'],
    ['"-/bin/echo" q', '-', '/bin/echo'],
  ];
  it.each(cases)('%s', (value, prefixes, path) => {
    const { entry, text } = entryOf(value);
    const [command] = parseExecCommands(entry);
    expect(command!.prefixes).toBe(prefixes);
    expect(command!.words[0]!.value).toBe(path);
    expect(text.slice(command!.prefixSpan.start, command!.prefixSpan.end)).toBe(prefixes);
  });

  const refused: Array<[string, string]> = [
    ['-', `Empty path in command line, ignoring: "-"`],
    ['--/bin/echo x', 'Neither a valid executable name nor an absolute path: -/bin/echo'],
    ['+!/bin/echo x', 'Neither a valid executable name nor an absolute path: !/bin/echo'],
    ['@/bin/echo', 'Empty executable name or zeroeth argument: @/bin/echo'],
    ['/bin/echo "open', 'Unbalanced quoting, ignoring: "/bin/echo "open"'],
  ];
  it.each(refused)('refuses %s as systemd does', (value, message) => {
    const { commands, problems } = parseExecLine(entryOf(value).entry);
    expect(commands).toEqual([]);
    expect(problems.map((p) => p.message)).toEqual([message]);
  });

  it('accepts a bare program name', () => {
    expect(argv('echo rel')).toEqual([['echo', 'rel']]);
  });
});

describe('parseExecCommands: spans', () => {
  it('gives words, commands and prefixes exact file spans across continuation lines', () => {
    const value = '-/usr/bin/docker run \\\n    --name "my web" \\\n    nginx ; /bin/echo b';
    const { entry, text } = entryOf(value);
    const commands = parseExecCommands(entry);
    const spans = commands.map((c) => c.words.map((w) => text.slice(w.span.start, w.span.end)));
    expect(spans).toEqual([['/usr/bin/docker', 'run', '--name', '"my web"', 'nginx'], ['/bin/echo', 'b']]);
    expect(text.slice(commands[0]!.span.start, commands[0]!.span.end)).toBe(value.slice(0, value.indexOf(' ;')));
    expect(commands[0]!.prefixSpan).toEqual({ start: PREFIX.length, end: PREFIX.length + 1 });
    expect(commands[0]!.words[3]!.quoted).toBe(true);
    expect(commands[0]!.words[2]!.quoted).toBe(false);
  });

  it('maps each character of a word to the file, quotes and escapes excluded', () => {
    const { entry, text } = entryOf(`/bin/x "--name=a b" --opt=c\\x41`);
    const [, quoted, escaped] = parseExecCommands(entry)[0]!.words;
    expect(quoted!.offsets!.slice(0, -1).map((o) => text[o]).join('')).toBe('--name=a b');
    expect(quoted!.offsets!.at(-1)).toBe(quoted!.span.end);
    expect(escaped!.value).toBe('--opt=cA');
    expect(text[escaped!.offsets![7]!]).toBe('\\');
  });
});

describe('expandExecWords', () => {
  const env = new Map([
    ['IMAGE', 'nginx:1.25'],
    ['OPTS', '--privileged  -p "80:80" '],
    ['SPACED', 'a b'],
    ['EMPTY', ''],
  ]);
  const cases: Array<[string, string[], string[]]> = [
    ['${VAR} is one word, whitespace kept', ['${SPACED}'], ['a b']],
    ['${VAR} inside a word', ['--image=${IMAGE}x'], ['--image=nginx:1.25x']],
    ['a lone $VAR is split, quotes removed', ['$OPTS'], ['--privileged', '-p', '80:80']],
    ['an empty lone $VAR gives no word', ['$EMPTY', 'x'], ['x']],
    ['$$ is a literal $', ['$$IMAGE', 'a$$b'], ['$IMAGE', 'a$b']],
    ['$VAR inside a word is not expanded', ['a$IMAGE'], ['a$IMAGE']],
    ['${VAR:-x} is not supported and stays', ['${IMAGE:-x}'], ['${IMAGE:-x}']],
    ['an unknown variable stays as written', ['${NOPE}', '$NOPE'], ['${NOPE}', '$NOPE']],
    ['a lone $ names nothing and is dropped', ['$', 'x'], ['x']],
  ];
  it.each(cases)('%s', (_name, values, expected) => {
    const words = values.map((value, i) => ({ value, span: { start: i * 10, end: i * 10 + value.length }, quoted: false }));
    expect(expandExecWords(words, env).map((w) => w.value)).toEqual(expected);
  });

  it('keeps the span of the word written and marks what it did', () => {
    const words = [
      { value: '$OPTS', span: { start: 5, end: 10 }, quoted: false },
      { value: '${NOPE}', span: { start: 11, end: 18 }, quoted: false },
    ];
    expect(expandExecWords(words, env)).toEqual([
      { value: '--privileged', span: { start: 5, end: 10 }, quoted: false, written: '$OPTS', split: true },
      { value: '-p', span: { start: 5, end: 10 }, quoted: false, written: '$OPTS', split: true },
      { value: '80:80', span: { start: 5, end: 10 }, quoted: false, written: '$OPTS', split: true },
      { value: '${NOPE}', span: { start: 11, end: 18 }, quoted: false, unresolved: ['NOPE'] },
    ]);
  });

  it('gives systemd\'s exact result for unknown variables on request', () => {
    const words = ['${NOPE}x', '$NOPE', 'y'].map((value) => ({ value, span: { start: 0, end: 1 }, quoted: false }));
    expect(expandExecWords(words, env, { unknownIsEmpty: true }).map((w) => w.value)).toEqual(['x', 'y']);
  });
});

describe('parseExecLine never throws', () => {
  it('on random values', () => {
    const parts = fc.constantFrom('"', "'", '\\', ';', ' ', '\t', '-', '@', ':', '+', '!', '/bin/x', 'a', '\\x4', '\\u00e9', '$', '{', '}', '\\\n');
    fc.assert(
      fc.property(fc.array(parts, { maxLength: 40 }), (chunks) => {
        const { entry, text } = entryOf(chunks.join(''));
        if (!entry) return;
        const { commands } = parseExecLine(entry);
        for (const command of commands) {
          for (const word of command.words) {
            expect(word.span.start).toBeGreaterThanOrEqual(0);
            expect(word.span.end).toBeLessThanOrEqual(text.length);
            expect(word.offsets).toHaveLength(word.value.length + 1);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
