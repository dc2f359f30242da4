/**
 * Tag → digest against a real registry on loopback (Debian's `docker-registry`, skipped when it
 * is not installed) with an image the test pushes itself, and the bearer-token dance against a
 * small fake registry.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseImageRef } from '../../src/model/image.js';
import { parseBearerChallenge, registryBase, repositoryPath, resolveDigest } from '../../src/pin/registry.js';

const REGISTRY_BIN = '/usr/bin/docker-registry';
const hasRegistry = spawnSync('sh', ['-c', `command -v ${REGISTRY_BIN}`]).status === 0;
const sha256 = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function pushBlob(base: string, name: string, data: Buffer): Promise<string> {
  const digest = sha256(data);
  const start = await fetch(`${base}/v2/${name}/blobs/uploads/`, { method: 'POST' });
  expect(start.status).toBe(202);
  const location = new URL(start.headers.get('location')!, base);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', body: new Uint8Array(data), headers: { 'Content-Type': 'application/octet-stream' } });
  expect(put.status).toBe(201);
  return digest;
}

/** A minimal OCI image: an empty config blob, one layer blob, and the manifest naming them. */
async function pushImage(base: string, name: string, tag: string, layerText: string): Promise<string> {
  const config = Buffer.from('{}');
  const layer = Buffer.from(layerText);
  const configDigest = await pushBlob(base, name, config);
  const layerDigest = await pushBlob(base, name, layer);
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layerDigest, size: layer.length }],
  }));
  const put = await fetch(`${base}/v2/${name}/manifests/${tag}`, { method: 'PUT', body: new Uint8Array(manifest), headers: { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' } });
  expect(put.status).toBe(201);
  return sha256(manifest);
}

describe('registry addresses', () => {
  it('maps Docker Hub and loopback hosts', () => {
    expect(registryBase('docker.io')).toBe('https://registry-1.docker.io');
    expect(registryBase('127.0.0.1:5000')).toBe('http://127.0.0.1:5000');
    expect(registryBase('localhost:5000')).toBe('http://localhost:5000');
    expect(registryBase('registry.example.com', { plainHttp: ['registry.example.com'] })).toBe('http://registry.example.com');
    expect(repositoryPath(parseImageRef('nginx:1.27'))).toBe('library/nginx');
    expect(repositoryPath(parseImageRef('ghcr.io/acme/api:1'))).toBe('acme/api');
  });

  it('reads bearer challenges', () => {
    expect(parseBearerChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"')).toEqual({
      realm: 'https://auth.docker.io/token',
      service: 'registry.docker.io',
      scope: 'repository:library/nginx:pull',
    });
    expect(parseBearerChallenge('Basic realm="x"')).toBeUndefined();
  });
});

describe.skipIf(!hasRegistry)('a real registry on loopback', () => {
  let child: ChildProcess;
  let dir: string;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cguard-registry-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    writeFileSync(path.join(dir, 'config.yml'), `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n`);
    child = spawn(REGISTRY_BIN, ['serve', path.join(dir, 'config.yml')], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      const ok = await fetch(`${base}/v2/`).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('docker-registry did not start');
  }, 30_000);

  afterAll(() => {
    child?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('resolves a pushed tag to the digest of its manifest, and follows the tag when it moves', async () => {
    const host = new URL(base).host;
    const first = await pushImage(base, 'acme/web', '1.2', 'layer one');
    expect(await resolveDigest(parseImageRef(`${host}/acme/web:1.2`))).toBe(first);
    const second = await pushImage(base, 'acme/web', '1.2', 'layer two');
    expect(second).not.toBe(first);
    expect(await resolveDigest(parseImageRef(`${host}/acme/web:1.2`))).toBe(second);
  });

  it('says which image is missing', async () => {
    const host = new URL(base).host;
    await expect(resolveDigest(parseImageRef(`${host}/acme/none:1`))).rejects.toThrow(`${host}/acme/none:1: the registry answered 404`);
  });
});

describe('anonymous bearer tokens', () => {
  let server: Server;
  let base: string;
  const manifest = Buffer.from('{"schemaVersion":2}');
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'}`);
      if (req.url?.startsWith('/token')) {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ access_token: 'tok123' }));
        return;
      }
      if (req.headers.authorization !== 'Bearer tok123') {
        res.statusCode = 401;
        res.setHeader('WWW-Authenticate', `Bearer realm="${base}/token",service="fake",scope="repository:library/nginx:pull"`);
        res.end();
        return;
      }
      // No Docker-Content-Digest: the client must hash the body of a GET.
      res.setHeader('Content-Type', 'application/vnd.oci.image.index.v1+json');
      res.end(req.method === 'HEAD' ? undefined : manifest);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches a token from the realm and hashes the manifest when no digest header comes back', async () => {
    const host = new URL(base).host;
    expect(await resolveDigest(parseImageRef(`${host}/library/nginx:1.27`))).toBe(sha256(manifest));
    expect(seen).toEqual([
      'HEAD /v2/library/nginx/manifests/1.27 -',
      'GET /token?service=fake&scope=repository%3Alibrary%2Fnginx%3Apull -',
      'HEAD /v2/library/nginx/manifests/1.27 Bearer tok123',
      'GET /v2/library/nginx/manifests/1.27 Bearer tok123',
    ]);
  });
});
