import { describe, expect, it } from 'vitest';
import { fixed, lint, locations } from '../helpers.js';

const compose = (...lines: string[]) => [...lines, ''].join('\n');

describe('CG402 obsolete-version', () => {
  it('does not flag a file without version:', () => {
    expect(locations(lint('compose', compose('services:', '  web:', '    image: nginx:1.27')), 'CG402')).toEqual([]);
  });
  it('does not flag a service key named version', () => {
    expect(locations(lint('compose', compose('services:', '  version:', '    image: nginx:1.27')), 'CG402')).toEqual([]);
  });

  const invalid: Array<[string, string, string[]]> = [
    ['a quoted version', compose('version: "3.8"', 'services:', '  web:', '    image: nginx:1.27'), ['1:1']],
    ['a version after services', compose('services:', '  web:', '    image: nginx:1.27', "version: '2.4'"), ['4:1']],
  ];
  it.each(invalid)('flags %s', (_name, text, expected) => {
    expect(locations(lint('compose', text), 'CG402')).toEqual(expected);
  });

  describe('fix (safe): delete the line', () => {
    it('at the top', () => {
      expect(fixed('compose', compose('version: "3.8"', 'services:', '  web:', '    image: nginx:1.27'), 'CG402')).toBe(compose('services:', '  web:', '    image: nginx:1.27'));
    });
    it('with a comment after it', () => {
      expect(fixed('compose', compose('# app', "version: '3' # old", 'services:', '  web:', '    image: nginx:1.27'), 'CG402')).toBe(compose('# app', 'services:', '  web:', '    image: nginx:1.27'));
    });
    it('keeps CRLF line ends', () => {
      const text = 'version: "3"\r\nservices:\r\n  web:\r\n    image: nginx:1.27\r\n';
      expect(fixed('compose', text, 'CG402')).toBe('services:\r\n  web:\r\n    image: nginx:1.27\r\n');
    });
  });
});
