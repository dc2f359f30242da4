/**
 * Tag → digest against a real registry on loopback (Debian's `docker-registry`, skipped when it
 * is not installed) with an image the test pushes itself, and the bearer-token dance against a
 * small fake registry.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseImageRef } from '../../src/model/image.js';
import { parseBearerChallenge, registryBase, repositoryPath, resolveDigest } from '../../src/pin/registry.js';
import { freePort, hasRegistry, sha256, startRegistry, type LoopbackRegistry } from './loopback-registry.js';

describe('registry addresses', () => {
  it('maps Docker Hub and loopback hosts', () => {
    expect(registryBase('docker.io')).toBe('https://registry-1.docker.io');
    expect(registryBase('127.0.0.1:5000')).toBe('http://127.0.0.1:5000');
    expect(registryBase('localhost:5000')).toBe('http://localhost:5000');
    expect(registryBase('registry.example.com', { plainHttp: ['registry.example.com'] })).toBe('http://registry.example.com');
    expect(registryBase('docker.io', { mirrors: { 'docker.io': 'mirror.example.com' } })).toBe('https://mirror.example.com');
    expect(registryBase('index.docker.io', { mirrors: { 'docker.io': 'mirror.example.com:5000' }, plainHttp: ['mirror.example.com:5000'] })).toBe('http://mirror.example.com:5000');
    expect(registryBase('ghcr.io', { mirrors: { 'docker.io': 'mirror.example.com' } })).toBe('https://ghcr.io');
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
  let registry: LoopbackRegistry;

  beforeAll(async () => {
    registry = await startRegistry();
  }, 30_000);

  afterAll(() => registry?.stop());

  it('resolves a pushed tag to the digest of its manifest, and follows the tag when it moves', async () => {
    const first = await registry.push('acme/web', '1.2', 'layer one');
    expect(await resolveDigest(parseImageRef(`${registry.host}/acme/web:1.2`))).toBe(first);
    const second = await registry.push('acme/web', '1.2', 'layer two');
    expect(second).not.toBe(first);
    expect(await resolveDigest(parseImageRef(`${registry.host}/acme/web:1.2`))).toBe(second);
  });

  it('resolves a multi-platform tag to its index, as docker pull pins it', async () => {
    const index = await registry.pushIndex('acme/multi', '3', ['amd64 layer', 'arm64 layer']);
    expect(await resolveDigest(parseImageRef(`${registry.host}/acme/multi:3`))).toBe(index);
  });

  it('asks a mirror instead of Docker Hub, with the library/ path', async () => {
    const digest = await registry.push('library/nginx', '1.27', 'mirrored nginx');
    expect(await resolveDigest(parseImageRef('nginx:1.27'), { mirrors: { 'docker.io': registry.host } })).toBe(digest);
    expect(await resolveDigest(parseImageRef('docker.io/library/nginx:1.27'), { mirrors: { 'docker.io': registry.host } })).toBe(digest);
  });

  it('says which image is missing', async () => {
    await expect(resolveDigest(parseImageRef(`${registry.host}/acme/none:1`))).rejects.toThrow(`${registry.host}/acme/none:1: the registry answered 404 (no such image or tag)`);
  });
});

describe('unreachable registries', () => {
  it('name the image and the address in one line', async () => {
    const port = await freePort();
    await expect(resolveDigest(parseImageRef(`127.0.0.1:${port}/acme/web:1`))).rejects.toThrow(`127.0.0.1:${port}/acme/web:1: cannot reach the registry at http://127.0.0.1:${port} (connection refused)`);
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
