import { describe, expect, it } from 'vitest';
import { expandWord, type VariableLookup } from '../../src/parsers/dockerfile-expand.js';

// SET=value, EMPTY='', DECLARED has no known value (an ARG without default); anything else is unknown too.
const lookup: VariableLookup = (name) => {
  if (name === 'SET') return { kind: 'set', value: 'value' };
  if (name === 'EMPTY') return { kind: 'set', value: '' };
  if (name === 'GONE') return { kind: 'unset' };
  return { kind: 'unknown' };
};

describe('expandWord', () => {
  it.each([
    ['plain text', 'alpine:3.19', 'alpine:3.19', false],
    ['$NAME', 'img:$SET', 'img:value', false],
    ['${NAME}', 'img:${SET}-x', 'img:value-x', false],
    ['$NAME stops at a non-name character', '$SET.$SET', 'value.value', false],
    ['${NAME:-word} when set', '${SET:-d}', 'value', false],
    ['${NAME:-word} when empty', '${EMPTY:-d}', 'd', false],
    ['${NAME-word} when empty', '${EMPTY-d}', '', false],
    ['${NAME:-word} when unknown uses the word', '${DECLARED:-d}', 'd', false],
    ['${NAME-word} when unset', '${GONE-d}', 'd', false],
    ['${NAME:+word} when set', '${SET:+w}', 'w', false],
    ['${NAME:+word} when empty', '${EMPTY:+w}', '', false],
    ['${NAME+word} when empty', '${EMPTY+w}', 'w', false],
    ['${NAME:+word} when unknown', '${DECLARED:+w}', '', false],
    ['a nested default', '${DECLARED:-${SET}}', 'value', false],
    ['${NAME:?message} when set', '${SET:?needed}', 'value', false],
    ['${NAME:?message} when unknown stays as written', 'x-${DECLARED:?needed}', 'x-${DECLARED:?needed}', true],
    ['an unknown $NAME stays as written', 'img:$DECLARED', 'img:$DECLARED', true],
    ['an unknown ${NAME} stays as written', '${DECLARED}:${SET}', '${DECLARED}:value', true],
    ['a pattern operator is not evaluated', '${SET#v}', '${SET#v}', true],
    ['a lone $', 'cost$', 'cost$', false],
    ['$ before a non-name', 'a$.b', 'a$.b', false],
    ['a shell parameter is empty', 'a$-b$1', 'ab', false],
    ['single quotes are literal', "'$SET'", '$SET', false],
    ['double quotes expand', '"$SET x"', 'value x', false],
    ['an escaped $', '\\$SET', '$SET', false],
    ['an escaped quote in double quotes', '"a\\"b"', 'a"b', false],
    ['a backslash before other characters in double quotes is kept', '"C:\\dir"', 'C:\\dir', false],
    ['an unterminated quote leaves the word as written', '"open', '"open', true],
    ['a missing brace leaves the word as written', '${SET', '${SET', true],
    ['bad substitution leaves the word as written', '${}', '${}', true],
    ['${NAME:?} when empty is an error, left as written', '${EMPTY:?}', '${EMPTY:?}', true],
  ])('%s: %s → %s', (_, word, value, unresolved) => {
    expect(expandWord(word, lookup, '\\')).toEqual({ value, unresolved });
  });

  it('uses the escape directive’s character', () => {
    expect(expandWord('`$SET C:\\x', lookup, '`')).toEqual({ value: '$SET C:\\x', unresolved: false });
  });
});
