import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventError, isPullRequestEvent, readPullRequestRange } from '../../src/action/event.js';

const BASE = 'a'.repeat(40);
const HEAD = 'b'.repeat(40);

describe('the workflow event', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function eventFile(payload: string): string {
    dir = mkdtempSync(path.join(tmpdir(), 'cguard-event-'));
    const file = path.join(dir, 'event.json');
    writeFileSync(file, payload);
    return file;
  }

  it.each([
    { name: 'pull_request', expected: true },
    { name: 'pull_request_target', expected: true },
    { name: 'push', expected: false },
    { name: 'merge_group', expected: false },
  ])('$name is a pull request: $expected', ({ name, expected }) => {
    expect(isPullRequestEvent({ GITHUB_EVENT_NAME: name })).toBe(expected);
  });

  it('reads base.sha and head.sha of the pull request', () => {
    const file = eventFile(JSON.stringify({ number: 7, pull_request: { base: { sha: BASE, ref: 'main' }, head: { sha: HEAD } } }));
    expect(readPullRequestRange({ GITHUB_EVENT_PATH: file })).toEqual({ baseSha: BASE, headSha: HEAD });
  });

  it('has no range for an event without a pull request, or without a payload', () => {
    expect(readPullRequestRange({ GITHUB_EVENT_PATH: eventFile(JSON.stringify({ before: BASE, after: HEAD })) })).toBeUndefined();
    expect(readPullRequestRange({})).toBeUndefined();
  });

  it.each([
    { payload: { pull_request: { base: { sha: '--output=/etc/passwd' }, head: { sha: HEAD } } } },
    { payload: { pull_request: { base: { sha: BASE }, head: {} } } },
    { payload: { pull_request: { base: { sha: BASE.toUpperCase() }, head: { sha: HEAD } } } },
  ])('refuses shas that are not commit ids: $payload', ({ payload }) => {
    const file = eventFile(JSON.stringify(payload));
    expect(() => readPullRequestRange({ GITHUB_EVENT_PATH: file })).toThrow(new EventError('the pull_request event payload has no valid base.sha and head.sha'));
  });

  it('reports an unreadable payload in one line', () => {
    const file = eventFile('{not json');
    expect(() => readPullRequestRange({ GITHUB_EVENT_PATH: file })).toThrow(/^cannot read the event payload at GITHUB_EVENT_PATH \(.+\)$/);
  });
});
