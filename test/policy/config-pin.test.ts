/** `pin:` in the config: registry mirrors and plain-HTTP hosts for `cguard pin`, validated strictly. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/policy/config.js';
import { allRules } from '../../src/rules/index.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function load(config: string) {
  const root = mkdtempSync(path.join(tmpdir(), 'cguard-pin-config-'));
  made.push(root);
  mkdirSync(path.join(root, '.git'));
  writeFileSync(path.join(root, '.cguard.yaml'), config);
  return loadPolicy({ cwd: root, rules: allRules });
}

describe('pin config', () => {
  it('reads mirrors (an http:// mirror is plain HTTP) and plain-http hosts', () => {
    const { pin } = load('pin:\n  mirrors:\n    Docker.IO: mirror.example.com\n    index.docker.io: mirror.example.com\n    ghcr.io: http://10.0.0.5:5000/\n  plain-http: [registry.internal:5000]\n');
    expect({ ...pin!.mirrors }).toEqual({ 'docker.io': 'mirror.example.com', 'ghcr.io': '10.0.0.5:5000' });
    expect(pin!.plainHttp).toEqual(['10.0.0.5:5000', 'registry.internal:5000']);
  });

  it('is absent without the key', () => {
    expect(load('policy: strict\n').pin).toBeUndefined();
  });

  it.each([
    ['pin: yes\n', ".cguard.yaml:1: key 'pin': expected a mapping with mirrors and plain-http, got 'yes' — write it as a mapping (key: value)"],
    ['pin:\n  mirror: {}\n', ".cguard.yaml:2: key 'pin.mirror': unknown key — allowed keys: mirrors, plain-http"],
    ['pin:\n  mirrors:\n    docker.io: https://mirror.example.com/v2/\n', /^\.cguard\.yaml:3: key 'pin\.mirrors\.docker\.io': 'mirror\.example\.com\/v2' is not a registry host/],
    ['pin:\n  mirrors:\n    "not a host": mirror.example.com\n', /^\.cguard\.yaml:3: key 'pin\.mirrors\.not a host': 'not a host' is not a registry host/],
    ['pin:\n  mirrors:\n    docker.io: [a]\n', /^\.cguard\.yaml:3: key 'pin\.mirrors\.docker\.io': expected a non-empty string/],
    ['pin:\n  plain-http: ["http://x"]\n', /^\.cguard\.yaml:2: key 'pin\.plain-http\[0\]': 'http:\/\/x' is not a registry host/],
  ])('rejects %j', (config, message) => {
    expect(() => load(config)).toThrow(message);
  });
});
