/** `docker-daemon:` in the config: validation, and its effect on CG006. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/policy/config.js';
import { allRules } from '../../src/rules/index.js';
import { lint, locations } from '../helpers.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function load(config: string) {
  const root = mkdtempSync(path.join(tmpdir(), 'cguard-daemon-'));
  made.push(root);
  mkdirSync(path.join(root, '.git'));
  writeFileSync(path.join(root, '.cguard.yaml'), config);
  return loadPolicy({ cwd: root, rules: allRules }).policy;
}

const COMPOSE = 'services:\n  web:\n    image: nginx:1.27\n';
const NAMED_JSON_FILE = 'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: json-file\n';
const NAMED_LOCAL = 'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: local\n';

describe('docker-daemon config', () => {
  it('reads log-driver and log-opts (numbers allowed, kept as strings)', () => {
    const policy = load('docker-daemon:\n  log-driver: JSON-File\n  log-opts:\n    max-size: "10m"\n    max-file: 3\n');
    expect(policy.dockerDaemon).toEqual({ logDriver: 'json-file', logOpts: { 'max-size': '10m', 'max-file': '3' } });
  });

  it.each([
    ['docker-daemon: local\n', ".cguard.yaml:1: key 'docker-daemon': expected a mapping with log-driver and log-opts, got 'local' — write it as a mapping (key: value)"],
    ['docker-daemon:\n  log-level: debug\n', ".cguard.yaml:2: key 'docker-daemon.log-level': unknown key — allowed keys: log-driver, log-opts"],
    ['docker-daemon:\n  log-driver: ""\n', /^\.cguard\.yaml:2: key 'docker-daemon\.log-driver': expected a non-empty string/],
    ['docker-daemon:\n  log-opts:\n    max-size: [1]\n', ".cguard.yaml:3: key 'docker-daemon.log-opts.max-size': expected a string — write the option as in daemon.json, such as max-size: \"10m\""],
  ])('rejects %j', (config, message) => {
    expect(() => load(config)).toThrow(message);
  });

  it('a rotated default driver quiets CG006 for Docker containers that name no driver', () => {
    const policy = load('docker-daemon:\n  log-driver: local\n');
    expect(locations(lint('compose', COMPOSE, { policy }), 'CG006')).toEqual([]);
    expect(locations(lint('compose', NAMED_JSON_FILE, { policy }), 'CG006')).toEqual(['5:15']);
  });

  it('json-file with max-size in the daemon log-opts quiets CG006 for containers on json-file', () => {
    const policy = load('docker-daemon:\n  log-driver: json-file\n  log-opts: {max-size: "10m", max-file: "3"}\n');
    expect(locations(lint('compose', COMPOSE, { policy }), 'CG006')).toEqual([]);
    expect(locations(lint('compose', NAMED_JSON_FILE, { policy }), 'CG006')).toEqual([]);
    expect(locations(lint('unit', '[Service]\nExecStart=/usr/bin/docker run --rm nginx:1.27\n', { policy }), 'CG006')).toEqual([]);
  });

  it('daemon log-opts for another driver do not apply to json-file', () => {
    const policy = load('docker-daemon:\n  log-driver: local\n  log-opts: {max-size: "10m"}\n');
    expect(locations(lint('compose', NAMED_JSON_FILE, { policy }), 'CG006')).toEqual(['5:15']);
    expect(locations(lint('compose', NAMED_LOCAL, { policy }), 'CG006')).toEqual([]);
  });

  it('without the config key, CG006 assumes json-file without rotation', () => {
    expect(locations(lint('compose', COMPOSE), 'CG006')).toEqual(['2:3']);
  });
});
