/**
 * SARIF for any input: corpus files of every kind, mutated (test/property/seeds.ts), under odd
 * but possible paths, analysed by the real pipeline and written by the SARIF formatter. The log
 * validates against the SARIF 2.1.0 schema (../shared/schemas), every result names its rule
 * by a matching index, every uri is a relative reference that decodes back to the path, every
 * region and fix replacement lies inside the file, and no parser or rule crashed on the way.
 */
import fc from 'fast-check';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { LineIndex, sourceFromText, type FileKind } from '../../src/model/source.js';
import { defaultPolicy, settingFor } from '../../src/policy/policy.js';
import { formatSarif } from '../../src/report/sarif.js';
import { allRules } from '../../src/rules/index.js';
import { analyseSource, createAnalysisEnv } from '../../src/scan.js';
import { KINDS, kindInput, type KindSeeds } from './file-seeds.js';
import { sarifValidator } from '../shared-schemas.js';
import { describeInput, input, runs, seeds, text } from './seeds.js';

const validate = sarifValidator();

const policy = defaultPolicy(allRules);
const env = createAnalysisEnv(policy, allRules);

const DAEMON_JSON: KindSeeds = {
  kind: 'daemon-json',
  path: 'etc/docker/daemon.json',
  seeds: seeds([], [
    '{\n  "icc": true,\n  "live-restore": false,\n  "userns-remap": "",\n  "no-new-privileges": false,\n  "log-driver": "json-file",\n  "log-opts": { "max-size": "10m" }\n}\n',
    '{"hosts": ["tcp://0.0.0.0:2375"], "tls": false, "insecure-registries": ["r:5000"], "default-ulimits": {}}',
  ]),
  lines: ['"icc": false,', '"log-opts": {', '}', '{', '"x": [1, 2', '// comment', '"__proto__": {"icc": true},', '"constructor": 1,'],
};

/** Path segments as file systems allow them: blanks, `%`, `#`, `?`, `@`, `:`, non-ASCII. */
const segment = fc
  .string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '%', '#', '?', '@', ':', '+', '&', '=', 'é', '😀', '[', ']', '\\', '.', '-', '_', '~', "'", '(', ')', '!', '$', ',', ';'), minLength: 1, maxLength: 6 })
  .filter((s) => s !== '.' && s !== '..');
const pathFor = (kind: KindSeeds) => fc.tuple(fc.array(segment, { maxLength: 3 }), segment).map(([dirs, name]) => [...dirs, `${name}${kind.path.slice(kind.path.lastIndexOf('/') + 1)}`].join('/'));

/** RFC 3986 relative-path reference: unreserved, sub-delims, `:` `@` `/` and percent-escapes; no scheme. */
const RELATIVE_REF = /^(?![^/]*:)([A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})+$/;

function sarifFor(kind: FileKind, path: string, raw: string): { log: Sarif.Log; text: string } {
  const source = sourceFromText(path, kind, raw);
  const { findings } = analyseSource(source, env);
  const json = formatSarif(findings, {
    rules: allRules,
    customRules: [],
    ruleTags: new Map(),
    levelOf: (id) => settingFor(policy, id, path).level,
    textOf: (p) => (p === path ? source.text : undefined),
    includeSuppressed: true,
  });
  return { log: JSON.parse(json) as Sarif.Log, text: source.text };
}

function expectWellFormed(log: Sarif.Log, path: string, text: string, where: string): void {
  expect(validate!(log), `${JSON.stringify(validate!.errors?.slice(0, 3))}: ${where}`).toBe(true);
  const run = log.runs[0]!;
  const rules = run.tool.driver.rules!;
  const lines = new LineIndex(text).lineCount;
  const inside = (r: Sarif.Region, where: string) => {
    expect(1 <= r.startLine! && r.startLine! <= r.endLine! && r.endLine! <= lines, where).toBe(true);
    if (r.startLine === r.endLine) expect(r.startColumn! <= r.endColumn!, where).toBe(true);
  };
  for (const result of run.results!) {
    // A parser or rule that throws shows up as such a CG000; the log would still be valid.
    expect(result.message.text, where).not.toMatch(/internal error|please report it/);
    expect(rules[result.ruleIndex!]?.id, where).toBe(result.ruleId);
    const location = result.locations![0]!.physicalLocation!;
    const uri = location.artifactLocation!.uri!;
    expect(uri, where).toMatch(RELATIVE_REF);
    expect(uri.split('/').map(decodeURIComponent).join('/'), where).toBe(path);
    inside(location.region!, `${result.ruleId} region: ${where}`);
    for (const replacement of result.fixes?.flatMap((fix) => fix.artifactChanges.flatMap((change) => change.replacements)) ?? []) {
      inside(replacement.deletedRegion, `${result.ruleId} fix: ${where}`);
    }
  }
}

describe.skipIf(!validate)('SARIF for any input', () => {
  const numRuns: Record<FileKind, number> = { dockerfile: 80, compose: 60, unit: 80, quadlet: 60, 'daemon-json': 60 };
  for (const kind of [...KINDS, DAEMON_JSON]) {
    it(`is schema-valid and points inside the file, for ${kind.kind} files`, () => {
      let results = 0;
      fc.assert(
        fc.property(kind.kind === 'daemon-json' ? input(kind.seeds, kind.lines) : kindInput(kind, 6), pathFor(kind), (generated, path) => {
          const { log, text: read } = sarifFor(kind.kind, path, text(generated));
          expectWellFormed(log, path, read, `${path} ${describeInput(generated)}`);
          results += log.runs[0]!.results!.length;
        }),
        runs(numRuns[kind.kind]),
      );
      expect(results).toBeGreaterThan(numRuns[kind.kind]);
    });
  }

  it('is schema-valid for arbitrary text read as each kind', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS, DAEMON_JSON), fc.string({ unit: 'binary', maxLength: 300 }), (kind, raw) => {
        const { log, text: read } = sarifFor(kind.kind, kind.path, raw);
        expectWellFormed(log, kind.path, read, JSON.stringify(raw));
      }),
      runs(150),
    );
  });
});
