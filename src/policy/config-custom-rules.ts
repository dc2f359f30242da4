/**
 * `custom-rules:` — a team's own checks, written as an expression over the target's plain-data
 * view (see src/policy/model-view.ts for the fields). Every expression is compiled when the
 * config loads, so a typo or a forbidden construct (`constructor`, `this`, calls, assignment)
 * is a configuration error with its column, never a rule that silently does nothing — and
 * never code that runs: the interpreter only walks the compiled tree.
 */
import type { Level, Rule } from '../rules/types.js';
import { compileExpression, isExpressionError } from './expression.js';
import { DEFAULT_MAX_STEPS, evaluate, ExpressionRuntimeError } from './interpreter.js';
import type { PolicyTarget } from './model-view.js';
import type { CustomRule } from './policy.js';
import { renderMessage, validateTemplate } from './template.js';
import { entriesOf, fail, itemsOf, stringOf, truncate, type Entry, type YamlFile } from './config-yaml.js';

const KEYS = ['id', 'title', 'level', 'target', 'when', 'message'] as const;
const TARGETS: readonly PolicyTarget[] = ['container', 'dockerfile', 'unit'];
const LEVELS: readonly Level[] = ['note', 'warning', 'error'];
/** Like a built-in id, without the `CG` prefix that built-ins own: `ORG001`, `acme-registry`. */
const CUSTOM_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

export function parseCustomRules(file: YamlFile, entry: Entry, builtins: readonly Rule[]): CustomRule[] {
  const seen = new Map<string, number>();
  return itemsOf(file, entry, 'a list of custom rules').map((item) => {
    const rule = parseCustomRule(file, item, builtins);
    const first = seen.get(rule.id.toLowerCase());
    if (first !== undefined) fail(file, item.line, `${item.keyPath}.id`, `the id ${rule.id} is already used by the custom rule on line ${first}`, 'give each custom rule its own id');
    seen.set(rule.id.toLowerCase(), item.line);
    return rule;
  });
}

function parseCustomRule(file: YamlFile, item: Entry, builtins: readonly Rule[]): CustomRule {
  const fields = new Map<string, Entry>();
  for (const field of entriesOf(file, item, 'a mapping with id, title, level, target, when and message')) {
    if (!(KEYS as readonly string[]).includes(field.key)) fail(file, field.line, field.keyPath, 'unknown key in a custom rule', `a custom rule has ${KEYS.join(', ')}`);
    fields.set(field.key, field);
  }
  const required = (key: (typeof KEYS)[number], todo: string): Entry => {
    const field = fields.get(key);
    if (!field) fail(file, item.line, `${item.keyPath}.${key}`, 'missing', todo);
    return field;
  };

  const idEntry = required('id', 'give the rule an id such as ORG001');
  const id = stringOf(file, idEntry, 'write an id such as ORG001');
  if (!CUSTOM_ID.test(id)) fail(file, idEntry.line, idEntry.keyPath, `'${truncate(id)}' is not a valid rule id`, 'use letters, digits, - and _, starting with a letter, such as ORG001');
  if (/^cg/i.test(id)) fail(file, idEntry.line, idEntry.keyPath, `'${id}' starts with CG, which is reserved for built-in rules`, 'use your own prefix, such as ORG001');
  const clash = builtins.find((r) => r.name === id || r.id.toLowerCase() === id.toLowerCase());
  if (clash) fail(file, idEntry.line, idEntry.keyPath, `'${id}' is the name of built-in rule ${clash.id}`, 'choose another id');

  const title = stringOf(file, required('title', 'describe the rule in one line'), 'describe the rule in one line');

  const levelEntry = required('level', 'give a level: note, warning or error');
  const level = stringOf(file, levelEntry, 'use note, warning or error');
  if (!(LEVELS as readonly string[]).includes(level)) fail(file, levelEntry.line, levelEntry.keyPath, `unknown level '${truncate(level)}'`, 'use note, warning or error');

  const targetEntry = required('target', 'give a target: container, dockerfile or unit');
  const target = stringOf(file, targetEntry, 'use container, dockerfile or unit');
  if (!(TARGETS as readonly string[]).includes(target)) fail(file, targetEntry.line, targetEntry.keyPath, `unknown target '${truncate(target)}'`, 'use container, dockerfile or unit');

  const whenEntry = required('when', "give the condition, such as when: \"image.registry !== 'registry.example.com'\"");
  const when = stringOf(file, whenEntry, 'write the condition as a quoted string');
  const compiled = compileExpression(when, target as PolicyTarget);
  if (isExpressionError(compiled)) {
    fail(file, whenEntry.line, whenEntry.keyPath, compiled.message, `see the ${target} fields and the allowed syntax in docs/policy-fields.md`);
  }

  const messageEntry = required('message', 'give the message shown for each finding');
  const template = stringOf(file, messageEntry, 'write the message as a string');
  const problem = validateTemplate(template, target as PolicyTarget)[0];
  if (problem) fail(file, messageEntry.line, messageEntry.keyPath, problem, `use {{field}} placeholders with ${target} fields from docs/policy-fields.md`);

  return Object.freeze({
    id,
    title,
    level: level as Level,
    target: target as PolicyTarget,
    test(view: unknown): boolean {
      if (view === null || typeof view !== 'object') return false;
      try {
        return Boolean(evaluate(compiled, view, { maxSteps: DEFAULT_MAX_STEPS }));
      } catch (error) {
        // Out of budget, or an operation the data does not support: the rule does not fire.
        // A hostile or careless expression must not be able to stop the scan.
        if (error instanceof ExpressionRuntimeError) return false;
        throw error;
      }
    },
    message(view: unknown): string {
      return renderMessage(template, view !== null && typeof view === 'object' ? view : {});
    },
  });
}
