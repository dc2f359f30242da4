import { describe, expect, it } from 'vitest';
import { fixed, lint, locations } from '../helpers.js';

const dockerfile = (...lines: string[]) => [...lines, ''].join('\n');

describe('CG309 add-instead-of-copy', () => {
  const valid: Array<[string, string]> = [
    ['COPY', dockerfile('FROM nginx:1.27', 'COPY nginx.conf /etc/nginx/nginx.conf')],
    ['ADD of a tar archive (unpacked on purpose)', dockerfile('FROM scratch', 'ADD rootfs.tar.xz /')],
    ['ADD of a .tgz', dockerfile('FROM debian:12-slim', 'ADD app-1.2.tgz /opt/')],
    ['ADD of a URL (CG301)', dockerfile('FROM debian:12-slim', 'ADD https://example.com/tool /usr/local/bin/tool')],
    ['ADD of a Git repository', dockerfile('FROM debian:12-slim', 'ADD https://github.com/moby/buildkit.git#v0.14.0 /src')],
    ['ADD with an ADD-only flag', dockerfile('FROM debian:12-slim', 'ADD --keep-git-dir=true git@github.com:o/r.git /src')],
  ];
  it.each(valid)('does not flag %s', (_name, text) => {
    expect(locations(lint('dockerfile', text), 'CG309')).toEqual([]);
  });

  const invalid: Array<[string, string, string[]]> = [
    ['a config file', dockerfile('FROM nginx:1.27', 'ADD nginx.conf /etc/nginx/nginx.conf'), ['2:1']],
    ['a folder', dockerfile('FROM node:22-slim', 'ADD . /app'), ['2:1']],
    ['a heredoc', dockerfile('FROM debian:12-slim', 'ADD <<EOF /etc/motd', 'hello', 'EOF'), ['2:1']],
    ['lower case', dockerfile('from debian:12-slim', 'add run.sh /run.sh'), ['2:1']],
  ];
  it.each(invalid)('flags %s', (_name, text, expected) => {
    expect(locations(lint('dockerfile', text), 'CG309')).toEqual(expected);
  });

  describe('fix: ADD becomes COPY', () => {
    it('is safe for files with a non-archive extension and folders', () => {
      const text = dockerfile('FROM nginx:1.27', 'ADD --chown=101:101 nginx.conf conf.d/ /etc/nginx/');
      expect(lint('dockerfile', text).find((f) => f.ruleId === 'CG309')!.fix!.safety).toBe('safe');
      expect(fixed('dockerfile', text, 'CG309')).toBe(dockerfile('FROM nginx:1.27', 'COPY --chown=101:101 nginx.conf conf.d/ /etc/nginx/'));
    });
    it('keeps the keyword case', () => {
      expect(fixed('dockerfile', dockerfile('from debian:12-slim', 'add run.sh /run.sh'), 'CG309')).toBe(dockerfile('from debian:12-slim', 'copy run.sh /run.sh'));
    });
    it('is unsafe for a name without extension or a glob (it might be a tar archive)', () => {
      expect(lint('dockerfile', dockerfile('FROM debian:12-slim', 'ADD bundle /opt/')).find((f) => f.ruleId === 'CG309')!.fix!.safety).toBe('unsafe');
      expect(lint('dockerfile', dockerfile('FROM debian:12-slim', 'ADD dist/* /opt/')).find((f) => f.ruleId === 'CG309')!.fix!.safety).toBe('unsafe');
    });
  });
});
