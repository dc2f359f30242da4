/**
 * `PodmanArgs=` holds raw `podman run` flags that Quadlet inserts right before the image (facts
 * §4), so they are read with the same argv parser as a `podman run` line in a unit.
 */
import type { ContainerSpec } from '../model/container.js';
import type { ExecWord, UnitEntry } from '../model/unit.js';
import { parseContainerCommand } from './docker-run.js';
import { splitUnitWords } from './exec-line.js';
import { readRunFlags } from './unit-containers.js';

const PLACEHOLDER_IMAGE = 'quadlet-image-placeholder';

export function applyPodmanArgs(spec: ContainerSpec, entry: UnitEntry): void {
  const scanned = splitUnitWords(entry.value);
  if (!scanned) return;
  const at = entry.valueSpan.start;
  const synthetic = (value: string): ExecWord => ({ value, span: { start: at, end: at }, quoted: false });
  const words: ExecWord[] = scanned.map((w) => {
    const end = entry.valueOffsets[w.end - 1]! + 1;
    // Per-character offsets let a flag's value (`--cap-add=SYS_ADMIN`) keep its own span.
    return { value: w.value, span: { start: entry.valueOffsets[w.start]!, end }, quoted: w.quoted, offsets: [...w.chars.map((i) => entry.valueOffsets[i]!), end] };
  });
  // A `--` or a flag that swallows the placeholder would make the image wrong; we only read flags.
  const run = parseContainerCommand([synthetic('podman'), synthetic('run'), ...words, synthetic(PLACEHOLDER_IMAGE)]);
  if (!run) return;
  readRunFlags(spec, run);
}
