import { describe, expect, it } from 'vitest';
import { lint, locations } from '../helpers.js';

const dockerfile = (...lines: string[]) => [...lines, ''].join('\n');

describe('CG311 verification-disabled', () => {
  const valid: Array<[string, string]> = [
    ['curl -fsSL', dockerfile('FROM debian:12-slim', 'RUN curl -fsSL https://x -o /x')],
    ['a k inside an option value', dockerfile('FROM debian:12-slim', 'RUN curl -fsSLo kubectl https://x')],
    ['-H with a header', dockerfile('FROM debian:12-slim', 'RUN curl -H "X-Key: k" https://x')],
    ['git config of something else', dockerfile('FROM debian:12-slim', 'RUN git config --global user.name build')],
    ['NODE_TLS_REJECT_UNAUTHORIZED=1', dockerfile('FROM node:22-slim', 'ENV NODE_TLS_REJECT_UNAUTHORIZED=1')],
    ['apk --allow-untrusted of packages the build made', dockerfile('FROM alpine:3.20', 'RUN apk add --no-cache --allow-untrusted /tmp/packages/nginx-module-${m}-1.27*.apk')],
    ['rpm --nosignature of a local file', dockerfile('FROM fedora:40', 'RUN rpm -i --nosignature ./build/app.rpm')],
    ['apk --allow-untrusted as an argument of echo', dockerfile('FROM alpine:3.20', "RUN echo 'apk --allow-untrusted'")],
  ];
  it.each(valid)('does not flag %s', (_name, text) => {
    expect(locations(lint('dockerfile', text), 'CG311')).toEqual([]);
  });

  const invalid: Array<[string, string, string[]]> = [
    ['curl -k', dockerfile('FROM debian:12-slim', 'RUN curl -k https://x -o /x'), ['2:10']],
    ['curl -fsSLk', dockerfile('FROM debian:12-slim', 'RUN curl -fsSLk https://x -o /x'), ['2:10']],
    ['curl --insecure', dockerfile('FROM debian:12-slim', 'RUN curl --insecure https://x'), ['2:10']],
    ['wget --no-check-certificate', dockerfile('FROM debian:12-slim', 'RUN wget --no-check-certificate -qO /x https://x'), ['2:10']],
    ['git -c http.sslVerify=false', dockerfile('FROM debian:12-slim', 'RUN git -c http.sslVerify=false clone https://x'), ['2:12']],
    ['git config http.sslVerify false', dockerfile('FROM debian:12-slim', 'RUN git config --global http.sslVerify false'), ['2:40']],
    ['npm config set strict-ssl false', dockerfile('FROM node:22-slim', 'RUN npm config set strict-ssl false'), ['2:31']],
    ['pip --trusted-host', dockerfile('FROM python:3.13-slim', 'RUN pip install --trusted-host pypi.org requests'), ['2:17']],
    ['apk --allow-untrusted', dockerfile('FROM alpine:3.20', 'RUN apk add --no-cache --allow-untrusted --repository https://apk.example.com/main tool'), ['2:24']],
    ['apt-get --allow-unauthenticated', dockerfile('FROM debian:12-slim', 'RUN apt-get install -y --allow-unauthenticated x'), ['2:24']],
    ['yum --nogpgcheck', dockerfile('FROM fedora:40', 'RUN dnf install -y --nogpgcheck x && dnf clean all'), ['2:20']],
    ['ENV NODE_TLS_REJECT_UNAUTHORIZED=0', dockerfile('FROM node:22-slim', 'ENV NODE_TLS_REJECT_UNAUTHORIZED=0'), ['2:5']],
    ['legacy ENV GIT_SSL_NO_VERIFY 1', dockerfile('FROM debian:12-slim', 'ENV GIT_SSL_NO_VERIFY 1'), ['2:5']],
    ['an assignment before the command', dockerfile('FROM node:22-slim', 'RUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci'), ['2:5']],
  ];
  it.each(invalid)('flags %s', (_name, text, expected) => {
    expect(locations(lint('dockerfile', text), 'CG311')).toEqual(expected);
  });

  it('says what is turned off, and has no fix', () => {
    const [finding] = lint('dockerfile', dockerfile('FROM debian:12-slim', 'RUN curl -k https://x')).filter((f) => f.ruleId === 'CG311');
    expect(finding!.message).toContain('TLS certificate checks');
    expect(finding!.fix).toBeUndefined();
  });
});
