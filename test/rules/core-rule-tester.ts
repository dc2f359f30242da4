/**
 * RuleTester for the core rules, in ESLint's shape: `valid` cases must not fire, `invalid` cases
 * fire at exactly the `line:column`s given, and `output` is the WHOLE text after `--fix
 * --unsafe-fixes` restricted to this rule's fixes (applied in passes by the real fix engine, so
 * several findings in one file are fixed as the CLI fixes them). A fixed text is checked again:
 * the rule must be silent on it (unless `remaining` says otherwise), it must not gain parse
 * errors, and fixing it a second time must change nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/finding.js';
import { fixFile } from '../../src/fix/apply.js';
import type { FileKind } from '../../src/model/source.js';
import { allRules } from '../../src/rules/index.js';
import { lint, locations, type LintOptions } from '../helpers.js';

export interface ValidCase {
  name: string;
  kind: FileKind;
  code: string;
  /** File path, when the name matters (`app@.service`, `web.socket`). */
  path?: string;
}

export interface InvalidCase extends ValidCase {
  /** `line:column` of each finding, in report order. */
  errors: string[];
  /** The whole fixed text; `null` asserts that no finding of the case has a fix. */
  output?: string | null;
  /** `line:column`s the rule still reports after the fix (default: none). */
  remaining?: string[];
  /** Expected safety of every fix offered (default: the rule's `fixable`). */
  safety?: 'safe' | 'unsafe';
}

function optionsFor(c: ValidCase): LintOptions {
  return c.path ? { path: c.path } : {};
}

export function findingsOf(ruleId: string, c: ValidCase, text = c.code): Finding[] {
  return lint(c.kind, text, optionsFor(c)).filter((f) => f.ruleId === ruleId && !f.suppressed);
}

/** The text after fixing only `ruleId`'s findings, unsafe fixes included, as the CLI fixes a file. */
export function fixRule(ruleId: string, c: ValidCase, text = c.code): string {
  // Spans are offsets into the text without its BOM (src/model/source.ts); the BOM is kept.
  if (text.startsWith('\ufeff')) return `\ufeff${fixRule(ruleId, c, text.slice(1))}`;
  const parseErrors = (t: string) => lint(c.kind, t, optionsFor(c)).filter((f) => f.ruleId === 'CG000').length;
  const before = parseErrors(text);
  const outcome = fixFile(
    text,
    (t) => ({
      parses: parseErrors(t) <= before,
      fixes: findingsOf(ruleId, c, t).flatMap((f) => (f.fix ? [f.fix] : [])),
    }),
    { unsafe: true },
  );
  return outcome.text;
}

export function ruleTester(ruleId: string, title: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const rule = allRules.find((r) => r.id === ruleId)!;
  describe(`${ruleId} ${title}`, () => {
    it.each(cases.valid)('valid: $name', (c) => {
      expect(locations(lint(c.kind, c.code, optionsFor(c)), ruleId)).toEqual([]);
    });

    it.each(cases.invalid)('invalid: $name', (c) => {
      expect(locations(lint(c.kind, c.code, optionsFor(c)), ruleId)).toEqual(c.errors);
    });

    const withOutput = cases.invalid.filter((c) => c.output !== undefined);
    if (withOutput.length === 0) return;
    it.each(withOutput)('output: $name', (c) => {
      const findings = findingsOf(ruleId, c);
      if (c.output === null) {
        expect(findings.map((f) => f.fix)).toEqual(findings.map(() => undefined));
        return;
      }
      for (const f of findings) {
        expect(f.fix, `${f.region.line}:${f.region.column} has a fix`).toBeDefined();
        expect(f.fix!.safety).toBe(c.safety ?? rule.fixable);
      }
      const out = fixRule(ruleId, c);
      expect(out).toBe(c.output);
      // The fix holds: the rule is silent (or says what is left), nothing new fails to parse,
      // and a second run changes no byte.
      expect(locations(lint(c.kind, out, optionsFor(c)), ruleId)).toEqual(c.remaining ?? []);
      expect(locations(lint(c.kind, out, optionsFor(c)), 'CG000')).toEqual(locations(lint(c.kind, c.code, optionsFor(c)), 'CG000'));
      expect(fixRule(ruleId, c, out)).toBe(out);
    });
  });
}

/** `text` with CRLF line endings. */
export const crlf = (text: string): string => text.replace(/\n/g, '\r\n');
