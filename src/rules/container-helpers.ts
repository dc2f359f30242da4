/** Small shared pieces of container rules: the fix wrapper and capability names. */
import type { ContainerEditor } from '../model/container.js';
import type { Edit, Fix, FixSafety } from '../model/edit.js';

/** A Fix from editor edits, or undefined when the editor cannot make them. */
export function editorFix(description: string, safety: FixSafety, edits: Edit[] | undefined): Fix | undefined {
  return edits && edits.length ? { description, safety, edits } : undefined;
}

type Change = Parameters<NonNullable<ContainerEditor['batch']>>[0][number];

/** Several changes as one fix: the editor's batch when it has one, else a single change only. */
export function batchEdits(editor: ContainerEditor | undefined, changes: Change[]): Edit[] | undefined {
  if (!editor) return undefined;
  if (editor.batch) return editor.batch(changes);
  if (changes.length !== 1) return undefined;
  const c = changes[0]!;
  return c.op === 'set' ? editor.set(c.setting, c.value) : editor.add(c.list, c.item);
}

/** `CAP_SYS_ADMIN`, `sys_admin` → `SYS_ADMIN`. */
export function normaliseCapability(cap: string): string {
  const upper = cap.trim().toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}
