/**
 * Fixes in Quadlet syntax: keys of `[Container]` set next to their siblings. Settings that came
 * from `PodmanArgs=` are not edited (the raw flags are the author's own words).
 */
import type { ContainerEditor, ContainerList, ContainerScalar, Field } from '../model/container.js';
import type { Edit } from '../model/edit.js';
import type { SourceFile } from '../model/source.js';
import type { UnitModel } from '../model/unit.js';
import { removePodmanArg } from './quadlet-podman-args-edit.js';
import { closeContinuation, deleteEntry, setUnitKeys } from './unit-editor.js';

const SCALAR_KEYS: Partial<Record<ContainerScalar, string>> = {
  readOnly: 'ReadOnly',
  memory: 'Memory',
  pidsLimit: 'PidsLimit',
  logDriver: 'LogDriver',
};

const LIST_KEYS: Partial<Record<ContainerList, string>> = {
  capDrop: 'DropCapability',
  capAdd: 'AddCapability',
  tmpfs: 'Tmpfs',
  logOpt: 'LogOpt',
};

export function createQuadletEditor(file: SourceFile, unit: UnitModel): ContainerEditor {
  const container = unit.entries.filter((e) => e.section === 'Container');
  const keysFor = (change: { op: 'set'; setting: ContainerScalar; value: string } | { op: 'add'; list: ContainerList; item: string }): Array<[string, string]> | undefined => {
    if (change.op === 'set') {
      if (change.setting === 'user') {
        const [user, group] = change.value.split(':');
        return group ? [['User', user!], ['Group', group]] : [['User', user!]];
      }
      const key = SCALAR_KEYS[change.setting];
      return key ? [[key, change.value]] : undefined;
    }
    const key = LIST_KEYS[change.list];
    if (key) return [[key, change.list === 'capDrop' || change.list === 'capAdd' ? change.item.toLowerCase() : change.item]];
    if (change.list === 'securityOpt') {
      if (change.item === 'no-new-privileges') return [['NoNewPrivileges', 'true']];
      const m = /^seccomp=(.+)$/.exec(change.item);
      if (m) return [['SeccompProfile', m[1]!]];
    }
    return undefined;
  };
  const batch: ContainerEditor['batch'] = (changes) => {
    const scalars: Array<[string, string]> = [];
    const lists: Array<[string, string]> = [];
    for (const change of changes) {
      const keys = keysFor(change);
      if (!keys) return undefined;
      (change.op === 'add' ? lists : scalars).push(...keys);
    }
    const edits: Edit[] = [];
    // A new Group= goes right under an existing User=, where a reader looks for it.
    const user = container.filter((e) => e.key === 'User').pop();
    const groupAt = scalars.findIndex(([key]) => key === 'Group');
    if (user && groupAt >= 0 && !container.some((e) => e.key === 'Group')) {
      const [, group] = scalars.splice(groupAt, 1)[0]!;
      const at = user.lineSpan.end;
      const line = `Group=${group}`;
      edits.push(closeContinuation(file, file.text[at - 1] === '\n' ? { start: at, end: at, text: `${line}${file.eol}` } : { start: at, end: at, text: `${file.eol}${line}` }));
    }
    if (scalars.length) edits.push(...setUnitKeys(file, unit, 'Container', scalars));
    // List keys accumulate in Quadlet, so a new item is always a new line.
    if (lists.length) edits.push(...appendLines(file, unit, lists));
    return mergeInsertions(edits);
  };
  return {
    set: (setting, value) => batch([{ op: 'set', setting, value }]),
    add: (list, item) => batch([{ op: 'add', list, item }]),
    remove(list: ContainerList, item: Field<string>): Edit[] | undefined {
      if (list !== 'securityOpt') return undefined;
      const entry = container.find((e) => e.valueSpan.start === item.span.start && e.valueSpan.end === item.span.end);
      // Quadlet reads the last of these keys, so an earlier copy would take over: delete them all.
      if (entry && ['SeccompProfile', 'AppArmor', 'SecurityLabelDisable', 'NoNewPrivileges'].includes(entry.key)) {
        return container.filter((e) => e.key === entry.key).flatMap(deleteEntry);
      }
      // An option among the raw flags of PodmanArgs= (quadlet-podman-args-edit.ts).
      const args = container.find((e) => e.key === 'PodmanArgs' && e.valueSpan.start <= item.span.start && item.span.end <= e.valueSpan.end);
      return args ? removePodmanArg(file, args, 'security-opt', item) : undefined;
    },
    batch,
  };
}

function appendLines(file: SourceFile, unit: UnitModel, keys: Array<[string, string]>): Edit[] {
  const section = unit.sections.filter((s) => s.name === 'Container').pop();
  const last = section?.entries[section.entries.length - 1];
  if (!section || !last) return setUnitKeys(file, unit, 'Container', keys);
  const at = last.lineSpan.end;
  const body = keys.map(([k, v]) => `${k}=${v}`).join(file.eol);
  const endsWithBreak = file.text[at - 1] === '\n';
  return [closeContinuation(file, { start: at, end: at, text: endsWithBreak ? `${body}${file.eol}` : `${file.eol}${body}` })];
}

/** Insertions at the same offset become one edit, so appliers never see edits that touch. */
function mergeInsertions(edits: Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const out: Edit[] = [];
  for (const e of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.start === prev.end && e.start === e.end && prev.start === e.start) prev.text += e.text;
    else out.push({ ...e });
  }
  return out;
}
