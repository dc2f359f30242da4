/**
 * Every user-facing error of the CLI, driven in process through `runCli`: the exact exit code;
 * stderr of one line per problem (`cguard: FILE-or-OPTION: what is wrong — what to do`); no
 * stack trace unless `--debug`; nothing on stdout that a SARIF or JSON consumer would read.
 * Unreadable files and folders are reported and the scan goes on.
 *
 * CI runs as root, where mode 000 stops nothing, so EACCES is simulated: node:fs is wrapped and
 * paths in `locked` fail as an unreadable file or folder would (test/hostile/hostile-tree.test.ts
 * covers the real chmod where it works). test/cli/*.test.ts has the usage errors it already
 * checks (`--bogus`, `--format xml`, an unknown command, `explain` without a rule, `--fail-on`
 * without a value, `--changed-since` with an unknown ref) and `-o` into a folder that does not
 * exist yet (created); they are not repeated here.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { allRules } from '../../src/rules/index.js';
import { hasGit, tempRepo } from '../action/git-repo.js';
import { cli, isRoot, type CliRun } from './helpers.js';

const locked = vi.hoisted(() => new Set<string>());
const crash = vi.hoisted(() => ({ message: '' }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const denied = (syscall: string, target: unknown): void => {
    if (typeof target === 'string' && locked.has(target)) {
      throw Object.assign(new Error(`EACCES: permission denied, ${syscall} '${target}'`), { code: 'EACCES', errno: -13, syscall, path: target });
    }
  };
  const wrapped = {
    openSync: ((file: string, ...rest: unknown[]) => (denied('open', file), (fs.openSync as (...a: unknown[]) => number)(file, ...rest))) as typeof fs.openSync,
    readFileSync: ((file: string, ...rest: unknown[]) => (denied('open', file), (fs.readFileSync as (...a: unknown[]) => unknown)(file, ...rest))) as typeof fs.readFileSync,
    readdirSync: ((dir: string, ...rest: unknown[]) => (denied('scandir', dir), (fs.readdirSync as (...a: unknown[]) => unknown)(dir, ...rest))) as typeof fs.readdirSync,
    accessSync: ((file: string, ...rest: unknown[]) => (denied('access', file), (fs.accessSync as (...a: unknown[]) => void)(file, ...rest))) as typeof fs.accessSync,
    writeFileSync: ((file: string, ...rest: unknown[]) => (denied('open', file), (fs.writeFileSync as (...a: unknown[]) => void)(file, ...rest))) as typeof fs.writeFileSync,
  };
  return { ...fs, ...wrapped, default: { ...fs, ...wrapped } };
});

// A crash outside the per-file guard of the scan: the text reporter throws when told to.
vi.mock('../../src/report/text.js', async (importOriginal) => {
  const text = await importOriginal<typeof import('../../src/report/text.js')>();
  return {
    ...text,
    TextReport: class extends text.TextReport {
      override finish(filesScanned: number): void {
        if (crash.message) throw new Error(crash.message);
        super.finish(filesScanned);
      }
    },
  };
});

afterEach(() => {
  locked.clear();
  crash.message = '';
  vi.restoreAllMocks();
});

const CLEAN_DOCKERFILE = 'FROM alpine:3.20\nUSER 1000\n';
const ROOT_DOCKERFILE = 'FROM alpine:3.20\n';

/** A project in a temporary folder (with `.git`, so the config search stops there); `x/` makes a folder. */
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string | Uint8Array> = {}): string {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'cguard-errors-')));
  made.push(root);
  mkdirSync(path.join(root, '.git'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    if (rel.endsWith('/')) {
      mkdirSync(abs, { recursive: true });
      continue;
    }
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return root;
}

/** The stderr lines, without the final newline. */
function stderrLines(run: CliRun): string[] {
  expect(run.stderr.endsWith('\n'), `stderr ends with a newline: ${JSON.stringify(run.stderr)}`).toBe(true);
  return run.stderr.slice(0, -1).split('\n');
}

/** A user error: exit 2, exactly these stderr lines, no stack, nothing on stdout. */
function expectUserError(run: CliRun, lines: Array<string | RegExp>): void {
  const expected = lines.map((line) => (typeof line === 'string' ? line : expect.stringMatching(line)));
  expect({ code: run.code, stdout: run.stdout, stderr: stderrLines(run) }).toEqual({ code: 2, stdout: '', stderr: expected });
  expect(run.stderr).not.toMatch(/^\s+at\s/m);
  // Bytes from a hostile file never reach the terminal.
  expect(run.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
}

interface ErrorCase {
  name: string;
  files?: Record<string, string | Uint8Array>;
  argv: string[];
  /** Absolute paths (from the project root) that fail with EACCES. */
  lock?: string[];
  /** The expected stderr lines; `ROOT` stands for the project's folder. */
  stderr: Array<string | RegExp>;
}

/** A YAML alias bomb inside a value cguard reads (rule options): ten levels of ten aliases each. */
const ALIAS_BOMB = [
  'rules:',
  '  CG001:',
  '    level: error',
  '    options:',
  '      l0: &l0 [x, x, x, x, x, x, x, x, x, x]',
  ...Array.from({ length: 9 }, (_, i) => `      l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(', ')}]`),
  '',
].join('\n');

const TODO_MERGE = 'merge-sarif takes the SARIF files of `cguard scan --format sarif`';
const TODO_OUTPUT = 'give -o/--output the path of a file in a folder you can write to';

const CASES: ErrorCase[] = [
  // The configuration.
  {
    name: 'a .cguard.yaml found upwards that is a folder',
    files: { '.cguard.yaml/': '', Dockerfile: CLEAN_DOCKERFILE },
    argv: ['scan'],
    stderr: ['cguard: .cguard.yaml: not a file — the configuration must be a YAML file; rename or remove this entry'],
  },
  {
    name: '--config naming a folder',
    files: { 'ci/': '', Dockerfile: CLEAN_DOCKERFILE },
    argv: ['scan', '--config', 'ci'],
    stderr: ['cguard: ci: not a file — --config takes the path of a .cguard.yaml file'],
  },
  {
    name: '--config naming a missing file',
    files: { Dockerfile: CLEAN_DOCKERFILE },
    argv: ['scan', '--config', 'ci/cguard.yaml'],
    stderr: ['cguard: ci/cguard.yaml: no such configuration file — check the --config path'],
  },
  {
    name: 'an unreadable .cguard.yaml found upwards (EACCES)',
    files: { '.cguard.yaml': 'rules: {CG001: off}\n', Dockerfile: CLEAN_DOCKERFILE },
    lock: ['.cguard.yaml'],
    argv: ['scan'],
    stderr: ['cguard: .cguard.yaml: cannot read the file (permission denied) — make it readable by the user running cguard'],
  },
  {
    name: 'an unreadable --config file (EACCES)',
    files: { 'ci/cguard.yaml': 'rules: {CG001: off}\n', Dockerfile: CLEAN_DOCKERFILE },
    lock: ['ci/cguard.yaml'],
    argv: ['rules', '--config', 'ci/cguard.yaml'],
    stderr: ['cguard: ci/cguard.yaml: cannot read the file (permission denied) — make it readable by the user running cguard'],
  },
  {
    name: 'a config that is a YAML alias bomb',
    files: { '.cguard.yaml': ALIAS_BOMB, Dockerfile: CLEAN_DOCKERFILE },
    argv: ['scan'],
    stderr: ["cguard: .cguard.yaml:6: key 'rules.CG001.options.l4[0][2][7][3]': the file expands to too many values (YAML aliases?) — write the values out"],
  },
  {
    name: 'a config of binary bytes and terminal escapes',
    files: { '.cguard.yaml': new Uint8Array([0x00, 0xff, 0xfe, 0x01, 0x0a, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x80]), Dockerfile: CLEAN_DOCKERFILE },
    argv: ['scan'],
    stderr: ['cguard: .cguard.yaml:1: the configuration must be a mapping of keys to values — see the example in the README'],
  },
  {
    name: 'a config whose value carries NUL and an escape sequence',
    files: { '.cguard.yaml': 'rules:\n  CG001: "\\x00\\e[31moff"\n', Dockerfile: CLEAN_DOCKERFILE },
    argv: ['scan'],
    stderr: ["cguard: .cguard.yaml:2: key 'rules.CG001': unknown level '??[31moff' — use off, note, warning or error, or {level, options}"],
  },
  {
    name: 'a config larger than 1 MB',
    files: { '.cguard.yaml': '# padding\n'.repeat(120_000), Dockerfile: CLEAN_DOCKERFILE },
    argv: ['scan'],
    stderr: ['cguard: .cguard.yaml: the file is larger than 1 MB — a cguard configuration is a few lines; check that this is the right file'],
  },
  {
    name: 'a config with broken YAML syntax',
    files: { '.cguard.yaml': 'rules: [CG001,\n  - {\n', Dockerfile: CLEAN_DOCKERFILE },
    argv: ['scan'],
    // The YAML library words the problem; cguard adds the file, the line and what to do.
    stderr: [/^cguard: \.cguard\.yaml:\d+: \S.* — fix the YAML syntax$/],
  },

  // -o / --output.
  {
    name: '-o naming a folder',
    files: { Dockerfile: CLEAN_DOCKERFILE, 'reports/': '' },
    argv: ['scan', '--format', 'sarif', '-o', 'reports'],
    stderr: [`cguard: reports: cannot write the output (it is a directory) — ${TODO_OUTPUT}`],
  },
  {
    name: '-o below a path that is a file',
    files: { Dockerfile: CLEAN_DOCKERFILE, reports: 'a file' },
    argv: ['scan', '--format', 'json', '--output', 'reports/cguard.json'],
    stderr: [`cguard: reports/cguard.json: cannot write the output (a folder on its path is a file) — ${TODO_OUTPUT}`],
  },
  {
    name: '-o naming an unwritable file (EACCES)',
    files: { Dockerfile: CLEAN_DOCKERFILE, 'cguard.sarif': 'the previous report\n' },
    lock: ['cguard.sarif'],
    argv: ['scan', '--format', 'sarif', '-o', 'cguard.sarif'],
    stderr: [`cguard: cguard.sarif: cannot write the output (permission denied) — ${TODO_OUTPUT}`],
  },
  {
    name: '`cguard baseline -o` naming a folder',
    files: { Dockerfile: ROOT_DOCKERFILE, 'baselines/': '' },
    argv: ['baseline', '-o', 'baselines'],
    stderr: [`cguard: baselines: cannot write the output (it is a directory) — ${TODO_OUTPUT}`],
  },

  // --baseline.
  {
    name: '--baseline naming a missing file',
    files: { Dockerfile: ROOT_DOCKERFILE },
    argv: ['scan', '--format', 'sarif', '--baseline', 'baseline.json'],
    stderr: ['cguard: ROOT/baseline.json: no such baseline file; create one with `cguard baseline`'],
  },
  {
    name: '--baseline naming a file that is not JSON',
    files: { Dockerfile: ROOT_DOCKERFILE, 'baseline.json': '{"version": 1, "findings": [' },
    argv: ['scan', '--baseline', 'baseline.json'],
    stderr: ['cguard: ROOT/baseline.json: not a cguard baseline (invalid JSON) — re-create it with `cguard baseline`'],
  },
  {
    name: '--baseline naming JSON that is not a baseline',
    files: { Dockerfile: ROOT_DOCKERFILE, 'baseline.json': '{"version": 1, "findings": [null]}' },
    argv: ['scan', '--baseline', 'baseline.json'],
    stderr: ['cguard: ROOT/baseline.json: not a cguard baseline (expected {"version": 1, "findings": [...]}) — re-create it with `cguard baseline`'],
  },
  {
    name: '--baseline naming a folder',
    files: { Dockerfile: ROOT_DOCKERFILE, 'baseline/': '' },
    argv: ['scan', '--baseline', 'baseline'],
    stderr: ['cguard: ROOT/baseline: cannot read the baseline (it is a directory) — check the --baseline path'],
  },

  // Path arguments.
  {
    name: 'a path argument that does not exist',
    files: { Dockerfile: ROOT_DOCKERFILE },
    argv: ['scan', '--format', 'sarif', 'Dockerfile', 'deploy'],
    stderr: ['cguard: deploy: no such file or directory — check the path (scan takes existing files and folders)'],
  },
  {
    name: 'two path arguments that do not exist: one line each',
    files: { Dockerfile: ROOT_DOCKERFILE },
    argv: ['scan', 'deploy', '.', 'compose.yml'],
    stderr: [
      'cguard: deploy: no such file or directory — check the path (scan takes existing files and folders)',
      'cguard: compose.yml: no such file or directory — check the path (scan takes existing files and folders)',
    ],
  },

  // Options.
  { name: 'a bad --fail-on', argv: ['scan', '--fail-on', 'critical'], stderr: ["cguard: --fail-on must be one of error, warning, note, never (got 'critical')"] },
  { name: '--shard 0/2', argv: ['scan', '--shard', '0/2'], stderr: ["cguard: --shard must be I/N with 1 ≤ I ≤ N (got '0/2')"] },
  { name: '--shard 3/2', argv: ['scan', '--shard=3/2'], stderr: ["cguard: --shard must be I/N with 1 ≤ I ≤ N (got '3/2')"] },
  { name: '--shard 1/0', argv: ['scan', '--shard', '1/0'], stderr: ["cguard: --shard must be I/N with 1 ≤ I ≤ N (got '1/0')"] },
  { name: '--shard half', argv: ['scan', '--shard', 'half'], stderr: ["cguard: --shard must be I/N with 1 ≤ I ≤ N (got 'half')"] },
  { name: '--shard without a value', argv: ['scan', '--shard'], stderr: ['cguard: --shard needs a value'] },
  { name: 'a bad --max-file-size', argv: ['scan', '--max-file-size', 'lots'], stderr: ["cguard: --max-file-size must be a size such as 5MB or 800k (got 'lots')"] },
  { name: 'a bad --type', argv: ['scan', '--type', 'helm', 'x'], stderr: ["cguard: --type must be one of dockerfile, compose, unit, quadlet, daemon-json (got 'helm')"] },
  { name: 'an unknown flag with a value', argv: ['merge-sarif', '--strict=yes', 'a.sarif'], stderr: ["cguard: unknown option '--strict=yes'; see 'cguard --help'"] },
  { name: 'rules --format sarif', argv: ['rules', '--format', 'sarif'], stderr: ["cguard: --format must be one of text, json (got 'sarif')"] },
  { name: 'merge-sarif without files', argv: ['merge-sarif', '-o', 'all.sarif'], stderr: ['cguard: usage: cguard merge-sarif FILE... [-o OUT]'] },

  // merge-sarif inputs.
  {
    name: 'merge-sarif with JSON that is not SARIF',
    files: { 'a.sarif': '{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "cguard"}}}]}', 'b.sarif': '{"results": []}' },
    argv: ['merge-sarif', 'a.sarif', 'b.sarif', '-o', 'all.sarif'],
    stderr: [`cguard: ROOT/b.sarif: not a SARIF 2.1.0 log — ${TODO_MERGE}`],
  },
  {
    name: 'merge-sarif with runs that are not objects',
    files: { 'a.sarif': '{"version": "2.1.0", "runs": [null]}' },
    argv: ['merge-sarif', 'a.sarif'],
    stderr: [`cguard: ROOT/a.sarif: not a SARIF 2.1.0 log — ${TODO_MERGE}`],
  },
  {
    name: 'merge-sarif with a log of no run',
    files: { 'a.sarif': '{"version": "2.1.0", "runs": []}' },
    argv: ['merge-sarif', 'a.sarif'],
    stderr: [`cguard: ROOT/a.sarif: the log has no run — ${TODO_MERGE}`],
  },
  {
    name: 'merge-sarif with text that is not JSON',
    files: { 'a.sarif': 'Error: scan failed\n    at main (cli.js:1:1)\n' },
    argv: ['merge-sarif', 'a.sarif'],
    stderr: [`cguard: ROOT/a.sarif: not JSON, so not a SARIF log — ${TODO_MERGE}`],
  },
  {
    name: 'merge-sarif with a missing file',
    argv: ['merge-sarif', 'shard-1.sarif'],
    stderr: [`cguard: ROOT/shard-1.sarif: cannot read the file (no such file or directory) — ${TODO_MERGE}`],
  },
  {
    name: 'merge-sarif with an unreadable file (EACCES)',
    files: { 'a.sarif': '{}' },
    lock: ['a.sarif'],
    argv: ['merge-sarif', 'a.sarif'],
    stderr: [`cguard: ROOT/a.sarif: cannot read the file (permission denied) — ${TODO_MERGE}`],
  },
  {
    name: 'merge-sarif with a folder',
    files: { 'shards/': '' },
    argv: ['merge-sarif', 'shards'],
    stderr: [`cguard: ROOT/shards: cannot read the file (it is a directory) — ${TODO_MERGE}`],
  },
];

describe('user errors: exit 2, one line per problem naming the file or option and what to do', () => {
  it.each(CASES)('$name', ({ files, argv, lock, stderr }) => {
    const root = project(files);
    for (const rel of lock ?? []) locked.add(path.join(root, rel));
    const run = cli(root, ...argv);
    expectUserError(run, stderr.map((line) => (typeof line === 'string' ? line.replaceAll('ROOT', root) : line)));
    // --debug adds nothing to an error in the input: stack traces are for cguard's own bugs.
    expect(cli(root, argv[0]!, '--debug', ...argv.slice(1)).stderr).toBe(run.stderr);
  });

  it('writes no output file when the error comes first', () => {
    const root = project({ 'a.sarif': '{"runs": []}' });
    expectUserError(cli(root, 'merge-sarif', 'a.sarif', '-o', 'all.sarif'), [`cguard: ${root}/a.sarif: not a SARIF 2.1.0 log — ${TODO_MERGE}`]);
    expect(() => readFileSync(path.join(root, 'all.sarif'))).toThrow(/ENOENT/);
  });

  it('checks --baseline before --fix writes anything', () => {
    const root = project({ 'web.service': '[Service]\nExecStart=/usr/bin/docker run --rm nginx:1.27\n' });
    const before = readFileSync(path.join(root, 'web.service'), 'utf8');
    expectUserError(cli(root, 'scan', '--fix', '--baseline', 'old.json'), [`cguard: ${root}/old.json: no such baseline file; create one with \`cguard baseline\``]);
    expect(readFileSync(path.join(root, 'web.service'), 'utf8')).toBe(before);
  });
});

describe.skipIf(!hasGit())('--changed-since errors', () => {
  let outside: string;
  beforeAll(() => {
    // A folder in no repository: the system temp folder is not inside one.
    outside = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'cguard-errors-nogit-')));
    made.push(outside);
    writeFileSync(path.join(outside, 'Dockerfile'), ROOT_DOCKERFILE);
  });

  it('outside a git repository says to run inside one or drop the option', () => {
    const run = cli(outside, 'scan', '--format', 'sarif', '--changed-since', 'origin/main');
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(stderrLines(run)).toEqual([expect.stringMatching(/^cguard: --changed-since needs a git repository — run cguard inside one, or leave out --changed-since \(git: not a git repository.*\)$/)]);
  });

  it('with a revision the repository does not have says to fetch it', () => {
    const repo = tempRepo('cguard-errors-git-');
    made.push(repo);
    const run = cli(repo, 'scan', '--changed-since', 'origin/main');
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(stderrLines(run)).toEqual([
      expect.stringMatching(/^cguard: --changed-since 'origin\/main' is not a commit in this repository — fetch it \(in CI: a full clone, such as fetch-depth: 0\) or name an existing commit, branch or tag \(git: .*origin\/main.*\)$/),
    ]);
  });
});

interface JsonReport {
  results: Array<{ ruleId: string; file: string; message: string }>;
  summary: { files: number };
}

const byFile = (report: JsonReport): string[] => report.results.map((r) => `${r.file} ${r.ruleId}`);

describe('unreadable files and folders: reported, and the scan goes on', () => {
  it('an unreadable file found in the walk is a CG000 for that file; the others are still reported', () => {
    const root = project({ 'a/Dockerfile': ROOT_DOCKERFILE, 'b/Dockerfile': ROOT_DOCKERFILE, 'c/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' });
    locked.add(path.join(root, 'b/Dockerfile'));
    locked.add(path.join(root, 'c/compose.yaml'));
    const run = cli(root, 'scan', '--format', 'json');
    expect([run.code, run.stderr]).toEqual([1, '']);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.results.filter((r) => r.ruleId === 'CG000')).toEqual([
      expect.objectContaining({ file: 'b/Dockerfile', message: 'cannot read the file: permission denied' }),
      expect.objectContaining({ file: 'c/compose.yaml', message: 'cannot read the file: permission denied' }),
    ]);
    expect(byFile(report)).toContain('a/Dockerfile CG001');
    expect(report.summary.files).toBe(3);
  });

  it('an unreadable file named on the command line is a CG000 too', () => {
    const root = project({ 'deploy.yml': 'services: {}\n', Dockerfile: ROOT_DOCKERFILE });
    locked.add(path.join(root, 'deploy.yml'));
    const run = cli(root, 'scan', '--format', 'json', 'deploy.yml', 'Dockerfile');
    expect([run.code, run.stderr]).toEqual([1, '']);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.results.find((r) => r.file === 'deploy.yml')).toMatchObject({ ruleId: 'CG000', message: 'cannot read the file: permission denied' });
    expect(byFile(report)).toContain('Dockerfile CG001');
  });

  it('an unreadable folder is one stderr line; the SARIF on stdout still holds the rest', () => {
    const root = project({ 'locked/Dockerfile': ROOT_DOCKERFILE, 'open/Dockerfile': ROOT_DOCKERFILE });
    locked.add(path.join(root, 'locked'));
    const run = cli(root, 'scan', '--format', 'sarif');
    expect(run.code).toBe(1);
    expect(stderrLines(run)).toEqual(['cguard: locked: cannot read the directory (permission denied); skipped — make it readable, or leave it out with `ignore:` in .cguard.yaml']);
    const sarif = JSON.parse(run.stdout) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    const uris = new Set(sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri));
    expect([...uris]).toEqual(['open/Dockerfile']);
  });

  it.skipIf(isRoot())('a real chmod 000 gives the messages the simulation gives', () => {
    const root = project({ '.cguard.yaml': 'rules: {CG001: off}\n', 'locked/Dockerfile': ROOT_DOCKERFILE, Dockerfile: CLEAN_DOCKERFILE });
    chmodSync(path.join(root, '.cguard.yaml'), 0o000);
    chmodSync(path.join(root, 'locked'), 0o000);
    try {
      expectUserError(cli(root, 'scan'), ['cguard: .cguard.yaml: cannot read the file (permission denied) — make it readable by the user running cguard']);
      chmodSync(path.join(root, '.cguard.yaml'), 0o644);
      const scan = cli(root, 'scan');
      expect(stderrLines(scan)).toEqual(['cguard: locked: cannot read the directory (permission denied); skipped — make it readable, or leave it out with `ignore:` in .cguard.yaml']);
    } finally {
      chmodSync(path.join(root, '.cguard.yaml'), 0o644);
      chmodSync(path.join(root, 'locked'), 0o755);
    }
  });

  it('an unreadable folder named on the command line is reported the same way', () => {
    const root = project({ 'locked/Dockerfile': ROOT_DOCKERFILE, Dockerfile: CLEAN_DOCKERFILE });
    locked.add(path.join(root, 'locked'));
    const run = cli(root, 'scan', 'locked', 'Dockerfile');
    expect(run.code).toBe(0);
    expect(stderrLines(run)).toEqual(['cguard: locked: cannot read the directory (permission denied); skipped — make it readable, or leave it out with `ignore:` in .cguard.yaml']);
    expect(run.stdout).toBe('✔ no problems (1 file scanned)\n');
  });
});

describe("cguard's own bugs", () => {
  it('a rule that throws is a CG000 for that file; other rules and files are still reported', () => {
    const rule = allRules.find((r) => r.id === 'CG001')!;
    vi.spyOn(rule, 'check').mockImplementation(() => {
      throw new Error('boom');
    });
    const root = project({ Dockerfile: ROOT_DOCKERFILE, 'compose.yaml': 'services:\n  web:\n    image: nginx\n' });
    const run = cli(root, 'scan', '--format', 'json');
    expect([run.code, run.stderr]).toEqual([1, '']);
    const report = JSON.parse(run.stdout) as JsonReport;
    const crashes = report.results.filter((r) => r.ruleId === 'CG000');
    expect(crashes.map((r) => `${r.file}: ${r.message}`)).toEqual([
      'Dockerfile: internal error in rule CG001 (boom); please report it',
      'compose.yaml: internal error in rule CG001 (boom); please report it',
    ]);
    expect(byFile(report)).toContain('compose.yaml CG004');
    expect(byFile(report)).not.toContain('Dockerfile CG001');
  });

  it('a crash outside a file is exit 2 and one line that points at --debug', () => {
    crash.message = 'boom';
    const run = cli(project({ Dockerfile: CLEAN_DOCKERFILE }), 'scan');
    expect({ code: run.code, stdout: run.stdout, stderr: stderrLines(run) }).toEqual({ code: 2, stdout: '', stderr: ['cguard: internal error: boom (run with --debug for details)'] });
  });

  it('leaves the previous -o report whole and no temporary file when it crashes mid-report', () => {
    crash.message = 'boom';
    const root = project({ Dockerfile: ROOT_DOCKERFILE, 'report.txt': 'the previous report\n' });
    const run = cli(root, 'scan', '-o', 'report.txt');
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(readFileSync(path.join(root, 'report.txt'), 'utf8')).toBe('the previous report\n');
    expect(readdirSync(root).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps to one line when the error message itself holds a stack', () => {
    crash.message = 'a scan worker failed: TypeError: x is undefined\n    at scanFile (scan.js:1:1)\n    at worker (scan-worker.js:2:2)';
    const run = cli(project({ Dockerfile: CLEAN_DOCKERFILE }), 'scan');
    expect([run.code, stderrLines(run)]).toEqual([2, ['cguard: internal error: a scan worker failed: TypeError: x is undefined (run with --debug for details)']]);
  });

  it('prints the stack only with --debug', () => {
    crash.message = 'boom';
    const run = cli(project({ Dockerfile: CLEAN_DOCKERFILE }), 'scan', '--debug');
    const lines = stderrLines(run);
    expect([run.code, run.stdout, lines[0], lines[1]]).toEqual([2, '', 'cguard: internal error: boom', 'Error: boom']);
    expect(lines.slice(2).length).toBeGreaterThan(0);
    expect(lines.slice(2).every((line) => /^\s+at\s/.test(line))).toBe(true);
    expect(run.stderr).toMatch(/finish/);
  });
});
