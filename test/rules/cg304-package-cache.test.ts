import { describe, expect, it } from 'vitest';
import { fixed, lint, locations } from '../helpers.js';

const dockerfile = (...lines: string[]) => [...lines, ''].join('\n');

describe('CG304 package-cache', () => {
  const valid: Array<[string, string]> = [
    ['apt lists deleted in the same RUN', dockerfile('FROM debian:12-slim', 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*')],
    ['apt-get dist-clean (apt 2.9+)', dockerfile('FROM debian:13-slim', 'RUN set -eux; apt-get update; apt-get install -y --no-install-recommends curl; apt-get dist-clean')],
    ['a cache mount over the apt folders', dockerfile('FROM debian:12-slim', 'RUN --mount=type=cache,target=/var/lib/apt --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y --no-install-recommends curl')],
    ['apk add --no-cache', dockerfile('FROM alpine:3.20', 'RUN apk add --no-cache curl')],
    ['apk add --no-network', dockerfile('FROM alpine:3.20', 'RUN apk add --no-network --virtual .rundeps $deps')],
    ['apk with the cache deleted', dockerfile('FROM alpine:3.20', 'RUN apk update && apk add curl && rm -rf /var/cache/apk/*')],
    ['dnf clean all', dockerfile('FROM fedora:40', 'RUN dnf install -y curl && dnf clean all')],
    ['microdnf clean all', dockerfile('FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4', 'RUN microdnf install -y shadow-utils && microdnf clean all')],
    ['pip --no-cache-dir', dockerfile('FROM python:3.13-slim', 'RUN pip install --no-cache-dir requests')],
    ['ENV PIP_NO_CACHE_DIR', dockerfile('FROM python:3.13-slim', 'ENV PIP_NO_CACHE_DIR=1', 'RUN pip install requests')],
    ['a pip cache mount', dockerfile('FROM python:3.13-slim', 'RUN --mount=type=cache,target=/root/.cache/pip pip install requests')],
    ['a build stage', dockerfile('FROM python:3.13 AS build', 'RUN pip install --target /deps requests', 'FROM python:3.13-slim', 'COPY --from=build /deps /deps')],
    ['apt-get install without update (no lists written)', dockerfile('FROM debian:12-slim', 'RUN apt-get install -y --no-install-recommends curl')],
  ];
  it.each(valid)('does not flag %s', (_name, text) => {
    expect(locations(lint('dockerfile', text), 'CG304')).toEqual([]);
  });

  const invalid: Array<[string, string, string[]]> = [
    ['apt-get update', dockerfile('FROM debian:12-slim', 'RUN apt-get update && apt-get install -y --no-install-recommends curl'), ['2:5']],
    ['apt update with options', dockerfile('FROM ubuntu:24.04', 'RUN apt -o Acquire::Retries=3 update'), ['2:5']],
    ['lists deleted only in a later RUN', dockerfile('FROM debian:12-slim', 'RUN apt-get update && apt-get install -y --no-install-recommends curl', 'RUN rm -rf /var/lib/apt/lists/*'), ['2:5']],
    ['apk add', dockerfile('FROM alpine:3.20', 'RUN apk add curl'), ['2:5']],
    ['apk update and add', dockerfile('FROM alpine:3.20', 'RUN apk update && apk add --no-cache curl'), ['2:5']],
    ['yum install', dockerfile('FROM amazonlinux:2023', 'RUN yum install -y shadow-utils'), ['2:5']],
    ['zypper install', dockerfile('FROM opensuse/leap:15.6', 'RUN zypper --non-interactive install curl'), ['2:5']],
    ['pip install', dockerfile('FROM python:3.13-slim', 'RUN pip install -r requirements.txt'), ['2:5']],
    ['python -m pip install', dockerfile('FROM python:3.13-slim', 'RUN python3 -m pip install requests'), ['2:5']],
    ['a stage the final one is built FROM', dockerfile('FROM debian:12-slim AS base', 'RUN apt-get update', 'FROM base', 'CMD ["bash"]'), ['2:5']],
  ];
  it.each(invalid)('flags %s', (_name, text, expected) => {
    expect(locations(lint('dockerfile', text), 'CG304')).toEqual(expected);
  });

  describe('fix', () => {
    it('apk add gets --no-cache (safe)', () => {
      expect(fixed('dockerfile', dockerfile('FROM alpine:3.20', 'RUN apk add curl'), 'CG304')).toBe(dockerfile('FROM alpine:3.20', 'RUN apk add --no-cache curl'));
    });
    it('pip install gets --no-cache-dir (safe)', () => {
      expect(fixed('dockerfile', dockerfile('FROM python:3.13-slim', 'RUN python3 -m pip install requests'), 'CG304')).toBe(dockerfile('FROM python:3.13-slim', 'RUN python3 -m pip install --no-cache-dir requests'));
    });
    it('a RUN with apt-get update gets the lists deleted at its end (safe)', () => {
      const before = dockerfile('FROM debian:12-slim', 'RUN apt-get update \\', '    && apt-get install -y --no-install-recommends curl', 'CMD ["curl"]');
      const after = dockerfile('FROM debian:12-slim', 'RUN apt-get update \\', '    && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*', 'CMD ["curl"]');
      expect(fixed('dockerfile', before, 'CG304')).toBe(after);
      expect(lint('dockerfile', before).find((f) => f.ruleId === 'CG304')!.fix!.safety).toBe('safe');
    });
    it('is unsafe when a later RUN installs with apt without updating', () => {
      const text = dockerfile('FROM debian:12-slim', 'RUN apt-get update', 'RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*');
      expect(lint('dockerfile', text).find((f) => f.ruleId === 'CG304')!.fix!.safety).toBe('unsafe');
    });
    it('has no fix for a RUN ending in a redirection, for dnf or for apk update', () => {
      const none = (text: string) => lint('dockerfile', text).filter((f) => f.ruleId === 'CG304').every((f) => f.fix === undefined);
      expect(none(dockerfile('FROM debian:12-slim', 'RUN apt-get update > /dev/null'))).toBe(true);
      expect(none(dockerfile('FROM fedora:40', 'RUN dnf install -y curl'))).toBe(true);
      expect(none(dockerfile('FROM alpine:3.20', 'RUN apk update'))).toBe(true);
    });
  });
});
