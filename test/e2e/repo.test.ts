/**
 * End to end over a realistic mini-repository (test/fixtures/e2e/repo): template and podman
 * units, a CRLF unit, a Quadlet file, compose files with anchors, merge keys, interpolation
 * defaults, string booleans and a BOM, multi-stage Dockerfiles with ARG-driven FROM, heredocs
 * and FROM scratch, a Dockerfile without a final line break, a compose `build.target`. Each test copies it to a temporary folder and runs the real CLI: the SARIF
 * it reports, what `--fix --unsafe-fixes` writes, and that `--diff` is the same change.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeValidator, sarifValidator } from '../shared-schemas.js';
import { runCli } from '../../src/cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = path.join(ROOT, 'test/fixtures/e2e/repo');

/** Every core finding the fixture holds, as `ruleId:uri:startLine` (checked by hand against RULES.md). */
const EXPECTED_CORE = [
  'CG001:compose.prod.yaml:13',
  'CG002:compose.prod.yaml:13',
  'CG003:compose.prod.yaml:13',
  'CG006:compose.prod.yaml:13',
  'CG004:compose.prod.yaml:14',
  // web builds services/web/Dockerfile, whose final stage has no USER; its image: names the build output.
  'CG001:compose.yaml:40',
  'CG002:compose.yaml:40',
  'CG003:compose.yaml:40',
  'CG006:compose.yaml:40',
  'CG003:compose.yaml:48',
  'CG006:compose.yaml:57',
  'CG001:compose.yaml:59',
  'CG002:compose.yaml:59',
  'CG006:compose.yaml:59',
  'CG004:compose.yaml:60',
  'CG005:compose.yaml:64',
  // api-dev builds services/api/Dockerfile only up to its `build` stage, which sets no USER.
  'CG001:compose.yaml:67',
  'CG001:deploy/quadlet/cache.container:5',
  'CG002:deploy/quadlet/cache.container:5',
  'CG003:deploy/quadlet/cache.container:5',
  'CG005:deploy/quadlet/cache.container:9',
  'CG007:deploy/quadlet/cache.container:13',
  'CG007:deploy/systemd/legacy-worker.service:7',
  'CG001:deploy/systemd/legacy-worker.service:10',
  'CG002:deploy/systemd/legacy-worker.service:10',
  'CG003:deploy/systemd/legacy-worker.service:10',
  'CG007:deploy/systemd/metrics.service:2',
  'CG001:deploy/systemd/metrics.service:3',
  'CG002:deploy/systemd/metrics.service:3',
  'CG003:deploy/systemd/metrics.service:3',
  'CG007:deploy/systemd/shop@.service:15',
  'CG001:deploy/systemd/shop@.service:19',
  'CG003:deploy/systemd/shop@.service:19',
  'CG006:deploy/systemd/shop@.service:19',
  'CG005:deploy/systemd/shop@.service:20',
  'CG001:services/web/Dockerfile:10',
  'CG004:services/web/Dockerfile:10',
].sort();

/** What no fix can settle: choosing a version is a decision (CG004 has no fix). */
const EXPECTED_AFTER_FIX = ['CG004:compose.prod.yaml', 'CG004:compose.yaml', 'CG004:services/web/Dockerfile'];

const FIXABLE = new Set(['CG002', 'CG003', 'CG005', 'CG006', 'CG007']);
const CRLF_UNIT = 'deploy/systemd/legacy-worker.service';
const BOM_COMPOSE = 'compose.prod.yaml';
const COMPOSE_FILES = ['compose.yaml', 'compose.prod.yaml'];

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function copyRepo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cguard-e2e-'));
  temps.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  // A unit readable by its owner and group only: --fix must keep that mode.
  chmodSync(path.join(dir, CRLF_UNIT), 0o640);
  return dir;
}

function cli(cwd: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runCli(args, { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false, env: {} });
  return { code, stdout, stderr };
}

function files(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === '.git') return [];
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full, base) : [path.relative(base, full).split(path.sep).join('/')];
  });
}

function newestMtime(dir: string): number {
  return Math.max(...files(dir).map((f) => statSync(path.join(dir, f)).mtimeMs));
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(files(dir).sort().map((f) => [f, readFileSync(path.join(dir, f)).toString('base64')]));
}

interface JsonResult {
  ruleId: string;
  file: string;
  line: number;
}

function jsonResults(dir: string): JsonResult[] {
  const { stdout } = cli(dir, 'scan', '.', '--format', 'json');
  return (JSON.parse(stdout) as { results: JsonResult[] }).results;
}

const core = (id: string) => /^CG00\d$/.test(id);

interface SarifLog {
  runs: Array<{
    tool: { driver: { rules: Array<{ id: string; properties?: Record<string, unknown> }> } };
    results: Array<{ ruleId: string; ruleIndex: number; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }>;
  }>;
}

function coreSet(log: SarifLog): string[] {
  return log.runs[0]!.results
    .filter((r) => core(r.ruleId))
    .map((r) => `${r.ruleId}:${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region.startLine}`)
    .sort();
}

describe('scan . --format sarif', () => {
  let dir: string;
  let log: SarifLog;
  beforeAll(() => {
    dir = copyRepo();
    const { code, stdout } = cli(dir, 'scan', '.', '--format', 'sarif');
    expect(code).toBe(1);
    log = JSON.parse(stdout) as SarifLog;
  });

  it.skipIf(!sarifValidator())('validates against the SARIF 2.1.0 schema', () => {
    const validate = sarifValidator()!;
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('has one run, relative uris, and every rule with a security-severity', () => {
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0]!;
    const known = new Set(files(dir));
    for (const result of run.results) {
      const uri = result.locations[0]!.physicalLocation.artifactLocation.uri;
      expect(uri).not.toMatch(/^(\/|\.\/|[a-z]+:)|\\/i);
      expect(known.has(decodeURIComponent(uri)), uri).toBe(true);
      expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
    }
    for (const rule of run.tool.driver.rules) {
      const severity = rule.properties?.['security-severity'];
      expect(typeof severity, rule.id).toBe('string');
      expect(Number(severity), rule.id).toBeGreaterThanOrEqual(0);
    }
  });

  it('reports exactly the expected core findings', () => {
    expect(coreSet(log)).toEqual(EXPECTED_CORE);
  });

  it('gives the same core findings through node dist/cli.js', () => {
    // Only a build of the current sources says anything: skip when dist/ is missing or older.
    const bin = path.join(ROOT, 'dist/cli.js');
    if (!existsSync(bin) || newestMtime(path.join(ROOT, 'src')) > statSync(bin).mtimeMs) return;
    const run = spawnSync(process.execPath, [bin, 'scan', '.', '--format', 'sarif'], { cwd: dir, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(1);
    expect(coreSet(JSON.parse(run.stdout) as SarifLog)).toEqual(EXPECTED_CORE);
  });
});

describe('scan . --fix --unsafe-fixes', () => {
  let original: string;
  let dir: string;
  let fixedOnce: Record<string, string>;
  beforeAll(() => {
    original = copyRepo();
    dir = copyRepo();
    const { stderr } = cli(dir, 'scan', '.', '--fix', '--unsafe-fixes', '--format', 'json');
    expect(stderr).toMatch(/applied \d+ fix/);
    fixedOnce = snapshot(dir);
  });

  it('leaves no CG002/3/5/6/7 finding, and only unfixable core findings', () => {
    const left = jsonResults(dir).filter((r) => core(r.ruleId));
    expect(left.filter((r) => FIXABLE.has(r.ruleId))).toEqual([]);
    expect([...new Set(left.map((r) => `${r.ruleId}:${r.file}`))].sort()).toEqual(EXPECTED_AFTER_FIX);
  });

  it('changes no byte when run a second time', () => {
    cli(dir, 'scan', '.', '--fix', '--unsafe-fixes', '--format', 'json');
    expect(snapshot(dir)).toEqual(fixedOnce);
  });

  it('keeps line endings, the BOM and the file mode', () => {
    const unit = readFileSync(path.join(dir, CRLF_UNIT), 'utf8');
    expect(unit).not.toBe(readFileSync(path.join(original, CRLF_UNIT), 'utf8'));
    expect(unit.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(statSync(path.join(dir, CRLF_UNIT)).mode & 0o777).toBe(0o640);
    const compose = readFileSync(path.join(dir, BOM_COMPOSE));
    expect([...compose.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(compose.toString('utf8').slice(1)).not.toMatch(/\ufeff|\r/);
  });

  it('keeps every comment, anchor and alias of the compose files, which still validate', () => {
    const validate = composeValidator();
    for (const file of COMPOSE_FILES) {
      const before = readFileSync(path.join(original, file), 'utf8');
      const after = readFileSync(path.join(dir, file), 'utf8');
      expect(after, file).not.toBe(before);
      for (const comment of before.match(/#.*$/gm) ?? []) expect(after, `${file}: ${comment}`).toContain(comment);
      for (const mark of before.match(/[&*][A-Za-z][\w-]*/g) ?? []) expect(after, `${file}: ${mark}`).toContain(mark);
      const data = parseYaml(after.replace(/^\ufeff/, ''), { merge: true }) as unknown;
      if (validate) expect(validate(data), `${file}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
  });

  it('does not make any file fail to parse', () => {
    expect(jsonResults(dir).filter((r) => r.ruleId === 'CG000')).toEqual([]);
  });

  it('gives systemd-analyze verify no new warning', () => {
    if (spawnSync('which', ['systemd-analyze']).status !== 0) return;
    const units = files(original).filter((f) => /\.(service|timer)$/.test(f));
    expect(units.length).toBeGreaterThan(3);
    for (const unit of units) {
      const before = verify(path.join(original, unit));
      const after = verify(path.join(dir, unit));
      expect(after.filter((line) => !before.includes(line)), unit).toEqual([]);
    }
    // The misplaced key systemd ignored is gone from [Service] for real.
    expect(verify(path.join(original, 'deploy/systemd/shop@.service')).join('\n')).toMatch(/Unknown key 'StartLimitIntervalSec'/);
    expect(verify(path.join(dir, 'deploy/systemd/shop@.service')).join('\n')).not.toMatch(/Unknown key/);
  });
});

/**
 * systemd-analyze's warnings about a unit, without what depends on this machine (docker and
 * podman are not installed: "Command … is not executable") and without file paths and line
 * numbers, which a fix moves.
 */
function verify(file: string): string[] {
  const run = spawnSync('systemd-analyze', ['verify', '--man=no', file], { encoding: 'utf8', env: { ...process.env, SYSTEMD_LOG_COLOR: '0' } });
  return `${run.stdout}\n${run.stderr}`
    .split('\n')
    .filter((line) => line.trim() !== '' && !/is not executable/.test(line))
    .map((line) => line.replace(/^\S*?:\d+: /, '').replace(file, path.basename(file)));
}

describe('scan . --diff --unsafe-fixes', () => {
  it('writes nothing, and git apply of its output gives exactly the --fix result', () => {
    const fixedDir = copyRepo();
    cli(fixedDir, 'scan', '.', '--fix', '--unsafe-fixes', '--format', 'json');

    const dir = copyRepo();
    const git = (...args: string[]) => execFileSync('git', ['-c', 'core.autocrlf=false', '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'fixture');
    const before = snapshot(dir);
    const { code, stdout } = cli(dir, 'scan', '.', '--diff', '--unsafe-fixes');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^--- a\//m);
    expect(snapshot(dir)).toEqual(before);
    writeFileSync(path.join(dir, '..', `${path.basename(dir)}.patch`), stdout);
    temps.push(path.join(dir, '..', `${path.basename(dir)}.patch`));
    git('apply', '--whitespace=nowarn', path.join(dir, '..', `${path.basename(dir)}.patch`));
    expect(snapshot(dir)).toEqual(snapshot(fixedDir));
  });
});
