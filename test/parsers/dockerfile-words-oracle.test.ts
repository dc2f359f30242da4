/**
 * Differential test of cguard's Dockerfile word reader (src/parsers/dockerfile-words.ts) against
 * the dockerfile-ast reading it replaced (dockerfile-words-oracle.ts): on every corpus Dockerfile
 * and on mutated corpus snippets, both must give the same keyword spans and words (values and
 * spans), and through `parseDockerfile` the same instructions, stages, flags, heredocs and errors.
 * Where they are meant to differ, because the reader follows BuildKit, the oracle file documents
 * each case; the corpus files it touches are listed here.
 */
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type { DockerfileModel, DockerInstruction } from '../../src/model/dockerfile.js';
import { LineIndex, sourceFromText, type SourceFile } from '../../src/model/source.js';
import { parseDockerfile } from '../../src/parsers/dockerfile.js';
import { LINE_TOO_LONG, scanDockerfile, type DockerfileScan } from '../../src/parsers/dockerfile-scan.js';
import { readInstructionWords, type InstructionWords } from '../../src/parsers/dockerfile-words.js';
import type { ParseResult } from '../../src/parsers/types.js';
import { asBuildKitReads, documentedDifference, readInstructionWordsWithDockerfileAst, withoutEmptyWords } from './dockerfile-words-oracle.js';

/** `parseDockerfile` reads words with the oracle while `reader.oracle` is set. */
const reader = vi.hoisted(() => ({ oracle: false }));
vi.mock('../../src/parsers/dockerfile-words.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/parsers/dockerfile-words.js')>();
  const { readInstructionWordsWithDockerfileAst: oracle } = await import('./dockerfile-words-oracle.js');
  return { ...actual, readInstructionWords: (text: string, scan: DockerfileScan) => (reader.oracle ? oracle : actual.readInstructionWords)(text, scan) };
});

const root = join(fileURLToPath(new URL('../../../shared/corpus', import.meta.url)), 'dockerfile');

/**
 * The corpus files where the two readings differ, and the instructions that differ: all of them
 * case 1 of the oracle file (BuildKit skips a comment line inside a continuation whole;
 * dockerfile-ast reads the escapes in `# Daniel Ruggeri (http\x3a//…)` and in
 * `print "\t\t" fpr " \\"`, gains the words `tt`, `\` and `x`, and loses `for key in` and the
 * key E3480043595621FE56105F112AB12A7ADC55C003 after them).
 */
const COMMENT_LINE_FILES: Record<string, string[]> = {
  'docker-library__httpd/2.4/Dockerfile': ['31: RUN'],
  'docker-library__httpd/2.4/alpine/Dockerfile': ['36: RUN'],
};

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}

const corpus: SourceFile[] = existsSync(root) ? walk(root).sort().map((path) => sourceFromText(relative(root, path), 'dockerfile', readFileSync(path, 'utf8'))) : [];

function parseWithOracle(file: SourceFile): ParseResult<DockerfileModel> {
  reader.oracle = true;
  try {
    return parseDockerfile(file);
  } finally {
    reader.oracle = false;
  }
}

/** Instructions whose readings differ, as `line: KEYWORD`. */
function differingInstructions(text: string, scan: DockerfileScan, oracle: InstructionWords[], own: InstructionWords[]): string[] {
  const lines = new LineIndex(text);
  return scan.instructions.flatMap((instruction, k) =>
    sameReading(oracle[k]!, own[k]!) ? [] : [`${lines.position(instruction.start).line}: ${text.slice(own[k]!.keywordSpan.start, own[k]!.keywordSpan.end)}`],
  );
}

function sameReading(a: InstructionWords, b: InstructionWords, before = Infinity): boolean {
  const cut = (r: InstructionWords) => ({
    keywordSpan: r.keywordSpan.end < before ? r.keywordSpan : undefined,
    words: (r.all?.() ?? r.words).filter((w) => w.span.end < before),
  });
  return JSON.stringify(cut(a)) === JSON.stringify(cut(b));
}

/** The readings of `text` that differ beyond what the oracle file documents, described. */
function undocumentedDifferences(text: string): string[] {
  const scan = scanDockerfile(text);
  if (scan.errors.some((e) => e.message === LINE_TOO_LONG)) return [];
  const own = readInstructionWords(text, scan);
  const asRead = asBuildKitReads(text, scan);
  const oracle = withoutEmptyWords(readInstructionWordsWithDockerfileAst(asRead, scan));
  return scan.instructions.flatMap((_, k) => {
    const from = documentedDifference(asRead, scan, k)?.from;
    if (sameReading(oracle[k]!, own[k]!, from)) return [];
    return [`instruction ${k}${from === undefined ? '' : ` (before ${from})`}: oracle ${JSON.stringify(oracle[k])} cguard ${JSON.stringify(own[k])}`];
  });
}

/** The model as plain data, the args of `documented` instructions left out. */
function modelFacts(result: ParseResult<DockerfileModel>, documented: (instruction: DockerInstruction) => boolean) {
  const instruction = (i: DockerInstruction) => (documented(i) ? { ...i, args: 'documented difference' } : i);
  const model = result.model;
  return {
    errors: result.errors,
    model: model && {
      escape: model.escape,
      globalArgs: [...model.globalArgs],
      preamble: model.preamble.map(instruction),
      instructions: model.instructions.map(instruction),
      stages: model.stages.map((stage) => ({
        ...stage,
        from: instruction(stage.from),
        instructions: stage.instructions.map(instruction),
        users: stage.users.map((user) => ({ ...user, instruction: instruction(user.instruction) })),
      })),
    },
  };
}

describe.skipIf(corpus.length === 0)('readInstructionWords against dockerfile-ast on the corpus', () => {
  it('reads the same keywords and words in every file but the documented ones', () => {
    expect(corpus.length).toBeGreaterThan(2000);
    const differing: Record<string, string[]> = {};
    for (const { path, text } of corpus) {
      const scan = scanDockerfile(text);
      if (scan.errors.some((e) => e.message === LINE_TOO_LONG)) continue;
      const found = differingInstructions(text, scan, readInstructionWordsWithDockerfileAst(text, scan), readInstructionWords(text, scan));
      if (found.length > 0) differing[path] = found;
    }
    expect(differing).toEqual(COMMENT_LINE_FILES);
  });

  it('reads the documented files as dockerfile-ast does once their comment lines are blanked', () => {
    for (const path of Object.keys(COMMENT_LINE_FILES)) {
      const { text } = corpus.find((file) => file.path === path)!;
      const scan = scanDockerfile(text);
      const oracle = readInstructionWordsWithDockerfileAst(asBuildKitReads(text, scan), scan);
      expect(differingInstructions(text, scan, oracle, readInstructionWords(text, scan))).toEqual([]);
    }
  });

  it('builds the same model: instructions, line ranges, stages, flags, heredocs and errors', () => {
    const differing: string[] = [];
    for (const file of corpus) {
      const before = parseWithOracle(file);
      const after = parseDockerfile(file);
      const lines = new LineIndex(file.text);
      const documentedLines = new Set((COMMENT_LINE_FILES[file.path] ?? []).map((entry) => Number(entry.split(':')[0])));
      const documented = (i: DockerInstruction) => documentedLines.has(lines.position(i.span.start).line);
      if (JSON.stringify(modelFacts(before, documented)) !== JSON.stringify(modelFacts(after, documented))) differing.push(file.path);
    }
    expect(differing).toEqual([]);
  });
});

/** Pieces spliced into corpus snippets: the corners where two word readers can part ways. */
const PIECES = [
  '\\', '`', '\\\\', '``', '\\$', '`$', '"', "'", ' ', '\t', '#', '=', '--', '$',
  '\\\n', '`\n', '\\ \n', '\\\t\n', ' \\\\ \\\n', 'C:\\\\\n', 'C:\\\\',
  '\n', '\r\n', '\r', '\n\n', '\n# c\n', '\n  # c \\\n', '\n# see C:\\x\n', '\\\n# c\n',
  '<<EOF', '<<-EOF', ' <<"EOT"', '\nEOF\n', '\n\tEOT\n', 'RUN ', 'FROM ', 'COPY ', 'ONBUILD ',
];

const snippet = fc
  .record({
    file: fc.nat(),
    line: fc.nat(),
    lines: fc.integer({ min: 1, max: 12 }),
    edits: fc.array(fc.tuple(fc.nat(), fc.constantFrom(...PIECES)), { maxLength: 6 }),
    crlf: fc.boolean(),
    backtick: fc.boolean(),
  })
  .map(({ file, line, lines, edits, crlf, backtick }) => {
    const all = corpus[file % corpus.length]!.text.split('\n');
    const from = line % all.length;
    let text = all.slice(from, from + lines).join('\n') + '\n';
    for (const [at, piece] of edits) {
      const k = at % (text.length + 1);
      text = text.slice(0, k) + piece + text.slice(k);
    }
    if (backtick) text = '# escape=`\n' + text.replace(/\\/g, '`');
    return crlf ? text.replace(/\r?\n/g, '\r\n') : text;
  });

describe.skipIf(corpus.length === 0)('readInstructionWords against dockerfile-ast: properties', () => {
  it('agrees on mutated corpus snippets except where the oracle file documents a difference', () => {
    fc.assert(
      fc.property(snippet, (text) => {
        expect(undocumentedDifferences(text)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });
});
