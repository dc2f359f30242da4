import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DockerfileModel } from '../../src/model/dockerfile.js';
import { sourceFromText } from '../../src/model/source.js';
import { parseDockerfile } from '../../src/parsers/dockerfile.js';

const parse = (raw: string) => parseDockerfile(sourceFromText('Dockerfile', 'dockerfile', raw));

/** Lines that exercise the parser's corners: directives, continuations, heredocs, JSON, quotes. */
const line = fc.constantFrom(
  '# escape=`',
  '# syntax=docker/dockerfile:1',
  '# a comment',
  '',
  '   ',
  'FROM alpine:3.19 AS base',
  'from base',
  'FROM ${IMG:-debian} AS b2',
  'FROM scratch',
  'ARG IMG=busybox',
  'ARG U',
  'ENV U=app V="two words"',
  'ENV LEGACY a b',
  'USER $U',
  'user root:root',
  'USER ${U:-nobody}',
  'RUN apt-get update && \\',
  '    apt-get install -y curl \\',
  '  # inside a continuation',
  'RUN <<EOF',
  'RUN <<-"EOT" cat',
  '\tEOT',
  'COPY <<EOF /etc/x',
  'EOF',
  'echo hello',
  'RUN echo "<<EOF"',
  'CMD ["a", "b"]',
  'CMD ["a", 1]',
  'COPY --from=0 --chown=1:2 a b',
  'RUN --mount="type=cache, target=/x" make',
  'HEALTHCHECK --interval=5s CMD true',
  'HEALTHCHECK NONE',
  'COPY a C:\\\\',
  'RUN dir `',
  'WRONG instruction',
  '\\',
  'ONBUILD RUN <<EOF',
);

const dockerfile = fc.tuple(fc.array(line, { maxLength: 25 }), fc.boolean()).map(([lines, crlf]) => lines.join(crlf ? '\r\n' : '\n'));

function checkSpans(text: string, model: DockerfileModel): void {
  const inside = (s: { start: number; end: number }) => 0 <= s.start && s.start <= s.end && s.end <= text.length;
  let previousEnd = 0;
  for (const instruction of model.instructions) {
    expect(inside(instruction.span) && previousEnd <= instruction.span.start).toBe(true);
    expect(text.slice(instruction.keywordSpan.start, instruction.keywordSpan.end).toUpperCase()).toBe(instruction.keyword);
    const { argsSpan } = instruction;
    expect(instruction.keywordSpan.end <= argsSpan.start && argsSpan.end <= instruction.span.end).toBe(true);
    const words = [...instruction.args.map((a) => a.span), ...instruction.flags.map((f) => f.span)];
    expect(words.every((w) => argsSpan.start <= w.start && w.start <= w.end && w.end <= argsSpan.end)).toBe(true);
    expect(instruction.heredocs.every((h) => argsSpan.end <= h.span.start && inside(h.span))).toBe(true);
    previousEnd = instruction.span.end;
  }
  expect(model.stages.length).toBe(model.instructions.filter((i) => i.keyword === 'FROM').length);
  for (const stage of model.stages) {
    expect(stage.baseStage === undefined || stage.baseStage < stage.index).toBe(true);
    for (const user of stage.users) expect(inside(user.span)).toBe(true);
  }
}

/** What a model says, without positions. */
function meaning(model: DockerfileModel) {
  return {
    instructions: model.instructions.map((i) => [i.keyword, i.args.map((a) => a.value), i.flags.map((f) => [f.name, f.value]), i.jsonForm]),
    stages: model.stages.map((s) => [s.name, s.baseText, s.baseStage, s.baseUnresolved, s.users.map((u) => u.value)]),
  };
}

describe('parseDockerfile: properties', () => {
  it('never throws on arbitrary text and reports no internal error', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (raw) => {
        const result = parse(raw);
        expect(result.errors.every((e) => !e.message.includes('internal error'))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps every span inside the text and in order on Dockerfile-like input', () => {
    fc.assert(
      fc.property(dockerfile, (raw) => {
        const result = parse(raw);
        expect(result.errors.every((e) => !e.message.includes('internal error'))).toBe(true);
        if (result.model) checkSpans(raw, result.model);
      }),
      { numRuns: 500 },
    );
  });

  it('means the same with LF and CRLF line endings', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 25 }), (lines) => {
        const lf = parse(lines.join('\n'));
        const crlf = parse(lines.join('\r\n'));
        expect(crlf.errors.map((e) => e.message)).toEqual(lf.errors.map((e) => e.message));
        expect(crlf.model && meaning(crlf.model)).toEqual(lf.model && meaning(lf.model));
      }),
      { numRuns: 300 },
    );
  });
});
