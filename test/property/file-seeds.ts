/** Seeds and lines for Dockerfiles and compose files, and the path each kind is scanned under. */
import type { FileKind } from '../../src/model/source.js';
import fc from 'fast-check';
import { corpusFiles, input, seeds, type Input } from './seeds.js';
import { CONTAINER_UNIT_SEEDS, QUADLET_SEEDS, UNIT_LINES, UNIT_SEEDS } from './unit-seeds.js';

const INLINE_DOCKERFILES = [
  'FROM node:20 AS build\nWORKDIR app\nCOPY . .\nRUN npm ci && \\\n    npm run build\n\nFROM node:20-alpine\nADD https://example.com/x.tar.gz /tmp/\nCOPY --from=build /app /app\nRUN apk add curl\nENTRYPOINT node /app/server.js\n',
  '# syntax=docker/dockerfile:1\nARG BASE=debian:12\nFROM ${BASE}\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\nUSER root\nCMD ["bash"]\n',
];

const INLINE_COMPOSE = [
  'services:\n  web:\n    image: nginx\n    privileged: true\n    ports:\n      - "80:80"\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: example\n',
  'version: "3.8"\nx-base: &base\n  restart: always\n  cap_add: [SYS_ADMIN]\nservices:\n  app:\n    <<: *base\n    build: .\n    user: root\n    security_opt:\n      - seccomp:unconfined\n    network_mode: host\n',
];

export const DOCKERFILE_LINES = [
  'FROM ubuntu', 'FROM node:20 AS build', 'FROM scratch', 'FROM $IMG', 'ARG IMG=alpine:3', 'USER root', 'USER 0:0', 'USER app',
  'WORKDIR app', 'WORKDIR /srv', 'ADD . /app', 'ADD https://example.com/a.tgz /tmp/', 'COPY id_rsa /root/.ssh/id_rsa',
  'RUN apt-get update && apt-get install -y curl', 'RUN apt-get install curl && rm -rf /var/lib/apt/lists/*', 'RUN apk add curl',
  'RUN pip install flask', 'RUN yum install -y httpd', 'RUN curl -sSL https://get.example.com | sh', 'RUN sudo make install',
  'RUN chmod 777 /app', 'RUN wget --no-check-certificate https://x', 'RUN echo hi \\', '    && echo there', 'RUN <<EOF', 'EOF',
  'ENV PASSWORD=hunter2', 'ENTRYPOINT node server.js', 'CMD npm start', 'CMD ["a", "b"]', 'HEALTHCHECK NONE', 'EXPOSE 80',
  '# syntax=docker/dockerfile:1', '# escape=`', 'ONBUILD RUN make', 'RUN constructor -x install curl', 'RUN toString --help', 'RUN env toString=1 apt-get install x', '',
];

export const COMPOSE_LINES = [
  'services:', 'web:', '  web:', 'image: nginx', 'image: nginx:latest', 'image: ${IMAGE:-redis}', 'build: .', 'privileged: true', 'user: root',
  'read_only: false', 'read_only: true', 'cap_add: [SYS_ADMIN]', 'cap_add:', '- ALL', '- NET_ADMIN', 'cap_drop: [ALL]',
  'security_opt: [seccomp:unconfined]', 'security_opt:', '- apparmor=unconfined', '- label:disable', 'network_mode: host', 'pid: host',
  'volumes:', '- /var/run/docker.sock:/var/run/docker.sock', '- /:/host', 'ports:', '- "80:80"', '- 8080:80', 'restart: always',
  'logging:', 'driver: json-file', 'options:', 'max-size: 10m', 'tmpfs: /run', 'environment:', '- PASSWORD=hunter2', 'API_KEY: secret',
  'depends_on:', '- db', 'healthcheck:', 'test: ["CMD", "true"]', 'deploy:', 'resources:', 'limits:', 'memory: 512m', 'container_name: web',
  'version: "3"', 'x-common: &default', '<<: *default', 'toString: 1', 'constructor:', '# comment', '---', '', '  ', '\t',
];

const dockerfiles = corpusFiles('dockerfile');
const composeFiles = corpusFiles('compose');

export interface KindSeeds {
  kind: FileKind;
  path: string;
  seeds: string[];
  /** Seeds picked twice as often as all the others together (units that run containers). */
  focus?: string[];
  lines: readonly string[];
}

export const KINDS: KindSeeds[] = [
  { kind: 'dockerfile', path: 'app/Dockerfile', seeds: seeds(dockerfiles, INLINE_DOCKERFILES), lines: DOCKERFILE_LINES },
  { kind: 'compose', path: 'deploy/compose.yaml', seeds: seeds(composeFiles, INLINE_COMPOSE), lines: COMPOSE_LINES },
  { kind: 'unit', path: 'deploy/web.service', seeds: UNIT_SEEDS, focus: CONTAINER_UNIT_SEEDS, lines: UNIT_LINES },
  { kind: 'quadlet', path: 'deploy/web.container', seeds: QUADLET_SEEDS, lines: UNIT_LINES },
];

/** Inputs of one kind: a seed of the kind, mutated (see seeds.ts). */
export function kindInput(kind: KindSeeds, maxMutations: number): fc.Arbitrary<Input> {
  const all = input(kind.seeds, kind.lines, maxMutations);
  return kind.focus ? fc.oneof({ weight: 1, arbitrary: all }, { weight: 2, arbitrary: input(kind.focus, kind.lines, maxMutations) }) : all;
}
