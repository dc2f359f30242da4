/**
 * The README's rule table and docs/rules.md are generated from the rules' own documentation.
 * When this fails, regenerate them: UPDATE_DOCS=1 npx vitest run test/core/docs.test.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderRuleMarkdown, ruleTable } from '../../src/rules/docs.js';
import { allRules } from '../../src/rules/index.js';
import { VERSION } from '../../src/version.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const update = process.env.UPDATE_DOCS === '1';

function check(file: string, expected: string): void {
  const path = root + file;
  const actual = readFileSync(path, 'utf8');
  if (update && actual !== expected) writeFileSync(path, expected);
  else expect(actual, `${file} is out of date: run UPDATE_DOCS=1 npx vitest run test/core/docs.test.ts`).toBe(expected);
}

describe('generated documentation', () => {
  it('README rule table matches the rules', () => {
    const readme = readFileSync(root + 'README.md', 'utf8');
    const start = readme.indexOf('<!-- rules:start -->');
    const end = readme.indexOf('<!-- rules:end -->');
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    check('README.md', `${readme.slice(0, start)}<!-- rules:start -->\n${ruleTable(allRules)}\n${readme.slice(end)}`);
  });

  it('docs/rules.md holds every rule’s documentation', () => {
    const body = allRules.map((r) => renderRuleMarkdown(r)).join('\n');
    check('docs/rules.md', `# cguard rules\n\nGenerated from the documentation in \`src/rules/\`; \`cguard explain ID\` prints the same text.\n\n${body}`);
  });

  it('every rule is documented completely and ids are unique', () => {
    const ids = new Set<string>();
    for (const rule of allRules) {
      expect(ids.has(rule.id), rule.id).toBe(false);
      ids.add(rule.id);
      expect(rule.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.docs.summary.length, rule.id).toBeGreaterThan(10);
      expect(rule.docs.what.length, rule.id).toBeGreaterThan(20);
      expect(rule.docs.why.length, rule.id).toBeGreaterThan(20);
      expect(rule.securitySeverity, rule.id).toBeGreaterThan(0);
      expect(rule.securitySeverity, rule.id).toBeLessThanOrEqual(10);
      if (rule.fixable) expect(rule.docs.fixSafety, rule.id).toBeTruthy();
    }
  });

  it('the version matches package.json', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(root + 'package.json', 'utf8')).version);
  });
});
