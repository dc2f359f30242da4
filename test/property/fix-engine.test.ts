/**
 * `--fix --unsafe-fixes` end to end (src/fix/fix-files.ts with the scanner's own analysis) on
 * corpus files of every kind, mutated (test/property/seeds.ts). Fixing is idempotent: a second
 * run finds nothing left to change. Every fix a rule offers keeps the file readable, so none is
 * dropped, and the fixed file has no parse error (CG000) the original did not have. The file
 * keeps its line endings, its BOM and its final line break (or the lack of one).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/finding.js';
import { runFixes } from '../../src/fix/fix-files.js';
import { sourceFromText, type FileKind } from '../../src/model/source.js';
import { defaultPolicy } from '../../src/policy/policy.js';
import { allRules } from '../../src/rules/index.js';
import { analyseSource, createAnalysisEnv, type AnalysisEnv } from '../../src/scan.js';
import { KINDS, kindInput } from './file-seeds.js';
import { describeInput, runs, text } from './seeds.js';

function strictPolicy() {
  const policy = defaultPolicy(allRules);
  policy.strict = true;
  for (const rule of allRules) if (rule.strictOnly) policy.rules.set(rule.id, { level: rule.level, options: {} });
  return policy;
}

const ENVS = { default: createAnalysisEnv(defaultPolicy(allRules), allRules), strict: createAnalysisEnv(strictPolicy(), allRules) };

interface Fixed {
  /** The text as read (no BOM) and after fixing. */
  before: string;
  after: string;
  bom: boolean;
  findings: Finding[];
  remaining: Finding[];
  applied: number;
  notes: string[];
}

/** Run the fix step of the CLI (`--diff`, so nothing is written) over one in-memory file. */
function fixAll(kind: FileKind, path: string, raw: string, env: AnalysisEnv): Fixed {
  const source = sourceFromText(path, kind, raw);
  const { findings } = analyseSource(source, env);
  const result = runFixes([{ path, absPath: `/nonexistent/${path}`, kind, source, findings }], env, { unsafe: true, diffOnly: true, roots: [] });
  const outcome = result.files[0]!;
  return { before: source.text, after: outcome.source!.text, bom: source.bom, findings, remaining: outcome.findings, applied: result.appliedCount, notes: result.notes };
}

/**
 * Parse errors by message, numbers and upper-case words left out: a fix that inserts lines moves
 * them, and one that turns ADD into COPY renames the instruction an error is about.
 */
const parseErrors = (findings: Finding[]) => findings.filter((f) => f.ruleId === 'CG000').map((f) => f.message.replace(/\d+/g, 'N').replace(/\b[A-Z]{2,}\b/g, 'K')).sort();

/** What `after` has that `before` has not, counting repeats. */
function added(before: string[], after: string[]): string[] {
  const left = [...before];
  return after.filter((message) => {
    const i = left.indexOf(message);
    if (i >= 0) left.splice(i, 1);
    return i < 0;
  });
}

const internalErrors = (findings: Finding[]) => findings.filter((f) => f.ruleId === 'CG000' && /internal error|please report it/.test(f.message));

function lineEndings(text: string): { crlf: number; lf: number } {
  const crlf = text.split('\r\n').length - 1;
  return { crlf, lf: text.split('\n').length - 1 - crlf };
}

function expectFixedWell(fixed: Fixed, again: Fixed, where: string): void {
  expect(internalErrors(fixed.findings), where).toEqual([]);
  expect(internalErrors(fixed.remaining), where).toEqual([]);
  expect(fixed.notes, where).toEqual([]);
  expect(added(parseErrors(fixed.findings), parseErrors(fixed.remaining)), where).toEqual([]);
  // Idempotent: fixing the fixed file changes nothing.
  expect(again.notes, where).toEqual([]);
  expect({ applied: again.applied, text: again.after }, where).toEqual({ applied: 0, text: fixed.after });
  if (fixed.applied === 0) return;
  const before = lineEndings(fixed.before);
  const after = lineEndings(fixed.after);
  if (before.crlf > 0 && before.lf === 0) expect(after.lf, `lone LF in a CRLF file: ${where}`).toBe(0);
  if (before.crlf === 0) expect(after.crlf, `CRLF in an LF file: ${where}`).toBe(0);
  if (fixed.before !== '') expect(fixed.after.endsWith('\n'), `final line break: ${where}`).toBe(fixed.before.endsWith('\n'));
  expect(fixed.after.startsWith('\uFEFF'), where).toBe(fixed.before.startsWith('\uFEFF'));
}

describe('fixing every finding, safe and unsafe', () => {
  const numRuns: Record<FileKind, number> = { dockerfile: 120, compose: 80, unit: 120, quadlet: 100, 'daemon-json': 0 };
  for (const kind of KINDS) {
    it(`on ${kind.kind} files is idempotent, drops no fix, adds no parse error, keeps line endings`, () => {
      let changed = 0;
      fc.assert(
        fc.property(kindInput(kind, 3), fc.constantFrom('default' as const, 'strict' as const), (generated, policy) => {
          const raw = text(generated);
          const env = ENVS[policy];
          const fixed = fixAll(kind.kind, kind.path, raw, env);
          const again = fixAll(kind.kind, kind.path, (fixed.bom ? '\uFEFF' : '') + fixed.after, env);
          expectFixedWell(fixed, again, describeInput(generated));
          if (fixed.applied > 0) changed++;
        }),
        runs(numRuns[kind.kind]),
      );
      // Most inputs have something to fix, or the property would say little.
      expect(changed).toBeGreaterThan(numRuns[kind.kind] / 3);
    });
  }
});

describe('fixing: inputs the properties found', () => {
  const cases: Array<{ name: string; kind: FileKind; code: string; output: string }> = [
    {
      name: 'Quadlet: keys added after a line left continued at the end of the file',
      kind: 'quadlet',
      code: '[Container]\nImage=docker.io/library/nginx:1.27\nVolume=/srv:/data \\\n',
      output: '[Container]\nImage=docker.io/library/nginx:1.27\nVolume=/srv:/data \nUser=65532\nGroup=65532\nDropCapability=all\nReadOnly=true\nNoNewPrivileges=true\n',
    },
    {
      name: 'Quadlet: a continued line whose value ends in `\\`',
      kind: 'quadlet',
      code: '[Container]\nImage=docker.io/library/nginx:1.27\nUser=65532\nGroup=65532\nDropCapability=all\nReadOnly=true\nMemory=512m\nVolume=/srv:/data \\ \\\n',
      output: '[Container]\nImage=docker.io/library/nginx:1.27\nUser=65532\nGroup=65532\nDropCapability=all\nReadOnly=true\nMemory=512m\nVolume=/srv:/data \nNoNewPrivileges=true\n',
    },
    {
      name: 'Quadlet: Group= replaced and User= added after a continued Group= line',
      kind: 'quadlet',
      code: '[Container]\nImage=docker.io/library/nginx:1.27\nGroup=foobar \\\n',
      output: '[Container]\nImage=docker.io/library/nginx:1.27\nGroup=65532\nUser=65532\nDropCapability=all\nReadOnly=true\nNoNewPrivileges=true\n',
    },
    {
      name: 'Quadlet: every copy of a repeated SecurityLabelDisable= goes',
      kind: 'quadlet',
      code: '[Container]\nImage=docker.io/library/nginx:1.27\nUser=65532\nGroup=65532\nDropCapability=all\nReadOnly=true\nNoNewPrivileges=true\nMemory=512m\nSecurityLabelDisable=true\nSecurityLabelDisable=true\n',
      output: '[Container]\nImage=docker.io/library/nginx:1.27\nUser=65532\nGroup=65532\nDropCapability=all\nReadOnly=true\nNoNewPrivileges=true\nMemory=512m\n',
    },
    {
      name: 'unit: a key added after an ExecStart= left continued before a final comment',
      kind: 'unit',
      code: '[Unit]\nAfter=docker.service\nRequires=docker.service\n[Service]\nType=oneshot\nExecStart=/usr/bin/docker run -d --rm --name web --user 65532:65532 --cap-drop=ALL --read-only --log-opt max-size=10m --security-opt=no-new-privileges --memory 1g nginx:1.27 \\\n# trailing comment\n',
      output: '[Unit]\nAfter=docker.service\nRequires=docker.service\n[Service]\nType=oneshot\nExecStart=/usr/bin/docker run -d --rm --name web --user 65532:65532 --cap-drop=ALL --read-only --log-opt max-size=10m --security-opt=no-new-privileges --memory 1g nginx:1.27 \nRemainAfterExit=yes\n# trailing comment\n',
    },
    {
      name: 'Dockerfile: no apt list removal appended inside an unclosed quote',
      kind: 'dockerfile',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl "\nUSER 1000\n',
      output: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl "\nUSER 1000\n',
    },
    {
      name: 'Dockerfile: no apt list removal appended inside an unclosed backquote',
      kind: 'dockerfile',
      code: 'FROM debian:12\nRUN apt-get update && echo `date\nUSER 1000\n',
      output: 'FROM debian:12\nRUN apt-get update && echo `date\nUSER 1000\n',
    },
    {
      name: 'Dockerfile: programs named like members of every object',
      kind: 'dockerfile',
      code: 'FROM debian:12\nRUN toString --help && constructor -o x install\nUSER 1000\n',
      output: 'FROM debian:12\nRUN toString --help && constructor -o x install\nUSER 1000\n',
    },
  ];
  it.each(cases)('$name', ({ kind, code, output }) => {
    const path = KINDS.find((k) => k.kind === kind)!.path;
    const fixed = fixAll(kind, path, code, ENVS.default);
    expect(internalErrors(fixed.findings)).toEqual([]);
    expect(fixed.notes).toEqual([]);
    expect(fixed.after).toBe(output);
  });
});
