/**
 * The committed bundle, `dist-action/index.js`, is what GitHub runs. These tests check that it
 * is exactly what the sources build to, and run it as the runner does: `node index.js` from a
 * checkout of the action (no node_modules), with only the runner's variables set.
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLEAN_DOCKERFILE, pullRequestFixture, readOutputs, readValidSarif, REPO_ROOT, runnerEnv, sarifResults, type PullRequestFixture } from './action-fixture.js';
import { commitAll, hasGit, writeFiles } from './git-repo.js';

const BUNDLE_DIR = path.join(REPO_ROOT, 'dist-action');

describe('dist-action bundle', () => {
  it('is up to date with the sources', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'cguard-bundle-'));
    try {
      execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build-action.mjs'), out], { cwd: REPO_ROOT, stdio: 'pipe' });
      for (const file of ['index.js', 'package.json']) {
        const fresh = readFileSync(path.join(out, file), 'utf8');
        const committed = readFileSync(path.join(BUNDLE_DIR, file), 'utf8');
        // Not toBe: a 1 MB string diff would bury the message.
        if (fresh !== committed) expect.fail(`dist-action/${file} is stale: run \`node scripts/build-action.mjs\` and commit the result`);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('is built without absolute paths of the build machine', () => {
    const bundle = readFileSync(path.join(BUNDLE_DIR, 'index.js'), 'utf8');
    expect(bundle.includes(REPO_ROOT)).toBe(false);
    expect(bundle).not.toMatch(/\/(home|Users|work|tmp)\/[^\s'"]*node_modules/);
  });
});

describe.skipIf(!hasGit())('node dist-action/index.js as the runner starts it', () => {
  let actionDir: string;
  const made: string[] = [];

  beforeAll(() => {
    // What a workflow's `uses:` checks out: the repository without node_modules or dist/.
    actionDir = mkdtempSync(path.join(tmpdir(), 'cguard-action-checkout-'));
    cpSync(BUNDLE_DIR, path.join(actionDir, 'dist-action'), { recursive: true });
    cpSync(path.join(REPO_ROOT, 'policies'), path.join(actionDir, 'policies'), { recursive: true });
    cpSync(path.join(REPO_ROOT, 'action.yml'), path.join(actionDir, 'action.yml'));
  });
  afterAll(() => {
    for (const dir of [actionDir, ...made]) rmSync(dir, { recursive: true, force: true });
  });

  function runBundle(env: Record<string, string>, workspace: string): { code: number | null; stdout: string; stderr: string } {
    // Only what the runner provides: its GITHUB_* files, the inputs, and PATH (for git).
    const childEnv = { ...env, PATH: process.env.PATH ?? '/usr/bin:/bin' };
    const result = spawnSync(process.execPath, [path.join(actionDir, 'dist-action/index.js')], { cwd: workspace, env: childEnv, encoding: 'utf8', timeout: 60_000 });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  function fixture(): PullRequestFixture {
    const fx = pullRequestFixture();
    made.push(fx.workspace, fx.runnerTemp);
    return fx;
  }

  it('reports only the pull request’s new file, sets outputs and summary, and fails the step', () => {
    const fx = fixture();
    const env = runnerEnv(fx);
    const { code, stdout, stderr } = runBundle(env, fx.workspace);
    expect(stderr).toBe('');
    expect(code).toBe(1);

    const results = sarifResults(readValidSarif(path.join(fx.workspace, 'cguard.sarif')));
    expect(results).toContain('app/Dockerfile:CG001');
    expect(results.filter((r) => !r.startsWith('app/'))).toEqual([]);

    const outputs = readOutputs(env.GITHUB_OUTPUT);
    expect(outputs['sarif-file']).toBe('cguard.sarif');
    expect(outputs.findings).toBe(String(results.length));
    expect(Number(outputs.errors)).toBeGreaterThanOrEqual(1);

    expect(stdout).toMatch(/^::error file=app\/Dockerfile,line=1,.*title=CG001 root-user::/m);
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8')).toMatch(/^## cguard\n\n\*\*\d+ findings?\*\* in 1 file changed in this pull request: /);
  });

  it('passes with an empty SARIF when the pull request adds nothing to report', () => {
    const fx = fixture();
    writeFiles(fx.workspace, { 'app/Dockerfile': CLEAN_DOCKERFILE });
    const head = commitAll(fx.workspace, 'fix the user');
    const env = runnerEnv(fx, {}, { name: 'pull_request', payload: { pull_request: { base: { sha: fx.base }, head: { sha: head } } } });
    const { code, stdout } = runBundle(env, fx.workspace);
    expect(stdout).toBe('cguard: 0 findings (0 errors, 0 warnings, 0 notes) in 1 file changed in this pull request; SARIF written to cguard.sarif\n');
    expect(code).toBe(0);
    expect(readValidSarif(path.join(fx.workspace, 'cguard.sarif')).runs[0]!.results).toEqual([]);
    expect(readOutputs(env.GITHUB_OUTPUT)).toEqual({ 'sarif-file': 'cguard.sarif', findings: '0', errors: '0' });
  });
});
