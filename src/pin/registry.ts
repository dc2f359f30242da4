/**
 * Resolving an image tag to its manifest digest through the OCI distribution API
 * (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests).
 * Used only by `cguard pin`, never by `scan`: it is the one place cguard goes on the network.
 *
 * - `HEAD /v2/<name>/manifests/<tag>` with an `Accept` for OCI indexes, Docker manifest lists
 *   and single manifests, so a multi-platform image resolves to its index (what `docker pull`
 *   pins), and the digest is the `Docker-Content-Digest` header. When a registry sends no
 *   header, a `GET` and the sha256 of the body give the same digest.
 * - A `401` with `WWW-Authenticate: Bearer realm=…,service=…,scope=…` is answered by asking the
 *   realm for an anonymous token (Docker Hub, GHCR, Quay all allow that for public images).
 * - `docker.io` is served by `registry-1.docker.io`, and one-word names live under `library/`.
 */
import { createHash } from 'node:crypto';
import type { ImageRef } from '../model/image.js';

export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export interface RegistryOptions {
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Hosts spoken to over plain HTTP; loopback hosts always are. */
  plainHttp?: readonly string[];
  timeoutMs?: number;
}

export class RegistryError extends Error {}

/** The base URL of a registry's API. */
export function registryBase(registry: string, options: RegistryOptions = {}): string {
  const host = registry === 'docker.io' || registry === 'index.docker.io' ? 'registry-1.docker.io' : registry;
  const hostname = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  const loopback = hostname === 'localhost' || hostname === '::1' || /^127\./.test(hostname);
  return `${loopback || options.plainHttp?.includes(host) ? 'http' : 'https'}://${host}`;
}

/** The repository path as the registry knows it (`nginx` on Docker Hub is `library/nginx`). */
export function repositoryPath(ref: ImageRef): string {
  const onHub = ref.registry === 'docker.io' || ref.registry === 'index.docker.io';
  return onHub && !ref.repository.includes('/') ? `library/${ref.repository}` : ref.repository;
}

/** The `sha256:…` digest the tag (default `latest`) points at now. */
export async function resolveDigest(ref: ImageRef, options: RegistryOptions = {}): Promise<string> {
  const doFetch = options.fetch ?? fetch;
  const url = `${registryBase(ref.registry, options)}/v2/${repositoryPath(ref)}/manifests/${encodeURIComponent(ref.tag ?? 'latest')}`;
  const request = async (method: 'HEAD' | 'GET', token?: string): Promise<Response> => {
    const headers: Record<string, string> = { Accept: MANIFEST_ACCEPT };
    if (token) headers.Authorization = `Bearer ${token}`;
    return doFetch(url, { method, headers, redirect: 'follow', signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
  };
  let token: string | undefined;
  let response = await request('HEAD');
  if (response.status === 401) {
    token = await bearerToken(response.headers.get('www-authenticate'), doFetch, options.timeoutMs);
    response = await request('HEAD', token);
  }
  if (!response.ok) throw new RegistryError(`${ref.raw}: the registry answered ${response.status} for ${url}`);
  const header = response.headers.get('docker-content-digest');
  if (header && /^sha256:[0-9a-f]{64}$/.test(header)) return header;
  const body = await request('GET', token);
  if (!body.ok) throw new RegistryError(`${ref.raw}: the registry answered ${body.status} for ${url}`);
  return `sha256:${createHash('sha256').update(Buffer.from(await body.arrayBuffer())).digest('hex')}`;
}

/** `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"`. */
export function parseBearerChallenge(header: string): Record<string, string> | undefined {
  const m = /^\s*Bearer\s+(.*)$/i.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  for (const p of m[1]!.matchAll(/([A-Za-z_]+)="([^"]*)"|([A-Za-z_]+)=([^,\s]*)/g)) params[(p[1] ?? p[3])!.toLowerCase()] = (p[2] ?? p[4])!;
  return params.realm ? params : undefined;
}

async function bearerToken(challenge: string | null, doFetch: typeof fetch, timeoutMs?: number): Promise<string> {
  const params = challenge ? parseBearerChallenge(challenge) : undefined;
  if (!params) throw new RegistryError(`the registry wants credentials cguard does not have (${challenge ?? 'no WWW-Authenticate'})`);
  const url = new URL(params.realm!);
  if (params.service) url.searchParams.set('service', params.service);
  if (params.scope) url.searchParams.set('scope', params.scope);
  const response = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs ?? 30_000) });
  if (!response.ok) throw new RegistryError(`the token service ${url.origin} answered ${response.status}`);
  const body = (await response.json()) as { token?: string; access_token?: string };
  const token = body.token ?? body.access_token;
  if (!token) throw new RegistryError(`the token service ${url.origin} sent no token`);
  return token;
}
