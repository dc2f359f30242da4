/**
 * The ContainerEditor of a compose service: container settings as compose keys, written the
 * way this file already writes things (its indentation, its quotes, block or flow lists, its
 * line endings). A service that is written in flow style, comes from an alias or a merge key,
 * or that an alias elsewhere reuses gets no edits: changing it would change other services.
 */
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, YAMLMap } from 'yaml';
import type { ComposeModel } from '../model/compose.js';
import type { ContainerEditor, ContainerList, ContainerScalar, Field } from '../model/container.js';
import type { Edit } from '../model/edit.js';
import type { SourceFile } from '../model/source.js';
import { appendItem, removeItem, removeKey, setScalar, type Scope } from './compose-edit-ops.js';
import { parseBoolean } from './compose-syntax.js';
import { afterLine, applyEdits, column, diffEdits, lineStart, startsLine } from './compose-text.js';
import { eachNode, type Entry, type YamlView } from './compose-yaml.js';
import type { ParseResult } from './types.js';

export interface ServiceEditorContext {
  file: SourceFile;
  doc: Document;
  view: YamlView;
  /** The top-level `services` key. */
  servicesEntry: Entry;
  /** This service's key in `services`. */
  service: Entry;
  /** Parse an edited version of the file (for `batch`). */
  reparse(text: string): ParseResult<ComposeModel>;
}

/** Compose keys of the lists, and when two items are the same setting. */
const LISTS: Record<Exclude<ContainerList, 'logOpt'>, { key: string; same: (a: string, b: string) => boolean }> = {
  // `CAP_NET_RAW` and `net_raw` name the same capability.
  capDrop: { key: 'cap_drop', same: (a, b) => capability(a) === capability(b) },
  capAdd: { key: 'cap_add', same: (a, b) => capability(a) === capability(b) },
  // Docker accepts `:` and `=` between an option and its value.
  securityOpt: { key: 'security_opt', same: (a, b) => a.replace(':', '=') === b.replace(':', '=') },
  // One tmpfs per mount point.
  tmpfs: { key: 'tmpfs', same: (a, b) => a.split(':')[0] === b.split(':')[0] },
};

/** Resource limits may be written at the service or under `deploy.resources.limits`. */
const LIMITS: Partial<Record<ContainerScalar, { key: string; limit: string }>> = {
  memory: { key: 'mem_limit', limit: 'memory' },
  pidsLimit: { key: 'pids_limit', limit: 'pids' },
  cpus: { key: 'cpus', limit: 'cpus' },
};

export function createServiceEditor(ctx: ServiceEditorContext): ContainerEditor {
  // Deciding editability walks the document for aliases: done on first use only, since a
  // plain scan asks an editor nothing.
  let map: YAMLMap | undefined | null = null;
  const serviceMap = (): YAMLMap | undefined => (map === null ? (map = editableService(ctx)) : map);
  let scope: Scope | undefined;
  const scoped = <T>(fn: (scope: Scope, map: YAMLMap) => T | undefined): T | undefined => {
    const map = serviceMap();
    if (!map) return undefined;
    scope ??= detectScope(ctx, map);
    return fn(scope, map);
  };

  const editor: ContainerEditor = {
    canEdit: () => serviceMap() !== undefined,
    set: (setting, value) => scoped((scope, map) => setSetting(scope, map, setting, value)),
    add: (list, item) =>
      scoped((scope, map) => {
        if (list === 'logOpt') {
          const eq = item.indexOf('=');
          if (eq <= 0) return undefined;
          // Docker requires log options to be strings, so they are always quoted.
          return setScalar(scope, map, ['logging', 'options', item.slice(0, eq)], item.slice(eq + 1), 'quoted');
        }
        const { key, same } = LISTS[list];
        return appendItem(scope, map, key, item, same, list === 'tmpfs');
      }),
    remove: (list, item: Field<string>) =>
      scoped((scope, map) => {
        if (list === 'logOpt') return removeKey(scope, map, ['logging', 'options', item.value.split('=')[0]!]);
        return removeItem(scope, map, LISTS[list].key, item.span);
      }),
    batch: (changes) => {
      const map = serviceMap();
      if (!map) return undefined;
      // Each change is made on the text the previous ones produced, then the whole is diffed
      // back into edits of the original: two additions that create the same `logging:` key
      // cannot collide.
      let text = ctx.file.text;
      let current: ContainerEditor | undefined = editor;
      let reread: Reread | undefined;
      let block = serviceBlock(ctx, map);
      let stale = false;
      // What no change touched, at the start and at the end: the diff compares only between
      // (one pass over the whole file per service made a 1,000-service file quadratic).
      const same = { prefix: ctx.file.text.length, suffix: ctx.file.text.length };
      for (const change of changes) {
        const make = (e: ContainerEditor | undefined): Edit[] | undefined =>
          change.op === 'set' ? e?.set(change.setting, change.value) : e?.add(change.list, change.item);
        if (stale) {
          reread = block && rereadService(ctx, text, block);
          current = reread?.editor ?? serviceEditorIn(ctx, ctx.reparse(text).model);
          stale = false;
        }
        let edits = make(current);
        if (edits && reread) {
          // An edit from the reduced document must fall inside the service's block to be placed.
          const { shift, blockFrom, blockTo } = reread;
          if (edits.every((e) => e.start >= blockFrom && e.end <= blockTo)) {
            edits = edits.map((e) => ({ start: e.start + shift, end: e.end + shift, text: e.text }));
          } else {
            reread = undefined;
            current = serviceEditorIn(ctx, ctx.reparse(text).model);
            edits = make(current);
          }
        }
        if (!edits) return undefined;
        if (edits.length > 0) {
          block = block && moveBlock(block, edits);
          for (const e of edits) {
            same.prefix = Math.min(same.prefix, e.start);
            same.suffix = Math.min(same.suffix, text.length - e.end);
          }
          text = applyEdits(text, edits);
          stale = true;
        }
      }
      return diffEdits(ctx.file.text, text, same);
    },
  };
  return editor;
}

/**
 * Where a service is written in the current text of a batch: the head of the file up to the
 * first service, this service's lines, and the rest of the file after the last service.
 */
interface ServiceBlock {
  headEnd: number;
  start: number;
  end: number;
  tailStart: number;
}

interface Reread {
  editor: ContainerEditor;
  /** Add to a position in the reduced document to get the position in the batch's text. */
  shift: number;
  /** The service's lines in the reduced document. */
  blockFrom: number;
  blockTo: number;
}

function serviceBlock(ctx: ServiceEditorContext, map: YAMLMap): ServiceBlock | undefined {
  const text = ctx.file.text;
  const services = ctx.servicesEntry.value;
  const keyStart = ctx.service.keyNode.range?.[0];
  if (!isMap(services) || services.flow || !services.range || keyStart === undefined || !map.range) return undefined;
  // Another service may alias a node of this one, which then is not editable: only the whole
  // file can tell, so a service that defines anchors is always re-read in full.
  let anchored = false;
  eachNode(map, (node) => (anchored = !isPair(node) && Boolean(node.anchor)));
  if (anchored) return undefined;
  const block = {
    headEnd: lineStart(text, services.range[0]),
    start: lineStart(text, keyStart),
    end: afterLine(text, ctx.view.span(map).end),
    tailStart: afterLine(text, ctx.view.span(services).end),
  };
  const ordered = block.headEnd <= block.start && block.start < block.end && block.end <= block.tailStart;
  return ordered ? block : undefined;
}

/** The block after edits that all lie inside it; undefined (unknown) when one does not. */
function moveBlock(block: ServiceBlock, edits: Edit[]): ServiceBlock | undefined {
  if (!edits.every((e) => e.start >= block.start && e.end <= block.end)) return undefined;
  const growth = edits.reduce((sum, e) => sum + e.text.length - (e.end - e.start), 0);
  return { ...block, end: block.end + growth, tailStart: block.tailStart + growth };
}

/**
 * The service's editor for the next change of a batch, made from the file without its other
 * services: re-parsing the whole file for every change of every service's fixes made a file of
 * many services quadratic (600 services took minutes to produce their SARIF fixes). The head and
 * tail stay, so anchors defined outside `services` still resolve; when the reduced document does
 * not give the service an editor (an alias to another service's anchor), the caller re-parses
 * the whole text. The reduced document is written in the original file's style.
 */
function rereadService(ctx: ServiceEditorContext, text: string, block: ServiceBlock): Reread | undefined {
  const head = text.slice(0, block.headEnd);
  const reduced = head + text.slice(block.start, block.end) + text.slice(block.tailStart);
  const model = ctx.reparse(reduced).model;
  const editor = serviceEditorIn(ctx, model);
  if (!model || !editor) return undefined;
  styleCache.set(model.doc, documentStyle(ctx.doc, ctx.file.text));
  return { editor, shift: block.start - head.length, blockFrom: head.length, blockTo: head.length + block.end - block.start };
}

function serviceEditorIn(ctx: ServiceEditorContext, model: ComposeModel | undefined): ContainerEditor | undefined {
  return model?.services.find((service) => service.name === ctx.service.key)?.container.editor;
}

function setSetting(scope: Scope, map: YAMLMap, setting: ContainerScalar, value: string): Edit[] | undefined {
  switch (setting) {
    case 'user':
      // A user is a string in the compose schema; `1000` unquoted would be a number.
      return setScalar(scope, map, ['user'], value, 'quoted');
    case 'readOnly':
    case 'privileged': {
      const flag = parseBoolean(value);
      if (flag === undefined) return undefined;
      return setScalar(scope, map, [setting === 'readOnly' ? 'read_only' : 'privileged'], String(flag), 'boolean');
    }
    case 'logDriver':
      return setScalar(scope, map, ['logging', 'driver'], value, 'string');
    default: {
      const { key, limit } = LIMITS[setting]!;
      return setScalar(scope, map, limitPath(scope, map, key, limit), value, 'number');
    }
  }
}

/** Edit the limit where the service already sets it; a new one goes at the service level. */
function limitPath(scope: Scope, map: YAMLMap, key: string, limit: string): string[] {
  const entries = scope.view.entries(map);
  if (entries.has(key)) return [key];
  const deploy = scope.view.resolve(entries.get('deploy')?.value);
  const resources = isMap(deploy) ? scope.view.resolve(scope.view.entries(deploy).get('resources')?.value) : undefined;
  const limits = isMap(resources) ? scope.view.resolve(scope.view.entries(resources).get('limits')?.value) : undefined;
  return isMap(limits) && scope.view.entries(limits).has(limit) ? ['deploy', 'resources', 'limits', limit] : [key];
}

function editableService(ctx: ServiceEditorContext): YAMLMap | undefined {
  const { view, servicesEntry, service } = ctx;
  if (servicesEntry.merged || servicesEntry.aliased || service.merged || service.aliased) return undefined;
  const services = servicesEntry.value;
  const map = service.value;
  if (!isMap(services) || !isMap(map) || map.flow || map.items.length === 0) return undefined;
  if (view.shared.has(services) || view.shared.has(map)) return undefined;
  return map;
}

function detectScope(ctx: ServiceEditorContext, map: YAMLMap): Scope {
  const { file, doc, view } = ctx;
  const text = file.text;
  const serviceColumn = column(text, ctx.service.keyNode.range?.[0] ?? 0);
  const firstKey = (map.items[0]?.key as { range?: number[] } | undefined)?.range?.[0] ?? 0;
  const unit = column(text, firstKey) - serviceColumn > 0 ? column(text, firstKey) - serviceColumn : 2;
  const style = documentStyle(doc, text);
  return { text, eol: file.eol, view, unit, quote: style.quote, flowLists: style.flowLists, listOffset: style.listOffset ?? unit };
}

interface DocumentStyle {
  quote: '"' | "'";
  flowLists: boolean;
  /** The most common offset of block list items from their key; undefined when there are none. */
  listOffset?: number;
}

/** One walk per document, not per service: every service's editor asks (a file of many services stays linear). */
const styleCache = new WeakMap<Document, DocumentStyle>();

function documentStyle(doc: Document, text: string): DocumentStyle {
  const cached = styleCache.get(doc);
  if (cached) return cached;
  let double = 0;
  let single = 0;
  let flowLists = 0;
  const blockOffsets = new Map<number, number>();
  eachNode(doc, (node) => {
    if (isScalar(node)) {
      if (node.type === 'QUOTE_DOUBLE') double++;
      else if (node.type === 'QUOTE_SINGLE') single++;
    } else if (isPair(node)) {
      const seq = node.value;
      const keyStart = isScalar(node.key) ? node.key.range?.[0] : undefined;
      if (!isSeq(seq) || keyStart === undefined || !seq.range) return false;
      if (seq.flow) flowLists++;
      else if (startsLine(text, keyStart) && text[seq.range[0]] === '-') {
        const offset = column(text, seq.range[0]) - column(text, keyStart);
        blockOffsets.set(offset, (blockOffsets.get(offset) ?? 0) + 1);
      }
    }
    return false;
  });
  const blockLists = [...blockOffsets.values()].reduce((sum, count) => sum + count, 0);
  const listOffset = [...blockOffsets.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0];
  const style: DocumentStyle = { quote: single > double ? "'" : '"', flowLists: flowLists > blockLists, listOffset };
  styleCache.set(doc, style);
  return style;
}

function capability(name: string): string {
  return name.trim().toUpperCase().replace(/^CAP_/, '');
}
