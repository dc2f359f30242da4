/** Rendering a rule's in-file documentation for `cguard explain`, SARIF `help` and docs/rules.md. */
import type { Rule } from './types.js';

export function renderRuleText(rule: Rule): string {
  const d = rule.docs;
  const lines = [
    `${rule.id} ${rule.name} — ${d.summary}`,
    '',
    `Level: ${rule.level}${rule.strictOnly ? ' (strict policy only)' : ''}   Security severity: ${rule.securitySeverity.toFixed(1)}${rule.cis?.length ? `   CIS Docker Benchmark: ${rule.cis.join(', ')}` : ''}${rule.cwe?.length ? `   ${rule.cwe.join(', ')}` : ''}`,
    '',
    'What it does',
    indent(d.what),
    '',
    'Why is this bad?',
    indent(d.why),
    '',
    `Example (${d.example.lang})`,
    indent(d.example.code),
    '',
    `Use instead (${d.useInstead.lang})`,
    indent(d.useInstead.code),
    '',
    'Fix safety',
    indent(d.fixSafety ?? 'No automatic fix.'),
  ];
  if (d.references.length) lines.push('', 'References', ...d.references.map((r) => `  - ${r}`));
  return lines.join('\n') + '\n';
}

export function renderRuleMarkdown(rule: Rule, headingLevel = 2): string {
  const d = rule.docs;
  const h = '#'.repeat(headingLevel);
  const facts = [
    `**Level:** ${rule.level}${rule.strictOnly ? ' (strict policy only)' : ''}`,
    `**Security severity:** ${rule.securitySeverity.toFixed(1)}`,
    ...(rule.cis?.length ? [`**CIS Docker Benchmark:** ${rule.cis.join(', ')}`] : []),
    ...(rule.cwe?.length ? [`**CWE:** ${rule.cwe.join(', ')}`] : []),
    `**Applies to:** ${rule.targets.join(', ')}`,
  ];
  return [
    `${h} ${rule.id} ${rule.name}`,
    '',
    d.summary,
    '',
    facts.join(' · '),
    '',
    `${h}# What it does`,
    '',
    d.what,
    '',
    `${h}# Why is this bad?`,
    '',
    d.why,
    '',
    `${h}# Example`,
    '',
    '```' + d.example.lang,
    d.example.code,
    '```',
    '',
    `${h}# Use instead`,
    '',
    '```' + d.useInstead.lang,
    d.useInstead.code,
    '```',
    '',
    `${h}# Fix safety`,
    '',
    d.fixSafety ?? 'No automatic fix.',
    ...(d.references.length ? ['', `${h}# References`, '', ...d.references.map((r) => `- ${r}`)] : []),
    '',
  ].join('\n');
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
}

/** The README/doc table row set: id, name, level, what it flags, fix. */
export function ruleTable(rules: readonly Rule[]): string {
  const rows = rules.map(
    (r) => `| ${r.id} | ${r.name} | ${r.strictOnly ? `${r.level} (strict)` : r.level} | ${r.docs.summary.replace(/\|/g, '\\|')} | ${r.fixable ?? '—'} |`,
  );
  return ['| id | name | level | what it flags | fix |', '|---|---|---|---|---|', ...rows].join('\n');
}
