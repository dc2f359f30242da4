import { describe, expect, it } from 'vitest';
import { interpolate } from '../../src/parsers/compose-interpolate.js';

const env = { TAG: '1.25', EMPTY: '', USER_ID: '1000' };

describe('interpolate', () => {
  it.each([
    // [written, value, unresolved]
    ['nginx:1.25', 'nginx:1.25', false],
    ['nginx:${TAG}', 'nginx:1.25', false],
    ['nginx:$TAG', 'nginx:1.25', false],
    ['nginx:$TAG-alpine', 'nginx:1.25-alpine', false],
    ['nginx:${MISSING}', 'nginx:', true],
    ['nginx:$MISSING', 'nginx:', true],
    ['nginx:${MISSING:-latest}', 'nginx:latest', false],
    ['nginx:${MISSING-latest}', 'nginx:latest', false],
    ['nginx:${EMPTY:-latest}', 'nginx:latest', false],
    ['nginx:${EMPTY-latest}', 'nginx:', false],
    ['nginx:${TAG:-latest}', 'nginx:1.25', false],
    ['${MISSING:?set the tag}', '', true],
    ['${EMPTY:?set the tag}', '', true],
    ['${EMPTY?set the tag}', '', false],
    ['${TAG:?set the tag}', '1.25', false],
    ['${TAG:+pinned}', 'pinned', false],
    ['${MISSING:+pinned}', '', false],
    ['${EMPTY+set}', 'set', false],
    ['${MISSING:-${TAG}}', '1.25', false],
    ['${MISSING:-${ALSO_MISSING:-x}}-y', 'x-y', false],
    ['${MISSING:-${ALSO_MISSING}}', '', true],
    ['$$HOME and $${HOME}', '$HOME and ${HOME}', false],
    ['cost: 5$', 'cost: 5$', false],
    ['$1', '$1', false],
    ['${TAG', '${TAG', true],
    ['${}', '', true],
    ['${USER_ID}:${USER_ID}', '1000:1000', false],
  ])('%s → %s', (written, value, unresolved) => {
    expect(interpolate(written, env)).toEqual({ value, unresolved });
  });

  it('reads nothing from the process environment', () => {
    expect(interpolate('${PATH}')).toEqual({ value: '', unresolved: true });
  });
});
