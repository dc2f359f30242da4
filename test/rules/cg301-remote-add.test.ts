import { describe, expect, it } from 'vitest';
import { lint, locations } from '../helpers.js';

const dockerfile = (...lines: string[]) => [...lines, ''].join('\n');

describe('CG301 remote-add', () => {
  const valid: Array<[string, string]> = [
    ['ADD with --checksum', dockerfile('FROM debian:12-slim', 'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.tar.gz /tmp/')],
    ['ADD of a Git repository at a ref', dockerfile('FROM debian:12-slim', 'ADD https://github.com/moby/buildkit.git#v0.14.0 /src')],
    ['ADD of a Git repository with ?ref=', dockerfile('FROM debian:12-slim', 'ADD https://github.com/moby/buildkit.git?ref=v0.14.0&keep-git-dir=1 /src')],
    ['ADD git@…', dockerfile('FROM debian:12-slim', 'ADD git@github.com:moby/buildkit.git /src')],
    ['ADD of a local file', dockerfile('FROM debian:12-slim', 'ADD rootfs.tar.xz /')],
    ['COPY of a URL-looking path is not a download', dockerfile('FROM debian:12-slim', 'COPY http-server.conf /etc/')],
  ];
  it.each(valid)('does not flag %s', (_name, text) => {
    expect(locations(lint('dockerfile', text), 'CG301')).toEqual([]);
  });

  const invalid: Array<[string, string, string[]]> = [
    ['https', dockerfile('FROM debian:12-slim', 'ADD https://example.com/tool-1.2.tar.gz /tmp/'), ['2:5']],
    ['plain http, with flags', dockerfile('FROM debian:12-slim', 'ADD --chmod=755 http://example.com/tool /usr/local/bin/tool'), ['2:17']],
    ['a quoted URL', dockerfile('FROM debian:12-slim', 'ADD "https://example.com/tool" /usr/local/bin/tool'), ['2:5']],
    ['several sources', dockerfile('FROM debian:12-slim', 'ADD https://example.com/a https://example.com/b /opt/'), ['2:5', '2:27']],
    ['the JSON form', dockerfile('FROM debian:12-slim', 'ADD ["https://example.com/a", "/opt/a"]'), ['2:5']],
    ['a build stage too', dockerfile('FROM debian:12-slim AS build', 'ADD https://example.com/src.tar.gz /src/', 'FROM scratch', 'COPY --from=build /src /src'), ['2:5']],
  ];
  it.each(invalid)('flags %s', (_name, text, expected) => {
    expect(locations(lint('dockerfile', text), 'CG301')).toEqual(expected);
  });

  it('says when the download is not even over TLS, and has no fix', () => {
    const [finding] = lint('dockerfile', dockerfile('FROM debian:12-slim', 'ADD http://example.com/tool /tool')).filter((f) => f.ruleId === 'CG301');
    expect(finding!.message).toContain('over plain HTTP');
    expect(finding!.fix).toBeUndefined();
  });
});
