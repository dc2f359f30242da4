/**
 * Edits of systemd units that keep the rest of the file byte for byte: a new key goes right
 * after the last entry of its section, a new section where systemd readers expect it
 * (`[Unit]` first, `[Install]` last), and every inserted line uses the file's line ending.
 * Values are written as given: callers pass text that needs no quoting.
 */
import type { Edit } from '../model/edit.js';
import type { SourceFile } from '../model/source.js';
import type { UnitEntry, UnitModel, UnitSection } from '../model/unit.js';

/** `[Unit]` comes first, `[Install]` last, the unit type's own section in between. */
const sectionRank = (name: string) => (name === 'Unit' ? 0 : name === 'Install' ? 2 : 1);

function lastSection(unit: UnitModel, name: string): UnitSection | undefined {
  return unit.sections.filter((s) => s.name === name).pop();
}

/** Insert `key=value` as the last entry of `section`, creating the section when missing. */
export function appendUnitKey(file: SourceFile, unit: UnitModel, section: string, key: string, value: string): Edit[] {
  return [appendEdit(file, unit, section, [`${key}=${value}`])];
}

/** Replace the value of the key's last assignment in `section`, or append the key. */
export function setUnitKey(file: SourceFile, unit: UnitModel, section: string, key: string, value: string): Edit[] {
  return setUnitKeys(file, unit, section, [[key, value]]);
}

/**
 * Several keys of one section as one set of edits: the new ones are appended together (so a
 * missing section is created once), the existing ones get their value replaced.
 */
export function setUnitKeys(file: SourceFile, unit: UnitModel, section: string, keys: ReadonlyArray<readonly [string, string]>): Edit[] {
  const entries = lastSection(unit, section)?.entries ?? [];
  const edits: Edit[] = [];
  const added: string[] = [];
  for (const [key, value] of keys) {
    const existing = entries.filter((e) => e.key === key).pop();
    if (existing) edits.push(...replaceValue(existing, value));
    else added.push(`${key}=${value}`);
  }
  if (added.length > 0) edits.push(appendEdit(file, unit, section, added));
  return edits.sort((a, b) => a.start - b.start);
}

export function replaceValue(entry: UnitEntry, value: string): Edit[] {
  return [{ ...entry.valueSpan, text: value }];
}

/** Delete the entry's whole lines, continuation lines included. */
export function deleteEntry(entry: UnitEntry): Edit[] {
  return [{ ...entry.lineSpan, text: '' }];
}

/**
 * Move an entry to another section (optionally under a new key), keeping its value as written,
 * continuation lines and all. StartLimitIntervalSec= under `[Service]` is the typical case:
 * systemd ignores it there (facts §1).
 */
export function moveEntry(file: SourceFile, unit: UnitModel, entry: UnitEntry, toSection: string, newKey?: string): Edit[] {
  const key = newKey ?? entry.key;
  if (entry.section === toSection) return key === entry.key ? [] : [{ ...entry.keySpan, text: key }];
  const value = file.text.slice(entry.valueSpan.start, entry.valueSpan.end);
  const insert = appendEdit(file, unit, toSection, [`${key}=${value}`]);
  const remove: Edit = { ...entry.lineSpan, text: '' };
  // An insertion at either end of the deleted lines is one edit, so no applier sees them touch.
  if (insert.start === remove.start || insert.start === remove.end) return [{ ...remove, text: insert.text }];
  return [remove, insert].sort((a, b) => a.start - b.start);
}

function appendEdit(file: SourceFile, unit: UnitModel, section: string, lines: string[]): Edit {
  return closeContinuation(file, insertionEdit(file, unit, section, lines));
}

function insertionEdit(file: SourceFile, unit: UnitModel, section: string, lines: string[]): Edit {
  const { text, eol } = file;
  const body = lines.join(eol);
  const target = lastSection(unit, section);
  if (target) {
    const last = target.entries[target.entries.length - 1];
    const at = last ? last.lineSpan.end : lineEnd(text, target.headerSpan.end);
    return endsWithBreak(text, at) ? { start: at, end: at, text: `${body}${eol}` } : { start: at, end: at, text: `${eol}${body}` };
  }
  const block = `[${section}]${eol}${body}${eol}`;
  const before = unit.sections.find((s) => sectionRank(s.name) > sectionRank(section));
  if (before) {
    const at = text.lastIndexOf('\n', before.headerSpan.start - 1) + 1;
    return { start: at, end: at, text: `${block}${eol}` };
  }
  // At the end: finish the last line, and leave one blank line before the new section.
  let prefix = '';
  if (text.length > 0 && !text.endsWith('\n')) prefix = `${eol}${eol}`;
  else if (text.length > 0 && !/(^|\n)[ \t]*\r?\n$/.test(text)) prefix = eol;
  return { start: text.length, end: text.length, text: `${prefix}${block}` };
}

/**
 * An insertion right after a line that ends in a continuing `\` would be read as part of that
 * line. That line can only be the last one of the file but for comments (and, in Quadlet, blank
 * lines), where the open continuation adds nothing, so the edit drops the `\`: the line keeps its
 * value. systemd continues a line that ends in an odd run of `\`; Quadlet one whose trimmed text
 * ends in `\`, so there a `\` left at the end goes too (a value cannot end in `\` there).
 * Comment lines never continue.
 */
export function closeContinuation(file: SourceFile, edit: Edit): Edit {
  const { text } = file;
  let end = edit.start;
  if (text[end - 1] === '\n') end -= text[end - 2] === '\r' ? 2 : 1;
  const lineStart = text.lastIndexOf('\n', end - 1) + 1;
  if (/^[ \t]*[#;]/.test(text.slice(lineStart, end))) return edit;
  if (file.kind === 'quadlet') while (end > lineStart && /[ \t\v\f]/.test(text[end - 1]!)) end--;
  let run = 0;
  while (end - run > lineStart && text[end - run - 1] === '\\') run++;
  const continues = file.kind === 'quadlet' ? run > 0 : run % 2 === 1;
  if (!continues) return edit;
  let cut = end - 1;
  while (file.kind === 'quadlet') {
    let before = cut;
    while (before > lineStart && /[ \t\v\f]/.test(text[before - 1]!)) before--;
    if (text[before - 1] !== '\\' || before === lineStart) break;
    cut = before - 1;
  }
  return { start: cut, end: edit.end, text: text.slice(end, edit.start) + edit.text };
}

/** Offset just after the line break that ends the line containing `offset` (or the text end). */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

function endsWithBreak(text: string, at: number): boolean {
  return at > 0 && text[at - 1] === '\n';
}
