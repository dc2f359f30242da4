#!/usr/bin/env node
/**
 * `npm run bench`: cguard side by side with the linters people use today, on the same inputs,
 * as whole-process wall times (Node start-up included, for both sides), medians of several runs,
 * and ratios measured in one run. Not a test: nothing here fails on a slow machine.
 *
 *   compose     cguard vs `dclint -r` on corpus/compose/docker__compose     target ≥ 50× faster
 *   dockerfile  cguard vs `dockerfilelint` on every corpus Dockerfile        target ≤ 1.0× its time
 *   units       cguard vs `systemd-analyze verify` (batches of 50), .service target ≤ 0.5× its time
 *   corpus      the whole corpus: files per second, peak RSS; 1 thread vs N byte-identical
 *   scale       a generated tree (scripts/gen-large-tree.mjs, 100,000 files)  target ≤ 30 s, ≤ 1 GB
 *
 * The peers are installed by this script into ~/.cache/cguard-bench (never into the project's
 * dependencies). Runs alternate cguard and peer, so a load spike on a shared machine hits both.
 * Peak RSS comes from GNU time (`/usr/bin/time`, `apt-get install -y time`) when present.
 *
 * Usage: npm run build && node scripts/bench.mjs [--runs N] [--only compose,dockerfile,units,corpus,scale,startup]
 *        [--corpus DIR] [--tree DIR] [--tree-count N] [--json FILE]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, homedir, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at < 0 ? fallback : args[at + 1];
};
const runs = Number(option('--runs', process.env.BENCH_RUNS ?? '3'));
const only = new Set(option('--only', 'startup,compose,dockerfile,units,corpus,scale').split(','));
const corpus = path.resolve(option('--corpus', '/work/shared/corpus'));
const tree = path.resolve(option('--tree', path.join(tmpdir(), 'cguard-large-tree')));
const treeCount = Number(option('--tree-count', '100000'));
const jsonOut = option('--json', undefined);

const cli = path.join(root, 'dist', 'cli.js');
if (!existsSync(cli)) fail('dist/cli.js is missing: run `npm run build` first');
const cguard = (...rest) => [process.execPath, cli, ...rest];

const PEERS = { dclint: '3.1.0', dockerfilelint: '1.8.0' };
const peerDir = path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'cguard-bench');
const peerBin = (name) => path.join(peerDir, 'node_modules', '.bin', name);
const gnuTime = ['/usr/bin/time', '/bin/time'].find((p) => existsSync(p) && spawnSync(p, ['-f', '%M', 'true']).status === 0);
const results = { machine: machine(), runs, sections: {} };

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

function machine() {
  const sh = (cmd, cmdArgs) => {
    try {
      return execFileSync(cmd, cmdArgs, { encoding: 'utf8' }).trim();
    } catch {
      return undefined;
    }
  };
  return {
    node: process.version,
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    free: sh('free', ['-h']),
    loadAverage: sh('cat', ['/proc/loadavg']),
  };
}

function installPeers() {
  const missing = Object.keys(PEERS).filter((name) => !existsSync(peerBin(name)));
  if (missing.length === 0) return;
  process.stderr.write(`bench: installing ${missing.join(', ')} into ${peerDir}\n`);
  const specs = missing.map((name) => `${name}@${PEERS[name]}`);
  const npm = spawnSync('npm', ['install', '--prefix', peerDir, '--no-audit', '--no-fund', '--no-save', ...specs], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (npm.status !== 0) fail(`npm install of ${specs.join(' ')} failed`);
}

/** One process: wall time (ms) measured here, peak RSS (KB) from GNU time. stdout is discarded. */
function measure(command, { cwd, env, okStatus = [0, 1] } = {}) {
  const rssFile = path.join(scratch, 'rss');
  const argv = gnuTime ? [gnuTime, '-o', rssFile, '-f', '%M %U %S', ...command] : command;
  const started = performance.now();
  const child = spawnSync(argv[0], argv.slice(1), { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  const ms = performance.now() - started;
  if (child.error) throw child.error;
  const status = child.status;
  if (okStatus !== 'any' && !okStatus.includes(status)) {
    const tail = child.stderr.toString().trim().split('\n').slice(-3).join('\n');
    throw new Error(`${command.slice(0, 3).join(' ')}… exited with ${status}: ${tail}`);
  }
  let rssKb;
  let cpuMs;
  if (gnuTime) {
    const [rss, user, sys] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    rssKb = rss;
    cpuMs = (user + sys) * 1000;
  }
  return { ms, rssKb, cpuMs };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Alternate the commands run by run; each entry gets the median wall time and the peak RSS. */
function compare(name, contenders) {
  const samples = contenders.map(() => []);
  for (let r = 0; r < runs; r++) {
    contenders.forEach((c, k) => samples[k].push(c.run()));
  }
  const rows = contenders.map((c, k) => ({
    name: c.name,
    medianMs: Math.round(median(samples[k].map((s) => s.ms))),
    runsMs: samples[k].map((s) => Math.round(s.ms)),
    peakRssMb: samples[k][0].rssKb !== undefined ? Math.round(Math.max(...samples[k].map((s) => s.rssKb)) / 1024) : undefined,
    // CPU time (user + sys) says what wall time would be on an idle machine, when others share this one.
    medianCpuMs: samples[k][0].cpuMs !== undefined ? Math.round(median(samples[k].map((s) => s.cpuMs))) : undefined,
  }));
  results.sections[name] = { rows };
  return rows;
}

/** The same ratio by CPU time, when GNU time gave it. */
function cpuRatio(rows, ratio, unit) {
  const [a, b] = rows.map((r) => r.medianCpuMs);
  return a && b ? `; ${ratio(a, b).toFixed(2)}${unit}` : '';
}

function print(title, lines) {
  process.stdout.write(`\n## ${title}\n${lines.join('\n')}\n`);
}

const row = (r) =>
  `  ${r.name.padEnd(34)} ${String(r.medianMs).padStart(8)} ms  (runs: ${r.runsMs.join(', ')})` +
  `${r.medianCpuMs !== undefined ? `  CPU ${r.medianCpuMs} ms` : ''}${r.peakRssMb !== undefined ? `  peak RSS ${r.peakRssMb} MB` : ''}`;

/** The files dockerfilelint's own library throws on (its CLI then exits before the rest). */
function dockerfilelintCrashes(files) {
  const lint = createRequire(path.join(peerDir, 'package.json'))('dockerfilelint');
  const crashes = new Set();
  for (const file of files) {
    try {
      lint.run(path.dirname(file), readFileSync(file, 'utf8'));
    } catch {
      crashes.add(file);
    }
  }
  return crashes;
}

/** Files under `dir` whose name passes `keep`, sorted. */
function filesUnder(dir, keep) {
  const found = [];
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop();
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const abs = path.join(current, entry.name);
      if (entry.isDirectory()) stack.push(abs);
      else if (entry.isFile() && keep(entry.name, abs)) found.push(abs);
    }
  }
  return found.sort();
}

const scratch = mkdtempSync(path.join(tmpdir(), 'cguard-bench-'));
try {
  if (['compose', 'dockerfile'].some((s) => only.has(s))) installPeers();
  process.stdout.write(`# cguard benchmark — node ${process.version}, ${availableParallelism()} CPUs, ${results.machine.memory}, ${runs} run(s) each, load ${results.machine.loadAverage}\n`);

  if (only.has('startup')) {
    const contenders = [{ name: 'cguard --version', run: () => measure(cguard('--version')) }];
    if (existsSync(peerBin('dclint'))) contenders.push({ name: 'dclint --version', run: () => measure([peerBin('dclint'), '--version']) });
    if (existsSync(peerBin('dockerfilelint'))) contenders.push({ name: 'dockerfilelint --version', run: () => measure([peerBin('dockerfilelint'), '--version'], { okStatus: 'any' }) });
    contenders.push({ name: 'cguard scan (empty dir)', run: () => measure(cguard('scan', '.'), { cwd: scratch }) });
    print('Start-up (one process, nothing to lint)', compare('startup', contenders).map(row));
  }

  if (only.has('compose')) {
    const dir = path.join(corpus, 'compose', 'docker__compose');
    const count = filesUnder(dir, (name) => /\.ya?ml$/i.test(name)).length;
    const rows = compare('compose', [
      { name: 'cguard scan', run: () => measure(cguard('scan', '--fail-on', 'never', '.'), { cwd: dir }) },
      { name: 'dclint -r', run: () => measure([peerBin('dclint'), '-r', '.'], { cwd: dir, okStatus: 'any' }) },
    ]);
    const speedup = rows[1].medianMs / rows[0].medianMs;
    results.sections.compose.speedup = speedup;
    print(`Compose: ${count} YAML files of docker__compose (target: cguard ≥ 50× faster)`, [...rows.map(row), `  cguard is ${speedup.toFixed(1)}× faster${cpuRatio(rows, (a, b) => b / a, '× less CPU')}`]);
  }

  if (only.has('dockerfile')) {
    const all = filesUnder(path.join(corpus, 'dockerfile'), () => true);
    // dockerfilelint stops at the first file it crashes on (one in the corpus), so timing it on
    // every file would time a third of the work. Files it crashes on are left out on both sides.
    const crashes = dockerfilelintCrashes(all);
    const files = all.filter((f) => !crashes.has(f));
    const rows = compare('dockerfile', [
      { name: 'cguard scan --type dockerfile', run: () => measure(cguard('scan', '--fail-on', 'never', '--type', 'dockerfile', ...files), { cwd: corpus }) },
      { name: 'dockerfilelint', run: () => measure([peerBin('dockerfilelint'), ...files], { cwd: corpus, okStatus: 'any' }) },
    ]);
    const ratio = rows[0].medianMs / rows[1].medianMs;
    results.sections.dockerfile.ratio = ratio;
    const left = crashes.size ? ` (${crashes.size} left out that dockerfilelint crashes on: ${[...crashes].map((f) => path.relative(corpus, f)).join(', ')})` : '';
    print(`Dockerfiles: ${files.length} of the corpus's ${all.length}${left} (target: cguard ≤ 1.0× dockerfilelint's time)`, [...rows.map(row), `  cguard takes ${ratio.toFixed(2)}× dockerfilelint's time${cpuRatio(rows, (a, b) => a / b, '× its CPU')}`]);
  }

  if (only.has('units')) {
    const files = filesUnder(corpus, (name) => name.endsWith('.service'));
    const batches = [];
    for (let i = 0; i < files.length; i += 50) batches.push(files.slice(i, i + 50));
    const verifyAll = () => {
      let ms = 0;
      let rssKb = 0;
      let cpuMs = 0;
      for (const batch of batches) {
        const one = measure(['systemd-analyze', 'verify', '--man=no', ...batch], { cwd: corpus, okStatus: 'any' });
        ms += one.ms;
        rssKb = Math.max(rssKb, one.rssKb ?? 0);
        cpuMs += one.cpuMs ?? 0;
      }
      return gnuTime ? { ms, rssKb, cpuMs } : { ms };
    };
    const rows = compare('units', [
      { name: 'cguard scan', run: () => measure(cguard('scan', '--fail-on', 'never', ...files), { cwd: corpus }) },
      { name: `systemd-analyze verify (${batches.length}×50)`, run: verifyAll },
    ]);
    const ratio = rows[0].medianMs / rows[1].medianMs;
    results.sections.units.ratio = ratio;
    print(`Units: the corpus's ${files.length} .service files (target: cguard ≤ 0.5× systemd-analyze's time)`, [...rows.map(row), `  cguard takes ${ratio.toFixed(2)}× systemd-analyze's time${cpuRatio(rows, (a, b) => a / b, '× its CPU')}`]);
  }

  if (only.has('corpus')) {
    const count = filesUnder(corpus, (name) => !/^(MANIFEST\.tsv|SOURCES\.md)$/.test(name)).length;
    // The corpus is below DEFAULT_MIN_FILES (src/worker-pool.ts): one thread by default.
    const rows = compare('corpus', [
      { name: 'cguard scan (default threads)', run: () => measure(cguard('scan', '--fail-on', 'never', '.'), { cwd: corpus }) },
      { name: `cguard scan (CGUARD_THREADS=${availableParallelism()})`, run: () => measure(cguard('scan', '--fail-on', 'never', '.'), { cwd: corpus, env: { CGUARD_THREADS: String(availableParallelism()) } }) },
    ]);
    const out = (threads) => {
      const file = path.join(scratch, `corpus-${threads}.sarif`);
      measure(cguard('scan', '--fail-on', 'never', '--format', 'sarif', '-o', file, '.'), { cwd: corpus, env: { CGUARD_THREADS: String(threads) } });
      return readFileSync(file);
    };
    const identical = out(1).equals(out(availableParallelism()));
    results.sections.corpus.identical = identical;
    print(`Whole corpus: ${count} files`, [
      ...rows.map((r) => `${row(r)}  → ${Math.round(count / (r.medianMs / 1000))} files/s`),
      `  SARIF with 1 thread and ${availableParallelism()} threads: ${identical ? 'byte-identical' : 'DIFFERENT (a bug)'}`,
    ]);
  }

  if (only.has('scale')) {
    if (!existsSync(tree)) {
      process.stderr.write(`bench: generating ${treeCount} files in ${tree}\n`);
      execFileSync(process.execPath, [path.join(root, 'scripts', 'gen-large-tree.mjs'), tree, '--count', String(treeCount), '--corpus', corpus], { stdio: ['ignore', 'ignore', 'inherit'] });
    }
    const scaleRuns = Math.min(runs, 2);
    const samples = [];
    for (let r = 0; r < scaleRuns; r++) samples.push(measure(cguard('scan', '--fail-on', 'never', '.'), { cwd: tree }));
    const medianMs = Math.round(median(samples.map((s) => s.ms)));
    const peakRssMb = gnuTime ? Math.round(Math.max(...samples.map((s) => s.rssKb)) / 1024) : undefined;
    const medianCpuMs = gnuTime ? Math.round(median(samples.map((s) => s.cpuMs))) : undefined;
    results.sections.scale = { tree, medianMs, runsMs: samples.map((s) => Math.round(s.ms)), peakRssMb, medianCpuMs };
    print(`Scale: generated tree ${tree} (target: ≤ 30 s and ≤ 1 GB on 2 cores)`, [
      row({ name: 'cguard scan', medianMs, runsMs: results.sections.scale.runsMs, peakRssMb, medianCpuMs }),
    ]);
  }
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results, null, 2) + '\n');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
