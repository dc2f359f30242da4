import { describe, expect, it } from 'vitest';
import { lint, locations } from '../helpers.js';

const compose = (...lines: string[]) => [...lines, ''].join('\n');

describe('CG403 container-name-scaled', () => {
  const valid: Array<[string, string]> = [
    ['container_name without replicas', compose('services:', '  web:', '    image: nginx:1.27', '    container_name: web')],
    ['replicas: 1', compose('services:', '  web:', '    image: nginx:1.27', '    container_name: web', '    deploy:', '      replicas: 1')],
    ['replicas without container_name', compose('services:', '  web:', '    image: nginx:1.27', '    deploy:', '      replicas: 3')],
  ];
  it.each(valid)('does not flag %s', (_name, text) => {
    expect(locations(lint('compose', text), 'CG403')).toEqual([]);
  });

  const invalid: Array<[string, string, string[]]> = [
    ['deploy.replicas', compose('services:', '  worker:', '    image: example/worker:2.1', '    container_name: worker', '    deploy:', '      replicas: 3'), ['4:21']],
    ['scale', compose('services:', '  worker:', '    image: example/worker:2.1', '    scale: 2', '    container_name: "worker"'), ['5:21']],
  ];
  it.each(invalid)('flags %s', (_name, text, expected) => {
    expect(locations(lint('compose', text), 'CG403')).toEqual(expected);
  });

  it('is an error with no fix', () => {
    const [finding] = lint('compose', compose('services:', '  w:', '    image: example/worker:2.1', '    container_name: w', '    scale: 2')).filter((f) => f.ruleId === 'CG403');
    expect(finding!.level).toBe('error');
    expect(finding!.fix).toBeUndefined();
  });
});
