import { describe, expect, it } from 'vitest';
import type { FileKind } from '../../src/model/source.js';
import { fixed, lint, locations } from '../helpers.js';

const ID = 'CG101';
interface Case { name: string; kind: FileKind; code: string }
interface Invalid extends Case { errors: string[]; output?: string }

const valid: Case[] = [
  { name: 'compose without privileged', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n' },
  { name: 'compose privileged: false', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n    privileged: false\n' },
  { name: 'compose privileged only for the build', kind: 'compose', code: 'services:\n  web:\n    build:\n      context: .\n      privileged: true\n' },
  { name: 'docker run --privileged=false', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm --privileged=false nginx:1.27\n' },
  { name: 'podman run without it', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/podman run --rm nginx:1.27\n' },
  { name: '--privileged after the image is the container\'s argument', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run --rm busybox:1.36 echo --privileged\n' },
  { name: 'Quadlet without PodmanArgs', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\n' },
];

const invalid: Invalid[] = [
  {
    name: 'compose privileged: true',
    kind: 'compose',
    code: 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n',
    errors: ['4:17'],
    output: 'services:\n  web:\n    image: nginx:1.27\n    privileged: false\n',
  },
  { name: 'compose privileged: "true"', kind: 'compose', code: 'services:\n  web:\n    image: nginx:1.27\n    privileged: "true"\n', errors: ['4:17'] },
  {
    name: 'docker run --privileged',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/docker run --rm --privileged --name web nginx:1.27\n',
    errors: ['2:36'],
    output: '[Service]\nExecStart=/usr/bin/docker run --rm --name web nginx:1.27\n',
  },
  {
    name: 'podman run --privileged=true on a continuation line',
    kind: 'unit',
    code: '[Service]\nExecStart=/usr/bin/podman run --rm \\\n  --privileged=true \\\n  nginx:1.27\n',
    errors: ['3:3'],
    output: '[Service]\nExecStart=/usr/bin/podman run --rm \\\n  nginx:1.27\n',
  },
  { name: 'Quadlet PodmanArgs=--privileged (not edited)', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nPodmanArgs=--privileged\n', errors: ['3:12'] },
];

describe('CG101 privileged', () => {
  it.each(valid)('valid: $name', ({ kind, code }) => {
    expect(locations(lint(kind, code), ID)).toEqual([]);
  });
  it.each(invalid)('invalid: $name', ({ kind, code, errors }) => {
    expect(locations(lint(kind, code), ID)).toEqual(errors);
  });
  it.each(invalid.filter((c) => c.output !== undefined))('fix: $name', ({ kind, code, output }) => {
    expect(fixed(kind, code, ID)).toBe(output);
  });
  it('the fix is unsafe, and absent where the flag is the author\'s raw PodmanArgs', () => {
    expect(lint('compose', invalid[0]!.code).find((f) => f.ruleId === ID)?.fix?.safety).toBe('unsafe');
    // A fix is computed lazily; one the editor cannot make has no edits and is never offered.
    expect(lint('quadlet', '[Container]\nImage=nginx:1.27\nPodmanArgs=--privileged\n').find((f) => f.ruleId === ID)?.fix?.edits ?? []).toEqual([]);
  });
});
