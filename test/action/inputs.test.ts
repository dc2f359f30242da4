import { describe, expect, it } from 'vitest';
import { getInput, InputError, readInputs } from '../../src/action/inputs.js';

describe('readInputs', () => {
  it('uses the action.yml defaults when the runner passes nothing', () => {
    expect(readInputs({})).toEqual({
      paths: ['.'],
      config: undefined,
      policy: undefined,
      sarifFile: 'cguard.sarif',
      failOn: 'error',
      onlyChanged: 'auto',
      annotations: true,
    });
  });

  it('reads INPUT_ names upper-cased with their dashes kept', () => {
    const inputs = readInputs({
      INPUT_PATH: ' docker\n\n  deploy/units \n',
      INPUT_CONFIG: 'ci/.cguard.yaml',
      INPUT_POLICY: 'strict',
      'INPUT_SARIF-FILE': 'out/cguard.sarif',
      'INPUT_FAIL-ON': 'warning',
      'INPUT_ONLY-CHANGED': 'false',
      INPUT_ANNOTATIONS: 'FALSE',
    });
    expect(inputs).toEqual({
      paths: ['docker', 'deploy/units'],
      config: 'ci/.cguard.yaml',
      policy: 'strict',
      sarifFile: 'out/cguard.sarif',
      failOn: 'warning',
      onlyChanged: false,
      annotations: false,
    });
  });

  it('ignores the underscore spelling, which the runner never sets for dashed names', () => {
    expect(readInputs({ INPUT_FAIL_ON: 'never' }).failOn).toBe('error');
  });

  it.each([
    { value: 'auto', expected: 'auto' },
    { value: 'true', expected: true },
    { value: 'True', expected: true },
    { value: 'false', expected: false },
    { value: '', expected: 'auto' },
  ])('only-changed $value', ({ value, expected }) => {
    expect(readInputs({ 'INPUT_ONLY-CHANGED': value }).onlyChanged).toBe(expected);
  });

  it.each([
    { env: { 'INPUT_FAIL-ON': 'fatal' }, message: "input 'fail-on' must be one of error, warning, note, never (got 'fatal')" },
    { env: { 'INPUT_ONLY-CHANGED': 'yes' }, message: "input 'only-changed' must be true or false (got 'yes')" },
    { env: { INPUT_ANNOTATIONS: '1' }, message: "input 'annotations' must be true or false (got '1')" },
  ])('rejects $env', ({ env, message }) => {
    expect(() => readInputs(env)).toThrow(new InputError(message));
  });

  it('getInput trims and treats blank as missing', () => {
    expect(getInput({ 'INPUT_SARIF-FILE': '  a.sarif  ' }, 'sarif-file')).toBe('a.sarif');
    expect(getInput({ INPUT_CONFIG: '   ' }, 'config')).toBe('');
  });
});
