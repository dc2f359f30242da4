/**
 * Fixes for a `docker run`/`podman run` command in a unit's `Exec*=` line, written as flags.
 *
 * New flags go right before the image (flags after it would belong to the container's command).
 * When the command is already split over lines with `\`, each new flag gets a continuation line
 * of its own, indented like the image's line; otherwise it is written inline. Everything written
 * is plain text that neither systemd nor the CLI reinterprets: no quotes, no `\`, no `$`
 * (variables), no `%` (specifiers, systemd.unit(5)), no whitespace.
 */
import type { ContainerEditor, ContainerList, ContainerScalar, Field } from '../model/container.js';
import type { Edit } from '../model/edit.js';
import type { SourceFile, Span } from '../model/source.js';
import type { ExecWord } from '../model/unit.js';
import { flagIsTrue, flagValuePart, type RunFlag, type RunInvocation } from './docker-run.js';
import type { ExpandedWord } from './exec-line.js';

const SCALAR_FLAGS: Record<ContainerScalar, { flag: string; boolean?: true }> = {
  user: { flag: 'user' },
  readOnly: { flag: 'read-only', boolean: true },
  privileged: { flag: 'privileged', boolean: true },
  memory: { flag: 'memory' },
  pidsLimit: { flag: 'pids-limit' },
  cpus: { flag: 'cpus' },
  logDriver: { flag: 'log-driver' },
};

const LIST_FLAGS: Record<ContainerList, string> = {
  capDrop: 'cap-drop',
  capAdd: 'cap-add',
  securityOpt: 'security-opt',
  tmpfs: 'tmpfs',
  logOpt: 'log-opt',
};

/** Written `--cap-drop=ALL`; the other flags are written `--user 65532:65532`. */
const EQUALS_FORM = new Set(['cap-drop', 'cap-add', 'security-opt']);

const SAFE_TEXT = /^[A-Za-z0-9_@=:,./+-]+$/;

/** What one change needs: edits of existing text, and flags to insert before the image. */
interface Plan {
  edits: Edit[];
  inserts: string[];
}

type Change =
  | { op: 'set'; setting: ContainerScalar; value: string }
  | { op: 'add'; list: ContainerList; item: string }
  | { op: 'remove'; list: ContainerList; item: Field<string> };

const NOTHING: Plan = { edits: [], inserts: [] };

/** A word as written in the file, not produced by a variable. */
function literal(word: ExecWord | undefined): boolean {
  const expanded = word as ExpandedWord | undefined;
  return word !== undefined && expanded!.written === undefined && expanded!.split === undefined;
}

export function createRunEditor(file: SourceFile, run: RunInvocation): ContainerEditor {
  const text = file.text;
  const valueWord = (flag: RunFlag) => run.words[flag.valueWordIndex ?? flag.wordIndex];
  /** The flag and its value are whole literal words that can be deleted or rewritten. */
  const standalone = (flag: RunFlag) => !flag.inCluster && literal(run.words[flag.wordIndex]) && literal(valueWord(flag));
  const occurrences = (name: string) => run.flags.filter((f) => f.name === name && (f.kind !== 'value' || f.value !== undefined));

  const replaceValue = (flag: RunFlag, value: string): Plan | undefined =>
    literal(valueWord(flag)) && flag.valueSpan ? { edits: [{ ...flag.valueSpan, text: value }], inserts: [] } : undefined;

  function planSet(setting: ContainerScalar, value: string): Plan | undefined {
    const { flag, boolean } = SCALAR_FLAGS[setting];
    const found = occurrences(flag);
    const last = found[found.length - 1];
    if (boolean) {
      if (value !== 'true' && value !== 'false') return undefined;
      if (value === 'true') {
        if (last && flagIsTrue(last)) return NOTHING;
        if (last) return standalone(last) ? { edits: [{ ...last.span, text: `--${flag}` }], inserts: [] } : undefined;
        return { edits: [], inserts: [`--${flag}`] };
      }
      if (!last || !flagIsTrue(last)) return NOTHING;
      return found.every(standalone) ? { edits: found.map((f) => deleteArgument(text, f.span)), inserts: [] } : undefined;
    }
    if (!SAFE_TEXT.test(value)) return undefined;
    if (last) return last.value === value ? NOTHING : replaceValue(last, value);
    return { edits: [], inserts: [`--${flag} ${value}`] };
  }

  function planAdd(list: ContainerList, item: string): Plan | undefined {
    if (!SAFE_TEXT.test(item)) return undefined;
    const flag = LIST_FLAGS[list];
    const values = occurrences(flag).map((f) => f.value!);
    if (list === 'capDrop' || list === 'capAdd') {
      // Docker accepts `ALL`, `all`, `CAP_ALL`; an item already there needs nothing.
      const norm = (cap: string) => cap.trim().toUpperCase().replace(/^CAP_/, '');
      if (values.some((v) => v.split(',').some((cap) => norm(cap) === norm(item)))) return NOTHING;
    } else if (list === 'tmpfs') {
      if (values.some((v) => v === item || v.startsWith(`${item}:`))) return NOTHING;
    } else if (list === 'logOpt') {
      const key = item.split('=')[0]!;
      const same = occurrences(flag).filter((f) => f.value!.split('=')[0] === key).pop();
      if (same) return same.value === item ? NOTHING : replaceValue(same, item);
    } else if (values.includes(item)) {
      return NOTHING;
    }
    return { edits: [], inserts: [EQUALS_FORM.has(flag) ? `--${flag}=${item}` : `--${flag} ${item}`] };
  }

  function planRemove(list: ContainerList, item: Field<string>): Plan | undefined {
    const flag = run.flags.find((f) => f.name === LIST_FLAGS[list] && f.valueSpan && within(item.span, f.valueSpan));
    if (!flag || flag.value === undefined) return undefined;
    if (item.value === flag.value) return standalone(flag) ? { edits: [deleteArgument(text, flag.span)], inserts: [] } : undefined;
    // One item of `--cap-add A,B`: remove it with one of its commas.
    if (!literal(valueWord(flag))) return undefined;
    const items = flag.value.split(',');
    let from = 0;
    for (let k = 0; k < items.length; k++) {
      const to = from + items[k]!.length;
      const span = flagValuePart(run.words, flag, from, to);
      if (span.start === item.span.start && span.end === item.span.end) {
        const cut = k < items.length - 1 ? flagValuePart(run.words, flag, from, to + 1) : flagValuePart(run.words, flag, from - 1, to);
        return { edits: [{ ...cut, text: '' }], inserts: [] };
      }
      from = to + 1;
    }
    return undefined;
  }

  function apply(changes: Change[]): Edit[] | undefined {
    const plans = changes.map((c) => (c.op === 'set' ? planSet(c.setting, c.value) : c.op === 'add' ? planAdd(c.list, c.item) : planRemove(c.list, c.item)));
    if (plans.some((p) => p === undefined)) return undefined;
    const edits = plans.flatMap((p) => p!.edits);
    const inserts = [...new Set(plans.flatMap((p) => p!.inserts))];
    if (inserts.length > 0) {
      const insertion = insertBeforeImage(text, run, inserts);
      if (!insertion) return undefined;
      edits.push(insertion);
    }
    edits.sort((a, b) => a.start - b.start || a.end - b.end);
    for (let i = 1; i < edits.length; i++) {
      if (edits[i - 1]!.end > edits[i]!.start || edits[i - 1]!.start === edits[i]!.start) return undefined;
    }
    return edits;
  }

  return {
    set: (setting, value) => apply([{ op: 'set', setting, value }]),
    add: (list, item) => apply([{ op: 'add', list, item }]),
    remove: (list, item) => apply([{ op: 'remove', list, item }]),
    batch: (changes) => apply(changes),
  };
}

function within(inner: Span, outer: Span): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

/**
 * Where new flags go: before the image (or the `--` before it), at the start of the word written
 * in the file. An image that comes from a variable (`${IMAGE}`, one word, or `$IMAGE`, which
 * systemd splits) still starts where that word is written: whatever the variable expands to,
 * flags inserted before it come before the image (template units put the image in
 * `Environment=IMAGE=…`, so refusing them would leave those units unfixable).
 */
function insertBeforeImage(text: string, run: RunInvocation, flags: string[]): Edit | undefined {
  const image = run.image as ExpandedWord | undefined;
  if (!image) return undefined;
  // After `--` every word is positional: new flags go before it.
  const before = run.terminatorIndex !== undefined ? run.words[run.terminatorIndex]! : image;
  if (before !== image && !literal(before)) return undefined;
  const at = before.span.start;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const onContinuationLine = lineStart > run.words[0]!.span.start;
  if (!onContinuationLine) return { start: at, end: at, text: flags.map((f) => `${f} `).join('') };
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const eol = text[lineStart - 2] === '\r' ? '\r\n' : '\n';
  return { start: lineStart, end: lineStart, text: flags.map((f) => `${indent}${f} \\${eol}`).join('') };
}

/**
 * Delete an argument (a flag and its value) with the blanks that separate it, so no blank line
 * or double space is left: a continuation line that held only this argument goes entirely; an
 * argument at the end of a continued line keeps the ` \`.
 */
export function deleteArgument(text: string, span: Span): Edit {
  let before = span.start;
  while (before > 0 && (text[before - 1] === ' ' || text[before - 1] === '\t')) before--;
  let after = span.end;
  while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
  const startsLine = before === 0 || text[before - 1] === '\n';
  const eolLength = text[after] !== '\\' ? 0 : text[after + 1] === '\n' ? 2 : text.startsWith('\r\n', after + 1) ? 3 : 0;
  if (eolLength > 0) return startsLine ? { start: before, end: after + eolLength, text: '' } : { start: before, end: span.end, text: '' };
  const endsLine = after >= text.length || text[after] === '\n' || text[after] === '\r';
  return endsLine ? { start: before, end: span.end, text: '' } : { start: span.start, end: after, text: '' };
}
