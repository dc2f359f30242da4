import { describe, expect, it } from 'vitest';
import { LineIndex, sourceFromText } from '../../src/model/source.js';
import { parseDockerfile } from '../../src/parsers/dockerfile.js';

/** Errors as `line:column-line:column message`. */
function errorsOf(raw: string): { errors: string[]; hasModel: boolean } {
  const file = sourceFromText('Dockerfile', 'dockerfile', raw);
  const result = parseDockerfile(file);
  const index = new LineIndex(file.text);
  const errors = result.errors.map((e) => {
    const a = index.position(e.span.start);
    const b = index.position(e.span.end);
    return `${a.line}:${a.column}-${b.line}:${b.column} ${e.message}`;
  });
  return { errors, hasModel: result.model !== undefined };
}

describe('parseDockerfile: what BuildKit refuses (CG000)', () => {
  it.each([
    ['an unknown instruction', 'FROM a\nFOO bar\n', ['2:1-2:4 unknown instruction: FOO']],
    ['a misspelt instruction', 'FROM a\nrunn make\n', ['2:1-2:5 unknown instruction: runn (did you mean RUN?)']],
    ['a misspelt long instruction', 'FROM a\nENTRYPIONT ["x"]\n', ['2:1-2:11 unknown instruction: ENTRYPIONT (did you mean ENTRYPOINT?)']],
    ['an instruction before FROM', 'RUN make\nFROM a\n', ['1:1-1:4 no build stage in current context: RUN comes before the first FROM (only ARG may)']],
    ['no FROM at all', 'ARG A=1\nRUN make\n', ['2:1-2:4 dockerfile contains no stages to build: add a FROM instruction']],
    ['only ARGs', 'ARG A=1\n', ['1:1-1:4 dockerfile contains no stages to build: add a FROM instruction']],
    ['an empty file', '', ['1:1-1:1 the Dockerfile cannot be empty']],
    ['only comments', '# nothing here\n\n', ['1:1-1:1 file with no instructions']],
    ['only a byte-order mark (BuildKit strips it, then finds nothing)', '\uFEFF', ['1:1-1:1 file with no instructions']],
    ['FROM with two words', 'FROM a b\n', ['1:1-1:9 FROM requires either one or three arguments']],
    ['FROM without an image', 'FROM\n', ['1:1-1:5 FROM requires either one or three arguments']],
    ['a stage name starting with a digit', 'FROM a AS 1st\n', ['1:11-1:14 invalid name for build stage: "1st", name can\'t start with a number or contain symbols']],
    ['ENV with a name only', 'FROM a\nENV A\n', ['2:1-2:6 ENV must have two arguments']],
    ['ENV mixing forms', 'FROM a\nENV A=1 B\n', ['2:1-2:10 Syntax error - can\'t find = in "B". Must be of the form: name=value']],
    ['ENV with a blank name', 'FROM a\nENV =1\n', ['2:1-2:7 ENV names can not be blank']],
    ['LABEL without arguments', 'FROM a\nLABEL\n', ['2:1-2:6 LABEL requires at least one argument']],
    ['ARG without a name', 'FROM a\nARG\n', ['2:1-2:4 ARG requires at least one argument']],
    ['ARG with a blank name', 'FROM a\nARG =x\n', ['2:1-2:7 ARG names can not be blank']],
    ['COPY without a destination', 'FROM a\nCOPY onlyone\n', ['2:1-2:13 COPY requires at least two arguments, but only one was provided. Destination could not be determined']],
    ['ADD to a heredoc', 'FROM a\nADD x <<EOF\nEOF\n', ['2:1-2:12 ADD cannot accept a heredoc as a destination']],
    ['USER without a value', 'FROM a\nUSER\n', ['2:1-2:5 USER requires exactly one argument']],
    ['WORKDIR without a path', 'FROM a\nWORKDIR  \n', ['2:1-2:8 WORKDIR requires exactly one argument']],
    ['EXPOSE without ports', 'FROM a\nEXPOSE\n', ['2:1-2:7 EXPOSE requires at least one argument']],
    ['an empty VOLUME entry', 'FROM a\nVOLUME ["/data", " "]\n', ['2:1-2:22 VOLUME specified can not be an empty string']],
    ['SHELL in shell form', 'FROM a\nSHELL /bin/sh -c\n', ['2:1-2:17 SHELL requires the arguments to be in JSON form']],
    ['SHELL []', 'FROM a\nSHELL []\n', ['2:1-2:9 SHELL requires at least one argument']],
    ['a JSON array that is not all strings', 'FROM a\nCMD ["sleep", 10]\n', ['2:1-2:18 when using JSON array syntax, arrays must be comprised of strings only']],
    ['ONBUILD FROM', 'FROM a\nONBUILD FROM b\n', ['2:1-2:15 FROM isn\'t allowed as an ONBUILD trigger']],
    ['ONBUILD ONBUILD', 'FROM a\nonbuild onbuild run x\n', ['2:1-2:22 Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed']],
    ['an unknown flag', 'FROM a\nCOPY --form=build a b\n', ['2:6-2:18 unknown flag: --form (COPY accepts --from, --chown, --chmod, --link, --parents, --exclude)']],
    ['a flag on an instruction without flags', 'FROM a\nUSER --chown=1 app\n', ['2:6-2:15 unknown flag: --chown (USER takes no flags)']],
    ['HEALTHCHECK of an unknown type', 'FROM a\nHEALTHCHECK PING localhost\n', ['2:13-2:17 Unknown type "PING" in HEALTHCHECK (try CMD)']],
    ['HEALTHCHECK NONE with arguments', 'FROM a\nHEALTHCHECK NONE now\n', ['2:1-2:21 HEALTHCHECK NONE takes no arguments']],
    ['HEALTHCHECK CMD without a command', 'FROM a\nHEALTHCHECK --interval=5s CMD\n', ['2:1-2:30 Missing command after HEALTHCHECK CMD']],
    ['a HEALTHCHECK interval without a unit', 'FROM a\nHEALTHCHECK --interval=30 CMD true\n', ['2:13-2:26 invalid --interval duration "30"']],
    ['a HEALTHCHECK interval under 1ms', 'FROM a\nHEALTHCHECK --timeout=10us CMD true\n', ['2:13-2:27 Interval "timeout" cannot be less than 1ms']],
    ['negative HEALTHCHECK retries', 'FROM a\nHEALTHCHECK --retries=-1 CMD true\n', ['2:13-2:25 --retries cannot be negative (-1)']],
    ['an invalid escape directive', '# escape=x\nFROM a\n', ['1:1-1:11 invalid escape token \'x\' does not match ` or \\']],
    ['a repeated directive', '# escape=`\n# escape=\\\nFROM a\n', ['2:1-2:11 only one escape parser directive can be used']],
    ['errors are reported in file order', 'RUN a\nFROM a\nBAD x\nUSER\n', [
      '1:1-1:4 no build stage in current context: RUN comes before the first FROM (only ARG may)',
      '3:1-3:4 unknown instruction: BAD',
      '4:1-4:5 USER requires exactly one argument',
    ]],
  ])('%s', (_, raw, errors) => {
    const result = errorsOf(raw);
    expect(result.errors).toEqual(errors);
    // Instruction-level refusals keep the model so other rules can still run.
    expect(result.hasModel).toBe(true);
  });

  it('reports an unterminated heredoc and gives no model, since the rest of the file is its body', () => {
    expect(errorsOf('FROM a\nRUN cat <<EOF>/etc/motd\nhello\nEOF\nUSER app\n')).toEqual({
      errors: ['2:1-2:24 unterminated heredoc: no line "EOF>/etc/motd" ends it'],
      hasModel: false,
    });
  });

  it('reports a line BuildKit cannot read (over 64 KiB)', () => {
    const long = `FROM a\nENV BIG=${'x'.repeat(70_000)}\n`;
    expect(errorsOf(long).errors).toEqual(['2:1-2:70009 dockerfile line greater than max allowed size of 65535 bytes']);
  });
});

describe('parseDockerfile: what BuildKit accepts is not an error', () => {
  it.each([
    ['FROM with a platform flag and a stage name', 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n'],
    ['every instruction in ordinary use', [
      'ARG VERSION=1',
      'FROM alpine:3.19',
      'LABEL org.opencontainers.image.title="app" maintainer=me',
      'MAINTAINER Jane Doe <jane@example.com>',
      'ENV PATH=/app/bin:$PATH LANG=C.UTF-8',
      'ENV LEGACY value with spaces',
      'ARG TARGETARCH',
      'WORKDIR /app',
      'COPY --from=build --chown=app:app --chmod=0755 --link /out/app /app/',
      'ADD --checksum=sha256:abc --keep-git-dir=true https://example.com/x.tar.gz /tmp/',
      'RUN --mount=type=cache,target=/root/.cache --network=none --security=sandbox make',
      'EXPOSE 80/tcp 443',
      'VOLUME /data /logs',
      'USER app:app',
      'HEALTHCHECK --interval=30s --timeout=3s --start-period=1m30s --start-interval=500ms --retries=3 CMD curl -f http://localhost/ || exit 1',
      'STOPSIGNAL SIGTERM',
      'SHELL ["/bin/sh", "-c"]',
      'ONBUILD RUN echo hi',
      'CMD []',
      'ENTRYPOINT ["/app"]',
    ].join('\n')],
    ['HEALTHCHECK NONE', 'FROM a\nHEALTHCHECK NONE\n'],
    ['HEALTHCHECK NONE never reads its flags', 'FROM a\nHEALTHCHECK --bogus NONE\n'],
    ['labs flags', '# syntax=docker/dockerfile:1-labs\nFROM a\nCOPY --parents --exclude=*.md . /src\nRUN --device=nvidia.com/gpu=all nvidia-smi\n'],
    ['a heredoc COPY source', 'FROM a\nCOPY <<EOF /etc/app.conf\nkey=1\nEOF\n'],
    ['flags ARG and STOPSIGNAL never read', 'FROM a\nSTOPSIGNAL --x SIGTERM\n'],
    ['an instruction in mixed case', 'FrOm a\nRuN true\n'],
    ['another frontend decides its own instructions', '# syntax=example.com/my/frontend:1\nFROB a\nRUN --anything x\n'],
    ['an empty continuation line (BuildKit only warns)', 'FROM a\nRUN a \\\n\n  b\n'],
    ['a continuation into EOF', 'FROM a\nRUN a \\\n'],
    ['an inline # is an argument', 'FROM a\nUSER app # comment\n'],
  ])('%s', (_, raw) => {
    expect(errorsOf(raw)).toEqual({ errors: [], hasModel: true });
  });
});
