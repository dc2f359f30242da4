/**
 * Every Quadlet `.container` file in the shared corpus (Podman's own e2e cases among them):
 * reading never throws; a file gets a parse error exactly when Podman's test marks it
 * `## assert-failed`, apart from the failures that need other files or a running Podman;
 * and every fix cguard offers gives a file that Quadlet still reads without new errors.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceFromText } from '../../src/model/source.js';
import { parseQuadlet } from '../../src/parsers/quadlet.js';
import { applyEdits, lint } from '../helpers.js';

const corpus = fileURLToPath(new URL('../../../shared/corpus/systemd', import.meta.url));

/** `## assert-failed` cases whose reason lies outside the file itself. */
const FAILS_ELSEWHERE: Record<string, string> = {
  'containers__podman/test/e2e/quadlet/dependent.error.container': 'depends on a unit Quadlet cannot translate',
  'containers__podman/test/e2e/quadlet/pod.non-quadlet.container': 'Pod= names a pod that is not a .pod unit',
  'containers__podman/test/e2e/quadlet/pod.not-found.container': 'Pod= names a .pod file that does not exist',
  'containers__podman/test/e2e/quadlet/mount-source-missing.container': 'Mount=type=image without source (mount syntax is not validated)',
};

const files = existsSync(corpus)
  ? execFileSync('find', [corpus, '-name', '*.container', '-type', 'f']).toString().trim().split('\n').filter(Boolean).sort()
  : [];

describe.skipIf(files.length === 0)('Quadlet corpus', () => {
  it('has the Quadlet files', () => expect(files.length).toBeGreaterThan(100));

  it.each(files.map((f) => relative(corpus, f)))('%s', (rel) => {
    const text = readFileSync(`${corpus}/${rel}`, 'utf8');
    const result = parseQuadlet(sourceFromText(rel, 'quadlet', text));
    const expectFailure = /^## assert-failed/m.test(text) && !(rel in FAILS_ELSEWHERE);
    expect(result.errors.length > 0, result.errors.map((e) => e.message).join('; ')).toBe(expectFailure);
    if (expectFailure) return;
    for (const finding of lint('quadlet', text, { path: rel })) {
      if (!finding.fix) continue;
      const after = applyEdits(text, finding.fix.edits);
      const again = parseQuadlet(sourceFromText(rel, 'quadlet', after));
      expect(again.errors, `${finding.ruleId} fix`).toEqual([]);
      expect(again.model!.containers).toHaveLength(1);
    }
  });
});
