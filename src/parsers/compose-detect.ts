/**
 * Telling a compose file from other YAML (CI pipelines, Kubernetes manifests, Helm values)
 * without parsing it when the text already says: a compose file has a top-level `services:`
 * key whose value is a mapping. Only when the lines leave it open (flow style, anchors, JSON)
 * is the document parsed.
 */
import { isAlias, isMap, parseDocument } from 'yaml';
import { yamlTooDeepAt } from './yaml-depth.js';
import { firstDuplicateKey, YAML_OPTIONS } from './compose-yaml.js';

const FLOW_TOP_LEVEL = /^(?:\s|#[^\n]*\n|---)*\{/;
const SERVICES_KEY = /^(?:services|"services"|'services')[ \t]*:(?=[ \t]|\r?$)(.*)$/m;

export function isComposeText(raw: string): boolean {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const match = SERVICES_KEY.exec(text);
  if (match) {
    const rest = stripComment(match[1]!).trim();
    if (rest === '') return blockMappingFollows(text, match.index + match[0].length);
    if (rest.startsWith('{')) return parsedHasServices(text);
    if (rest.startsWith('&') || rest.startsWith('*') || rest.startsWith('!')) return parsedHasServices(text);
    return false;
  }
  // A flow-style top level (JSON is YAML too) needs the parser.
  return FLOW_TOP_LEVEL.test(text) && /["']?services["']?\s*:/.test(text) && parsedHasServices(text);
}

/** The next line with content is indented deeper and is a `key:`, not a `- item`. */
function blockMappingFollows(text: string, from: number): boolean {
  const line = /[^\n]*\n?/y;
  line.lastIndex = text.indexOf('\n', from) + 1;
  if (line.lastIndex === 0) return false;
  while (line.lastIndex < text.length) {
    const content = stripComment(line.exec(text)![0].replace(/\r?\n$/, ''));
    if (content.trim() === '') continue;
    const indent = /^[ ]*/.exec(content)![0].length;
    if (indent === 0) return false;
    const item = content.slice(indent);
    return !item.startsWith('-') && /^(?:[^\s#'"][^:]*|"[^"]*"|'[^']*')[ \t]*:(?:[ \t]|$)/.test(item);
  }
  return false;
}

function stripComment(line: string): string {
  const hash = line.search(/(^|[ \t])#/);
  return hash < 0 ? line : line.slice(0, hash);
}

function parsedHasServices(text: string): boolean {
  try {
    if (yamlTooDeepAt(text) >= 0) return false;
    const doc = parseDocument(text, YAML_OPTIONS);
    if (doc.errors.length > 0 || !isMap(doc.contents) || firstDuplicateKey(doc)) return false;
    const services = doc.get('services', true);
    return isMap(isAlias(services) ? services.resolve(doc) : services);
  } catch {
    return false;
  }
}
