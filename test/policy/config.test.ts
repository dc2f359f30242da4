import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceFromText } from '../../src/model/source.js';
import { parseCompose } from '../../src/parsers/compose.js';
import { rebaseGlobs } from '../../src/policy/config-globs.js';
import { ConfigError, findConfigFile, loadPolicy } from '../../src/policy/config.js';
import { containerView } from '../../src/policy/model-view.js';
import { settingFor } from '../../src/policy/policy.js';
import { allRules } from '../../src/rules/index.js';
import { defineRule, type Level, type Rule } from '../../src/rules/types.js';
import { lint } from '../helpers.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/config/', import.meta.url));

/** A fixed catalogue, so suggestions and levels do not move as real rules land. */
function rule(id: string, name: string, level: Level, strictOnly = false): Rule {
  return defineRule({
    id,
    name,
    level,
    strictOnly,
    securitySeverity: 5,
    tags: [],
    targets: ['container'],
    docs: { summary: name, what: name, why: name, example: { lang: 'yaml', code: '' }, useInstead: { lang: 'yaml', code: '' }, references: [] },
    check: () => [],
  });
}
const RULES = [
  rule('CG001', 'root-user', 'error'),
  rule('CG004', 'unpinned-image', 'warning'),
  rule('CG006', 'log-rotation', 'warning'),
  rule('CG101', 'privileged', 'error'),
  rule('CG109', 'resource-limits', 'warning'),
  rule('CG111', 'healthcheck', 'warning', true),
  rule('CG113', 'image-digest', 'note', true),
];

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway repository (it has `.git`) holding the given files. */
function repo(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'cguard-config-'));
  made.push(root);
  mkdirSync(path.join(root, '.git'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

function load(config: string, extra: Record<string, string> = {}) {
  const cwd = repo({ '.cguard.yaml': config, ...extra });
  return loadPolicy({ cwd, rules: RULES }).policy;
}

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

const levels = (policy: { rules: Map<string, { level: string }> }) => Object.fromEntries([...policy.rules].map(([id, s]) => [id, s.level]));

describe('loadPolicy without a config', () => {
  it('uses the recommended policy: default levels, strict-only rules off', () => {
    const cwd = repo({});
    const { policy, configFile } = loadPolicy({ cwd, rules: RULES });
    expect(configFile).toBeUndefined();
    expect(policy.name).toBe('recommended');
    expect(policy.strict).toBe(false);
    expect(levels(policy)).toEqual({ CG001: 'error', CG004: 'warning', CG006: 'warning', CG101: 'error', CG109: 'warning', CG111: 'off', CG113: 'off' });
    expect(policy).toMatchObject({ overrides: [], ignore: [], trustedRegistries: [], customRules: [], requireSuppressionReason: false });
    expect(policy.maxFileSize).toBeUndefined();
  });

  it('--policy strict turns on the strict-only rules and sets strict', () => {
    const { policy } = loadPolicy({ cwd: repo({}), rules: RULES, policy: 'strict' });
    expect(policy.name).toBe('strict');
    expect(policy.strict).toBe(true);
    expect(levels(policy)).toMatchObject({ CG111: 'warning', CG113: 'warning', CG001: 'error', CG004: 'error', CG101: 'error', CG109: 'error' });
  });

  it('--policy cis-docker carries the benchmark tags of the rules it knows', () => {
    const { policy } = loadPolicy({ cwd: repo({}), rules: RULES, policy: 'cis-docker' });
    expect(policy.name).toBe('cis-docker');
    expect(policy.strict).toBe(true);
    expect(Object.fromEntries(policy.ruleTags)).toEqual({
      CG001: ['cis-docker-4.1'],
      CG101: ['cis-docker-5.5'],
      CG109: ['cis-docker-5.11', 'cis-docker-5.12', 'cis-docker-5.29'],
      CG111: ['cis-docker-4.6', 'cis-docker-5.27'],
    });
  });

  it('an unknown --policy is a one-line error', () => {
    expect(errorOf(() => loadPolicy({ cwd: repo({}), rules: RULES, policy: 'strickt' }))).toBe("--policy 'strickt': unknown policy 'strickt' — did you mean 'strict'?");
    expect(errorOf(() => loadPolicy({ cwd: repo({}), rules: RULES, policy: 'paranoid' }))).toBe(
      "--policy 'paranoid': unknown policy 'paranoid' — use cis-docker, recommended, strict, or a path to a policy file ending in .yaml",
    );
    expect(errorOf(() => loadPolicy({ cwd: repo({}), rules: RULES, policy: 'nope.yaml' }))).toBe(
      "--policy 'nope.yaml': policy file 'nope.yaml' does not exist — check the path (relative to the working directory)",
    );
  });

  it('a missing --config file is an error', () => {
    expect(errorOf(() => loadPolicy({ cwd: repo({}), rules: RULES, configPath: 'ci/cguard.yaml' }))).toBe('ci/cguard.yaml: no such configuration file — check the --config path');
  });
});

describe('finding the config', () => {
  it('walks up from a subdirectory to the config', () => {
    const cwd = path.join(FIXTURES, 'project/services/api');
    expect(findConfigFile(cwd)).toBe(path.join(FIXTURES, 'project/.cguard.yaml'));
  });

  it('stops at the repository root', () => {
    const root = repo({ 'app/Dockerfile': 'FROM alpine:3.20\n' });
    writeFileSync(path.join(path.dirname(root), '.cguard.yaml'), 'rules: {CG004: off}\n');
    try {
      expect(findConfigFile(path.join(root, 'app'))).toBeUndefined();
    } finally {
      rmSync(path.join(path.dirname(root), '.cguard.yaml'));
    }
  });

  it('accepts .cguard.yml, and refuses both spellings side by side', () => {
    const yml = repo({ '.cguard.yml': 'rules: {CG004: off}\n' });
    expect(findConfigFile(yml)).toBe(path.join(yml, '.cguard.yml'));
    const both = repo({ '.cguard.yml': '', '.cguard.yaml': '' });
    expect(errorOf(() => findConfigFile(both))).toBe('.cguard.yaml: both .cguard.yaml and .cguard.yml exist in . — keep one of them');
  });

  it('an explicit --config wins over the search', () => {
    const cwd = repo({ '.cguard.yaml': 'rules: {CG004: off}\n', 'ci/strict.yaml': 'policy: strict\n' });
    const { policy, configFile } = loadPolicy({ cwd, rules: RULES, configPath: 'ci/strict.yaml' });
    expect(configFile).toBe(path.join(cwd, 'ci/strict.yaml'));
    expect(policy.name).toBe('strict');
    expect(policy.rules.get('CG004')?.level).toBe('error');
  });
});

describe('a full config (test/fixtures/config/project)', () => {
  const root = path.join(FIXTURES, 'project');

  it('resolves policy chain, rules, overrides, ignore, registries and the rest', () => {
    const { policy, configFile } = loadPolicy({ cwd: root, rules: RULES });
    expect(configFile).toBe(path.join(root, '.cguard.yaml'));
    expect(policy.name).toBe('policies/team.yaml');
    expect(policy.strict).toBe(true);
    expect(levels(policy)).toEqual({ CG001: 'error', CG004: 'error', CG006: 'off', CG101: 'error', CG109: 'note', CG111: 'error', CG113: 'warning' });
    expect(policy.rules.get('CG109')?.options).toEqual({ cpu: false, limits: ['memory', 'pids'] });
    expect(Object.fromEntries(policy.ruleTags)).toEqual({ CG001: ['org-baseline', 'team-baseline'] });
    expect(policy.trustedRegistries).toEqual(['ghcr.io', 'registry.example.com', 'localhost:5000']);
    expect(policy.ignore).toEqual(['policies/generated/**', 'test/fixtures/**', 'vendor', 'vendor/**']);
    expect(policy.requireSuppressionReason).toBe(true);
    expect(policy.maxFileSize).toBe(2 * 1024 * 1024);
    expect(policy.overrides.map((o) => o.files)).toEqual([
      ['deploy/**'],
      ['services/api/**', 'services/worker/compose.yaml', 'services/worker/compose.yaml/**'],
    ]);
  });

  it('applies overrides per path with settingFor (later overrides win)', () => {
    const { policy } = loadPolicy({ cwd: root, rules: RULES });
    const table: Array<[string, string, string]> = [
      ['CG001', 'compose.yaml', 'error'],
      ['CG001', 'deploy/compose.yaml', 'off'],
      ['CG001', 'deploy/prod/web.service', 'off'],
      ['CG004', 'compose.yaml', 'error'],
      ['CG004', 'services/api/compose.yaml', 'warning'],
      ['CG004', 'services/worker/compose.yaml', 'warning'],
      ['CG004', 'services/worker/Dockerfile', 'error'],
      ['CG006', 'deploy/compose.yaml', 'off'],
    ];
    for (const [id, file, level] of table) expect([id, file, settingFor(policy, id, file).level]).toEqual([id, file, level]);
  });

  it('rebases globs when run from a subdirectory, so they mean the same files', () => {
    const cwd = path.join(root, 'services/api');
    const { policy, configFile } = loadPolicy({ cwd, rules: RULES });
    expect(configFile).toBe(path.join(root, '.cguard.yaml'));
    expect(policy.ignore).toEqual(['../../policies/generated/**', '../../test/fixtures/**', '../../vendor', '../../vendor/**']);
    expect(settingFor(policy, 'CG004', 'compose.yaml').level).toBe('warning');
    expect(settingFor(policy, 'CG001', '../../deploy/compose.yaml').level).toBe('off');
    expect(settingFor(policy, 'CG001', 'compose.yaml').level).toBe('error');
  });

  it('compiles the custom rule and runs it over a container view', () => {
    const { policy } = loadPolicy({ cwd: root, rules: RULES });
    const [custom] = policy.customRules;
    expect(custom).toMatchObject({ id: 'ORG001', title: 'Images come from the internal registry', level: 'error', target: 'container' });
    const view = (image: string | null) => ({ image: image === null ? null : { ref: image, registry: image.split('/')[0] } });
    expect(custom!.test(view('docker.io/nginx'))).toBe(true);
    expect(custom!.message(view('docker.io/nginx'))).toBe('docker.io/nginx is not from registry.example.com');
    expect(custom!.test(view('registry.example.com/api'))).toBe(false);
    expect(custom!.test(view(null))).toBe(false);
  });
});

describe('policy files: extends', () => {
  it('a cycle is an error naming the chain', () => {
    expect(errorOf(() => loadPolicy({ cwd: path.join(FIXTURES, 'cycle'), rules: RULES }))).toBe(
      "b.yaml:2: key 'extends': the policy extends itself (a.yaml → b.yaml → a.yaml) — remove one of the extends",
    );
  });

  it('a policy that extends itself directly', () => {
    const message = errorOf(() => load('policy: self.yaml\n', { 'self.yaml': 'extends: self.yaml\n' }));
    expect(message).toBe("self.yaml:1: key 'extends': the policy extends itself (self.yaml → self.yaml) — remove one of the extends");
  });

  it('a config may not name a policy file outside its repository; --policy may', () => {
    const outer = mkdtempSync(path.join(tmpdir(), 'cguard-outer-'));
    made.push(outer);
    writeFileSync(path.join(outer, 'shared.yaml'), 'name: shared\nstrict: true\n');
    mkdirSync(path.join(outer, 'repo/.git'), { recursive: true });
    writeFileSync(path.join(outer, 'repo/.cguard.yaml'), 'policy: ../shared.yaml\n');
    const cwd = path.join(outer, 'repo');
    expect(errorOf(() => loadPolicy({ cwd, rules: RULES }))).toBe(
      ".cguard.yaml:1: key 'policy': policy file '../shared.yaml' is outside the repository — a config may only name policy files inside its repository; pass --policy to use one elsewhere",
    );
    expect(loadPolicy({ cwd, rules: RULES, policy: '../shared.yaml' }).policy.strict).toBe(true);
  });

  it('--policy overrides the config\'s policy, and the config\'s rules still apply', () => {
    const cwd = repo({ '.cguard.yaml': 'policy: recommended\nrules:\n  CG006: off\n' });
    const { policy } = loadPolicy({ cwd, rules: RULES, policy: 'strict' });
    expect(policy.name).toBe('strict');
    expect(levels(policy)).toMatchObject({ CG006: 'off', CG111: 'warning', CG113: 'warning' });
  });

  it('a policy file without strict inherits it; one with strict: false switches it off', () => {
    expect(load('policy: p.yaml\n', { 'p.yaml': 'extends: strict\n' }).strict).toBe(true);
    const relaxed = load('policy: p.yaml\n', { 'p.yaml': 'extends: strict\nstrict: false\n' });
    expect(relaxed.strict).toBe(false);
    // strict.yaml names CG111 and CG113 itself, so they stay on: the file's levels are decisions.
    expect(levels(relaxed)).toMatchObject({ CG111: 'warning', CG113: 'warning' });
  });

  it('user policy files must name real rules (built-in ones may run ahead)', () => {
    expect(errorOf(() => load('policy: p.yaml\n', { 'p.yaml': 'rules:\n  CG999: off\n' }))).toBe("p.yaml:2: key 'rules.CG999': no rule has this id or name — run 'cguard rules' to list the rules");
    expect(errorOf(() => load('policy: p.yaml\n', { 'p.yaml': 'tags:\n  CG01: [x]\n' }))).toBe("p.yaml:2: key 'tags.CG01': no rule has this id or name — did you mean CG001 (root-user)?");
  });
});

describe('rules: ids, names and settings', () => {
  it('accepts ids in any case and kebab-case names', () => {
    const policy = load('rules:\n  cg004: off\n  root-user: warning\n  CG101: note\n');
    expect(levels(policy)).toMatchObject({ CG004: 'off', CG001: 'warning', CG101: 'note' });
  });

  it('{level, options}: options are frozen plain data without a prototype; {options} alone keeps the level', () => {
    const policy = load('rules:\n  CG109: {level: error, options: {cpu: true}}\n  CG004: {options: {allow: [alpine]}}\n');
    const setting = policy.rules.get('CG109')!;
    expect(setting.level).toBe('error');
    expect(Object.getPrototypeOf(setting.options)).toBeNull();
    expect(Object.isFrozen(setting.options)).toBe(true);
    expect(policy.rules.get('CG004')).toEqual({ level: 'warning', options: { allow: ['alpine'] } });
  });
});

describe('empty values', () => {
  it('a key whose entries are all commented out is empty, not an error', () => {
    const policy = load('rules:\n#  CG006: off\nignore:\ntrusted-registries:\noverrides:\ncustom-rules:\n');
    expect(levels(policy)).toEqual(levels(loadPolicy({ cwd: repo({}), rules: RULES }).policy));
    expect(policy).toMatchObject({ ignore: [], trustedRegistries: [], overrides: [], customRules: [] });
  });

  it('an empty config file is the recommended policy', () => {
    expect(load('# nothing yet\n').name).toBe('recommended');
  });
});

describe('invalid configs: one line, file:line, key, what to do', () => {
  const cases: Array<[string, string, string]> = [
    ['unknown top-level key', 'polcy: strict\n', ".cguard.yaml:1: key 'polcy': unknown key — did you mean 'policy'?"],
    ['extends in a config', 'extends: strict\n', ".cguard.yaml:1: key 'extends': unknown key — a config builds on a policy with 'policy:' (policy files use 'extends')"],
    ['a far-off key', 'colour: red\n', ".cguard.yaml:1: key 'colour': unknown key — allowed keys: policy, rules, ignore, trusted-registries, custom-rules, overrides, require-suppression-reason, max-file-size, docker-daemon, pin"],
    ['not a mapping', '- CG001\n', '.cguard.yaml:1: the configuration must be a mapping of keys to values — see the example in the README'],
    ['YAML syntax', 'rules: [CG001\n', '.cguard.yaml:2: Flow sequence in block collection must be sufficiently indented and end with a ] — fix the YAML syntax'],
    ['duplicate key', 'rules:\n  CG004: off\n  CG004: error\n', ".cguard.yaml:3: key 'CG004': appears twice in the same mapping — keep one of them"],
    ['two documents', 'policy: strict\n---\npolicy: recommended\n', ".cguard.yaml:2: the file holds more than one YAML document — keep one (remove the '---' line)"],
    ['unknown policy name', 'policy: strct\n', ".cguard.yaml:1: key 'policy': unknown policy 'strct' — did you mean 'strict'?"],
    ['missing policy file', 'policy: policies/org.yaml\n', ".cguard.yaml:1: key 'policy': policy file 'policies/org.yaml' does not exist — check the path (relative to the file that names it)"],
    ['policy not a string', 'policy: [strict]\n', ".cguard.yaml:1: key 'policy': expected a non-empty string, got a list — write recommended, strict, cis-docker or a path to a policy file"],
    ['unknown rule id', 'rules:\n  CG04: off\n', ".cguard.yaml:2: key 'rules.CG04': no rule has this id or name — did you mean CG004 (unpinned-image)?"],
    ['unknown rule name', 'rules:\n  unpined-image: off\n', ".cguard.yaml:2: key 'rules.unpined-image': no rule has this id or name — did you mean CG004 (unpinned-image)?"],
    ['nothing close', 'rules:\n  no-such-thing: off\n', ".cguard.yaml:2: key 'rules.no-such-thing': no rule has this id or name — run 'cguard rules' to list the rules"],
    ['same rule twice', 'rules:\n  CG004: off\n  unpinned-image: error\n', ".cguard.yaml:3: key 'rules.unpinned-image': rule CG004 is set twice in this mapping (by id and by name) — keep one of them"],
    ['unknown level', 'rules:\n  CG004: warn\n', ".cguard.yaml:2: key 'rules.CG004': unknown level 'warn' — use off, note, warning or error, or {level, options}"],
    ['upper-case level', 'rules:\n  CG004: Error\n', ".cguard.yaml:2: key 'rules.CG004': unknown level 'Error' (levels are lower case: error) — use off, note, warning or error, or {level, options}"],
    ['boolean level', 'rules:\n  CG004: false\n', ".cguard.yaml:2: key 'rules.CG004': unknown level false — use off, note, warning or error, or {level, options}"],
    ['no level', 'rules:\n  CG004:\n', ".cguard.yaml:2: key 'rules.CG004': no level given — use off, note, warning or error, or {level, options}"],
    ['bad setting key', 'rules:\n  CG004: {level: error, option: {}}\n', ".cguard.yaml:2: key 'rules.CG004.option': unknown key — a rule setting has only 'level' and 'options'"],
    ['options not a mapping', 'rules:\n  CG004:\n    options: [a]\n', ".cguard.yaml:3: key 'rules.CG004.options': expected a mapping of option names to values — write options as key: value pairs"],
    ['rules not a mapping', 'rules: [CG001]\n', ".cguard.yaml:1: key 'rules': expected a mapping of rule ids or names to levels, got a list — write it as a mapping (key: value)"],
    ['ignore not strings', 'ignore: [1]\n', ".cguard.yaml:1: key 'ignore[0]': expected a non-empty string, got 1 — write a glob as a quoted string"],
    ['ignore a mapping', 'ignore: {a: 1}\n', ".cguard.yaml:1: key 'ignore': expected a glob or a list of them, got a mapping — write a list such as [\"a\", \"b\"]"],
    ['absolute glob', 'ignore: ["/etc/**"]\n', ".cguard.yaml:1: key 'ignore[0]': '/etc/**' is an absolute path — write a path pattern relative to this file's folder, such as 'test/fixtures/**'"],
    ['glob leaving the folder', 'ignore:\n  - ../other/**\n', ".cguard.yaml:2: key 'ignore[0]': '../other/**' leaves the folder of this file — write a path pattern relative to this file's folder, such as 'test/fixtures/**'"],
    ['negated glob', 'ignore: ["!keep/**"]\n', ".cguard.yaml:1: key 'ignore[0]': negated globs ('!keep/**') are not supported — list only what to match"],
    ['registry URL', 'trusted-registries: ["https://registry.example.com"]\n', ".cguard.yaml:1: key 'trusted-registries[0]': 'https://registry.example.com' is not a registry host — write the host name only, such as registry.example.com or registry.example.com:5000"],
    ['registry port', 'trusted-registries: ["registry.example.com:99999"]\n', ".cguard.yaml:1: key 'trusted-registries[0]': 'registry.example.com:99999' has a port above 65535 — fix the port"],
    ['suppression reason not boolean', 'require-suppression-reason: yes\n', ".cguard.yaml:1: key 'require-suppression-reason': expected true or false, got 'yes' — write true or false"],
    ['bad size', 'max-file-size: 5 parsecs\n', ".cguard.yaml:1: key 'max-file-size': '5 parsecs' is not a size — write a size such as 5MB, 800KB or 1048576 (bytes)"],
    ['zero size', 'max-file-size: 0\n', ".cguard.yaml:1: key 'max-file-size': the size must be between 1 byte and 1GB (got 0) — write a size such as 5MB, 800KB or 1048576 (bytes)"],
    ['override without files', 'overrides:\n  - rules: {CG004: off}\n', ".cguard.yaml:2: key 'overrides[0].files': missing — name the files this override is for, such as files: \"deploy/**\""],
    ['override without rules', 'overrides:\n  - files: deploy/**\n', ".cguard.yaml:2: key 'overrides[0].rules': missing — give the rule levels for these files, such as rules: {CG006: off}"],
    ['override unknown key', 'overrides:\n  - files: deploy/**\n    rule: {CG004: off}\n', ".cguard.yaml:3: key 'overrides[0].rule': unknown key in an override — an override has only 'files' and 'rules'"],
    ['override files not globs', 'overrides:\n  - files: {deploy: true}\n    rules: {CG004: off}\n', ".cguard.yaml:2: key 'overrides[0].files': expected a glob or a list of them, got a mapping — write a list such as [\"a\", \"b\"]"],
    ['override unknown rule', 'overrides:\n  - files: deploy/**\n    rules:\n      CG0O4: off\n', ".cguard.yaml:4: key 'overrides[0].rules.CG0O4': no rule has this id or name — did you mean CG004 (unpinned-image)?"],
    ['overrides not a list', 'overrides: {files: a}\n', ".cguard.yaml:1: key 'overrides': expected a list of {files, rules} entries, got a mapping — write it as a list: [a, b] or one \"- item\" per line"],
    ['reserved key', 'rules:\n  __proto__: off\n', ".cguard.yaml:2: key 'rules.__proto__': this key name is reserved — remove it"],
    ['reserved key in options', 'rules:\n  CG004:\n    options: {"constructor": {x: 1}}\n', ".cguard.yaml:3: key 'rules.CG004.options.constructor': this key name is reserved — remove it"],
    ['override with an empty file list', 'overrides:\n  - files: []\n    rules: {CG004: off}\n', ".cguard.yaml:2: key 'overrides[0].files': the list of globs is empty — name the files this override is for"],
    ['a key with a line break', 'rules:\n  "CG\\n001": off\n', ".cguard.yaml:2: key 'rules.CG 001': no rule has this id or name — did you mean CG001 (root-user)?"],
    ['alias to nothing', 'rules: *missing\n', ".cguard.yaml:1: key 'rules': the alias *missing names no anchor — define the anchor before using it"],
  ];
  it.each(cases)('%s', (_name, config, message) => {
    expect(errorOf(() => load(config))).toBe(message);
  });

  it('a config nested thousands of levels deep is refused before it is parsed', () => {
    const config = `rules:\n  CG004:\n    options: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`;
    expect(errorOf(() => load(config))).toBe(".cguard.yaml:3: nested more than 200 levels deep — a config needs a few levels; fix the YAML");
  });

  it('an alias bomb stops at the value budget instead of expanding', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 8; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const config = `rules:\n  CG004:\n    level: off\n    options:\n${lines.map((l) => `      ${l}`).join('\n')}\n`;
    expect(errorOf(() => load(config))).toMatch(/^\.cguard\.yaml:\d+: key 'rules\.CG004\.options\.a\d[\d[\]]*': the file expands to too many values \(YAML aliases\?\) — write the values out$/);
  });
});

describe('custom rules', () => {
  const base = { id: 'ORG001', title: 'Internal registry', level: 'error', target: 'container', when: "image.registry !== 'registry.example.com'", message: '{{image.ref}} is external' };
  function customConfig(fields: Record<string, string | undefined>): string {
    const rows = Object.entries({ ...base, ...fields }).filter(([, v]) => v !== undefined);
    return `custom-rules:\n${rows.map(([k, v], i) => `${i === 0 ? '  - ' : '    '}${k}: ${JSON.stringify(v)}`).join('\n')}\n`;
  }

  const cases: Array<[string, Record<string, string | undefined>, string]> = [
    ['missing id', { id: undefined }, ".cguard.yaml:2: key 'custom-rules[0].id': missing — give the rule an id such as ORG001"],
    ['missing title', { title: undefined }, ".cguard.yaml:2: key 'custom-rules[0].title': missing — describe the rule in one line"],
    ['missing level', { level: undefined }, ".cguard.yaml:2: key 'custom-rules[0].level': missing — give a level: note, warning or error"],
    ['missing target', { target: undefined }, ".cguard.yaml:2: key 'custom-rules[0].target': missing — give a target: container, dockerfile or unit"],
    ['missing when', { when: undefined }, ".cguard.yaml:2: key 'custom-rules[0].when': missing — give the condition, such as when: \"image.registry !== 'registry.example.com'\""],
    ['missing message', { message: undefined }, ".cguard.yaml:2: key 'custom-rules[0].message': missing — give the message shown for each finding"],
    ['CG prefix', { id: 'CG900' }, ".cguard.yaml:2: key 'custom-rules[0].id': 'CG900' starts with CG, which is reserved for built-in rules — use your own prefix, such as ORG001"],
    ['built-in name', { id: 'root-user' }, ".cguard.yaml:2: key 'custom-rules[0].id': 'root-user' is the name of built-in rule CG001 — choose another id"],
    ['bad id', { id: 'ORG 1' }, ".cguard.yaml:2: key 'custom-rules[0].id': 'ORG 1' is not a valid rule id — use letters, digits, - and _, starting with a letter, such as ORG001"],
    ['level off', { level: 'off' }, ".cguard.yaml:4: key 'custom-rules[0].level': unknown level 'off' — use note, warning or error"],
    ['bad target', { target: 'compose' }, ".cguard.yaml:5: key 'custom-rules[0].target': unknown target 'compose' — use container, dockerfile or unit"],
    [
      'unknown field in when',
      { when: "image.regstry !== 'x'" },
      ".cguard.yaml:6: key 'custom-rules[0].when': unknown field `image.regstry`; did you mean `image.registry`? (column 7) — see the container fields and the allowed syntax in docs/policy-fields.md",
    ],
    [
      'unknown field in message',
      { message: '{{image.reff}} is external' },
      ".cguard.yaml:7: key 'custom-rules[0].message': unknown field `image.reff`; did you mean `image.ref`? — use {{field}} placeholders with container fields from docs/policy-fields.md",
    ],
  ];
  it.each(cases)('%s', (_name, fields, message) => {
    expect(errorOf(() => load(customConfig(fields)))).toBe(message);
  });

  it('an unknown key in a custom rule', () => {
    expect(errorOf(() => load(customConfig({ severity: 'high' })))).toBe(
      ".cguard.yaml:8: key 'custom-rules[0].severity': unknown key in a custom rule — a custom rule has id, title, level, target, when, message",
    );
  });

  it('duplicate ids (any case) are refused', () => {
    const config = customConfig({}) + customConfig({ id: 'org001' }).replace('custom-rules:\n', '');
    expect(errorOf(() => load(config))).toBe(".cguard.yaml:8: key 'custom-rules[1].id': the id org001 is already used by the custom rule on line 2 — give each custom rule its own id");
  });

  it('custom ids cannot be set under rules: (the scan reports them at their own level)', () => {
    expect(errorOf(() => load(`${customConfig({})}rules:\n  org001: off\n`))).toBe(".cguard.yaml:9: key 'rules.org001': ORG001 is a custom rule — set its level in its 'custom-rules' entry");
  });

  // What a hostile pull request might put in `when:`; each must be refused when the config loads.
  const hostile = [
    "constructor.constructor('return process')()",
    'this.process',
    'globalThis',
    "require('fs')",
    "image = {registry: 'x'}",
    'image.__proto__',
    "image['__proto__'].polluted",
    'capAdd.map(c => c.constructor)',
    'new Function("return 1")',
    "import('fs')",
    'process.exit(1)',
    '(() => 1)()',
  ];
  it.each(hostile)('refuses the hostile expression %s', (when) => {
    const message = errorOf(() => load(customConfig({ when })));
    expect(message).toMatch(/^\.cguard\.yaml:6: key 'custom-rules\[0\]\.when': [^\n]+ \(column \d+\) — see the container fields and the allowed syntax in docs\/policy-fields\.md$/);
  });

  it('names the column inside the expression', () => {
    expect(errorOf(() => load(customConfig({ when: 'capDrop.length === 0 || this.x' })))).toBe(
      ".cguard.yaml:6: key 'custom-rules[0].when': `this` is not allowed (column 25) — see the container fields and the allowed syntax in docs/policy-fields.md",
    );
  });

  it('an expression that runs out of budget does not fire and does not throw', () => {
    const when = 'capAdd.some(a => capAdd.some(b => capAdd.some(c => capAdd.some(d => a + b + c + d === "never"))))';
    const policy = load(customConfig({ when }));
    const caps = Array.from({ length: 40 }, (_, i) => `CAP_${i}`);
    expect(policy.customRules[0]!.test({ capAdd: caps })).toBe(false);
  });

  it('reports through the scan pipeline at its own level', () => {
    const cwd = repo({ '.cguard.yaml': customConfig({}) });
    const { policy } = loadPolicy({ cwd, rules: allRules });
    const findings = lint('compose', 'services:\n  web:\n    image: docker.io/library/nginx:1.27\n  api:\n    image: registry.example.com/api:2\n', { policy });
    expect(findings.filter((f) => f.ruleId === 'ORG001').map((f) => [f.level, f.message])).toEqual([['error', 'docker.io/library/nginx:1.27 is external']]);
  });

  it('runs on a real container view', () => {
    const policy = load(customConfig({ when: "capDrop.length === 0 && !readOnly", message: '{{name}} keeps every capability' }));
    const rule = policy.customRules[0]!;
    const source = sourceFromText('compose.yaml', 'compose', 'services:\n  web:\n    image: nginx:1.27\n');
    const view = containerView(parseCompose(source).model!.services[0]!.container);
    expect(rule.test(view)).toBe(true);
    expect(rule.message(view)).toBe('web keeps every capability');
  });
});

describe('no prototype pollution from YAML', () => {
  it.each([
    ['a top-level __proto__', '__proto__: {polluted: 1}\n'],
    ['a quoted __proto__ in options', 'rules:\n  CG004:\n    options: {"__proto__": {polluted: 1}}\n'],
    ['__proto__ deep in options', 'rules:\n  CG004:\n    options:\n      a: [{b: {__proto__: {polluted: 1}}}]\n'],
    ['__proto__ as a rule id in an override', 'overrides:\n  - files: a\n    rules: {__proto__: {polluted: 1}}\n'],
  ])('%s is refused and Object.prototype stays clean', (_name, config) => {
    expect(errorOf(() => load(config))).toMatch(/key '[^']*__proto__': this key name is reserved — remove it$/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('rebaseGlobs', () => {
  const cases: Array<[string, string, string, string[]]> = [
    ['same folder', '/r', '/r', ['test/**', 'vendor', 'vendor/**']],
    ['config in a subfolder of cwd', '/r/app', '/r', ['app/test/**', 'app/vendor', 'app/vendor/**']],
    ['cwd below the config', '/r', '/r/app', ['../test/**', '../vendor', '../vendor/**']],
    ['config beside cwd', '/r/a', '/r/b', ['../a/test/**', '../a/vendor', '../a/vendor/**']],
  ];
  it.each(cases)('%s', (_name, base, cwd, expected) => {
    expect(rebaseGlobs(['test/**', 'vendor'], base, cwd)).toEqual(expected);
  });

  it('strips the folders between the config and cwd from globs that reach into cwd', () => {
    expect(rebaseGlobs(['app/fixtures/**', '**/generated/**', 'a*/x'], '/r', '/r/app')).toEqual([
      'fixtures/**',
      '../app/fixtures/**',
      // `**` also matches no folder at all, so this one needs no stripped twin.
      '**/generated/**',
      '../**/generated/**',
      'x',
      '../a*/x',
      'x/**',
      '../a*/x/**',
    ]);
  });

  it('splits brace groups that hold a slash before matching folders', () => {
    expect(rebaseGlobs(['{app/fixtures,docs}/**'], '/r', '/r/app')).toEqual(['fixtures/**', '../app/fixtures/**', '../docs/**']);
  });
});
