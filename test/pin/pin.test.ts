/**
 * `cguard pin` end to end, in process (runCliAsync), against a real registry on loopback with
 * images pushed by the test: every file kind rewritten to the pushed digests (whole texts),
 * formatting kept, idempotence, --check exit codes as tags move, and what is left alone.
 */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli, runCliAsync } from '../../src/cli.js';
import { freePort, hasRegistry, startRegistry, type LoopbackRegistry } from './loopback-registry.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'cguard-pin-'));
  made.push(root);
  mkdirSync(path.join(root, '.git'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

async function pin(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCliAsync(['pin', ...argv], { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false, env: {} });
  return { code, stdout, stderr };
}

const read = (root: string, rel: string): string => readFileSync(path.join(root, rel), 'utf8');
const E2E_REPO = fileURLToPath(new URL('../fixtures/e2e/repo', import.meta.url));

describe.skipIf(!hasRegistry)('cguard pin against a registry on loopback', () => {
  let registry: LoopbackRegistry;
  let host: string;
  let web: string;
  let api: string;
  let multi: string;

  beforeAll(async () => {
    registry = await startRegistry();
    host = registry.host;
    web = await registry.push('acme/web', '1.2', 'web 1.2');
    api = await registry.push('acme/api', '2', 'api 2');
    multi = await registry.pushIndex('acme/multi', '3', ['multi amd64', 'multi arm64']);
  }, 30_000);

  afterAll(() => registry?.stop());

  it('pins a Dockerfile FROM, a compose image:, a unit docker run image and a Quadlet Image= to the pushed digests', async () => {
    const root = project({
      Dockerfile: `FROM ${host}/acme/web:1.2 AS build\nRUN make\nFROM ${host}/acme/api:2\nCOPY --from=build /app /app\n`,
      'compose.yaml': `services:\n  web:\n    image: "${host}/acme/web:1.2"\n  api:\n    image: ${host}/acme/api:2\n`,
      'app.service': `[Service]\nExecStart=/usr/bin/docker run --rm --name app ${host}/acme/web:1.2 serve --port 80\n`,
      'app.container': `[Container]\nImage=${host}/acme/multi:3\n`,
    });
    const r = await pin(root);
    expect(r.code).toBe(0);
    expect(read(root, 'Dockerfile')).toBe(`FROM ${host}/acme/web:1.2@${web} AS build\nRUN make\nFROM ${host}/acme/api:2@${api}\nCOPY --from=build /app /app\n`);
    expect(read(root, 'compose.yaml')).toBe(`services:\n  web:\n    image: "${host}/acme/web:1.2@${web}"\n  api:\n    image: ${host}/acme/api:2@${api}\n`);
    expect(read(root, 'app.service')).toBe(`[Service]\nExecStart=/usr/bin/docker run --rm --name app ${host}/acme/web:1.2@${web} serve --port 80\n`);
    expect(read(root, 'app.container')).toBe(`[Container]\nImage=${host}/acme/multi:3@${multi}\n`);
    expect(r.stdout).toBe([
      `Dockerfile:1:6  ${host}/acme/web:1.2  pinned to ${web}`,
      `Dockerfile:3:6  ${host}/acme/api:2  pinned to ${api}`,
      `app.container:2:7  ${host}/acme/multi:3  pinned to ${multi}`,
      `app.service:2:47  ${host}/acme/web:1.2  pinned to ${web}`,
      `compose.yaml:3:13  ${host}/acme/web:1.2  pinned to ${web}`,
      `compose.yaml:5:12  ${host}/acme/api:2  pinned to ${api}`,
      '',
    ].join('\n'));
    expect(r.stderr).toBe('cguard: pinned 6 images in 4 files\n');

    // Pinning twice equals pinning once.
    const before = ['Dockerfile', 'compose.yaml', 'app.service', 'app.container'].map((f) => read(root, f));
    const again = await pin(root);
    expect(again).toEqual({ code: 0, stdout: '', stderr: 'cguard: every image is already pinned to its current digest\n' });
    expect(['Dockerfile', 'compose.yaml', 'app.service', 'app.container'].map((f) => read(root, f))).toEqual(before);
    expect((await pin(root, '--check')).code).toBe(0);
  });

  it('keeps CRLF line endings, the BOM and the file mode', async () => {
    const root = project({});
    const file = path.join(root, 'Dockerfile');
    writeFileSync(file, `\uFEFF# syntax=docker/dockerfile:1\r\nFROM ${host}/acme/web:1.2\r\nUSER 1000\r\n`);
    chmodSync(file, 0o640);
    expect((await pin(root)).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(`\uFEFF# syntax=docker/dockerfile:1\r\nFROM ${host}/acme/web:1.2@${web}\r\nUSER 1000\r\n`);
    expect(statSync(file).mode & 0o7777).toBe(0o640);
  });

  it('leaves stage names, scratch, variables and digest-only references as they are', async () => {
    const dockerfile = [
      `ARG BASE=${host}/acme/web:1.2`,
      `FROM \${BASE} AS base`,
      'FROM base AS test',
      'FROM scratch',
      `FROM ${host}/acme/web@${api}`,
      '',
    ].join('\n');
    const compose = `services:\n  a:\n    image: \${IMAGE:-${host}/acme/web:1.2}\n  b:\n    build: .\n    image: ${host}/acme/built:1\n`;
    const unit = `[Service]\nEnvironment=IMAGE=${host}/acme/web:1.2\nExecStart=/usr/bin/podman run --rm \${IMAGE}\n`;
    const root = project({ Dockerfile: dockerfile, 'compose.yaml': compose, 'app.service': unit, 'app.container': '[Container]\nImage=app.image\n' });
    const r = await pin(root);
    expect(r.code).toBe(0);
    expect(read(root, 'Dockerfile')).toBe(dockerfile);
    expect(read(root, 'compose.yaml')).toBe(compose);
    expect(read(root, 'app.service')).toBe(unit);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe([
      'cguard: Dockerfile:2:6: ${BASE} not pinned: the image comes from a variable; pin it where the value is set',
      'cguard: app.service:3:36: ${IMAGE} not pinned: the image comes from a variable; pin it where the value is set',
      `cguard: compose.yaml:3:12: \${IMAGE:-${host}/acme/web:1.2} not pinned: the image comes from a variable; pin it where the value is set`,
      'cguard: every image is already pinned to its current digest',
      '',
    ].join('\n'));
  });

  it('writes :latest for a reference without a tag, and replaces a stale digest', async () => {
    const latest = await registry.push('acme/plain', 'latest', 'plain latest');
    const stale = `sha256:${'0'.repeat(64)}`;
    const root = project({ 'compose.yaml': `services:\n  a:\n    image: ${host}/acme/plain\n  b:\n    image: '${host}/acme/web:1.2@${stale}'\n` });
    const r = await pin(root);
    expect(r.code).toBe(0);
    expect(read(root, 'compose.yaml')).toBe(`services:\n  a:\n    image: ${host}/acme/plain:latest@${latest}\n  b:\n    image: '${host}/acme/web:1.2@${web}'\n`);
    expect(r.stdout).toBe(`compose.yaml:3:12  ${host}/acme/plain  pinned to ${latest}\ncompose.yaml:5:13  ${host}/acme/web:1.2@${stale}  updated to ${web}\n`);
  });

  it('--check exits 1 for unpinned images, 0 when every pin is current, 1 again when the tag moves', async () => {
    const first = await registry.push('acme/moving', '5', 'moving one');
    const dockerfile = `FROM ${host}/acme/moving:5\n`;
    const root = project({ Dockerfile: dockerfile });

    const unpinned = await pin(root, '--check');
    expect(unpinned.code).toBe(1);
    expect(unpinned.stdout).toBe(`Dockerfile:1:6  ${host}/acme/moving:5  not pinned to a digest\n`);
    expect(unpinned.stderr).toBe("cguard: 1 of 1 image unpinned or stale; run 'cguard pin' to pin them\n");
    expect(read(root, 'Dockerfile')).toBe(dockerfile);

    expect((await pin(root)).code).toBe(0);
    expect(read(root, 'Dockerfile')).toBe(`FROM ${host}/acme/moving:5@${first}\n`);
    expect(await pin(root, '--check')).toEqual({ code: 0, stdout: '', stderr: 'cguard: 1 image checked, all pinned to current digests\n' });

    const second = await registry.push('acme/moving', '5', 'moving two');
    const stale = await pin(root, '--check');
    expect(stale.code).toBe(1);
    expect(stale.stdout).toBe(`Dockerfile:1:6  ${host}/acme/moving:5@${first}  stale pin: the tag now points at ${second}\n`);
    expect(read(root, 'Dockerfile')).toBe(`FROM ${host}/acme/moving:5@${first}\n`);

    expect((await pin(root)).stdout).toBe(`Dockerfile:1:6  ${host}/acme/moving:5@${first}  updated to ${second}\n`);
    expect(read(root, 'Dockerfile')).toBe(`FROM ${host}/acme/moving:5@${second}\n`);
  });

  it('--diff prints a patch and --dry-run a report; neither writes', async () => {
    const dockerfile = `FROM ${host}/acme/api:2\n`;
    const root = project({ Dockerfile: dockerfile });
    const diff = await pin(root, '--diff');
    expect(diff.code).toBe(1);
    expect(diff.stdout).toBe(`diff --git a/Dockerfile b/Dockerfile\n--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1 +1 @@\n-FROM ${host}/acme/api:2\n+FROM ${host}/acme/api:2@${api}\n`);
    const dry = await pin(root, '--dry-run');
    expect(dry).toEqual({ code: 0, stdout: `Dockerfile:1:6  ${host}/acme/api:2  would pin to ${api}\n`, stderr: 'cguard: would pin 1 image in 1 file (dry run: nothing written)\n' });
    expect(read(root, 'Dockerfile')).toBe(dockerfile);
  });

  it('reports every image as JSON', async () => {
    const root = project({ Dockerfile: `FROM ${host}/acme/api:2\nFROM scratch\n` });
    const r = await pin(root, '--check', '--format', 'json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      version: 1,
      mode: 'check',
      images: [{ file: 'Dockerfile', line: 1, column: 6, image: `${host}/acme/api:2`, status: 'unpinned', reason: 'not pinned to a digest' }],
      changed: [],
      problems: [],
      summary: { pinned: 0, updated: 0, current: 0, unpinned: 1, stale: 0, skipped: 0, failed: 0 },
    });
    const written = await pin(root, '--format', 'json');
    expect(JSON.parse(written.stdout).images).toEqual([{ file: 'Dockerfile', line: 1, column: 6, image: `${host}/acme/api:2`, status: 'pinned', digest: api, pinned: `${host}/acme/api:2@${api}` }]);
  });

  it('asks the mirror in pin.mirrors for Docker Hub images', async () => {
    const nginx = await registry.push('library/nginx', '1.27', 'mirrored nginx');
    const root = project({ '.cguard.yaml': `pin:\n  mirrors:\n    docker.io: http://${host}\n`, 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' });
    expect((await pin(root)).code).toBe(0);
    expect(read(root, 'compose.yaml')).toBe(`services:\n  web:\n    image: nginx:1.27@${nginx}\n`);
  });

  it('pins the end-to-end repository through mirrors of Docker Hub, GHCR and Quay, touching nothing but the images', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'cguard-pin-e2e-'));
    made.push(root);
    cpSync(E2E_REPO, root, { recursive: true });
    mkdirSync(path.join(root, '.git'));
    writeFileSync(path.join(root, '.cguard.yaml'), `pin:\n  mirrors:\n    docker.io: ${host}\n    ghcr.io: ${host}\n    quay.io: ${host}\n`);
    const images = ['library/traefik:v3.1', 'acme/shop-api:latest', 'library/postgres:16.4-alpine', 'library/redis:latest', 'library/redis:7.4', 'acme/legacy-worker:3.4', 'prometheus/node-exporter:v1.8.2', 'library/node:20-alpine', 'library/nginx:latest', 'library/rust:1.80'];
    for (const image of images) {
      const [name, tag] = image.split(':') as [string, string];
      await registry.push(name, tag, `e2e ${image}`);
    }
    type Report = { images: Array<{ file: string; line: number; column: number; image: string; status: string; pinned?: string }> };
    const where = (i: Report['images'][number]): string => `${i.file}:${i.line}:${i.column} ${i.image}`;
    const check = JSON.parse((await pin(root, '--check', '--format', 'json')).stdout) as Report;
    const unpinned = check.images.filter((i) => i.status === 'unpinned');
    expect(unpinned).toHaveLength(11);

    const r = await pin(root, '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.images.filter((i) => i.status === 'pinned').map(where)).toEqual(unpinned.map(where));
    // Each changed file is the original with the image texts replaced at their places, nothing else.
    for (const file of new Set(report.images.filter((i) => i.pinned).map((i) => i.file))) {
      let expected = readFileSync(path.join(E2E_REPO, file), 'utf8');
      const lines = expected.split('\n');
      for (const image of report.images.filter((i) => i.file === file && i.pinned)) {
        const line = lines[image.line - 1]!;
        expect(line.slice(image.column - 1, image.column - 1 + image.image.length)).toBe(image.image);
        lines[image.line - 1] = line.slice(0, image.column - 1) + image.pinned + line.slice(image.column - 1 + image.image.length);
      }
      expected = lines.join('\n');
      expect(read(root, file), file).toBe(expected);
    }
    expect((await pin(root, '--check')).code).toBe(0);

    // The pinned files still parse, and strict's tag-only and unpinned findings are gone where pins were put.
    const scan = (cwd: string): Array<{ ruleId: string; file: string; line: number }> => {
      let out = '';
      runCli(['scan', '--format', 'json', '--policy', 'strict'], { cwd, stdout: (t) => (out += t), stderr: () => {}, isTTY: false, env: { CGUARD_THREADS: '1' } });
      return JSON.parse(out).results;
    };
    const original = mkdtempSync(path.join(tmpdir(), 'cguard-pin-e2e-'));
    made.push(original);
    cpSync(E2E_REPO, original, { recursive: true });
    mkdirSync(path.join(original, '.git'));
    const key = (f: { ruleId: string; file: string; line: number }): string => `${f.ruleId}:${f.file}:${f.line}`;
    const pinnedLines = new Set(report.images.filter((i) => i.pinned).map((i) => `${i.file}:${i.line}`));
    const before = scan(original);
    const expected = before.filter((f) => !(['CG004', 'CG113'].includes(f.ruleId) && pinnedLines.has(`${f.file}:${f.line}`))).map(key);
    expect(before.length - expected.length).toBe(11);
    expect(scan(root).map(key)).toEqual(expected);
  });

  it('fails with one line per image the registry does not know, and pins the rest', async () => {
    const root = project({ Dockerfile: `FROM ${host}/acme/none:1\nFROM ${host}/acme/api:2\n`, 'compose.yaml': `services:\n  a:\n    image: ${host}/acme/none:1\n` });
    const r = await pin(root);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe([
      `cguard: Dockerfile:1:6: ${host}/acme/none:1: the registry answered 404 (no such image or tag) for http://${host}/v2/acme/none/manifests/1 (and 1 more place)`,
      'cguard: pinned 1 image in 1 file; 1 image could not be resolved',
      '',
    ].join('\n'));
    expect(read(root, 'Dockerfile')).toBe(`FROM ${host}/acme/none:1\nFROM ${host}/acme/api:2@${api}\n`);
  });
});

describe('cguard pin without a registry', () => {
  it('says in one line which image at which place could not be reached, exits 2 and writes nothing', async () => {
    const port = await freePort();
    const dockerfile = `FROM 127.0.0.1:${port}/acme/web:1\n`;
    const root = project({ Dockerfile: dockerfile });
    for (const argv of [[], ['--check'], ['--diff']]) {
      const r = await pin(root, ...argv);
      if (argv[0] === '--check') {
        // An unpinned image needs no registry to be reported.
        expect(r.code).toBe(1);
        continue;
      }
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe(`cguard: Dockerfile:1:6: 127.0.0.1:${port}/acme/web:1: cannot reach the registry at http://127.0.0.1:${port} (connection refused)`);
    }
    expect(read(root, 'Dockerfile')).toBe(dockerfile);

    const pinned = project({ Dockerfile: `FROM 127.0.0.1:${port}/acme/web:1@sha256:${'1'.repeat(64)}\n` });
    const check = await pin(pinned, '--check');
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/^cguard: Dockerfile:1:6: 127\.0\.0\.1:\d+\/acme\/web:1@sha256:1{64}: cannot reach the registry at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)\n/);
  });

  it('rejects options it does not take, combined modes and missing paths in one line with exit 2', async () => {
    const root = project({ Dockerfile: 'FROM alpine:3.20\n' });
    for (const argv of [['--fix'], ['--check', '--diff'], ['--diff', '--format', 'json'], ['--format', 'sarif'], ['--policy', 'strict'], ['nowhere']]) {
      const r = await pin(root, ...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^cguard: /);
    }
    const scan = await runCliAsync(['scan', '--check'], { cwd: root, stdout: () => {}, stderr: () => {}, isTTY: false, env: {} });
    expect(scan).toBe(2);
  });

  it('is the only command that goes on the network: scan never calls fetch', () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      const code = runCli(['scan', '--policy', 'strict', E2E_REPO], { cwd: tmpdir(), stdout: () => {}, stderr: () => {}, isTTY: false, env: { CGUARD_THREADS: '1' } });
      expect(code).toBe(1);
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('is reached through runCliAsync only; runCli says so instead of going on the network', () => {
    let stderr = '';
    expect(runCli(['pin'], { cwd: tmpdir(), stdout: () => {}, stderr: (s) => (stderr += s), isTTY: false, env: {} })).toBe(2);
    expect(stderr).toBe("cguard: 'cguard pin' is asynchronous: run it through runCliAsync\n");
  });

  it('names a file it cannot parse and exits 2: a check that could not read everything does not pass', async () => {
    const root = project({ 'compose.yaml': 'services: [unclosed\n', Dockerfile: 'FROM scratch\n' });
    for (const argv of [[], ['--check']]) {
      const r = await pin(root, ...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr.split('\n')[0]).toMatch(/^cguard: compose\.yaml:\d+: not pinned: /);
    }
    expect(read(root, 'compose.yaml')).toBe('services: [unclosed\n');
  });

  it('reports a bad pin: config as a configuration error', async () => {
    const root = project({ '.cguard.yaml': 'pin:\n  mirror: {}\n', Dockerfile: 'FROM alpine:3.20\n' });
    expect(await pin(root)).toEqual({ code: 2, stdout: '', stderr: "cguard: .cguard.yaml:2: key 'pin.mirror': unknown key — allowed keys: mirrors, plain-http\n" });
  });
});
