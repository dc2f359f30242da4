/**
 * Removing one flag from a Quadlet `PodmanArgs=` line (the fix of CG005 and friends): the flag
 * and its value go with the blanks around them, and a line left with no arguments goes entirely.
 * The words are read as quadlet-podman-args.ts reads them, as flags of a `podman run`.
 */
import type { Field } from '../model/container.js';
import type { Edit } from '../model/edit.js';
import type { SourceFile } from '../model/source.js';
import type { ExecWord, UnitEntry } from '../model/unit.js';
import { parseContainerCommand } from './docker-run.js';
import { splitUnitWords } from './exec-line.js';
import { deleteArgument } from './run-editor.js';
import { deleteEntry } from './unit-editor.js';

export function removePodmanArg(file: SourceFile, entry: UnitEntry, flagName: string, item: Field<string>): Edit[] | undefined {
  const scanned = splitUnitWords(entry.value);
  if (!scanned) return undefined;
  const at = entry.valueSpan.start;
  const synthetic = (value: string): ExecWord => ({ value, span: { start: at, end: at }, quoted: false });
  const words: ExecWord[] = scanned.map((w) => {
    const end = entry.valueOffsets[w.end - 1]! + 1;
    return { value: w.value, span: { start: entry.valueOffsets[w.start]!, end }, quoted: w.quoted, offsets: [...w.chars.map((i) => entry.valueOffsets[i]!), end] };
  });
  const run = parseContainerCommand([synthetic('podman'), synthetic('run'), ...words, synthetic('quadlet-image-placeholder')]);
  const flag = run?.flags.find(
    (f) => f.name === flagName && f.valueSpan !== undefined && f.valueSpan.start <= item.span.start && item.span.end <= f.valueSpan.end && f.value === item.value,
  );
  if (!run || !flag || flag.inCluster) return undefined;
  const last = flag.valueWordIndex ?? flag.wordIndex;
  // Indices 0, 1 and the last are the synthetic `podman run … IMAGE`.
  const others = run.words.length - 3 - (last - flag.wordIndex + 1);
  if (others === 0) return deleteEntry(entry);
  return [deleteArgument(file.text, { start: run.words[flag.wordIndex]!.span.start, end: run.words[last]!.span.end })];
}
