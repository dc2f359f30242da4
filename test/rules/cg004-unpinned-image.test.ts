/**
 * CG004 unpinned-image: no tag and no digest, or the tag `latest`, after resolving ARG defaults in
 * FROM, `${VAR:-default}` in compose and Environment= in units. Not images: `scratch`, a stage
 * name, a compose `image:` naming what its own `build:` produces, Quadlet `x.image`/`x.build`
 * units. `registry:5000/name` has no tag (the first component is a registry when it holds `:`).
 * No fix: choosing a version is a decision.
 */
import { crlf, ruleTester, type InvalidCase, type ValidCase } from './core-rule-tester.js';

const valid: ValidCase[] = [
  { name: 'Dockerfile: tag', kind: 'dockerfile', code: 'FROM python:3.12-slim\n' },
  { name: 'Dockerfile: digest without tag', kind: 'dockerfile', code: 'FROM alpine@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d\n' },
  { name: 'Dockerfile: latest pinned by digest', kind: 'dockerfile', code: 'FROM alpine:latest@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d\n' },
  { name: 'Dockerfile: FROM scratch', kind: 'dockerfile', code: 'FROM scratch\nCOPY app /\n' },
  {
    name: 'Dockerfile: stage names are not images',
    kind: 'dockerfile',
    code: 'FROM node:20-alpine AS deps\nRUN npm ci\nFROM deps AS build\nRUN npm run build\nFROM build\nCMD ["node", "dist/main.js"]\n',
  },
  { name: 'Dockerfile: stage referenced by index', kind: 'dockerfile', code: 'FROM golang:1.22\nRUN go build\nFROM 0\n' },
  { name: 'Dockerfile: ARG default with a tag', kind: 'dockerfile', code: 'ARG GO_VERSION=1.22\nFROM golang:${GO_VERSION}-alpine AS build\n' },
  { name: 'Dockerfile: ARG without default is unknown', kind: 'dockerfile', code: 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n' },
  { name: 'Dockerfile: --platform flag', kind: 'dockerfile', code: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n' },
  { name: 'Dockerfile: registry with port and tag', kind: 'dockerfile', code: 'FROM registry.example.com:5000/team/base:2.0\n' },
  { name: 'Dockerfile: localhost registry with tag', kind: 'dockerfile', code: 'FROM localhost:5000/app:1.0\n' },
  { name: 'compose: tag', kind: 'compose', code: 'services:\n  db:\n    image: postgres:16.4-alpine\n' },
  { name: 'compose: interpolation default with a tag', kind: 'compose', code: 'services:\n  api:\n    image: ghcr.io/acme/api:${TAG:-1.2}\n' },
  { name: 'compose: unset variable without default is unknown', kind: 'compose', code: 'services:\n  api:\n    image: ghcr.io/acme/api:${TAG}\n' },
  { name: 'compose: image names its own build output', kind: 'compose', code: 'services:\n  api:\n    build: .\n    image: acme/api\n' },
  { name: 'compose: build only', kind: 'compose', code: 'services:\n  api:\n    build:\n      context: ./api\n      dockerfile: Dockerfile.prod\n' },
  { name: 'docker run with a tag', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm nginx:1.27 nginx -g "daemon off;"\n' },
  { name: 'docker run image from Environment=', kind: 'unit', code: '[Service]\nEnvironment=IMAGE=ghcr.io/acme/app:2.3.1\nExecStart=/usr/bin/docker run --rm ${IMAGE}\n' },
  { name: 'docker run image from EnvironmentFile= is unknown', kind: 'unit', code: '[Service]\nEnvironmentFile=/etc/default/app\nExecStart=/usr/bin/docker run --rm $IMAGE\n' },
  { name: 'docker pull is not a container', kind: 'unit', code: '[Service]\nExecStartPre=/usr/bin/docker pull nginx\nExecStart=/usr/bin/docker run --rm nginx:1.27\n' },
  { name: 'podman run with a digest', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/podman run --rm quay.io/acme/app@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d\n' },
  { name: 'Quadlet Image= with a tag', kind: 'quadlet', code: '[Container]\nImage=docker.io/library/redis:7.4\n' },
  { name: 'Quadlet Image= naming a .build unit', kind: 'quadlet', code: '[Container]\nImage=app.build\n' },
];

const invalid: InvalidCase[] = [
  { name: 'Dockerfile: no tag', kind: 'dockerfile', code: 'FROM ubuntu\nRUN apt-get update\n', errors: ['1:6'], output: null },
  { name: 'Dockerfile: latest', kind: 'dockerfile', code: 'FROM node:latest\n', errors: ['1:6'] },
  { name: 'Dockerfile: registry port is not a tag', kind: 'dockerfile', code: 'FROM registry:5000/app\n', errors: ['1:6'] },
  { name: 'Dockerfile: after --platform', kind: 'dockerfile', code: 'FROM --platform=linux/amd64 python AS base\n', errors: ['1:29'] },
  { name: 'Dockerfile: lower-case from', kind: 'dockerfile', code: 'from alpine as build\n', errors: ['1:6'] },
  {
    name: 'Dockerfile: every unpinned stage, but not the stage names',
    kind: 'dockerfile',
    code: 'FROM golang AS build\nRUN go build -o /app .\n\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\n',
    errors: ['1:6', '4:6'],
  },
  { name: 'Dockerfile: ARG default latest', kind: 'dockerfile', code: 'ARG NODE_VERSION=latest\nFROM node:${NODE_VERSION}\n', errors: ['2:6'] },
  { name: 'Dockerfile: ARG-driven FROM without tag', kind: 'dockerfile', code: 'ARG BASE=debian\nFROM ${BASE} AS runtime\n', errors: ['2:6'] },
  { name: 'Dockerfile: CRLF', kind: 'dockerfile', code: crlf('# base\nFROM alpine\nUSER 1000\n'), errors: ['2:6'] },
  { name: 'compose: no tag', kind: 'compose', code: 'services:\n  cache:\n    image: redis\n', errors: ['3:12'], output: null },
  { name: 'compose: latest, quoted', kind: 'compose', code: 'services:\n  cache:\n    image: "redis:latest"\n', errors: ['3:12'] },
  { name: 'compose: interpolation default without tag', kind: 'compose', code: 'services:\n  web:\n    image: ${WEB_IMAGE:-nginx}\n', errors: ['3:12'] },
  { name: 'compose: interpolation default latest', kind: 'compose', code: 'services:\n  db:\n    image: "postgres:${PG_TAG:-latest}"\n', errors: ['3:12'] },
  { name: 'compose: registry port is not a tag', kind: 'compose', code: 'services:\n  app:\n    image: registry.local:5000/team/app\n', errors: ['3:12'] },
  {
    name: 'compose: image from a merge key points at the anchor',
    kind: 'compose',
    code: 'x-app: &app\n  image: ghcr.io/acme/app:latest\n  restart: always\nservices:\n  web:\n    <<: *app\n    command: web\n',
    errors: ['2:10'],
  },
  { name: 'docker run: no tag', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm --name web -p 80:80 nginx\n', errors: ['2:56'], output: null },
  { name: 'docker run: latest, on a continuation line', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm \\\n  --name web \\\n  nginx:latest\n', errors: ['4:3'] },
  {
    name: 'template unit: image from Environment= is latest',
    kind: 'unit',
    path: 'app@.service',
    code: '[Service]\nEnvironment="IMAGE=ghcr.io/acme/app:latest"\nExecStart=/usr/bin/docker run --rm --name app-%i ${IMAGE}\n',
    errors: ['3:50'],
  },
  { name: 'podman run: no tag', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/podman run --rm quay.io/acme/app\n', errors: ['2:36'] },
  { name: 'Quadlet Image= without tag', kind: 'quadlet', code: '[Container]\nImage=docker.io/library/nginx\n', errors: ['2:7'], output: null },
  { name: 'Quadlet Image= latest', kind: 'quadlet', code: '[Unit]\nDescription=x\n[Container]\nImage=nginx:latest\n', errors: ['4:7'] },
];

ruleTester('CG004', 'unpinned-image', { valid, invalid });
