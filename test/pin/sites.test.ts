/** Where `cguard pin` may write a digest, and what it leaves alone (no network here). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseImageRef } from '../../src/model/image.js';
import { sourceFromText, type FileKind } from '../../src/model/source.js';
import { imageSites, isReference, pinnedText, resolutionKey } from '../../src/pin/sites.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

function sites(kind: FileKind, text: string) {
  const found = imageSites(sourceFromText('f', kind, text));
  return {
    sites: found.sites.map((s) => `${s.span.start}-${s.span.end} ${text.slice(s.span.start, s.span.end)}`),
    skipped: found.skipped.map((s) => `${s.written}: ${s.reason}`),
    parseError: found.parseError?.message,
  };
}

const VARIABLE = 'the image comes from a variable; pin it where the value is set';

describe('image sites', () => {
  it.each<[string, FileKind, string, string[], string[]]>([
    ['FROM, with flags and a stage name', 'dockerfile', 'FROM --platform=$BUILDPLATFORM node:22 AS build\nFROM build\n', ['31-38 node:22'], []],
    ['quoted FROM, inside the quotes', 'dockerfile', 'FROM "alpine:3.20"\n', ['6-17 alpine:3.20'], []],
    ['scratch and a stage by index', 'dockerfile', 'FROM alpine:3.20\nFROM 0\nFROM scratch\n', ['5-16 alpine:3.20'], []],
    ['an ARG in FROM', 'dockerfile', 'ARG V=3.20\nFROM alpine:${V}\n', [], [`alpine:\${V}: ${VARIABLE}`]],
    ['compose plain, single- and double-quoted', 'compose', "services:\n  a:\n    image: a:1\n  b:\n    image: 'b:2'\n  c:\n    image: \"c:3\"\n", ['26-29 a:1', '47-50 b:2', '69-72 c:3'], []],
    ['a compose anchor used twice is one site', 'compose', 'x-img: &img redis:7\nservices:\n  a:\n    image: *img\n  b:\n    image: *img\n', ['12-19 redis:7'], []],
    ['compose build output and an interpolated image', 'compose', 'services:\n  a:\n    build: .\n    image: me/app:1\n  b:\n    image: ${REG}/x:1\n', [], [`\${REG}/x:1: ${VARIABLE}`]],
    ['docker run image in a unit, quoted', 'unit', '[Service]\nExecStart=/usr/bin/docker run --rm "nginx:1.27" -g x\n', ['46-56 nginx:1.27'], []],
    ['podman run with an Environment= variable', 'unit', '[Service]\nEnvironment=I=nginx:1\nExecStart=/usr/bin/podman run ${I}\n', [], [`\${I}: ${VARIABLE}`]],
    ['a unit specifier', 'unit', '[Service]\nExecStart=/usr/bin/docker run nginx:%i\n', [], [`nginx:%i: ${VARIABLE}`]],
    ['Quadlet Image=', 'quadlet', '[Container]\nImage=docker.io/library/nginx:1.27\n', ['18-46 docker.io/library/nginx:1.27'], []],
    ['Quadlet .image and .build units', 'quadlet', '[Container]\nImage=web.image\n', [], []],
    ['not a reference Docker accepts', 'compose', 'services:\n  a:\n    image: Acme/App:1\n', [], ['Acme/App:1: not a valid image reference']],
    ['a digest-only reference is a site (nothing to compare)', 'dockerfile', `FROM alpine@${DIGEST}\n`, [`5-${12 + DIGEST.length} alpine@${DIGEST}`], []],
  ])('%s', (_name, kind, text, expectedSites, expectedSkipped) => {
    const found = sites(kind, text);
    expect(found.sites).toEqual(expectedSites);
    expect(found.skipped).toEqual(expectedSkipped);
    expect(found.parseError).toBeUndefined();
  });

  it('says when a file does not parse at all', () => {
    expect(sites('compose', 'services: [unclosed\n').parseError).toMatch(/./);
  });

  it('never throws on random text of any kind', () => {
    fc.assert(
      fc.property(fc.constantFrom<FileKind>('dockerfile', 'compose', 'unit', 'quadlet'), fc.string({ maxLength: 200 }), (kind, text) => {
        imageSites(sourceFromText('f', kind, text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('references', () => {
  it.each([
    ['nginx', true],
    ['nginx:1.27-alpine', true],
    ['registry.example.com:5000/team/app:v1.2.3', true],
    [`ghcr.io/acme/api:2@${DIGEST}`, true],
    ['[::1]:5000/app:1', true],
    ['Nginx:1', false],
    ['nginx:{{.Tag}}', false],
    ['nginx:', false],
    ['a//b:1', false],
  ])('%s is a reference: %s', (text, valid) => {
    expect(isReference(text)).toBe(valid);
  });

  it('answers quickly on long near-misses', () => {
    const started = performance.now();
    for (const text of [`${'a-'.repeat(200)}!`, `${'a.'.repeat(200)}/${'b__'.repeat(50)}!`, `${'a'.repeat(500)}:`, `x/${'a-b_'.repeat(120)}@`]) isReference(text);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('keeps the written name and tag, spells out latest, and replaces an old digest', () => {
    const site = (written: string) => ({ span: { start: 0, end: written.length }, written, ref: parseImageRef(written) });
    expect(pinnedText(site('nginx:1.27'), DIGEST)).toBe(`nginx:1.27@${DIGEST}`);
    expect(pinnedText(site('localhost:5000/app'), DIGEST)).toBe(`localhost:5000/app:latest@${DIGEST}`);
    expect(pinnedText(site(`nginx:1.27@sha256:${'0'.repeat(64)}`), DIGEST)).toBe(`nginx:1.27@${DIGEST}`);
  });

  it('resolves one image once however it is written', () => {
    expect(resolutionKey(parseImageRef('nginx'))).toBe('docker.io/library/nginx:latest');
    expect(resolutionKey(parseImageRef('docker.io/library/nginx:latest'))).toBe('docker.io/library/nginx:latest');
    expect(resolutionKey(parseImageRef('index.docker.io/library/nginx'))).toBe('docker.io/library/nginx:latest');
    expect(resolutionKey(parseImageRef(`ghcr.io/acme/api:2@${DIGEST}`))).toBe('ghcr.io/acme/api:2');
  });
});
