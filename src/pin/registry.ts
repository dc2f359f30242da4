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
 * - A mirror (`pin.mirrors` in the config) is asked instead of the registry it mirrors, with the
 *   same repository path, as Docker's `registry-mirrors` are; there is no fallback, so the
 *   digests come from one place.
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
  /** Registry host (`docker.io` for Docker Hub) → the mirror host asked instead. */
  mirrors?: Readonly<Record<string, string>>;
  timeoutMs?: number;
}

export class RegistryError extends Error {}

/** The base URL of a registry's API. */
export function registryBase(registry: string, options: RegistryOptions = {}): string {
  const hub = registry === 'docker.io' || registry === 'index.docker.io';
  const key = hub ? 'docker.io' : registry.toLowerCase();
  const mirror = options.mirrors && Object.hasOwn(options.mirrors, key) ? options.mirrors[key] : undefined;
  const host = mirror ?? (hub ? 'registry-1.docker.io' : registry);
  const hostname = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  const loopback = hostname === 'localhost' || hostname === '::1' || /^127\./.test(hostname);
  return `${loopback || options.plainHttp?.includes(host.toLowerCase()) ? 'http' : 'https'}://${host}`;
}

/** The repository path as the registry knows it (`nginx` on Docker Hub is `library/nginx`). */
export function repositoryPath(ref: ImageRef): string {
  const onHub = ref.registry === 'docker.io' || ref.registry === 'index.docker.io';
  return onHub && !ref.repository.includes('/') ? `library/${ref.repository}` : ref.repository;
}

/** The `sha256:…` digest the tag (default `latest`) points at now; errors name the image. */
export async function resolveDigest(ref: ImageRef, options: RegistryOptions = {}): Promise<string> {
  const doFetch = options.fetch ?? fetch;
  const base = registryBase(ref.registry, options);
  const url = `${base}/v2/${repositoryPath(ref)}/manifests/${encodeURIComponent(ref.tag ?? 'latest')}`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const request = async (method: 'HEAD' | 'GET', token?: string): Promise<Response> => {
    const headers: Record<string, string> = { Accept: MANIFEST_ACCEPT };
    if (token) headers.Authorization = `Bearer ${token}`;
    return doFetch(url, { method, headers, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
  };
  try {
    let token: string | undefined;
    let response = await request('HEAD');
    if (response.status === 401) {
      token = await bearerToken(response.headers.get('www-authenticate'), doFetch, timeoutMs);
      response = await request('HEAD', token);
    }
    if (!response.ok) throw new RegistryError(`${ref.raw}: ${statusText(response.status)} for ${url}`);
    const header = response.headers.get('docker-content-digest');
    if (header && /^sha256:[0-9a-f]{64}$/.test(header)) return header;
    const body = await request('GET', token);
    if (!body.ok) throw new RegistryError(`${ref.raw}: ${statusText(body.status)} for ${url}`);
    return `sha256:${createHash('sha256').update(Buffer.from(await body.arrayBuffer())).digest('hex')}`;
  } catch (error) {
    if (error instanceof RegistryError) throw new RegistryError(error.message.startsWith(`${ref.raw}: `) ? error.message : `${ref.raw}: ${error.message}`);
    throw new RegistryError(`${ref.raw}: ${networkProblem(error, base, timeoutMs)}`);
  }
}

function statusText(status: number): string {
  const why =
    status === 404 ? ' (no such image or tag)'
    : status === 401 || status === 403 ? ' (the image needs credentials; cguard pin reads public images only)'
    : status === 429 ? ' (rate limited; try again later or set a mirror under pin.mirrors in .cguard.yaml)'
    : '';
  return `the registry answered ${status}${why}`;
}

/** One line for a failed request: fetch says only "fetch failed" and keeps the reason in `cause`. */
function networkProblem(error: unknown, base: string, timeoutMs: number): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string; name?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.cause?.name === 'TimeoutError') return `no answer from ${base} within ${Math.round(timeoutMs / 1000)} s`;
  const code = err?.cause?.code;
  const why =
    code === 'ECONNREFUSED' ? 'connection refused'
    : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'unknown host'
    : code ?? (err?.cause?.message || err?.message || String(error)).split('\n')[0];
  return `cannot reach the registry at ${base} (${why})`;
}

/** `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"`. */
export function parseBearerChallenge(header: string): Record<string, string> | undefined {
  const m = /^\s*Bearer\s+(.*)$/i.exec(header);
  if (!m) return undefined;
  // Keys come from the server: no prototype for `__proto__` to reach.
  const params = Object.create(null) as Record<string, string>;
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
  const body = (await response.json().catch(() => ({}))) as { token?: unknown; access_token?: unknown };
  const token = body.token ?? body.access_token;
  if (typeof token !== 'string' || !token) throw new RegistryError(`the token service ${url.origin} sent no token`);
  return token;
}
