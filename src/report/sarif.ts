/**
 * SARIF 2.1.0 as GitHub code scanning reads it: one run, every rule described (with
 * `security-severity` so GitHub treats them as security rules), relative URIs, a stable
 * `cguard/v1` fingerprint, and `fixes[]` in original coordinates.
 */
import type * as Sarif from 'sarif';
import type { Finding } from '../finding.js';
import { lineIndexes, type LineIndex } from '../model/source.js';
import type { CustomRule } from '../policy/policy.js';
import { renderRuleMarkdown, renderRuleText } from '../rules/docs.js';
import type { Level, Rule } from '../rules/types.js';
import { JsonArrayStream } from './stream.js';
import { INFORMATION_URI, TOOL_NAME, VERSION, ruleHelpUri } from '../version.js';

export interface SarifOptions {
  rules: readonly Rule[];
  customRules: readonly CustomRule[];
  /** Extra tags per rule id (e.g. CIS items from the policy). */
  ruleTags: ReadonlyMap<string, string[]>;
  /** Effective default level per rule id under the active policy. */
  levelOf(ruleId: string): Level | 'off';
  textOf(path: string): string | undefined;
  includeSuppressed: boolean;
  /** `runAutomationDetails.id` category, when given. */
  category?: string;
}

const CUSTOM_SEVERITY: Record<Level, string> = { error: '7.5', warning: '5.5', note: '2.0' };

/** The log as an object (tests read it); the same as parsing what `formatSarif` writes. */
export function buildSarif(findings: readonly Finding[], options: SarifOptions): Sarif.Log {
  return JSON.parse(formatSarif(findings, options)) as Sarif.Log;
}

export function formatSarif(findings: readonly Finding[], options: SarifOptions): string {
  const chunks: string[] = [];
  const report = new SarifReport((chunk) => chunks.push(chunk), options);
  report.add(findings);
  report.finish();
  return chunks.join('');
}

/**
 * The SARIF log written a file at a time, in the order files are scanned, so a scan can hand
 * each file's findings over and forget them. Writes exactly what `formatSarif` gives for all
 * the findings at once.
 */
export class SarifReport {
  private readonly results: JsonArrayStream;
  private readonly run: Sarif.Run;
  private readonly indexById = new Map<string, number>();
  private readonly indexOf: (path: string) => LineIndex | undefined;

  constructor(
    write: (chunk: string) => void,
    private readonly options: Omit<SarifOptions, 'textOf'> & Partial<Pick<SarifOptions, 'textOf'>>,
  ) {
    this.indexOf = lineIndexes(options.textOf ?? (() => undefined));
    this.results = new JsonArrayStream(write);
    this.run = {
      tool: { driver: { name: TOOL_NAME, version: VERSION, semanticVersion: VERSION, informationUri: INFORMATION_URI, rules: this.descriptors() } },
      columnKind: 'utf16CodeUnits',
      results: [],
    };
    if (options.category) this.run.automationDetails = { id: options.category.endsWith('/') ? options.category : `${options.category}/` };
    this.results.begin(this.document());
  }

  /** Findings in report order (by file, then position), any number of files at a time. */
  add(findings: readonly Finding[]): void {
    for (const f of findings) {
      if (f.suppressed && !this.options.includeSuppressed) continue;
      this.results.add(this.result(f));
    }
  }

  /** The rest of the log after the results. */
  finish(): void {
    this.results.end(this.document());
  }

  /** The log with the results' placeholder in place of the results. */
  private document(): unknown {
    const run = { ...this.run, results: [this.results.placeholder] };
    return { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] };
  }

  private descriptors(): Sarif.ReportingDescriptor[] {
    const { options, indexById } = this;
    const descriptors: Sarif.ReportingDescriptor[] = [];
    for (const rule of options.rules) {
      indexById.set(rule.id, descriptors.length);
      const level = options.levelOf(rule.id);
      const tags = [...new Set(['security', ...rule.tags, ...(rule.cwe ?? []).map((c) => `external/cwe/${c.toLowerCase()}`), ...(options.ruleTags.get(rule.id) ?? [])])];
      descriptors.push({
        id: rule.id,
        name: rule.name,
        shortDescription: { text: rule.docs.summary },
        fullDescription: { text: truncate(`${rule.docs.what} ${rule.docs.why}`, 1024) },
        help: { text: renderRuleText(rule), markdown: renderRuleMarkdown(rule) },
        helpUri: ruleHelpUri(rule.id),
        defaultConfiguration: level === 'off' ? { level: rule.level, enabled: false } : { level },
        properties: { tags: tags.slice(0, 20), 'security-severity': rule.securitySeverity.toFixed(1), precision: 'high' },
      });
    }
    for (const rule of options.customRules) {
      indexById.set(rule.id, descriptors.length);
      descriptors.push({
        id: rule.id,
        name: rule.id,
        shortDescription: { text: rule.title },
        fullDescription: { text: rule.title },
        help: { text: `Custom rule from the cguard configuration: ${rule.title}` },
        defaultConfiguration: { level: rule.level },
        properties: { tags: ['security', 'custom'], 'security-severity': CUSTOM_SEVERITY[rule.level] },
      });
    }
    return descriptors;
  }

  private result(f: Finding): Sarif.Result {
    const result: Sarif.Result = {
      ruleId: f.ruleId,
      ruleIndex: this.indexById.get(f.ruleId) ?? -1,
      level: f.level,
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeUri(f.path) },
            region: { startLine: f.region.line, startColumn: f.region.column, endLine: f.region.endLine, endColumn: f.region.endColumn },
          },
        },
      ],
      partialFingerprints: { 'cguard/v1': f.fingerprint },
    };
    if (f.suppressed) {
      result.suppressions = [{ kind: f.suppressed.kind === 'inSource' ? 'inSource' : 'external', ...(f.suppressed.justification ? { justification: f.suppressed.justification } : {}) }];
    }
    const edits = f.fix?.edits ?? [];
    // Line and column of each edit: carried by the edit, or from the file's text.
    const regions = edits.map((e) => e.at ?? this.indexOf(f.path)?.exactRegion(e));
    if (f.fix && edits.length && !regions.includes(undefined)) {
      result.fixes = [
        {
          description: { text: `${f.fix.description} (${f.fix.safety})` },
          artifactChanges: [
            {
              artifactLocation: { uri: encodeUri(f.path) },
              replacements: edits.map((e, i) => {
                const r = regions[i]!;
                return {
                  deletedRegion: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
                  insertedContent: { text: e.text },
                };
              }),
            },
          ],
        },
      ];
    }
    return result;
  }
}

/** A relative path as a URI reference: forward slashes, each segment percent-encoded. */
function encodeUri(relPath: string): string {
  // `@` is a path character in URIs (RFC 3986 pchar) and names every systemd template unit
  // (`app@.service`); left as written, the uri matches the file name readers see.
  return relPath.split('/').map((segment) => encodeURIComponent(segment).replace(/%40/g, '@')).join('/');
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
