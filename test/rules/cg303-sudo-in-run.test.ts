import { describe, expect, it } from 'vitest';
import { lint, locations } from '../helpers.js';

const dockerfile = (...lines: string[]) => [...lines, ''].join('\n');

describe('CG303 sudo-in-run', () => {
  const valid: Array<[string, string]> = [
    ['no sudo', dockerfile('FROM debian:12-slim', 'RUN apt-get update')],
    ['installing the sudo package', dockerfile('FROM debian:12-slim', 'RUN apt-get install -y --no-install-recommends sudo')],
    ['sudo in a quoted argument', dockerfile('FROM debian:12-slim', "RUN echo 'app ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/app")],
    ['a sudoers file name', dockerfile('FROM debian:12-slim', 'RUN chmod 0440 /etc/sudoers.d/app')],
  ];
  it.each(valid)('does not flag %s', (_name, text) => {
    expect(locations(lint('dockerfile', text), 'CG303')).toEqual([]);
  });

  const invalid: Array<[string, string, string[]]> = [
    ['sudo apt-get', dockerfile('FROM debian:12-slim', 'USER app', 'RUN sudo apt-get update && sudo apt-get install -y curl'), ['3:5', '3:28']],
    ['sudo with options', dockerfile('FROM debian:12-slim', 'RUN sudo -u app -H make install'), ['2:5']],
    ['after env', dockerfile('FROM debian:12-slim', 'RUN env DEBIAN_FRONTEND=noninteractive sudo apt-get update'), ['2:40']],
    ['/usr/bin/sudo in a heredoc', dockerfile('FROM debian:12-slim', 'RUN <<EOF', '/usr/bin/sudo make install', 'EOF'), ['3:1']],
  ];
  it.each(invalid)('flags %s', (_name, text, expected) => {
    expect(locations(lint('dockerfile', text), 'CG303')).toEqual(expected);
  });

  it('has no fix', () => {
    expect(lint('dockerfile', dockerfile('FROM debian:12-slim', 'RUN sudo make')).find((f) => f.ruleId === 'CG303')!.fix).toBeUndefined();
  });
});
