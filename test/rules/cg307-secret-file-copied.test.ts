import { describe, expect, it } from 'vitest';
import { lint, locations } from '../helpers.js';

const dockerfile = (...lines: string[]) => [...lines, ''].join('\n');

describe('CG307 secret-file-copied', () => {
  const valid: Array<[string, string]> = [
    ['ordinary files', dockerfile('FROM node:22-slim', 'COPY package.json package-lock.json /app/', 'COPY . /app')],
    ['a public key', dockerfile('FROM debian:12-slim', 'COPY id_rsa.pub /root/.ssh/authorized_keys')],
    ['a certificate', dockerfile('FROM debian:12-slim', 'COPY corp-ca.crt ca.pem /usr/local/share/ca-certificates/')],
    ['an apt repository key', dockerfile('FROM debian:12-slim', 'COPY nodesource-repo.gpg.key /etc/apt/keyrings/')],
    ['.env.example', dockerfile('FROM node:22-slim', 'COPY .env.example /app/.env.example')],
    ['a .ssh folder as destination', dockerfile('FROM debian:12-slim', 'COPY known_hosts /root/.ssh/')],
    ['a secret mount', dockerfile('FROM node:22-slim', 'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci')],
    ['ADD of a URL is CG301', dockerfile('FROM debian:12-slim', 'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/server.key /tmp/')],
  ];
  it.each(valid)('does not flag %s', (_name, text) => {
    expect(locations(lint('dockerfile', text), 'CG307')).toEqual([]);
  });

  const invalid: Array<[string, string, string[]]> = [
    ['an SSH private key', dockerfile('FROM debian:12-slim', 'COPY id_rsa /root/.ssh/id_rsa'), ['2:6']],
    ['.npmrc among other files', dockerfile('FROM node:22-slim', 'COPY package.json .npmrc /app/'), ['2:19']],
    ['.env', dockerfile('FROM node:22-slim', 'COPY .env /app/'), ['2:6']],
    ['.env.production', dockerfile('FROM node:22-slim', 'COPY --chown=node .env.production /app/.env'), ['2:19']],
    ['a private key PEM', dockerfile('FROM nginx:1.27', 'COPY certs/server-key.pem /etc/nginx/'), ['2:6']],
    ['*.key', dockerfile('FROM nginx:1.27', 'COPY tls.key /etc/nginx/tls.key'), ['2:6']],
    ['.aws/credentials', dockerfile('FROM amazon/aws-cli:2.17', 'COPY .aws/credentials /root/.aws/credentials'), ['2:6']],
    ['a whole .ssh folder', dockerfile('FROM debian:12-slim', 'COPY .ssh /root/.ssh'), ['2:6']],
    ['a key written under its real name', dockerfile('FROM debian:12-slim', 'COPY deploy /root/.ssh/id_ed25519'), ['2:13']],
    ['in a build stage too', dockerfile('FROM golang:1.23 AS build', 'COPY id_ed25519 /root/.ssh/', 'RUN go mod download', 'FROM scratch'), ['2:6']],
    ['the JSON form', dockerfile('FROM node:22-slim', 'COPY [".npmrc", "/app/"]'), ['2:6']],
    ['service-account JSON', dockerfile('FROM python:3.13-slim', 'COPY service-account.json /app/'), ['2:6']],
  ];
  it.each(invalid)('flags %s', (_name, text, expected) => {
    expect(locations(lint('dockerfile', text), 'CG307')).toEqual(expected);
  });

  it('says what kind of secret, and has no fix', () => {
    const [finding] = lint('dockerfile', dockerfile('FROM debian:12-slim', 'COPY id_rsa /tmp/')).filter((f) => f.ruleId === 'CG307');
    expect(finding!.message).toContain('an SSH private key');
    expect(finding!.fix).toBeUndefined();
  });
});
