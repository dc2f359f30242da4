/** Small shared pieces of container rules: the fix wrapper and capability names. */
import type { ContainerEditor } from '../model/container.js';
import type { Edit, Fix, FixSafety } from '../model/edit.js';

/**
 * A Fix from editor edits, or undefined when the editor cannot make them (or says it can make
 * none: `canEdit`). Given a function, the edits are computed only when someone reads them
 * (`--fix`, JSON, SARIF): a compose edit may re-parse the file, and a plain scan should not pay
 * for fixes nobody asked for. Such a fix whose edits turn out empty is skipped by the fix engine
 * and the reporters.
 */
export function editorFix(
  description: string,
  safety: FixSafety,
  edits: Edit[] | undefined | { editor: ContainerEditor | undefined; compute: (editor: ContainerEditor) => Edit[] | undefined },
): Fix | undefined {
  if (edits === undefined || Array.isArray(edits)) return edits && edits.length ? { description, safety, edits } : undefined;
  const { editor, compute } = edits;
  // A service no edit can reach gets no fix, rather than one that turns out empty.
  if (!editor || editor.canEdit?.() === false) return undefined;
  let cached: Edit[] | undefined;
  return {
    description,
    safety,
    get edits(): Edit[] {
      cached ??= compute(editor) ?? [];
      return cached;
    },
  };
}

type Change = Parameters<NonNullable<ContainerEditor['batch']>>[0][number];

/** Several changes as one fix: the editor's batch when it has one, else a single change only. */
export function batchEdits(editor: ContainerEditor | undefined, changes: Change[]): Edit[] | undefined {
  if (!editor) return undefined;
  if (changes.length === 1) {
    const c = changes[0]!;
    return c.op === 'set' ? editor.set(c.setting, c.value) : editor.add(c.list, c.item);
  }
  return editor.batch?.(changes);
}

/** The lazy form of `batchEdits` for `editorFix`. */
export function lazyBatch(editor: ContainerEditor | undefined, changes: Change[]) {
  return { editor, compute: (e: ContainerEditor) => batchEdits(e, changes) };
}

/** `CAP_SYS_ADMIN`, `sys_admin` → `SYS_ADMIN`. */
export function normaliseCapability(cap: string): string {
  const upper = cap.trim().toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}
