import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runAction } from '../../src/action/run.js';
import { ruleHelpUri } from '../../src/version.js';
import { CLEAN_DOCKERFILE, pullRequestFixture, readOutputs, readValidSarif, runnerEnv, sarifResults, type PullRequestFixture } from './action-fixture.js';
import { git, hasGit } from './git-repo.js';

interface Run {
  code: number;
  log: string;
}

async function run(env: Record<string, string>): Promise<Run> {
  const chunks: string[] = [];
  const code = await runAction(env, { stdout: (s) => chunks.push(s) });
  return { code, log: chunks.join('') };
}

describe.skipIf(!hasGit())('runAction', () => {
  const made: string[] = [];
  const fixture = (extra?: Record<string, string>): PullRequestFixture => {
    const fx = pullRequestFixture(extra);
    made.push(fx.workspace, fx.runnerTemp);
    return fx;
  };
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('on a pull request scans only the changed files and reports them every way', async () => {
    const fx = fixture();
    const env: Record<string, string> = { ...runnerEnv(fx), GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'octo/app', GITHUB_SHA: 'f'.repeat(40) };
    const { code, log } = await run(env);
    expect(code).toBe(1);

    const sarif = readValidSarif(path.join(fx.workspace, 'cguard.sarif'));
    const results = sarifResults(sarif);
    expect(results).toContain('app/Dockerfile:CG001');
    expect(results.every((r) => r.startsWith('app/'))).toBe(true);

    const outputs = readOutputs(env.GITHUB_OUTPUT);
    expect(outputs).toEqual({ 'sarif-file': 'cguard.sarif', findings: String(results.length), errors: expect.stringMatching(/^[1-9]\d*$/) });

    expect(log).toMatch(/^::error file=app\/Dockerfile,line=1,endLine=1,col=1,endColumn=\d+,title=CG001 root-user::.+$/m);
    expect(log).not.toMatch(/file=Dockerfile,/);
    expect(log).toContain(`cguard: ${results.length} finding`);
    expect(log).toContain('in 1 file changed in this pull request; SARIF written to cguard.sarif\n');

    const summary = readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8');
    expect(summary).toMatch(/^## cguard\n/);
    expect(summary).toContain(`| [CG001](${ruleHelpUri('CG001')}) root-user | error | 1 |`);
    // Links point at the pull request's head commit, not the runner's merge commit.
    expect(summary).toContain(`[app/Dockerfile:1](https://github.com/octo/app/blob/${fx.head}/app/Dockerfile#L1)`);
  });

  it('on a push scans everything (only-changed auto is off outside pull requests)', async () => {
    const fx = fixture();
    const env = runnerEnv(fx, {}, { name: 'push', payload: { before: fx.base, after: fx.head } });
    const { code, log } = await run(env);
    expect(code).toBe(1);
    const results = sarifResults(readValidSarif(path.join(fx.workspace, 'cguard.sarif')));
    expect(results).toContain('Dockerfile:CG001');
    expect(results).toContain('app/Dockerfile:CG001');
    expect(log).not.toContain('changed in this pull request');
    // Without GITHUB_SERVER_URL and GITHUB_REPOSITORY the locations are plain text.
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8')).toContain('| error | [CG001](');
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8')).toMatch(/\| app\/Dockerfile:1 \|/);
  });

  it('only-changed: false scans everything on a pull request too', async () => {
    const fx = fixture();
    await run(runnerEnv(fx, { 'only-changed': 'false' }));
    const results = sarifResults(readValidSarif(path.join(fx.workspace, 'cguard.sarif')));
    expect(results).toContain('Dockerfile:CG001');
    expect(results).toContain('app/Dockerfile:CG001');
  });

  it('only-changed: true outside a pull request warns and scans everything', async () => {
    const fx = fixture();
    const { log } = await run(runnerEnv(fx, { 'only-changed': 'true' }, { name: 'schedule', payload: {} }));
    expect(log).toContain('::warning::cguard: only-changed needs a pull_request event; scanning every file\n');
    expect(sarifResults(readValidSarif(path.join(fx.workspace, 'cguard.sarif')))).toContain('Dockerfile:CG001');
  });

  it('writes an empty SARIF and passes when the pull request changes nothing cguard reads', async () => {
    const fx = fixture();
    const readmeOnly = git(fx.workspace, 'rev-parse', 'HEAD').trim();
    writeFileSync(path.join(fx.workspace, 'README.md'), '# app, again\n');
    git(fx.workspace, 'commit', '-q', '-am', 'docs');
    const head = git(fx.workspace, 'rev-parse', 'HEAD').trim();
    const env = runnerEnv(fx, {}, { name: 'pull_request', payload: { pull_request: { base: { sha: readmeOnly }, head: { sha: head } } } });
    const { code, log } = await run(env);
    expect(code).toBe(0);
    const sarif = readValidSarif(path.join(fx.workspace, 'cguard.sarif'));
    expect(sarif.runs[0]!.results).toEqual([]);
    expect(sarif.runs[0]!.tool.driver.rules!.length).toBeGreaterThan(0);
    expect(readOutputs(env.GITHUB_OUTPUT)).toEqual({ 'sarif-file': 'cguard.sarif', findings: '0', errors: '0' });
    expect(log).toBe('cguard: 0 findings (0 errors, 0 warnings, 0 notes) in 0 files changed in this pull request; SARIF written to cguard.sarif\n');
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8')).toBe('## cguard\n\nNo findings in 0 files changed in this pull request (policy `recommended`).\n');
  });

  it('writes an empty SARIF and passes on a clean tree', async () => {
    const fx = fixture({ 'app/Dockerfile': CLEAN_DOCKERFILE });
    writeFileSync(path.join(fx.workspace, 'Dockerfile'), CLEAN_DOCKERFILE);
    const env = runnerEnv(fx, { 'only-changed': 'false' });
    const { code, log } = await run(env);
    expect(code).toBe(0);
    expect(readValidSarif(path.join(fx.workspace, 'cguard.sarif')).runs[0]!.results).toEqual([]);
    expect(log).toBe('cguard: 0 findings (0 errors, 0 warnings, 0 notes) in 2 files; SARIF written to cguard.sarif\n');
  });

  it('fails with one ::error:: line naming fetch-depth: 0 when history is missing, and still writes SARIF', async () => {
    const fx = fixture();
    const shallow = mkdtempSync(path.join(tmpdir(), 'cguard-shallow-'));
    made.push(shallow);
    git(shallow, 'clone', '-q', '--depth', '1', `file://${fx.workspace}`, 'repo');
    const env: Record<string, string> = { ...runnerEnv(fx), GITHUB_WORKSPACE: path.join(shallow, 'repo') };
    const { code, log } = await run(env);
    expect(code).toBe(2);
    expect(log.split('\n').filter(Boolean)).toHaveLength(1);
    expect(log).toMatch(/^::error::cguard: cannot list the files changed between the pull request's base [0-9a-f]{12} and head [0-9a-f]{12} \(.+\); only-changed needs the full history: set fetch-depth: 0 on actions\/checkout \(or only-changed: false\)\n$/);
    expect(readValidSarif(path.join(shallow, 'repo', 'cguard.sarif')).runs[0]!.results).toEqual([]);
    expect(readOutputs(env.GITHUB_OUTPUT)).toEqual({ 'sarif-file': 'cguard.sarif' });
  });

  it('reports a config error as one ::error:: line, exit 2, and an empty but valid SARIF', async () => {
    const fx = fixture({ '.cguard.yaml': 'rules:\n  CG999: error\n' });
    const { code, log } = await run(runnerEnv(fx));
    expect(code).toBe(2);
    expect(log).toMatch(/^::error::cguard: [^\n]*\.cguard\.yaml[^\n]*CG999[^\n]*\n$/);
    expect(readValidSarif(path.join(fx.workspace, 'cguard.sarif')).runs[0]!.results).toEqual([]);
  });

  it('rejects an invalid input with exit 2 and still writes SARIF to the requested file', async () => {
    const fx = fixture();
    const { code, log } = await run(runnerEnv(fx, { 'fail-on': 'sometimes', 'sarif-file': 'out/x.sarif' }));
    expect(code).toBe(2);
    expect(log).toBe("::error::cguard: input 'fail-on' must be one of error, warning, note, never (got 'sometimes')\n");
    expect(readValidSarif(path.join(fx.workspace, 'out/x.sarif')).runs[0]!.results).toEqual([]);
  });

  it.each([
    { failOn: 'never', code: 0 },
    { failOn: 'note', code: 1 },
    { failOn: 'error', code: 1 },
  ])('fail-on $failOn → exit $code', async ({ failOn, code }) => {
    const fx = fixture();
    expect((await run(runnerEnv(fx, { 'fail-on': failOn }))).code).toBe(code);
  });

  it('annotations: false prints no annotations; sarif-file may name a new folder', async () => {
    const fx = fixture();
    const env = runnerEnv(fx, { annotations: 'false', 'sarif-file': 'reports/cguard.sarif' });
    const { log } = await run(env);
    expect(log).not.toContain('::error');
    expect(existsSync(path.join(fx.workspace, 'reports/cguard.sarif'))).toBe(true);
    expect(readOutputs(env.GITHUB_OUTPUT)['sarif-file']).toBe('reports/cguard.sarif');
  });

  it('path narrows the scan, and paths stay relative to the workspace', async () => {
    const fx = fixture();
    await run(runnerEnv(fx, { path: 'app', 'only-changed': 'false' }));
    expect(sarifResults(readValidSarif(path.join(fx.workspace, 'cguard.sarif'))).every((r) => r.startsWith('app/Dockerfile:'))).toBe(true);
  });

  it('keeps the real SARIF when a later step of the run fails', async () => {
    const fx = fixture();
    const env = { ...runnerEnv(fx), GITHUB_STEP_SUMMARY: path.join(fx.runnerTemp, 'missing-folder', 'summary.md') };
    const { code, log } = await run(env);
    expect(code).toBe(2);
    expect(log).toMatch(/^::error::cguard: internal error: ENOENT[^\n]*summary\.md'\n$/m);
    expect(sarifResults(readValidSarif(path.join(fx.workspace, 'cguard.sarif')))).toContain('app/Dockerfile:CG001');
  });

  it('works without GITHUB_OUTPUT and GITHUB_STEP_SUMMARY (a local run)', async () => {
    const fx = fixture();
    const env = runnerEnv(fx);
    delete (env as Record<string, string | undefined>).GITHUB_OUTPUT;
    delete (env as Record<string, string | undefined>).GITHUB_STEP_SUMMARY;
    expect((await run(env)).code).toBe(1);
    expect(existsSync(path.join(fx.workspace, 'cguard.sarif'))).toBe(true);
  });
});
