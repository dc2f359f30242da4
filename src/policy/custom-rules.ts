/** Running the user's `custom-rules:` over the targets of one file. */
import type { Span } from '../model/source.js';
import type { Level, Target } from '../rules/types.js';
import { containerView, dockerfileView, unitView } from './model-view.js';
import type { ResolvedPolicy } from './policy.js';

export interface CustomFinding {
  id: string;
  name: string;
  level: Level;
  message: string;
  span: Span;
}

export function customRuleFindings(targets: readonly Target[], policy: ResolvedPolicy): CustomFinding[] {
  if (policy.customRules.length === 0) return [];
  const findings: CustomFinding[] = [];
  for (const target of targets) {
    const rules = policy.customRules.filter((r) => r.target === target.kind);
    if (rules.length === 0) continue;
    const subject = viewOf(target);
    if (!subject) continue;
    for (const rule of rules) {
      if (rule.test(subject.view)) {
        findings.push({ id: rule.id, name: rule.id, level: rule.level, message: rule.message(subject.view), span: subject.span });
      }
    }
  }
  return findings;
}

function viewOf(target: Target): { view: unknown; span: Span } | undefined {
  switch (target.kind) {
    case 'container':
      return { view: containerView(target.container), span: target.container.span };
    case 'dockerfile': {
      const stages = target.dockerfile.stages;
      const last = stages[stages.length - 1];
      if (!last) return undefined;
      return { view: dockerfileView(target.dockerfile), span: last.from.span };
    }
    case 'unit': {
      const first = target.unit.sections[0];
      if (!first) return undefined;
      return { view: unitView(target.unit, target.containers), span: first.headerSpan };
    }
    default:
      return undefined;
  }
}
