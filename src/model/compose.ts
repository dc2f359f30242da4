/** The compose model: the YAML document plus one ContainerSpec per service. */
import type { Document } from 'yaml';
import type { ContainerSpec } from './container.js';
import type { Span } from './source.js';

export interface ComposeService {
  name: string;
  /** The service's key in `services:`. */
  keySpan: Span;
  container: ContainerSpec;
  /** `depends_on` entries with their condition (`service_started` when none is written). */
  dependsOn: Array<{ service: string; condition: string; span: Span }>;
  /** Networks the service joins by name (`default` when none are listed and no network_mode). */
  networks: string[];
  containerName?: { value: string; span: Span };
  /** `deploy.replicas` or `scale`, when set. */
  replicas?: number;
}

export interface ComposeModel {
  doc: Document;
  services: ComposeService[];
  /** The obsolete top-level `version:` key. */
  version?: { value: string; keySpan: Span; lineSpan: Span };
  /** Top-level networks and whether they are `internal: true`. */
  networks: Array<{ name: string; internal: boolean; span: Span }>;
}
