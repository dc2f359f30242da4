/**
 * CG001 root-user. Dockerfile: only the final stage counts (build stages may use root), a stage
 * built FROM another inherits its USER, ARG defaults are resolved. Containers: an explicit root
 * user, or none at all for an image not known to run as someone else. The compose `build:` link
 * to a Dockerfile in the scanned tree is exercised end to end (test/e2e), where files are on disk.
 */
import { ruleTester, crlf, type InvalidCase, type ValidCase } from './core-rule-tester.js';

const valid: ValidCase[] = [
  // Dockerfile
  { name: 'Dockerfile: USER by name', kind: 'dockerfile', code: 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n' },
  { name: 'Dockerfile: numeric USER with group', kind: 'dockerfile', code: 'FROM alpine:3.20\nRUN adduser -D -u 10001 app\nUSER 10001:10001\n' },
  {
    name: 'Dockerfile: root in the build stage only',
    kind: 'dockerfile',
    code: 'FROM golang:1.22 AS build\nUSER root\nRUN go build -o /out/app .\n\nFROM alpine:3.20\nCOPY --from=build /out/app /app\nUSER 65534\nENTRYPOINT ["/app"]\n',
  },
  {
    name: 'Dockerfile: final stage inherits USER from the stage it is built FROM',
    kind: 'dockerfile',
    code: 'FROM python:3.12-slim AS base\nRUN useradd -u 10001 app\nUSER app\n\nFROM base AS final\nCOPY . /app\nCMD ["python", "/app/main.py"]\n',
  },
  {
    name: 'Dockerfile: stage names are case-insensitive',
    kind: 'dockerfile',
    code: 'FROM alpine:3.20 AS Base\nUSER nobody\nFROM base\nRUN true\n',
  },
  {
    name: 'Dockerfile: root then an unprivileged user',
    kind: 'dockerfile',
    code: 'FROM debian:bookworm-slim\nUSER root\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nUSER www-data\n',
  },
  { name: 'Dockerfile: USER from ARG defaults', kind: 'dockerfile', code: 'FROM alpine:3.20\nARG UID=1000\nARG GID=1000\nUSER ${UID}:${GID}\n' },
  { name: 'Dockerfile: global ARG re-imported in the stage', kind: 'dockerfile', code: 'ARG APP_USER=app\nFROM python:3.12-slim\nARG APP_USER\nRUN useradd --create-home ${APP_USER}\nUSER ${APP_USER}\n' },
  { name: 'Dockerfile: USER from an ARG without default is not known to be root', kind: 'dockerfile', code: 'FROM alpine:3.20\nARG RUN_AS\nUSER $RUN_AS\n' },
  { name: 'Dockerfile: USER from an ENV the base image sets', kind: 'dockerfile', code: 'FROM mcr.microsoft.com/dotnet/aspnet:8.0\nUSER $APP_UID\n' },
  { name: 'Dockerfile: group root is not user root', kind: 'dockerfile', code: 'FROM node:20\nUSER node:root\n' },
  { name: 'Dockerfile: uid 1000 with gid 0', kind: 'dockerfile', code: 'FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\nUSER 1001:0\n' },
  { name: 'Dockerfile: distroless nonroot base without USER', kind: 'dockerfile', code: 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n' },
  {
    name: 'Dockerfile: ARG-driven base that is a nonroot image',
    kind: 'dockerfile',
    code: 'ARG BASE=gcr.io/distroless/base-debian12:nonroot\nFROM golang:1.22 AS build\nRUN go build -o /app .\nFROM ${BASE}\nCOPY --from=build /app /app\n',
  },
  {
    name: 'Dockerfile: a heredoc body that says USER root is not an instruction',
    kind: 'dockerfile',
    code: 'FROM alpine:3.20\nCOPY <<EOF /etc/motd\nUSER root\nEOF\nUSER nobody\n',
  },
  { name: 'Dockerfile: lower-case instructions', kind: 'dockerfile', code: 'from alpine:3.20\nuser nobody\n' },
  // compose
  { name: 'compose: numeric user', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n    user: "101:101"\n' },
  { name: 'compose: named user', kind: 'compose', code: 'services:\n  db:\n    image: postgres:16\n    user: postgres\n' },
  { name: 'compose: user with an interpolation default', kind: 'compose', code: 'services:\n  app:\n    image: ghcr.io/acme/app:1.2\n    user: "${APP_UID:-1000}:${APP_GID:-1000}"\n' },
  { name: 'compose: user from an unset variable is not known to be root', kind: 'compose', code: 'services:\n  app:\n    image: ghcr.io/acme/app:1.2\n    user: "$UID"\n' },
  { name: 'compose: distroless nonroot image', kind: 'compose', code: 'services:\n  app:\n    image: gcr.io/distroless/static-debian12:nonroot\n' },
  {
    name: 'compose: user from a merge key',
    kind: 'compose',
    code: 'x-defaults: &defaults\n  user: "1000:1000"\n  restart: unless-stopped\n\nservices:\n  web:\n    <<: *defaults\n    image: nginx:1.27\n',
  },
  { name: 'compose: a service with neither image nor build', kind: 'compose', code: 'services:\n  placeholder:\n    command: ["true"]\n' },
  // units
  { name: 'docker run --user', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm --user 1000:1000 --name web nginx:1.27\n' },
  { name: 'docker run -u=name', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm -u=nobody nginx:1.27\n' },
  { name: 'docker run -u attached', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm -u1000 nginx:1.27\n' },
  { name: 'podman run --user', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/podman run --rm --user=1001 quay.io/acme/app:1.0\n' },
  { name: 'docker run with a user from Environment=', kind: 'unit', code: '[Service]\nEnvironment=RUN_AS=1000\nExecStart=/usr/bin/docker run --rm --user ${RUN_AS} nginx:1.27\n' },
  { name: '--user after the image is the command\'s', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm -u 1000 alpine:3.20 id --user\n' },
  { name: 'a unit with no container', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker compose -f /opt/app/compose.yaml up\n' },
  { name: 'docker stop is not a container', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker start -a web\nExecStop=/usr/bin/docker stop web\n' },
  // Quadlet
  { name: 'Quadlet User=', kind: 'quadlet', code: '[Container]\nImage=docker.io/library/nginx:1.27\nUser=101\nGroup=101\n' },
  { name: 'Quadlet nonroot image', kind: 'quadlet', code: '[Container]\nImage=gcr.io/distroless/static-debian12:nonroot\n' },
];

const invalid: InvalidCase[] = [
  // Dockerfile
  {
    name: 'Dockerfile: no USER at all',
    kind: 'dockerfile',
    code: 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n',
    errors: ['1:1'],
    output: 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\nUSER 65532:65532\n',
  },
  {
    name: 'Dockerfile: no final line break',
    kind: 'dockerfile',
    code: 'FROM alpine:3.20\nRUN apk add --no-cache curl',
    errors: ['1:1'],
    output: 'FROM alpine:3.20\nRUN apk add --no-cache curl\nUSER 65532:65532',
  },
  {
    name: 'Dockerfile: CRLF',
    kind: 'dockerfile',
    code: crlf('FROM alpine:3.20\nRUN apk add --no-cache curl\n'),
    errors: ['1:1'],
    output: crlf('FROM alpine:3.20\nRUN apk add --no-cache curl\nUSER 65532:65532\n'),
  },
  {
    name: 'Dockerfile: last USER is root',
    kind: 'dockerfile',
    code: 'FROM debian:bookworm-slim\nRUN useradd app\nUSER app\nRUN make\nUSER root\nCMD ["/app"]\n',
    errors: ['5:6'],
    output: 'FROM debian:bookworm-slim\nRUN useradd app\nUSER app\nRUN make\nUSER 65532:65532\nCMD ["/app"]\n',
  },
  { name: 'Dockerfile: USER 0', kind: 'dockerfile', code: 'FROM alpine:3.20\nUSER 0\n', errors: ['2:6'], output: 'FROM alpine:3.20\nUSER 65532:65532\n' },
  { name: 'Dockerfile: USER 0:0', kind: 'dockerfile', code: 'FROM alpine:3.20\nUSER 0:0\n', errors: ['2:6'], output: 'FROM alpine:3.20\nUSER 65532:65532\n' },
  { name: 'Dockerfile: USER root:root', kind: 'dockerfile', code: 'FROM alpine:3.20\nUSER root:root\n', errors: ['2:6'], output: 'FROM alpine:3.20\nUSER 65532:65532\n' },
  { name: 'Dockerfile: USER 0 with another group', kind: 'dockerfile', code: 'FROM node:20\nUSER 0:1000\n', errors: ['2:6'] },
  { name: 'Dockerfile: lower-case user root', kind: 'dockerfile', code: 'from alpine:3.20\nuser root\n', errors: ['2:6'] },
  {
    name: 'Dockerfile: multi-stage, only the build stage sets USER',
    kind: 'dockerfile',
    code: 'FROM node:20-alpine AS deps\nUSER node\nRUN npm ci\n\nFROM node:20-alpine AS runner\nCOPY --from=deps /app/node_modules ./node_modules\nCMD ["node", "server.js"]\n',
    errors: ['5:1'],
    output: 'FROM node:20-alpine AS deps\nUSER node\nRUN npm ci\n\nFROM node:20-alpine AS runner\nCOPY --from=deps /app/node_modules ./node_modules\nCMD ["node", "server.js"]\nUSER 65532:65532\n',
  },
  {
    // Editing the other stage's USER would change what its own RUNs do; the new USER goes last.
    name: 'Dockerfile: final stage built FROM a stage that ends as root',
    kind: 'dockerfile',
    code: 'FROM python:3.12-slim AS base\nUSER app\nUSER root\n\nFROM base\nCOPY . /app\n',
    errors: ['3:6'],
    output: 'FROM python:3.12-slim AS base\nUSER app\nUSER root\n\nFROM base\nCOPY . /app\nUSER 65532:65532\n',
  },
  {
    // Replacing USER root would make the RUN after it fail to install packages.
    name: 'Dockerfile: USER root that a later RUN needs',
    kind: 'dockerfile',
    code: 'FROM node:20-bookworm-slim\nUSER root\nRUN apt-get update && apt-get install -y --no-install-recommends tini\nCOPY . /app\nCMD ["node", "/app/server.js"]\n',
    errors: ['2:6'],
    output: 'FROM node:20-bookworm-slim\nUSER root\nRUN apt-get update && apt-get install -y --no-install-recommends tini\nCOPY . /app\nCMD ["node", "/app/server.js"]\nUSER 65532:65532\n',
  },
  {
    name: 'Dockerfile: FROM scratch without USER runs as uid 0',
    kind: 'dockerfile',
    code: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM scratch\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    errors: ['4:1'],
    output: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM scratch\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\nUSER 65532:65532\n',
  },
  {
    name: 'Dockerfile: USER from an ARG default of root',
    kind: 'dockerfile',
    code: 'FROM alpine:3.20\nARG RUN_AS=root\nUSER ${RUN_AS}\n',
    errors: ['3:6'],
    output: 'FROM alpine:3.20\nARG RUN_AS=root\nUSER 65532:65532\n',
  },
  { name: 'Dockerfile: USER from ENV root', kind: 'dockerfile', code: 'FROM alpine:3.20\nENV RUN_AS=root\nUSER $RUN_AS\n', errors: ['3:6'] },
  {
    name: 'Dockerfile: the final stage ends with a heredoc',
    kind: 'dockerfile',
    code: 'FROM alpine:3.20\nRUN <<EOF\nadduser -D app\nchown -R app /srv\nEOF\n',
    errors: ['1:1'],
    output: 'FROM alpine:3.20\nRUN <<EOF\nadduser -D app\nchown -R app /srv\nEOF\nUSER 65532:65532\n',
  },
  {
    name: 'Dockerfile: the last instruction is continued over lines',
    kind: 'dockerfile',
    code: 'FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y curl \\\n && rm -rf /var/lib/apt/lists/*\n',
    errors: ['1:1'],
    output: 'FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y curl \\\n && rm -rf /var/lib/apt/lists/*\nUSER 65532:65532\n',
  },
  {
    // A new line after it would become part of its command: no fix.
    name: 'Dockerfile: the file ends inside a continued instruction',
    kind: 'dockerfile',
    code: 'FROM alpine:3.20\nRUN make && \\',
    errors: ['1:1'],
    output: null,
  },
  // compose
  {
    name: 'compose: no user',
    kind: 'compose',
    code: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    ports:\n      - "8080:8080"\n',
    errors: ['2:3'],
    output: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    ports:\n      - "8080:8080"\n    user: "65532:65532"\n',
  },
  {
    name: 'compose: user: root, single quotes kept',
    kind: 'compose',
    code: "services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    user: 'root' # TODO\n",
    errors: ['4:11'],
    output: "services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    user: '65532:65532' # TODO\n",
  },
  { name: 'compose: user "0:0"', kind: 'compose', code: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    user: "0:0"\n', errors: ['4:11'], output: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    user: "65532:65532"\n' },
  { name: 'compose: user 0 as a number', kind: 'compose', code: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    user: 0\n', errors: ['4:11'], output: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    user: "65532:65532"\n' },
  {
    name: 'compose: interpolation default that is root',
    kind: 'compose',
    code: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    user: ${RUN_AS:-root}\n',
    errors: ['4:11'],
    output: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    user: "65532:65532"\n',
  },
  {
    name: 'compose: two services, no version key, CRLF',
    kind: 'compose',
    code: crlf('services:\n  web:\n    image: nginx:1.27\n  db:\n    image: postgres:16\n    user: postgres\n'),
    errors: ['2:3'],
    output: crlf('services:\n  web:\n    image: nginx:1.27\n    user: "65532:65532"\n  db:\n    image: postgres:16\n    user: postgres\n'),
  },
  {
    name: 'compose: root user from a merge key is overridden in the service',
    kind: 'compose',
    code: 'x-base: &base\n  user: root\n\nservices:\n  web:\n    <<: *base\n    image: nginx:1.27\n',
    errors: ['2:9'],
    output: 'x-base: &base\n  user: root\n\nservices:\n  web:\n    <<: *base\n    image: nginx:1.27\n    user: "65532:65532"\n',
  },
  {
    name: 'compose: build without a Dockerfile in reach',
    kind: 'compose',
    code: 'services:\n  app:\n    build: ./app\n',
    errors: ['2:3'],
    output: 'services:\n  app:\n    build: ./app\n    user: "65532:65532"\n',
  },
  {
    // A service written in flow style is not edited (DESIGN: no reformatting); the finding stays.
    name: 'compose: a flow-style service has no fix',
    kind: 'compose',
    code: 'services:\n  web: {image: nginx:1.27}\n',
    errors: ['2:3'],
    output: null,
  },
  // units: docker run
  {
    name: 'docker run with no user',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --rm --name web -p 80:80 nginx:1.27\n',
    errors: ['2:1'],
    output: '[Service]\nExecStart=/usr/bin/docker run --rm --name web -p 80:80 --user 65532:65532 nginx:1.27\n',
  },
  {
    name: 'docker run -u 0',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --rm -u 0 nginx:1.27\n',
    errors: ['2:39'],
    output: '[Service]\nExecStart=/usr/bin/docker run --rm -u 65532:65532 nginx:1.27\n',
  },
  {
    name: 'docker run --user=root',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --rm --user=root nginx:1.27\n',
    errors: ['2:43'],
    output: '[Service]\nExecStart=/usr/bin/docker run --rm --user=65532:65532 nginx:1.27\n',
  },
  {
    name: 'docker run split over continuation lines',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --rm \\\n    --name web \\\n    -p 8080:80 \\\n    nginx:1.27\n',
    errors: ['2:1'],
    output: '[Service]\nExecStart=/usr/bin/docker run --rm \\\n    --name web \\\n    -p 8080:80 \\\n    --user 65532:65532 \\\n    nginx:1.27\n',
  },
  {
    name: 'template unit: image from Environment=, %i',
    kind: 'unit',
    path: 'app@.service',
    code: '[Service]\nEnvironment=IMAGE=ghcr.io/acme/app:2.3.1\nExecStartPre=-/usr/bin/docker rm -f %n\nExecStart=/usr/bin/docker run --rm --name %n -e INSTANCE=%i ${IMAGE}\n',
    errors: ['4:1'],
    output: '[Service]\nEnvironment=IMAGE=ghcr.io/acme/app:2.3.1\nExecStartPre=-/usr/bin/docker rm -f %n\nExecStart=/usr/bin/docker run --rm --name %n -e INSTANCE=%i --user 65532:65532 ${IMAGE}\n',
  },
  {
    name: 'template unit: unbraced $IMAGE',
    kind: 'unit',
    path: 'app@.service',
    code: '[Service]\nEnvironment="IMAGE=ghcr.io/acme/app:2.3.1"\nExecStart=/usr/bin/docker run --rm --name app-%i $IMAGE\n',
    errors: ['3:1'],
    output: '[Service]\nEnvironment="IMAGE=ghcr.io/acme/app:2.3.1"\nExecStart=/usr/bin/docker run --rm --name app-%i --user 65532:65532 $IMAGE\n',
  },
  {
    name: 'docker create in ExecStartPre, global flags before run',
    kind: 'unit',
    code: '[Service]\nExecStartPre=/usr/bin/docker -H unix:///run/docker.sock container create --name web nginx:1.27\nExecStart=/usr/bin/docker start -a web\n',
    errors: ['2:1'],
  },
  {
    name: 'CRLF unit, ExecStart with a - prefix',
    kind: 'unit',
    code: crlf('[Service]\nExecStart=-/usr/bin/docker run --rm nginx:1.27\n'),
    errors: ['2:1'],
    output: crlf('[Service]\nExecStart=-/usr/bin/docker run --rm --user 65532:65532 nginx:1.27\n'),
  },
  // units: podman run
  {
    name: 'podman run with no user',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/podman run --rm --name web -p 8080:80 docker.io/library/nginx:1.27\n',
    errors: ['2:1'],
    output: '[Service]\nExecStart=/usr/bin/podman run --rm --name web -p 8080:80 --user 65532:65532 docker.io/library/nginx:1.27\n',
  },
  {
    name: 'podman run --user root',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/podman run --rm --user root quay.io/acme/app:1.0\n',
    errors: ['2:43'],
    output: '[Service]\nExecStart=/usr/bin/podman run --rm --user 65532:65532 quay.io/acme/app:1.0\n',
  },
  // Quadlet
  {
    name: 'Quadlet without User=',
    kind: 'quadlet',
    code: '[Unit]\nDescription=web\n\n[Container]\nImage=docker.io/library/nginx:1.27\nPublishPort=8080:80\n\n[Install]\nWantedBy=default.target\n',
    errors: ['4:1'],
    output: '[Unit]\nDescription=web\n\n[Container]\nImage=docker.io/library/nginx:1.27\nPublishPort=8080:80\nUser=65532\nGroup=65532\n\n[Install]\nWantedBy=default.target\n',
  },
  {
    name: 'Quadlet User=root',
    kind: 'quadlet',
    code: '[Container]\nImage=docker.io/library/nginx:1.27\nUser=root\n',
    errors: ['3:6'],
    output: '[Container]\nImage=docker.io/library/nginx:1.27\nUser=65532\nGroup=65532\n',
  },
];

ruleTester('CG001', 'root-user', { valid, invalid });
