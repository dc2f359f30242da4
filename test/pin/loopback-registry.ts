/**
 * A real registry on loopback for the pin tests: Debian's `docker-registry` (the CNCF
 * distribution registry) serving a temporary folder, and images the tests push themselves
 * through the OCI distribution API. Tests that need it are skipped when the binary is not
 * installed (`apt-get install docker-registry`; CI installs it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REGISTRY_BIN = '/usr/bin/docker-registry';
export const hasRegistry = spawnSync('sh', ['-c', `command -v ${REGISTRY_BIN}`]).status === 0;

export const sha256 = (data: Buffer | string): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

export interface LoopbackRegistry {
  /** `http://127.0.0.1:PORT` */
  base: string;
  /** `127.0.0.1:PORT`, the registry part of image references. */
  host: string;
  /** Push a one-layer image under `name:tag`; returns its manifest digest. */
  push(name: string, tag: string, layerText: string): Promise<string>;
  /** Push a multi-platform image (an OCI index over one image per layer text) under `name:tag`; returns the index digest. */
  pushIndex(name: string, tag: string, layerTexts: readonly string[]): Promise<string>;
  stop(): void;
}

/** A port nobody listens on (for "unreachable registry" tests) or the registry can take. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startRegistry(): Promise<LoopbackRegistry> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cguard-registry-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  writeFileSync(path.join(dir, 'config.yml'), `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n`);
  const child: ChildProcess = spawn(REGISTRY_BIN, ['serve', path.join(dir, 'config.yml')], { stdio: 'ignore' });
  const stop = (): void => {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${base}/v2/`).then((r) => r.ok, () => false);
    if (ok) {
      return {
        base,
        host: `127.0.0.1:${port}`,
        push: (name, tag, layerText) => pushImage(base, name, tag, layerText),
        pushIndex: (name, tag, layerTexts) => pushIndex(base, name, tag, layerTexts),
        stop,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  stop();
  throw new Error('docker-registry did not start');
}

async function pushBlob(base: string, name: string, data: Buffer): Promise<string> {
  const digest = sha256(data);
  const start = await fetch(`${base}/v2/${name}/blobs/uploads/`, { method: 'POST' });
  if (start.status !== 202) throw new Error(`blob upload for ${name} answered ${start.status}`);
  const location = new URL(start.headers.get('location')!, base);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', body: new Uint8Array(data), headers: { 'Content-Type': 'application/octet-stream' } });
  if (put.status !== 201) throw new Error(`blob upload for ${name} answered ${put.status}`);
  return digest;
}

/** A minimal OCI image: an empty config blob, one layer blob, and the manifest naming them. */
async function pushImage(base: string, name: string, tag: string, layerText: string): Promise<string> {
  return (await pushManifest(base, name, tag, layerText)).digest;
}

async function pushManifest(base: string, name: string, tag: string, layerText: string): Promise<{ digest: string; size: number }> {
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
  await putManifest(base, name, tag, manifest, 'application/vnd.oci.image.manifest.v1+json');
  return { digest: sha256(manifest), size: manifest.length };
}

async function pushIndex(base: string, name: string, tag: string, layerTexts: readonly string[]): Promise<string> {
  const platforms = [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }, { os: 'linux', architecture: 'riscv64' }];
  const manifests = [];
  for (const [i, text] of layerTexts.entries()) {
    // Each platform's manifest first, under its own tag: a registry refuses an index naming unknown manifests.
    const { digest, size } = await pushManifest(base, name, `${tag}-platform-${i}`, text);
    manifests.push({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size, platform: platforms[i % platforms.length] });
  }
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }));
  await putManifest(base, name, tag, index, 'application/vnd.oci.image.index.v1+json');
  return sha256(index);
}

async function putManifest(base: string, name: string, tag: string, body: Buffer, mediaType: string): Promise<void> {
  const put = await fetch(`${base}/v2/${name}/manifests/${tag}`, { method: 'PUT', body: new Uint8Array(body), headers: { 'Content-Type': mediaType } });
  if (put.status !== 201) throw new Error(`manifest upload for ${name}:${tag} answered ${put.status}: ${await put.text()}`);
}
