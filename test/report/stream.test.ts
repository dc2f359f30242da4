/**
 * The JSON and SARIF reports are written an item at a time; what they write must be byte for
 * byte `JSON.stringify(whole, null, 2)`, however the findings arrive.
 */
import { describe, expect, it } from 'vitest';
import { BufferedWriter, JsonArrayStream } from '../../src/report/stream.js';
import { formatJson, JsonReport } from '../../src/report/json.js';
import { formatSarif, SarifReport, type SarifOptions } from '../../src/report/sarif.js';
import { allRules } from '../../src/rules/index.js';
import { lint } from '../helpers.js';

function streamed(build: (stream: JsonArrayStream) => void): string {
  const chunks: string[] = [];
  build(new JsonArrayStream((c) => chunks.push(c)));
  return chunks.join('');
}

describe('JsonArrayStream', () => {
  const items = [{ a: 1, b: ['x', { c: 'line\nbreak "quoted"' }] }, 'two', 3, [], {}, null];

  it.each([
    ['top level', (slot: string[]) => slot, (xs: unknown[]) => xs],
    ['in an object', (slot: string[]) => ({ head: 1, results: slot, tail: { n: 2 } }), (xs: unknown[]) => ({ head: 1, results: xs, tail: { n: 2 } })],
    ['three deep', (slot: string[]) => ({ runs: [{ tool: {}, results: slot, after: 'x' }] }), (xs: unknown[]) => ({ runs: [{ tool: {}, results: xs, after: 'x' }] })],
  ])('writes what JSON.stringify writes, %s, for 0 to 6 items', (_name, withSlot, withItems) => {
    for (let n = 0; n <= items.length; n++) {
      const out = streamed((s) => {
        s.begin(withSlot([s.placeholder]));
        for (const item of items.slice(0, n)) s.add(item);
        s.end(withSlot([s.placeholder]));
      });
      expect(out).toBe(JSON.stringify(withItems(items.slice(0, n)), null, 2) + '\n');
    }
  });

  it('takes the end of the document as it is when the array ends', () => {
    const out = streamed((s) => {
      s.begin({ results: [s.placeholder], summary: { n: 0 } });
      s.add(1);
      s.end({ results: [s.placeholder], summary: { n: 1 } });
    });
    expect(JSON.parse(out)).toEqual({ results: [1], summary: { n: 1 } });
  });

  it('refuses a document without its placeholder, and items before the beginning', () => {
    const s = new JsonArrayStream(() => {});
    expect(() => s.add(1)).toThrow(/before begin/);
    expect(() => s.begin({ results: [] })).toThrow(/placeholder/);
  });
});

describe('BufferedWriter', () => {
  it('passes chunks on in order, in writes of at least its size until the last', () => {
    const sunk: string[] = [];
    const w = new BufferedWriter((c) => sunk.push(c), 10);
    for (const c of ['abc', 'defg', 'hij', 'k', 'lmnopqrstu', 'v']) w.write(c);
    w.flush();
    w.flush();
    expect(sunk).toEqual(['abcdefghij', 'klmnopqrstu', 'v']);
  });
});

describe('reports written a file at a time', () => {
  const dockerfile = 'FROM alpine\nUSER root\nRUN curl https://x | sh\n';
  const unit = '[Service]\nExecStart=/usr/bin/docker run --privileged nginx\n';
  const files = [lint('dockerfile', dockerfile, { path: 'a/Dockerfile' }), lint('unit', unit, { path: 'b/app.service' })];
  const texts = new Map([
    ['a/Dockerfile', dockerfile],
    ['b/app.service', unit],
  ]);
  const textOf = (p: string): string | undefined => texts.get(p);
  files[1]![0]!.suppressed = { kind: 'inSource', justification: 'reviewed' };

  it.each([true, false])('JSON, includeSuppressed %s, is what formatJson gives for all findings', (includeSuppressed) => {
    const chunks: string[] = [];
    const report = new JsonReport((c) => chunks.push(c), { textOf, includeSuppressed });
    for (const findings of files) report.add(findings);
    report.add([]);
    report.finish(7);
    expect(chunks.join('')).toBe(formatJson(files.flat(), { filesScanned: 7, textOf, includeSuppressed }));
    expect(JSON.parse(chunks.join('')).results.length).toBe(files.flat().length - (includeSuppressed ? 0 : 1));
    // Formatted exactly as JSON.stringify formats the whole document.
    expect(chunks.join('')).toBe(JSON.stringify(JSON.parse(chunks.join('')), null, 2) + '\n');
  });

  it('JSON and SARIF place edits that carry their line and column without the text', () => {
    const carried = files.flat().map((f) =>
      f.fix ? { ...f, fix: { ...f.fix, edits: f.fix.edits.map((e) => ({ ...e, at: { line: 9, column: 8, endLine: 7, endColumn: 6 } })) } } : f,
    );
    expect(carried.some((f) => f.fix?.edits.length)).toBe(true);
    const json = JSON.parse(formatJson(carried, { filesScanned: 2, includeSuppressed: true }));
    const edits = json.results.flatMap((r: { fixes: { edits: unknown[] }[] }) => r.fixes.flatMap((x) => x.edits));
    expect(edits.length).toBeGreaterThan(0);
    for (const e of edits) expect(e).toMatchObject({ line: 9, column: 8, endLine: 7, endColumn: 6 });
    const sarif = JSON.parse(formatSarif(carried, { ...sarifOptions, includeSuppressed: true }));
    const regions = sarif.runs[0].results.flatMap((r: { fixes?: { artifactChanges: { replacements: { deletedRegion: unknown }[] }[] }[] }) =>
      (r.fixes ?? []).flatMap((x) => x.artifactChanges.flatMap((c) => c.replacements.map((p) => p.deletedRegion))),
    );
    expect(regions.length).toBe(edits.length);
    for (const r of regions) expect(r).toEqual({ startLine: 9, startColumn: 8, endLine: 7, endColumn: 6 });
  });

  const sarifOptions: SarifOptions = {
    rules: allRules,
    customRules: [],
    ruleTags: new Map(),
    levelOf: () => 'warning',
    textOf,
    includeSuppressed: false,
    category: 'containers',
  };

  it.each([true, false])('SARIF, includeSuppressed %s, is what formatSarif gives for all findings', (includeSuppressed) => {
    const chunks: string[] = [];
    const report = new SarifReport((c) => chunks.push(c), { ...sarifOptions, includeSuppressed });
    for (const findings of files) report.add(findings);
    report.finish();
    const whole = formatSarif(files.flat(), { ...sarifOptions, includeSuppressed });
    expect(chunks.join('')).toBe(whole);
    const log = JSON.parse(whole);
    expect(whole).toBe(JSON.stringify(log, null, 2) + '\n');
    expect(log.runs[0].automationDetails).toEqual({ id: 'containers/' });
    expect(log.runs[0].results.some((r: { fixes?: unknown }) => r.fixes)).toBe(true);
  });

  it('an empty report is valid JSON with empty results', () => {
    expect(JSON.parse(formatJson([], { filesScanned: 0, includeSuppressed: false })).results).toEqual([]);
    expect(formatSarif([], sarifOptions)).toContain('"results": []');
  });
});
