/**
 * A fix is offered only where an edit can be made: a compose service that the editor cannot
 * touch (flow style, shared by an alias or a merge key) gets findings without fixes, from the
 * rules whose fixes are computed lazily as from the others, so the text report does not mark
 * them `[unsafe fix]` and the summary does not count them as fixable.
 */
import { describe, expect, it } from 'vitest';
import { formatText } from '../../src/report/text.js';
import { lint } from '../helpers.js';

const CONTAINER_RULES = ['CG001', 'CG002', 'CG003', 'CG006', 'CG102'];

describe('fixes offered for compose services', () => {
  it.each([
    ['a flow-style service', 'services:\n  web: {image: nginx:1.27}\n'],
    ['a service that a merge key brings into services', 'x-services: &services\n  web:\n    image: nginx:1.27\nservices:\n  <<: *services\n'],
    ['a service that an alias reuses', 'services:\n  web: &web\n    image: nginx:1.27\n  copy: *web\n'],
  ])('none for %s', (_name, code) => {
    const findings = lint('compose', code).filter((f) => CONTAINER_RULES.includes(f.ruleId));
    expect(new Set(findings.map((f) => f.ruleId))).toEqual(new Set(CONTAINER_RULES));
    expect(findings.filter((f) => f.fix).map((f) => f.ruleId)).toEqual([]);
    const text = formatText(findings, { color: false, filesScanned: 1 });
    expect(text).not.toMatch(/\[\*\]|\[unsafe fix\]|fixable/);
  });

  it('one, with its edits, for the same service in block style', () => {
    const findings = lint('compose', 'services:\n  web:\n    image: nginx:1.27\n').filter((f) => CONTAINER_RULES.includes(f.ruleId));
    for (const f of findings) expect(f.fix?.edits.length, f.ruleId).toBeGreaterThan(0);
  });
});
