/**
 * Custom-rule messages: `{{image.ref}} is not from registry.example.com`. A placeholder holds
 * a dotted field path and nothing else — no expressions — so a message can only show data.
 * Numeric segments index lists (`{{mounts.0.source}}`); record keys may contain dashes
 * (`{{logOptions.max-size}}`).
 */
import { resolveProperty, suggestTopLevel, type FieldType } from './field-catalogue.js';
import { readOwn } from './interpreter.js';
import { FIELD_CATALOGUE, type PolicyTarget } from './model-view.js';

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const PATH = /^[A-Za-z_$][\w$]*(\.[\w$][\w$-]*)*$/;
/** A message is one line in a report; a huge value (an env value, a RUN line) is cut. */
const MAX_VALUE_LENGTH = 200;

function segments(path: string): Array<string | number> {
  return path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export function renderMessage(template: string, view: object): string {
  return template.replace(PLACEHOLDER, (whole, inner: string) => {
    const path = inner.trim();
    // validateTemplate refuses these when the config loads; leaving them visible beats guessing.
    if (!PATH.test(path)) return whole;
    let value: unknown = view;
    for (const key of segments(path)) value = readOwn(value, key);
    return shorten(format(value));
  });
}

function format(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(format).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function shorten(text: string): string {
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

/** Problems with a message template for the target, one line each; empty when it is fine. */
export function validateTemplate(template: string, target: PolicyTarget): string[] {
  const problems: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const path = match[1]!.trim();
    if (!PATH.test(path)) {
      problems.push(`\`${match[0]}\` is not a field path; placeholders hold dotted field names such as \`{{image.ref}}\``);
      continue;
    }
    const problem = checkPath(path, target);
    if (problem) problems.push(problem);
  }
  if (template.replace(PLACEHOLDER, '').includes('{{')) problems.push('`{{` without a closing `}}`');
  return problems;
}

function checkPath(path: string, target: PolicyTarget): string | undefined {
  const fields = FIELD_CATALOGUE[target];
  const [first, ...rest] = segments(path);
  const top = fields.find((f) => f.name === first);
  if (!top) {
    const suggestion = suggestTopLevel(fields, String(first));
    const hint = suggestion === undefined ? '' : `; did you mean \`{{${suggestion}}}\`?`;
    return `unknown ${target} field \`${String(first)}\` in \`{{${path}}}\`${hint}`;
  }
  let type: FieldType = top.type;
  let written = String(first);
  for (const key of rest) {
    const resolved = resolveProperty(type, key, written);
    if (!resolved.ok) return resolved.message;
    type = resolved.type;
    written += `.${key}`;
  }
  return undefined;
}
