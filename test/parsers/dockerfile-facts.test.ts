import { describe, expect, it } from 'vitest';
import type { DockerfileModel } from '../../src/model/dockerfile.js';
import { finalStage, hasHealthcheck, isRootUser, stageBaseImage, stageChain, stageUser } from '../../src/model/dockerfile-facts.js';
import { LineIndex, sourceFromText } from '../../src/model/source.js';
import { parseDockerfile } from '../../src/parsers/dockerfile.js';

function modelOf(raw: string): { model: DockerfileModel; text: string } {
  const file = sourceFromText('Dockerfile', 'dockerfile', raw);
  const result = parseDockerfile(file);
  expect(result.errors).toEqual([]);
  return { model: result.model!, text: file.text };
}

const MULTI = [
  'ARG BASE=debian:12', //         1
  'FROM ${BASE} AS base', //       2
  'USER builder', //               3
  'HEALTHCHECK CMD true', //       4
  'FROM base AS build', //         5  inherits user and health check
  'FROM base AS quiet', //         6
  'HEALTHCHECK NONE', //           7
  'USER root:root', //             8
  'FROM scratch AS empty', //      9
  'FROM quiet', //                 10 final: chain quiet → base
  '',
].join('\n');

describe('dockerfile facts', () => {
  it('finds the final stage and the chain of stages it is built from', () => {
    const { model } = modelOf(MULTI);
    expect(finalStage(model)?.index).toBe(4);
    expect(stageChain(model, 4).map((s) => s.index)).toEqual([4, 2, 0]);
    expect(stageChain(model, 9)).toEqual([]);
    expect(finalStage(modelOf('ARG A=1\nFROM a\n').model)?.index).toBe(0);
  });

  it.each([
    [0, 'builder', '3:6-3:13'],
    [1, 'builder', '3:6-3:13'],
    [2, 'root:root', '8:6-8:15'],
    [3, undefined, undefined],
    [4, 'root:root', '8:6-8:15'],
  ])('stageUser(%i) follows the FROM chain', (index, value, at) => {
    const { model, text } = modelOf(MULTI);
    const user = stageUser(model, index);
    const lines = new LineIndex(text);
    const where = user && `${lines.position(user.span.start).line}:${lines.position(user.span.start).column}-${lines.position(user.span.end).line}:${lines.position(user.span.end).column}`;
    expect([user?.value, where]).toEqual([value, at]);
  });

  it.each([
    [0, 'debian:12'],
    [1, 'debian:12'],
    [3, undefined],
    [4, 'debian:12'],
  ])('stageBaseImage(%i) is the external image at the root of the chain', (index, raw) => {
    expect(stageBaseImage(modelOf(MULTI).model, index)?.raw).toBe(raw);
  });

  it('has no base image for an unresolved FROM', () => {
    expect(stageBaseImage(modelOf('ARG IMAGE\nFROM $IMAGE AS a\nFROM a\n').model, 1)).toBeUndefined();
  });

  it.each([
    [0, true],
    [1, true],
    [2, false],
    [3, false],
    [4, false],
  ])('hasHealthcheck(%i), inherited unless NONE', (index, expected) => {
    expect(hasHealthcheck(modelOf(MULTI).model, index)).toBe(expected);
  });

  it('reads HEALTHCHECK flags before the type', () => {
    expect(hasHealthcheck(modelOf('FROM a\nHEALTHCHECK --interval=5s CMD true\n').model, 0)).toBe(true);
  });

  it.each([
    ['root', true],
    ['0', true],
    ['00', true],
    ['root:root', true],
    ['0:0', true],
    ['root:staff', true],
    ['0:1000', true],
    [' root ', true],
    ['app', false],
    ['1000:0', false],
    ['rootless', false],
    ['Root', false],
    ['10', false],
    ['$UID', false],
    ['', false],
  ])('isRootUser(%j) → %s', (value, expected) => {
    expect(isRootUser(value)).toBe(expected);
  });
});
