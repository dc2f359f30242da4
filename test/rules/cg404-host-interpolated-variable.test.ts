import { describe, expect, it } from 'vitest';
import { fixed, lint, locations } from '../helpers.js';

const compose = (...lines: string[]) => [...lines, ''].join('\n');
const db = (...rest: string[]) => compose('services:', '  db:', '    image: postgres:17', '    environment:', '      POSTGRES_USER: app', ...rest);

describe('CG404 host-interpolated-variable', () => {
  const valid: Array<[string, string]> = [
    ['$$VAR', db('    healthcheck:', '      test: ["CMD-SHELL", "pg_isready -U $$POSTGRES_USER"]')],
    ['a variable passed through from the host', compose('services:', '  db:', '    image: postgres:17', '    environment:', '      POSTGRES_USER: ${POSTGRES_USER}', '    healthcheck:', '      test: ["CMD-SHELL", "pg_isready -U $POSTGRES_USER"]')],
    ['a variable the service does not set', db('    healthcheck:', '      test: ["CMD-SHELL", "pg_isready -U $PGUSER"]')],
    ['exec-form CMD (no shell)', db('    healthcheck:', '      test: ["CMD", "pg_isready", "-U", "${POSTGRES_USER}"]')],
    ['a string command is not run by a shell', db('    command: postgres -c log_min_messages=$POSTGRES_USER')],
    ['a list environment passing a host value', compose('services:', '  db:', '    image: postgres:17', '    environment:', '      - POSTGRES_USER', '    command: ["sh", "-c", "echo $POSTGRES_USER"]')],
  ];
  it.each(valid)('does not flag %s', (_name, text) => {
    expect(locations(lint('compose', text), 'CG404')).toEqual([]);
  });

  const invalid: Array<[string, string, string[]]> = [
    ['CMD-SHELL', db('    healthcheck:', '      test: ["CMD-SHELL", "pg_isready -U $POSTGRES_USER"]'), ['7:42']],
    ['a string test', db('    healthcheck:', '      test: pg_isready -U ${POSTGRES_USER}'), ['7:27']],
    ['sh -c in command', db('    command: ["sh", "-c", "exec postgres -U $POSTGRES_USER"]'), ['6:45']],
    ['a sh -c command string', db("    command: sh -c 'echo $POSTGRES_USER && exec postgres'"), ['6:26']],
    ['list-form environment', compose('services:', '  db:', '    image: postgres:17', '    environment:', '      - POSTGRES_USER=app', '    healthcheck:', '      test: pg_isready -U $POSTGRES_USER'), ['7:27']],
  ];
  it.each(invalid)('flags %s', (_name, text, expected) => {
    expect(locations(lint('compose', text), 'CG404')).toEqual(expected);
  });

  it('explains where the value comes from', () => {
    const [finding] = lint('compose', db('    healthcheck:', '      test: pg_isready -U $POSTGRES_USER')).filter((f) => f.ruleId === 'CG404');
    expect(finding!.message).toContain("the host's POSTGRES_USER");
    expect(finding!.message).toContain('POSTGRES_USER=app');
  });

  it('fix (unsafe): $ becomes $$', () => {
    const text = db('    healthcheck:', '      test: ["CMD-SHELL", "pg_isready -U ${POSTGRES_USER}"]');
    expect(lint('compose', text).find((f) => f.ruleId === 'CG404')!.fix!.safety).toBe('unsafe');
    expect(fixed('compose', text, 'CG404')).toBe(db('    healthcheck:', '      test: ["CMD-SHELL", "pg_isready -U $${POSTGRES_USER}"]'));
  });
});
