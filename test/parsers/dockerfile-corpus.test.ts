import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LineIndex, sourceFromText } from '../../src/model/source.js';
import { parseDockerfile } from '../../src/parsers/dockerfile.js';

const root = join(fileURLToPath(new URL('../../../shared/corpus', import.meta.url)), 'dockerfile');

/**
 * Every corpus file that produces an error, with the error, each confirmed broken by reading it.
 * A new entry means the parser started refusing something real: check the file before adding it.
 */
const KNOWN_BROKEN: Record<string, string[]> = {
  // A docker/compose e2e fixture that is meant not to build: line 17 reads `WRONG DOCKERFILE`.
  'docker__compose/pkg/e2e/fixtures/wrong-composefile/service1/Dockerfile': ['17: unknown instruction: WRONG'],
};

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe.skipIf(!existsSync(root))('parseDockerfile on the corpus of real Dockerfiles', () => {
  // Parsed once, checked twice.
  const parsed = (existsSync(root) ? walk(root).sort() : []).map((path) => {
    const file = sourceFromText(relative(root, path), 'dockerfile', readFileSync(path, 'utf8'));
    return { file, result: parseDockerfile(file) };
  });

  it('parses every file without throwing; only the known broken ones have errors', () => {
    expect(parsed.length).toBeGreaterThan(2000);
    const broken: Record<string, string[]> = {};
    for (const { file, result } of parsed) {
      if (result.errors.length === 0) continue;
      const lines = new LineIndex(file.text);
      broken[file.path] = result.errors.map((e) => `${lines.position(e.span.start).line}: ${e.message}`);
    }
    expect(broken).toEqual(KNOWN_BROKEN);
  });

  it('gives every file well-formed spans: in order, inside the text, keywords where they are written', () => {
    const problems: string[] = [];
    for (const { file, result } of parsed) {
      const model = result.model;
      if (!model) {
        problems.push(`${file.path}: no model`);
        continue;
      }
      let previousEnd = 0;
      for (const instruction of model.instructions) {
        const { span, keywordSpan, argsSpan } = instruction;
        const ordered =
          previousEnd <= span.start &&
          span.start === keywordSpan.start &&
          keywordSpan.end <= argsSpan.start &&
          argsSpan.end <= span.end &&
          span.end <= file.text.length;
        const keyword = file.text.slice(keywordSpan.start, keywordSpan.end).toUpperCase();
        const argsInside = instruction.args.every((a) => a.span.start >= argsSpan.start && a.span.end <= argsSpan.end);
        if (!ordered || keyword !== instruction.keyword || !argsInside) problems.push(`${file.path}: ${instruction.keyword} at ${span.start}`);
        previousEnd = span.end;
      }
      const froms = model.instructions.filter((i) => i.keyword === 'FROM').length;
      if (froms !== model.stages.length) problems.push(`${file.path}: ${froms} FROM, ${model.stages.length} stages`);
    }
    expect(problems).toEqual([]);
  });
});
