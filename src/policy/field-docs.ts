/**
 * `docs/policy-fields.md`, generated from the field catalogue so the reference users read is
 * the one the compiler checks against. Regenerate with `node scripts/gen-policy-fields.mjs`;
 * `test/policy/model-view.test.ts` fails while the committed file is out of date.
 */
import { ITERATORS, STRING_METHODS } from './expression-ir.js';
import { flatten, typeName } from './field-catalogue.js';
import { MAX_EXPRESSION_LENGTH } from './expression.js';
import { DEFAULT_MAX_STEPS, MAX_STRING_LENGTH } from './interpreter.js';
import { FIELD_CATALOGUE, type PolicyTarget } from './model-view.js';
import { MAX_PATTERN_LENGTH } from './safe-regex.js';

const TARGETS: Record<PolicyTarget, string> = {
  container: 'Every container of every format: compose services, `docker run` / `podman run` lines in units, Quadlet `[Container]` sections.',
  dockerfile: 'Each Dockerfile or Containerfile.',
  unit: 'Each systemd unit, with the containers it runs.',
};

export function renderPolicyFieldsDoc(): string {
  const lines = [
    '# Custom-rule fields',
    '',
    '<!-- Generated from src/policy/model-view.ts by `node scripts/gen-policy-fields.mjs`; do not edit. -->',
    '',
    'A custom rule\'s `when:` is a TypeScript expression over the fields below; `message:` may',
    'show any field as `{{path}}` (lists are indexed with numbers: `{{mounts.0.source}}`).',
    '',
    '```yaml',
    'custom-rules:',
    '  - id: ORG001',
    '    title: Images come from the internal registry',
    '    level: error',
    '    target: container',
    "    when: \"image !== null && image.registry !== 'registry.example.com'\"",
    '    message: "{{image.ref}} is not from registry.example.com"',
    '```',
    '',
    '## The expression language',
    '',
    '- Literals (strings, numbers, `true`, `false`, `null`, `undefined`), template literals, array literals.',
    '- Field names, member access by name (`image.registry`), by string or number literal',
    "  (`logOptions['max-size']`, `command[0]`), `.length`, and optional chaining `?.`.",
    '- Operators: `! && || ?? ?:`, `typeof`, `=== !== == != < <= > >=`, `+ - * / %`, unary `-` and `+`.',
    `- Methods: ${[...STRING_METHODS, ...ITERATORS].map((m) => `\`${m}\``).join(', ')}, and`,
    `  \`/regex/.test(text)\`. \`${ITERATORS.join('`, `')}\` take an arrow function with an expression body:`,
    "  `mounts.some(m => m.source === '/var/run/docker.sock')` (a second parameter is the index).",
    `- Regex literals: at most ${MAX_PATTERN_LENGTH} characters, flags \`i\`, \`m\`, \`s\`; no backreferences or lookaround.`,
    '  They are matched in linear time, so no pattern can hang a scan.',
    '- Reading a field of `null` gives `undefined`, as `?.` would; so does calling a method on `null`.',
    `- Limits: ${MAX_EXPRESSION_LENGTH} characters of source, ${DEFAULT_MAX_STEPS.toLocaleString('en')} evaluation steps, strings of`,
    `  ${MAX_STRING_LENGTH.toLocaleString('en')} characters.`,
    '',
    'Everything else — other calls, `new`, assignment, `this`, `constructor`, `__proto__`, `prototype`,',
    'statements, loops — is a configuration error when the config is loaded.',
  ];
  for (const [target, about] of Object.entries(TARGETS) as Array<[PolicyTarget, string]>) {
    lines.push('', `## \`target: ${target}\``, '', about, '', '| Field | Type | Description |', '| --- | --- | --- |');
    for (const f of flatten(FIELD_CATALOGUE[target])) {
      lines.push(`| \`${f.path}\` | \`${typeName(f.type).replaceAll('|', '\\|')}\` | ${f.description} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
