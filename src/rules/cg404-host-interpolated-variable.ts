/**
 * CG404 host-interpolated-variable — a shell script in a compose service uses `$VAR` for a
 * variable the service sets in `environment:`, but Compose substitutes it first, from the host.
 *
 * Facts (compose spec, "Interpolation"): Compose replaces `$VAR` and `${VAR}` in every string
 * value when it reads the file, with the value from the shell or the project's `.env` file —
 * an unset variable becomes an empty string, with the warning "The "VAR" variable is not set.
 * Defaulting to a blank string." `$$` is a literal `$`, left for the container's shell.
 * `healthcheck.test` as a string or `["CMD-SHELL", …]`, and `sh -c` scripts in `command:` and
 * `entrypoint:`, are run by a shell in the container, which has the service's `environment:`.
 */
import { isScalar, isSeq, type Node } from 'yaml';
import type { Edit } from '../model/edit.js';
import type { ComposeModel } from '../model/compose.js';
import type { SourceFile, Span } from '../model/source.js';
import { composeYaml, type ComposeYaml } from './compose-helpers.js';
import { defineRule, type RuleFinding } from './types.js';

const SHELL = /^(\/\S*\/)?(sh|bash|ash|dash|zsh)$/;

/**
 * Variables the service sets to a fixed value: the container has them, the host usually does
 * not. `KEY: ${KEY}` and `- KEY` pass the host's value through, so both sides agree.
 */
function containerOnly(yaml: ComposeYaml, service: string): Map<string, string> {
  const node = yaml.service(service).get('environment')?.value;
  const vars = new Map<string, string>();
  const add = (name: string, value: string | undefined) => {
    if (value !== undefined && !value.includes('$')) vars.set(name, value);
  };
  const map = yaml.map(node);
  if (map) for (const [name, entry] of map) add(name, yaml.raw(entry.value));
  for (const item of yaml.items(node)) {
    const text = yaml.raw(item);
    const eq = text?.indexOf('=') ?? -1;
    if (text !== undefined && eq > 0) add(text.slice(0, eq), text.slice(eq + 1));
  }
  return vars;
}

/** Scalar nodes a shell in the container runs as a script. */
function shellScripts(yaml: ComposeYaml, service: string): Node[] {
  const entries = yaml.service(service);
  const scripts: Node[] = [];
  const test = yaml.map(entries.get('healthcheck')?.value)?.get('test')?.value;
  const resolvedTest = yaml.view.resolve(test);
  if (isScalar(resolvedTest)) scripts.push(resolvedTest);
  else if (isSeq(resolvedTest)) {
    const items = yaml.items(resolvedTest);
    const kind = yaml.raw(items[0]);
    if (kind === 'CMD-SHELL' && items[1]) scripts.push(items[1]);
    else if (kind === 'CMD') scripts.push(...dashC(yaml, items.slice(1)));
  }
  for (const key of ['command', 'entrypoint']) {
    const node = yaml.view.resolve(entries.get(key)?.value);
    if (isSeq(node)) scripts.push(...dashC(yaml, yaml.items(node)));
    // A string command is split into words by Compose, not run by a shell — unless it calls one.
    else if (isScalar(node) && /^\s*(\/\S*\/)?(sh|bash|ash|dash|zsh)\s+(-\w+\s+)*-\w*c\s/.test(yaml.raw(node) ?? '')) scripts.push(node);
  }
  return scripts;
}

/** `["sh", "-c", "script"]`: the script item. */
function dashC(yaml: ComposeYaml, items: Node[]): Node[] {
  const words = items.map((item) => yaml.raw(item) ?? '');
  if (!SHELL.test(words[0] ?? '')) return [];
  const c = words.findIndex((w, k) => k > 0 && /^-\w*c$/.test(w));
  return c > 0 && items[c + 1] ? [items[c + 1]!] : [];
}

/** `$NAME` and `${NAME…}` with a single `$`, as written in the file between `start` and `end`. */
function references(text: string, start: number, end: number): Array<{ at: number; name: string; end: number }> {
  const found: Array<{ at: number; name: string; end: number }> = [];
  for (let i = start; i < end; i++) {
    if (text[i] !== '$') continue;
    if (text[i + 1] === '$') {
      i++;
      continue;
    }
    const m = /^\$(\{)?([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i, end));
    if (!m) continue;
    const close = m[1] ? text.indexOf('}', i) : -1;
    found.push({ at: i, name: m[2]!, end: close >= 0 && close < end ? close + 1 : i + m[0].length });
  }
  return found;
}

function check(file: SourceFile, compose: ComposeModel): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const yaml = composeYaml(file, compose);
  for (const service of compose.services) {
    const vars = containerOnly(yaml, service.name);
    if (vars.size === 0) continue;
    for (const script of shellScripts(yaml, service.name)) {
      const range = (script as { range?: [number, number, number] }).range;
      if (!range) continue;
      for (const ref of references(file.text, range[0], range[1])) {
        const value = vars.get(ref.name);
        if (value === undefined) continue;
        const span: Span = { start: ref.at, end: Math.min(ref.end, range[1]) };
        const edits: Edit[] = [{ start: ref.at, end: ref.at, text: '$' }];
        findings.push({
          span,
          message: `Compose replaces ${file.text.slice(span.start, span.end)} when it reads the file, with the host's ${ref.name} (from the shell or .env; empty if unset) — not the ${ref.name}=${value} this service sets in environment:; write $${file.text.slice(span.start, span.end)} so the container's shell expands it`,
          fix: { description: `write $${file.text.slice(span.start, span.end)}`, safety: 'unsafe', edits },
        });
      }
    }
  }
  return findings;
}

export default defineRule({
  id: 'CG404',
  name: 'host-interpolated-variable',
  level: 'warning',
  securitySeverity: 2.5,
  tags: ['compose', 'correctness'],
  cwe: ['CWE-456'],
  targets: ['compose'],
  fixable: 'unsafe',
  docs: {
    summary: "A shell script in a service uses $VAR for the service's own variable, but Compose substitutes the host's",
    what:
      'Flags `$VAR` or `${VAR}` (one `$`) in scripts that a shell in the container runs — `healthcheck.test` written as a string or as `["CMD-SHELL", "…"]`, and the script of `sh -c`/`bash -c` in `command:`, `entrypoint:` or a `["CMD", "sh", "-c", "…"]` test — when VAR is set to a fixed value in the same service\'s `environment:`. Variables passed through from the host (`VAR: ${VAR}`, `- VAR`) are not flagged: there the host and the container agree.',
    why:
      'Compose interpolates every string of the file before anything runs, using the shell\'s environment and `.env`, not the container\'s. `test: pg_isready -U $POSTGRES_USER` with `POSTGRES_USER: app` in `environment:` runs `pg_isready -U ` (Compose warns "Defaulting to a blank string"), so the health check checks the wrong user or never passes; if the host happens to have its own `POSTGRES_USER`, that value is used silently. `$$POSTGRES_USER` leaves the `$` for the container\'s shell.',
    example: { lang: 'yaml', code: 'services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_USER: app\n    healthcheck:\n      test: ["CMD-SHELL", "pg_isready -U $POSTGRES_USER"]' },
    useInstead: { lang: 'yaml', code: 'services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_USER: app\n    healthcheck:\n      test: ["CMD-SHELL", "pg_isready -U $$POSTGRES_USER"]' },
    fixSafety: 'Unsafe: doubles the `$`, so the container\'s shell expands the variable from the service\'s own environment. That is what the script means, but it changes the command that runs (from the host\'s value, usually empty, to the container\'s).',
    references: ['https://docs.docker.com/reference/compose-file/interpolation/', 'Compose specification: healthcheck'],
  },
  check(target) {
    return target.kind === 'compose' ? check(target.file, target.compose) : [];
  },
});
