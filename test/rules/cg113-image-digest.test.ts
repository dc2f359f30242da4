import { describe, expect, it } from 'vitest';
import type { FileKind } from '../../src/model/source.js';
import { lint, locations } from '../helpers.js';

const ID = 'CG113';
interface Case { name: string; kind: FileKind; code: string }
interface Invalid extends Case { errors: string[] }

const DIGEST = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

const valid: Case[] = [
  { name: 'compose tag and digest', kind: 'compose', code: `services:\n  web:\n    image: nginx:1.27@${DIGEST}\n` },
  { name: 'compose digest only', kind: 'compose', code: `services:\n  web:\n    image: nginx@${DIGEST}\n` },
  { name: 'no tag or latest is CG004\'s', kind: 'compose', code: 'services:\n  a:\n    image: nginx\n  b:\n    image: nginx:latest\n' },
  { name: 'compose image that names its own build output', kind: 'compose', code: 'services:\n  web:\n    build: .\n    image: acme/web:1.0.0\n' },
  { name: 'compose image from an unset variable', kind: 'compose', code: 'services:\n  web:\n    image: acme/web:${TAG}\n' },
  { name: 'docker run with a digest', kind: 'unit', code: `[Service]\nExecStart=/usr/bin/docker run --rm nginx:1.27@${DIGEST}\n` },
  { name: 'Quadlet .build reference', kind: 'quadlet', code: '[Container]\nImage=web.build\n' },
  { name: 'Dockerfile: scratch, stages and digests', kind: 'dockerfile', code: `FROM golang:1.23@${DIGEST} AS build\nFROM build AS test\nFROM scratch\nCOPY --from=build /app /app\n` },
  { name: 'Dockerfile: FROM an ARG without a default', kind: 'dockerfile', code: 'ARG BASE\nFROM ${BASE}\n' },
];

const invalid: Invalid[] = [
  { name: 'compose image with a tag', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n', errors: ['3:12'] },
  { name: 'compose ${VAR:-default} resolved', kind: 'compose', code: 'services:\n  web:\n    image: "postgres:${PG_VERSION:-16.4}"\n', errors: ['3:12'] },
  { name: 'docker run', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm nginx:1.27\n', errors: ['2:36'] },
  { name: 'podman run with Environment= resolved', kind: 'unit', code: '[Service]\nEnvironment=IMG=docker.io/library/redis:7.4\nExecStart=/usr/bin/podman run --rm ${IMG}\n', errors: ['3:36'] },
  { name: 'Quadlet Image=', kind: 'quadlet', code: '[Container]\nImage=docker.io/library/nginx:1.27\n', errors: ['2:7'] },
  { name: 'Dockerfile: every external stage base, ARG defaults resolved', kind: 'dockerfile', code: 'ARG GO=1.23\nFROM golang:${GO} AS build\nFROM alpine:3.20\nCOPY --from=build /app /app\n', errors: ['2:6', '3:6'] },
];

describe('CG113 image-digest (strict)', () => {
  it.each(valid)('valid: $name', ({ kind, code }) => {
    expect(locations(lint(kind, code, { strict: true }), ID)).toEqual([]);
  });
  it.each(invalid)('invalid: $name', ({ kind, code, errors }) => {
    expect(locations(lint(kind, code, { strict: true }), ID)).toEqual(errors);
  });
  it('is off under the recommended policy, and has no fix', () => {
    expect(locations(lint('compose', invalid[0]!.code), ID)).toEqual([]);
    expect(lint('compose', invalid[0]!.code, { strict: true }).find((f) => f.ruleId === ID)?.fix).toBeUndefined();
  });
});
