import { describe, expect, it } from 'vitest';
import { lint, locations } from '../helpers.js';

const dockerfile = (...lines: string[]) => [...lines, ''].join('\n');

describe('CG302 pipe-to-shell', () => {
  const valid: Array<[string, string]> = [
    ['a download verified before it runs', dockerfile('FROM debian:12-slim', 'RUN curl -fsSLo /tmp/i.sh https://example.com/i.sh && echo "abc  /tmp/i.sh" | sha256sum -c - && sh /tmp/i.sh')],
    ['curl piped into tar', dockerfile('FROM debian:12-slim', 'RUN curl -fsSL https://example.com/a.tgz | tar -xz -C /opt')],
    ['curl piped into gpg', dockerfile('FROM debian:12-slim', 'RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/k.gpg')],
    ['a quoted pipe is an argument', dockerfile('FROM debian:12-slim', 'RUN echo "curl https://x | sh" > /README')],
    ['exec-form RUN has no shell', dockerfile('FROM debian:12-slim', 'RUN ["curl", "-fsSL", "https://x", "|", "sh"]')],
    ['curl || sh is not a pipe', dockerfile('FROM debian:12-slim', 'RUN curl -fsSL https://x -o /x || sh -c "exit 1"')],
  ];
  it.each(valid)('does not flag %s', (_name, text) => {
    expect(locations(lint('dockerfile', text), 'CG302')).toEqual([]);
  });

  const invalid: Array<[string, string, string[]]> = [
    ['curl | sh', dockerfile('FROM debian:12-slim', 'RUN curl -fsSL https://example.com/install.sh | sh'), ['2:5']],
    ['wget -O- | bash after other commands', dockerfile('FROM debian:12-slim', 'RUN apt-get update && wget -qO- https://x/i.sh | bash -s -- --yes'), ['2:23']],
    ['| sudo -E bash -', dockerfile('FROM debian:12-slim', 'RUN curl -fsSL https://deb.nodesource.com/setup_22.x | sudo -E bash -'), ['2:5']],
    ['through tee', dockerfile('FROM debian:12-slim', 'RUN curl -fsSL https://x/i.sh | tee /tmp/i.sh | sh'), ['2:5']],
    ['curl | python3 -', dockerfile('FROM python:3.13-slim', 'RUN curl -sSL https://install.python-poetry.org | python3 -'), ['2:5']],
    ['sh -c "$(curl …)"', dockerfile('FROM debian:12-slim', 'RUN sh -c "$(curl -fsSL https://x/install.sh)"'), ['2:11']],
    ['bash <(curl …)', dockerfile('FROM debian:12-slim', 'RUN bash <(curl -fsSL https://x/install.sh)'), ['2:10']],
    ['on a continuation line', dockerfile('FROM debian:12-slim', 'RUN set -eux; \\', '    curl -fsSL https://x/i.sh \\', '      | sh'), ['3:5']],
    ['in a heredoc script', dockerfile('FROM debian:12-slim', 'RUN <<EOF', 'set -e', 'curl -fsSL https://x/i.sh | sh', 'EOF'), ['4:1']],
  ];
  it.each(invalid)('flags %s', (_name, text, expected) => {
    expect(locations(lint('dockerfile', text), 'CG302')).toEqual(expected);
  });

  it('names the downloader and the interpreter', () => {
    const [finding] = lint('dockerfile', dockerfile('FROM debian:12-slim', 'RUN wget -qO- https://x | bash')).filter((f) => f.ruleId === 'CG302');
    expect(finding!.message).toContain('wget output is piped into bash');
    expect(finding!.fix).toBeUndefined();
  });
});
