/**
 * Inline suppressions, the same in every format (they are all `#` comments; units also `;`):
 *
 *   # cguard-ignore CG001,no-latest-tag: reason      ← suppresses on the next non-comment line
 *   user: root  # cguard-ignore CG001: reason        ← YAML only: on its own line
 *   # cguard-ignore-file CG006: reason               ← anywhere, the whole file
 *
 * With no ids a directive suppresses every rule. Rule names work as well as ids. A directive
 * that suppressed nothing is reported (CG901), as ESLint reports unused disable directives;
 * with `require-suppression-reason` a directive without a reason is reported (CG902).
 */
import type { Finding } from '../finding.js';
import type { LineIndex, SourceFile, Span } from '../model/source.js';
import { settingFor, type ResolvedPolicy } from './policy.js';

interface Directive {
  scope: 'line' | 'file';
  /** Ids or names as written, upper-cased ids; empty = all rules. */
  rules: string[];
  reason?: string;
  span: Span;
  /** 1-based line the directive applies to (line scope). */
  targetLine: number;
  used: boolean;
}

const DIRECTIVE = /(?:^|\s)[#;]\s*cguard-ignore(-file)?\b([^\n\r]*)/;

export function parseDirectives(source: SourceFile, index: LineIndex): Directive[] {
  const directives: Directive[] = [];
  const lines = source.text.split('\n');
  let offset = 0;
  const pendingComments: Directive[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    const lineNumber = i + 1;
    const trimmed = line.trimStart();
    const isCommentLine = trimmed.startsWith('#') || (source.kind !== 'compose' && trimmed.startsWith(';'));
    const match = DIRECTIVE.exec(line);
    // Only YAML has end-of-line comments; elsewhere `#` after code is not a comment.
    if (match && (isCommentLine || source.kind === 'compose')) {
      const [ids, reason] = splitReason(match[2] ?? '');
      const start = offset + match.index + (match[0].length - match[0].trimStart().length);
      const directive: Directive = {
        scope: match[1] ? 'file' : 'line',
        rules: ids,
        reason,
        span: { start, end: offset + line.length },
        targetLine: isCommentLine ? -1 : lineNumber,
        used: false,
      };
      directives.push(directive);
      if (isCommentLine && directive.scope === 'line') pendingComments.push(directive);
    } else if (trimmed !== '' && !isCommentLine) {
      // The first code line after a comment block is what its directives apply to.
      for (const d of pendingComments) d.targetLine = lineNumber;
      pendingComments.length = 0;
    } else if (trimmed === '') {
      // A blank line ends the comment block: a directive must sit right above its line.
      pendingComments.length = 0;
    }
    offset += lines[i]!.length + 1;
  }
  void index;
  return directives;
}

function splitReason(rest: string): [string[], string | undefined] {
  const colon = rest.indexOf(':');
  const idsText = colon >= 0 ? rest.slice(0, colon) : rest;
  const reason = colon >= 0 ? rest.slice(colon + 1).trim() : undefined;
  const ids = idsText
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (/^cg\d+$/i.test(s) ? s.toUpperCase() : s));
  return [ids, reason || undefined];
}

function matches(directive: Directive, finding: Finding): boolean {
  return directive.rules.length === 0 || directive.rules.includes(finding.ruleId) || directive.rules.includes(finding.ruleName);
}

/**
 * Mark suppressed findings (they stay in the list with `suppressed` so `--include-suppressed`
 * and the baseline can see them) and add the findings about the directives themselves.
 */
export function applySuppressions(source: SourceFile, findings: Finding[], policy: ResolvedPolicy, index: LineIndex): Finding[] {
  if (!source.text.includes('cguard-ignore')) return findings;
  const directives = parseDirectives(source, index);
  for (const finding of findings) {
    // Parse errors cannot be silenced line by line: the line might not be what it seems.
    for (const d of directives) {
      const applies = d.scope === 'file' ? true : d.targetLine === finding.region.line;
      if (applies && matches(d, finding) && !(finding.ruleId === 'CG000' && d.scope === 'line')) {
        finding.suppressed = { kind: 'inSource', justification: d.reason };
        d.used = true;
        break;
      }
    }
  }
  const extra: Finding[] = [];
  const add = (ruleId: string, ruleName: string, message: string, span: Span): void => {
    const setting = settingFor(policy, ruleId, source.path);
    if (setting.level === 'off') return;
    extra.push({ ruleId, ruleName, level: setting.level, message, path: source.path, span, region: index.region(span), fingerprint: '' });
  };
  for (const d of directives) {
    const what = d.rules.length ? d.rules.join(', ') : 'all rules';
    if (!d.used) {
      add('CG901', 'unused-suppression', `this cguard-ignore${d.scope === 'file' ? '-file' : ''} for ${what} suppresses nothing; remove it`, d.span);
    }
    if (policy.requireSuppressionReason && !d.reason) {
      add('CG902', 'suppression-reason', `this cguard-ignore for ${what} gives no reason; add one after a colon (\`# cguard-ignore ${d.rules[0] ?? 'CG001'}: why\`)`, d.span);
    }
  }
  return [...findings, ...extra];
}
