/**
 * The Markdown step summary (`GITHUB_STEP_SUMMARY`): totals, counts by rule and level, and
 * the first findings with links to the file and to the rule's documentation. It is what
 * reviewers see on the run page of repositories without code scanning, so it must stand alone.
 */
import type { Finding } from '../finding.js';
import { summarise } from '../report/summary.js';

/**
 * GitHub drops a step summary over 1 MiB. Every part below is capped (rows, message and path
 * lengths), so even thousands of findings with 4 KiB paths stay far below it (tested).
 */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;
export const MAX_LISTED_FINDINGS = 20;
const MAX_RULE_ROWS = 50;
const MAX_MESSAGE = 300;
const MAX_PATH = 200;
const MAX_NAME = 100;

export interface StepSummaryOptions {
  filesScanned: number;
  policyName: string;
  /** Set when only the pull request's changed files were scanned. */
  onlyChanged: boolean;
  sarifFile: string;
  /** The rule's documentation page, for built-in rules. */
  helpUri(ruleId: string): string | undefined;
  /** A link to the file at a line in the repository, when the run knows where that is. */
  fileUri(path: string, line: number): string | undefined;
}

const RANK: Record<Finding['level'], number> = { error: 0, warning: 1, note: 2 };

export function renderStepSummary(findings: readonly Finding[], options: StepSummaryOptions): string {
  const visible = findings.filter((f) => !f.suppressed).sort((a, b) => RANK[a.level] - RANK[b.level]);
  const s = summarise(findings, options.filesScanned);
  const lines: string[] = ['## cguard', ''];
  const scope = options.onlyChanged ? ' changed in this pull request' : '';
  const files = `${s.files} file${s.files === 1 ? '' : 's'}${scope}`;
  if (visible.length === 0) {
    lines.push(`No findings in ${files} (policy \`${cell(options.policyName)}\`).`);
  } else {
    lines.push(
      `**${plural(s.findings, 'finding')}** in ${files}: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.notes, 'note')} (policy \`${cell(options.policyName)}\`).`,
    );
  }
  if (s.suppressed) lines.push('', `${plural(s.suppressed, 'suppressed finding')} not counted.`);
  if (visible.length) {
    lines.push('', ...ruleTable(visible, options), '', ...findingTable(visible, options));
  }
  lines.push('');
  return lines.join('\n');
}

function ruleTable(findings: readonly Finding[], options: StepSummaryOptions): string[] {
  const counts = new Map<string, { finding: Finding; count: number }>();
  for (const f of findings) {
    const key = `${f.ruleId}\0${f.level}`;
    const row = counts.get(key);
    if (row) row.count++;
    else counts.set(key, { finding: f, count: 1 });
  }
  const rows = [...counts.values()].sort(
    (a, b) => RANK[a.finding.level] - RANK[b.finding.level] || b.count - a.count || (a.finding.ruleId < b.finding.ruleId ? -1 : 1),
  );
  const out = ['| Rule | Level | Findings |', '| --- | --- | ---: |'];
  for (const { finding, count } of rows.slice(0, MAX_RULE_ROWS)) {
    out.push(`| ${ruleLink(finding, options)} ${cell(truncate(finding.ruleName, MAX_NAME))} | ${finding.level} | ${count} |`);
  }
  if (rows.length > MAX_RULE_ROWS) out.push('', `…and ${rows.length - MAX_RULE_ROWS} more rules.`);
  return out;
}

function findingTable(findings: readonly Finding[], options: StepSummaryOptions): string[] {
  const listed = findings.slice(0, MAX_LISTED_FINDINGS);
  const heading = findings.length > listed.length ? `### First ${listed.length} of ${findings.length} findings` : '### Findings';
  const out = [heading, '', '| Level | Rule | Location | Message |', '| --- | --- | --- | --- |'];
  for (const f of listed) {
    const where = `${truncate(f.path, MAX_PATH)}:${f.region.line}`;
    const uri = options.fileUri(f.path, f.region.line);
    const location = uri ? `[${cell(where)}](${uri})` : cell(where);
    out.push(`| ${f.level} | ${ruleLink(f, options)} | ${location} | ${cell(truncate(f.message, MAX_MESSAGE))} |`);
  }
  if (findings.length > listed.length) {
    out.push('', `The other ${findings.length - listed.length} are in \`${cell(options.sarifFile)}\` and, once it is uploaded, under Security › Code scanning.`);
  }
  return out;
}

function ruleLink(f: Finding, options: StepSummaryOptions): string {
  const uri = options.helpUri(f.ruleId);
  return uri ? `[${cell(f.ruleId)}](${uri})` : cell(f.ruleId);
}

/**
 * Text inside a table cell: one line, HTML disarmed (the summary renders HTML), and the
 * characters that would end the cell or start emphasis or a link escaped.
 */
export function cell(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
