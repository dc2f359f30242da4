/**
 * Compose files: the YAML document (kept with its ranges and anchors so fixes can edit the
 * text in place) and one ContainerSpec per service. Comments are not read: the fast block
 * reader (yaml-block.ts) leaves them out of the document.
 *
 * YAML is read as 1.2 with the core schema, as Compose's yaml.v3 does: `yes`, `no` and `on`
 * stay strings, `<<` merge keys work. A file Compose would refuse (invalid YAML, an alias to
 * no anchor, a top level or `services` that is not a mapping) is a ParseError, never a throw.
 */
import { isMap, isScalar, parseAllDocuments } from 'yaml';
import type { Document, Node, YAMLMap } from 'yaml';
import type { ComposeModel, ComposeService } from '../model/compose.js';
import type { SourceFile, Span } from '../model/source.js';
import { createServiceEditor } from './compose-editor.js';
import { readService } from './compose-service.js';
import { ValueReader, type Env } from './compose-values.js';
import { afterLine, lineStart, startsLine } from './compose-text.js';
import { firstDuplicateKey, scalarText, span, YAML_OPTIONS, yamlView, type Entry } from './compose-yaml.js';
import type { ParseError, ParseResult } from './types.js';
import { readBlockYaml } from './yaml-block.js';
import { MAX_YAML_DEPTH, yamlTooDeepAt } from './yaml-depth.js';

export { isComposeText } from './compose-detect.js';

export interface ComposeOptions {
  /** Variables for `${VAR}` interpolation; a variable missing here falls back to its default. */
  env?: Readonly<Record<string, string>>;
}

export function parseCompose(file: SourceFile, options: ComposeOptions = {}): ParseResult<ComposeModel> {
  try {
    return parse(file, options.env ?? {});
  } catch (error) {
    // The YAML library recurses on nesting; yamlTooDeepAt refuses what could exhaust the stack,
    // and this is the last resort should it ever not.
    if (error instanceof RangeError) return failure(`invalid YAML: ${oneLine(error.message)}`, { start: 0, end: 0 });
    throw error;
  }
}

function parse(file: SourceFile, env: Env): ParseResult<ComposeModel> {
  // Most compose files are plain block YAML, which readBlockYaml reads far faster (and no deeper
  // than MAX_YAML_DEPTH); the rest goes to yaml, which recurses, so its depth is checked first.
  const fast = readBlockYaml(file.text, YAML_OPTIONS);
  const tooDeep = fast ? -1 : yamlTooDeepAt(file.text);
  if (tooDeep >= 0) return failure(`invalid YAML: nested more than ${MAX_YAML_DEPTH} levels deep`, { start: tooDeep, end: tooDeep + 1 });
  const docs = fast ? [fast] : parseAllDocuments(file.text, YAML_OPTIONS);
  if (!Array.isArray(docs) || docs.length === 0) return failure('empty compose file', { start: 0, end: 0 });
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) return failure(`invalid YAML: ${oneLine(error.message)}`, { start: error.pos[0], end: error.pos[1] });
  }
  const extra = docs.slice(1).find((doc) => !isEmptyDocument(doc));
  if (extra) {
    // compose-go loads further documents as override layers; cguard would miss what they change.
    const at = extra.contents?.range?.[0] ?? file.text.length;
    return failure('more than one YAML document: cguard reads one document per compose file', { start: at, end: at });
  }
  const doc = docs[0]!;
  const duplicate = firstDuplicateKey(doc);
  if (duplicate) return { errors: [duplicate] };
  const view = yamlView(doc, file.text);
  if (view.errors.length > 0) return { errors: [view.errors[0]!] };

  const root = doc.contents;
  if (isEmptyDocument(doc)) return failure('empty compose file', { start: 0, end: 0 });
  if (!isMap(root)) return failure('the top level of a compose file must be a mapping', span(root!));
  const top = view.entries(root);
  const read = new ValueReader(view, env);

  const servicesEntry = top.get('services');
  const servicesNode = servicesEntry ? view.resolve(servicesEntry.value) : undefined;
  if (servicesEntry && !isMap(servicesNode)) {
    const where = isScalar(servicesNode) && servicesNode.value === null ? servicesEntry.keyNode : (servicesNode ?? servicesEntry.keyNode);
    return failure('`services` must be a mapping of service names to services', span(where));
  }
  const reparse = (text: string) => parse({ ...file, text }, env);
  const services: ComposeService[] = [];
  for (const entry of servicesNode ? view.entries(servicesNode as YAMLMap).values() : []) {
    // Compose's schema requires each service to be a mapping; anything else has no settings to check.
    if (!isMap(entry.value)) continue;
    const service = readService(entry.key, entry.keyNode, entry.value, read, file);
    service.container.editor = createServiceEditor({ file, doc, view, servicesEntry: servicesEntry!, service: entry, reparse });
    services.push(service);
  }

  return {
    model: {
      doc,
      services,
      ...versionOf(top.get('version'), file.text),
      networks: [...(read.map(top.get('networks')?.value)?.values() ?? [])].map((network) => ({
        name: network.key,
        internal: read.boolean(read.entry(read.map(network.value), 'internal'))?.value ?? false,
        span: span(network.keyNode),
      })),
    },
    errors: [],
  };
}

/** `version:` with its whole line, so a fix can delete it; in flow style, just the pair. */
function versionOf(entry: Entry | undefined, text: string): Pick<ComposeModel, 'version'> {
  if (!entry) return {};
  const keySpan = span(entry.keyNode);
  const written = entry.pair.value as Node | null;
  const valueEnd = Math.max(written?.range?.[1] ?? keySpan.end, keySpan.end);
  const lineSpan = startsLine(text, keySpan.start)
    ? { start: lineStart(text, keySpan.start), end: afterLine(text, valueEnd) }
    : { start: keySpan.start, end: valueEnd };
  return { version: { value: scalarText(entry.value) ?? '', keySpan, lineSpan } };
}

function isEmptyDocument(doc: Document): boolean {
  const contents = doc.contents;
  return contents === null || (isScalar(contents) && contents.value === null);
}

/** yaml's messages run on with ` at line 3, column 5:` and a code excerpt. */
function oneLine(message: string): string {
  // yaml reports its own stack overflow on deeply nested input as an ordinary error.
  if (/call stack/i.test(message)) return 'nesting is too deep';
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').replace(/[.:]$/, '');
  return first.charAt(0).toLowerCase() + first.slice(1);
}

function failure(message: string, where: Span): ParseResult<ComposeModel> {
  const error: ParseError = { message, span: where };
  return { errors: [error] };
}
