import { describe, expect, it } from 'vitest';
import type { DockerfileModel } from '../../src/model/dockerfile.js';
import { LineIndex, sourceFromText, type Span } from '../../src/model/source.js';
import { parseDockerfile } from '../../src/parsers/dockerfile.js';

function modelOf(raw: string): { model: DockerfileModel; text: string } {
  const file = sourceFromText('Dockerfile', 'dockerfile', raw);
  const result = parseDockerfile(file);
  expect(result.errors).toEqual([]);
  expect(result.model).toBeDefined();
  return { model: result.model!, text: file.text };
}

/** `line:column-line:column` of a span, both ends as LineIndex positions. */
function where(text: string, span: Span): string {
  const index = new LineIndex(text);
  const a = index.position(span.start);
  const b = index.position(span.end);
  return `${a.line}:${a.column}-${b.line}:${b.column}`;
}

const slice = (text: string, span: Span) => text.slice(span.start, span.end);

describe('parseDockerfile: stages', () => {
  const raw = [
    'ARG BASE=alpine', //            line 1
    'ARG TAG', //                    line 2
    'FROM ${BASE}:${TAG:-3.19} AS Build', // line 3
    'RUN make',
    'from BUILD as test', //          line 5: lower case, refers to stage 0 by name
    'FROM scratch',
    'COPY --from=0 /app /app',
    'FROM 1', //                      line 8: by index, as COPY --from=1 would
    'FROM build AS build2',
    'FROM build2',
    '',
  ].join('\n');

  it('names stages, resolves bases, and records exact FROM spans', () => {
    const { model, text } = modelOf(raw);
    expect(
      model.stages.map((s) => [s.index, s.name, s.baseText, s.baseStage, s.baseImage?.raw, s.baseUnresolved, where(text, s.from.span), slice(text, s.baseSpan)]),
    ).toEqual([
      [0, 'build', 'alpine:3.19', undefined, 'alpine:3.19', false, '3:1-3:35', '${BASE}:${TAG:-3.19}'],
      [1, 'test', 'BUILD', 0, undefined, false, '5:1-5:19', 'BUILD'],
      [2, undefined, 'scratch', undefined, 'scratch', false, '6:1-6:13', 'scratch'],
      [3, undefined, '1', 1, undefined, false, '8:1-8:7', '1'],
      [4, 'build2', 'build', 0, undefined, false, '9:1-9:21', 'build'],
      [5, undefined, 'build2', 4, undefined, false, '10:1-10:12', 'build2'],
    ]);
    expect(model.stages[2]!.baseImage!.scratch).toBe(true);
    expect(model.stages[0]!.from.span).toEqual({ start: 24, end: 58 });
    expect(model.stages[0]!.baseSpan).toEqual({ start: 29, end: 49 });
  });

  it('keeps the preamble, every instruction in order, and each stage’s own instructions (FROM first)', () => {
    const { model } = modelOf(raw);
    expect(model.preamble.map((i) => i.keyword)).toEqual(['ARG', 'ARG']);
    expect(model.instructions.map((i) => i.keyword)).toEqual(['ARG', 'ARG', 'FROM', 'RUN', 'FROM', 'FROM', 'COPY', 'FROM', 'FROM', 'FROM']);
    expect(model.stages.map((s) => s.instructions.map((i) => i.keyword))).toEqual([['FROM', 'RUN'], ['FROM'], ['FROM', 'COPY'], ['FROM'], ['FROM'], ['FROM']]);
    expect(model.globalArgs).toEqual(new Map([['BASE', 'alpine'], ['TAG', undefined]]));
    expect(model.escape).toBe('\\');
  });

  it.each([
    ['a later stage is not a base', 'FROM later\nFROM alpine AS later\n', [undefined, undefined]],
    ['a stage is not its own base', 'FROM x AS x\n', [undefined]],
    ['an index past the current stage is an image', 'FROM alpine\nFROM 1\n', [undefined, undefined]],
  ])('%s', (_, raw, bases) => {
    expect(modelOf(raw).model.stages.map((s) => s.baseStage)).toEqual(bases);
  });
});

describe('parseDockerfile: ARG defaults in FROM', () => {
  it.each([
    ['$VAR', 'ARG V=1.2\nFROM img:$V\n', 'img:1.2', false],
    ['${VAR}', 'ARG V=1.2\nFROM img:${V}\n', 'img:1.2', false],
    ['${VAR:-default} when empty', 'ARG V=\nFROM img:${V:-3}\n', 'img:3', false],
    ['${VAR-default} when empty', 'ARG V=\nFROM img${V-:3}\n', 'img', false],
    ['${VAR-default} when declared without value', 'ARG V\nFROM img${V-:3}\n', 'img:3', false],
    ['${VAR:+word} when set', 'ARG V=x\nFROM img${V:+:5}\n', 'img:5', false],
    ['${VAR:+word} when unset', 'ARG V\nFROM img${V:+:5}\n', 'img', false],
    ['ARG without default', 'ARG V\nFROM img:$V\n', 'img:$V', true],
    ['undeclared variable', 'FROM img:${NOPE}\n', 'img:${NOPE}', true],
    ['automatic platform ARG', 'FROM img-${TARGETARCH}\n', 'img-${TARGETARCH}', true],
    ['a global default using an earlier one', 'ARG A=3\nARG B=img:$A\nFROM $B\n', 'img:3', false],
    ['a quoted global default', 'ARG B="img:1 "\nFROM ${B}\n', 'img:1 ', false],
    ['stage ARGs are not visible to FROM', 'FROM a\nARG V=1\nFROM img:$V\n', 'img:$V', true],
    ['quotes are removed', 'FROM "alpine:3"\n', 'alpine:3', false],
  ])('%s', (_, raw, baseText, unresolved) => {
    const stage = modelOf(raw).model.stages.at(-1)!;
    expect([stage.baseText, stage.baseUnresolved, stage.baseImage?.raw]).toEqual([baseText, unresolved, unresolved ? undefined : baseText]);
  });
});

describe('parseDockerfile: USER values', () => {
  it.each([
    ['a stage ARG', 'FROM a\nARG U=app\nUSER $U\n', ['app']],
    ['a re-declared ARG imports the global default', 'ARG U=app\nFROM a\nARG U\nUSER $U\n', ['app']],
    ['a global ARG is not visible without re-declaring it', 'ARG U=app\nFROM a\nUSER $U\n', ['$U']],
    ['ENV, and a default for a missing variable', 'FROM a\nENV U=svc\nUSER ${U}:${G:-1000}\n', ['svc:1000']],
    ['ENV wins over ARG', 'FROM a\nARG U=argval\nENV U=envval\nUSER $U\n', ['envval']],
    ['ENV is inherited from the base stage', 'FROM a AS base\nENV U=10001\nFROM base\nUSER $U\n', ['10001']],
    ['ARGs are not inherited from the base stage', 'FROM a AS base\nARG U=1\nFROM base\nUSER $U\n', ['$U']],
    ['one ENV line sees earlier values', 'FROM a\nENV U=1\nENV U=2 V=$U\nUSER $V\n', ['1']],
    ['legacy ENV keeps spaces', 'FROM a\nENV U app user\nUSER $U\n', ['app user']],
    ['the whole rest of the line, inline # included', 'FROM a\nUSER app # not a comment\n', ['app # not a comment']],
    ['several USER lines', 'FROM a\nUSER root\nRUN x\nUSER 1000:1000\n', ['root', '1000:1000']],
  ])('%s', (_, raw, users) => {
    const { model } = modelOf(raw);
    expect(model.stages.at(-1)!.users.map((u) => u.value)).toEqual(users);
  });

  it('records the span of the value and its instruction', () => {
    const raw = 'FROM a\nARG U=app\nUSER  ${U}:g  \nUSER \\\n  next\n';
    const { model, text } = modelOf(raw);
    const users = model.stages[0]!.users;
    expect(users.map((u) => [u.value, where(text, u.span), slice(text, u.span), u.instruction.keyword])).toEqual([
      ['app:g', '3:7-3:13', '${U}:g', 'USER'],
      ['next', '5:3-5:7', 'next', 'USER'],
    ]);
  });
});

describe('parseDockerfile: instructions', () => {
  it('reads lower-case keywords, continuations with comment and blank lines, and args with spans', () => {
    const raw = [
      'from alpine',
      'RUN apt-get update && \\',
      '    # install curl',
      '    apt-get install -y curl \\',
      '',
      '    && rm -rf /var/lib/apt/lists/*',
      'User app',
      '',
    ].join('\n');
    const { model, text } = modelOf(raw);
    const run = model.instructions[1]!;
    expect([run.keyword, where(text, run.span), where(text, run.keywordSpan), where(text, run.argsSpan)]).toEqual([
      'RUN',
      '2:1-6:35',
      '2:1-2:4',
      '2:5-6:35',
    ]);
    expect(run.argsText).toBe(raw.split('\n').slice(1, 6).join('\n').slice(4));
    expect(run.args.map((a) => a.value)).toEqual(['apt-get', 'update', '&&', 'apt-get', 'install', '-y', 'curl', '&&', 'rm', '-rf', '/var/lib/apt/lists/*']);
    expect(where(text, run.args[3]!.span)).toBe('4:5-4:12');
    expect(model.instructions.map((i) => [i.keyword, slice(text, i.keywordSpan)])).toEqual([
      ['FROM', 'from'],
      ['RUN', 'RUN'],
      ['USER', 'User'],
    ]);
  });

  it('gives an instruction without arguments an empty span after the keyword', () => {
    const cmd = modelOf('FROM a\nCMD   \nUSER x\n').model.instructions[1]!;
    expect([cmd.argsText, cmd.argsSpan, cmd.args, cmd.span]).toEqual(['', { start: 10, end: 10 }, [], { start: 7, end: 10 }]);
  });

  it.each([
    ['RUN ["a", "b"]', true],
    ['RUN echo ["a"]', false],
    ["CMD ['a']", false],
    ['ENTRYPOINT [ "x" ]', true],
    ['SHELL ["pwsh", "-c"]', true],
    ['RUN --mount=type=cache,target=/x ["a"]', true],
    ['CMD ["a", \\\n     "b"]', true],
    ['CMD ["a"] # trailing', false],
    ['HEALTHCHECK CMD ["curl", "-f", "localhost"]', true],
    ['HEALTHCHECK CMD curl -f localhost', false],
    ['COPY ["a b", "/dst/"]', true],
  ])('JSON form: %s → %s', (line, json) => {
    expect(modelOf(`FROM a\n${line}\n`).model.instructions[1]!.jsonForm).toBe(json);
  });

  it.each([
    ['COPY --from=build --chown=1:2 a b', [['from', 'build', '--from=build'], ['chown', '1:2', '--chown=1:2']], ['--from=build', '--chown=1:2', 'a', 'b']],
    ['COPY --link a b', [['link', undefined, '--link']], ['--link', 'a', 'b']],
    ['RUN --mount="type=secret, id=x" cmd', [['mount', 'type=secret, id=x', '--mount="type=secret, id=x"']], ['--mount="type=secret,', 'id=x"', 'cmd']],
    ['RUN -- --not-a-flag', [], ['--', '--not-a-flag']],
    ['FROM --platform=$BUILDPLATFORM golang AS b', [['platform', '$BUILDPLATFORM', '--platform=$BUILDPLATFORM']], ['--platform=$BUILDPLATFORM', 'golang', 'AS', 'b']],
  ])('flags: %s', (line, flags, words) => {
    const { model, text } = modelOf(`FROM a\n${line}\n`);
    const instruction = model.instructions[1]!;
    expect(instruction.flags.map((f) => [f.name, f.value, slice(text, f.span)])).toEqual(flags);
    expect(instruction.args.map((a) => a.value)).toEqual(words);
  });
});

describe('parseDockerfile: heredocs', () => {
  it('reads a RUN heredoc body and continues after its terminator', () => {
    const raw = 'FROM a\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\nUSER app\n';
    const { model, text } = modelOf(raw);
    const run = model.instructions[1]!;
    expect(run.heredocs).toEqual([{ name: 'EOF', content: 'apt-get update\napt-get install -y curl\n', span: { start: 17, end: 56 } }]);
    expect(slice(text, run.heredocs[0]!.span)).toBe(run.heredocs[0]!.content);
    expect([where(text, run.span), run.argsText, run.args.map((a) => a.value)]).toEqual(['2:1-5:4', '<<EOF', ['<<EOF']]);
    expect(model.stages[0]!.users.map((u) => u.value)).toEqual(['app']);
  });

  it.each([
    ['<<- strips leading tabs', 'RUN <<-EOF\n\techo a\n\t\techo b\n\tEOF\n', [['EOF', 'echo a\necho b\n']]],
    ['a double-quoted delimiter', 'RUN <<"EOF"\necho $HOME\nEOF\n', [['EOF', 'echo $HOME\n']]],
    ['a single-quoted delimiter', "RUN <<'END'\necho\nEND\n", [['END', 'echo\n']]],
    ['several heredocs in one instruction', 'RUN <<A cat - <<B\none\nA\ntwo\nB\n', [['A', 'one\n'], ['B', 'two\n']]],
    ['COPY <<EOF /path', 'COPY <<EOF /etc/app.conf\nkey=value\nEOF\n', [['EOF', 'key=value\n']]],
    ['an empty body', 'RUN <<EOF\nEOF\n', [['EOF', '']]],
    ['an ONBUILD trigger', 'ONBUILD RUN <<EOF\necho\nEOF\n', [['EOF', 'echo\n']]],
    ['<<EOF in quotes is an argument', 'RUN echo "<<EOF"\n', []],
    ['not in JSON form', 'RUN ["cat", "<<EOF"]\n', []],
    ['not for other instructions', 'ENV A=<<EOF\n', []],
    ['a here-string is not a heredoc', 'RUN cat <<<"text"\n', []],
  ])('%s', (_, body, heredocs) => {
    const { model } = modelOf(`FROM a\n${body}USER app\n`);
    expect(model.instructions[1]!.heredocs.map((h) => [h.name, h.content])).toEqual(heredocs);
    expect(model.instructions.at(-1)!.keyword).toBe('USER');
  });

  it('ends a heredoc at a CRLF terminator and keeps CRLF in the body', () => {
    const { model, text } = modelOf('FROM a\r\nRUN <<EOF\r\necho\r\nEOF\r\nUSER app\r\n');
    const run = model.instructions[1]!;
    expect([run.heredocs[0]!.content, slice(text, run.span), run.argsText]).toEqual(['echo\r\n', 'RUN <<EOF\r\necho\r\nEOF', '<<EOF']);
    expect(model.stages[0]!.users.map((u) => [u.value, slice(text, u.span)])).toEqual([['app', 'app']]);
  });
});

describe('parseDockerfile: escape directive, CRLF and BOM', () => {
  it('reads a Windows Dockerfile with a backtick escape', () => {
    const raw = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n    C:\\\nWORKDIR C:\\app\nuser ContainerUser\n';
    const { model, text } = modelOf(raw);
    expect(model.escape).toBe('`');
    expect(model.instructions.map((i) => [i.keyword, i.args.map((a) => a.value), where(text, i.span)])).toEqual([
      ['FROM', ['mcr.microsoft.com/windows/servercore:ltsc2022'], '2:1-2:51'],
      ['RUN', ['dir', 'C:\\'], '3:1-4:8'],
      ['WORKDIR', ['C:\\app'], '5:1-5:15'],
      ['USER', ['ContainerUser'], '6:1-6:19'],
    ]);
    expect(model.stages[0]!.users[0]!.value).toBe('ContainerUser');
  });

  it('ends an instruction at a line ending in an escaped escape (C:\\\\), as BuildKit does', () => {
    const raw = 'FROM a\nCOPY --from=b \\\n\tC:\\\\Windows\\\\ \\\n\tC:\\\\Windows\\\\\n\n# comment\nENV V 1\nUSER app\n';
    const { model, text } = modelOf(raw);
    expect(model.instructions.map((i) => [i.keyword, i.args.map((a) => a.value), where(text, i.span)])).toEqual([
      ['FROM', ['a'], '1:1-1:7'],
      ['COPY', ['--from=b', 'C:\\Windows\\', 'C:\\Windows\\'], '2:1-4:15'],
      ['ENV', ['V', '1'], '7:1-7:8'],
      ['USER', ['app'], '8:1-8:9'],
    ]);
  });

  it.each([
    ['a directive after a comment is a comment', '# hello\n# escape=`\nFROM a\n', '\\'],
    ['an unknown directive ends the directives', '# foo=bar\n# escape=`\nFROM a\n', '\\'],
    ['a directive after syntax counts', '# syntax=docker/dockerfile:1\n#escape = `\nFROM a\n', '`'],
    ['a blank line ends the directives', '\n# escape=`\nFROM a\n', '\\'],
  ])('%s', (_, raw, escape) => {
    expect(modelOf(raw).model.escape).toBe(escape);
  });

  it('keeps offsets exact in a CRLF file with a BOM (offsets are into the text without the BOM)', () => {
    const raw = '\uFEFFFROM alpine:3.19 AS base\r\nRUN echo a \\\r\n  b\r\nUSER nobody\r\n';
    const { model, text } = modelOf(raw);
    expect(text.startsWith('FROM')).toBe(true);
    expect(model.instructions.map((i) => [i.keyword, i.span, slice(text, i.argsSpan)])).toEqual([
      ['FROM', { start: 0, end: 24 }, 'alpine:3.19 AS base'],
      ['RUN', { start: 26, end: 43 }, 'echo a \\\r\n  b'],
      ['USER', { start: 45, end: 56 }, 'nobody'],
    ]);
    expect(model.stages[0]!.users.map((u) => [u.value, u.span])).toEqual([['nobody', { start: 50, end: 56 }]]);
    expect(model.stages[0]!.baseSpan).toEqual({ start: 5, end: 16 });
  });
});
