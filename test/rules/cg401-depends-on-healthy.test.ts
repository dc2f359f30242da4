import { describe, expect, it } from 'vitest';
import { lint, locations } from '../helpers.js';

const compose = (...lines: string[]) => [...lines, ''].join('\n');
const DB = ['  db:', '    image: postgres:17', '    healthcheck:', '      test: ["CMD", "pg_isready", "-U", "postgres"]'];

describe('CG401 depends-on-healthy', () => {
  const valid: Array<[string, string]> = [
    ['condition: service_healthy', compose('services:', '  app:', '    image: example/app:1.4', '    depends_on:', '      db:', '        condition: service_healthy', ...DB)],
    ['an explicit condition: service_started', compose('services:', '  app:', '    image: example/app:1.4', '    depends_on:', '      db:', '        condition: service_started', ...DB)],
    ['a dependency without a health check', compose('services:', '  app:', '    image: example/app:1.4', '    depends_on: [cache]', '  cache:', '    image: redis:7.4')],
    ['a disabled health check', compose('services:', '  app:', '    image: example/app:1.4', '    depends_on: [db]', '  db:', '    image: postgres:17', '    healthcheck:', '      disable: true')],
    ['a dependency that is not defined here', compose('services:', '  app:', '    image: example/app:1.4', '    depends_on: [db]')],
  ];
  it.each(valid)('does not flag %s', (_name, text) => {
    expect(locations(lint('compose', text), 'CG401')).toEqual([]);
  });

  const invalid: Array<[string, string, string[]]> = [
    ['the short list syntax', compose('services:', '  app:', '    image: example/app:1.4', '    depends_on:', '      - db', ...DB), ['5:9']],
    ['the flow list syntax', compose('services:', '  app:', '    image: example/app:1.4', '    depends_on: [db]', ...DB), ['4:18']],
    ['the long syntax without condition', compose('services:', '  app:', '    image: example/app:1.4', '    depends_on:', '      db:', '        restart: true', ...DB), ['5:7']],
  ];
  it.each(invalid)('flags %s', (_name, text, expected) => {
    expect(locations(lint('compose', text), 'CG401')).toEqual(expected);
  });

  it('names both services, and has no fix', () => {
    const [finding] = lint('compose', compose('services:', '  app:', '    image: example/app:1.4', '    depends_on: [db]', ...DB)).filter((f) => f.ruleId === 'CG401');
    expect(finding!.message).toContain("app starts as soon as db's container starts");
    expect(finding!.message).toContain('condition: service_healthy');
    expect(finding!.fix).toBeUndefined();
  });
});
