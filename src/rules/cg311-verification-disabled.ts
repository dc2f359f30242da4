/**
 * CG311 verification-disabled — a build turns off TLS certificate or package signature checks.
 *
 * With verification off, anyone on the network path of the build (a proxy, a compromised mirror,
 * public Wi-Fi on a laptop build) can hand it different code, and nothing in the log says so.
 */
import type { DockerInstruction } from '../model/dockerfile.js';
import type { Span } from '../model/source.js';
import { defineRule, type RuleFinding } from './types.js';
import { invocation, runScripts, subcommand, type ShellCommand, type ShellWord } from './dockerfile-helpers.js';

/** curl's short options that take a value: a `k` after one of them is part of the value. */
const CURL_VALUED = new Set('AbcCdDeEFHKmoPQrtTuUwxXyYz');

function curlInsecure(args: readonly ShellWord[]): ShellWord | undefined {
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (v === '--insecure' || v === '--proxy-insecure' || v === '--doh-insecure') return args[i];
    const m = /^-([A-Za-z]+)$/.exec(v);
    if (!m) continue;
    for (const letter of m[1]!) {
      if (letter === 'k') return args[i];
      if (CURL_VALUED.has(letter)) break;
    }
  }
  return undefined;
}

/**
 * Packages the build made or copied itself (`apk add --allow-untrusted /tmp/pkgs/x.apk`, from a
 * builder stage): unsigned, but nothing comes from the network to check.
 */
function localPackagesOnly(program: string, args: readonly ShellWord[]): boolean {
  // rpm has no subcommand word: `rpm -i --nosignature ./x.rpm`.
  const sub = program === 'rpm' ? undefined : subcommand(program, args);
  const operands = args.slice(sub ? args.indexOf(sub) + 1 : 0).filter((a) => !a.value.startsWith('-'));
  return operands.length > 0 && operands.every((a) => /^(\/|\.\/|\$)/.test(a.value) && /\.(apk|rpm)\*?$/.test(a.value));
}

/** Environment settings that turn verification off, by name and the values that do it. */
const ENV_OFF: Array<{ name: string; off: RegExp; what: string }> = [
  { name: 'NODE_TLS_REJECT_UNAUTHORIZED', off: /^0$/, what: 'Node.js TLS certificate checks' },
  { name: 'GIT_SSL_NO_VERIFY', off: /^(?!0$|false$).+/i, what: "git's TLS certificate checks" },
  { name: 'PYTHONHTTPSVERIFY', off: /^0$/, what: "Python's HTTPS certificate checks" },
  { name: 'npm_config_strict_ssl', off: /^false$/i, what: "npm's TLS certificate checks" },
  { name: 'NPM_CONFIG_STRICT_SSL', off: /^false$/i, what: "npm's TLS certificate checks" },
  { name: 'PIP_TRUSTED_HOST', off: /.+/, what: "pip's TLS certificate checks for those hosts" },
  { name: 'CURL_INSECURE', off: /.+/, what: "curl's TLS certificate checks" },
];

function envOff(assignment: string): string | undefined {
  const eq = assignment.indexOf('=');
  if (eq < 0) return undefined;
  const name = assignment.slice(0, eq);
  const value = assignment.slice(eq + 1).replace(/^(["'])(.*)\1$/, '$2');
  return ENV_OFF.find((e) => e.name === name && e.off.test(value))?.what;
}

interface Hit {
  word: ShellWord | { span: Span; value: string };
  what: string;
}

function commandHit(command: ShellCommand): Hit | undefined {
  for (const a of command.assignments) {
    const what = envOff(a.value);
    if (what) return { word: a, what };
  }
  const run = invocation(command);
  if (!run) return undefined;
  const { program, args } = run;
  const has = (test: (v: string) => boolean) => args.find((a) => test(a.value));
  const value = (word: ShellWord | undefined, what: string): Hit | undefined => (word ? { word, what } : undefined);
  switch (program) {
    case 'curl':
      return value(curlInsecure(args), 'TLS certificate checks (curl -k)');
    case 'wget':
      return value(has((v) => v === '--no-check-certificate'), 'TLS certificate checks (wget --no-check-certificate)');
    case 'git':
      return value(
        has((v) => /^http\.sslverify=(false|0|no|off)$/i.test(v)) ?? (args.some((a) => /^http\.sslverify$/i.test(a.value)) ? has((v) => /^(false|0|no|off)$/i.test(v)) : undefined),
        "git's TLS certificate checks (http.sslVerify=false)",
      );
    case 'npm':
    case 'yarn':
    case 'pnpm':
      return value(
        has((v) => /^--strict-ssl=false$/i.test(v)) ?? (args.some((a) => a.value === 'strict-ssl') ? has((v) => v === 'false') : undefined),
        `${program}'s TLS certificate checks (strict-ssl false)`,
      );
    case 'apt-get':
    case 'apt':
      return value(
        has((v) => /^--allow-(unauthenticated|insecure-repositories)$/.test(v) || /Verify-(Peer|Host)\s*=\s*"?(false|0|no)\b/i.test(v) || /Allow(Unauthenticated|InsecureRepositories|DowngradeToInsecureRepositories)\s*=\s*"?(true|1|yes)\b/i.test(v)),
        'package signature or TLS checks (apt)',
      );
    case 'apk':
      if (localPackagesOnly(program, args)) return undefined;
      return value(has((v) => v === '--allow-untrusted'), 'package signature checks (apk --allow-untrusted)');
    case 'dnf':
    case 'yum':
    case 'microdnf':
    case 'tdnf':
    case 'zypper':
    case 'rpm':
      if (localPackagesOnly(program, args)) return undefined;
      return value(
        has((v) => /^--(nogpgcheck|no-gpg-checks|nosignature|nodigest)$/.test(v) || /^--setopt=([\w.*-]+\.)?(gpgcheck|sslverify|repo_gpgcheck)=(0|false|no)$/i.test(v)),
        `package signature or TLS checks (${program})`,
      );
  }
  if (/^pip[0-9.]*$/.test(program) || (/^python[0-9.]*$/.test(program) && args.some((a) => /^pip[0-9.]*$/.test(a.value)))) {
    const sub = subcommand(program, args);
    return value(
      has((v) => v === '--trusted-host' || v.startsWith('--trusted-host=')) ?? (sub?.value === 'config' && args.some((a) => /trusted-host$/.test(a.value)) ? args.find((a) => /trusted-host$/.test(a.value)) : undefined),
      "pip's TLS certificate checks (--trusted-host)",
    );
  }
  return undefined;
}

/** `ENV NAME=value …` or the legacy `ENV NAME value`. */
function envHits(instruction: DockerInstruction): Hit[] {
  const args = instruction.args;
  if (args.length >= 2 && !args[0]!.value.includes('=')) {
    const what = envOff(`${args[0]!.value}=${args.slice(1).map((a) => a.value).join(' ')}`);
    return what ? [{ word: { span: { start: args[0]!.span.start, end: args[args.length - 1]!.span.end }, value: instruction.argsText }, what }] : [];
  }
  return args.flatMap((a) => {
    const what = envOff(a.value);
    return what ? [{ word: a, what }] : [];
  });
}

export default defineRule({
  id: 'CG311',
  name: 'verification-disabled',
  level: 'warning',
  securitySeverity: 6.5,
  tags: ['security', 'supply-chain', 'tls', 'dockerfile'],
  cwe: ['CWE-295', 'CWE-347'],
  targets: ['dockerfile'],
  docs: {
    summary: 'The build turns off TLS certificate or package signature checks',
    what:
      'Flags, in `RUN` commands of any stage: `curl -k`/`--insecure` (also inside a cluster such as `-fsSLk`), `wget --no-check-certificate`, `git -c http.sslVerify=false` and `git config http.sslVerify false`, `npm|yarn|pnpm config set strict-ssl false`, `pip --trusted-host` and `pip config set global.trusted-host`, `apt-get --allow-unauthenticated`/`--allow-insecure-repositories` (and the matching `-o Acquire::…` settings), `apk --allow-untrusted`, `dnf|yum|microdnf|zypper|rpm --nogpgcheck`/`--no-gpg-checks`/`--nosignature`/`--setopt=…gpgcheck=0|sslverify=0`. Also `ENV` and command-line assignments of `NODE_TLS_REJECT_UNAUTHORIZED=0`, `GIT_SSL_NO_VERIFY`, `PYTHONHTTPSVERIFY=0`, `npm_config_strict_ssl=false`, `PIP_TRUSTED_HOST`. Installing package files the build has locally (`apk add --allow-untrusted /tmp/pkgs/x.apk`, `rpm -i --nosignature ./x.rpm`, typically built in an earlier stage) is not flagged: nothing comes from the network.',
    why:
      'TLS certificate checks and package signatures are what stop a proxy, a compromised mirror or anyone on the network path of the build from handing it different code. With them off, the image silently contains whatever arrived — and an `ENV` setting keeps them off in every container started from the image.',
    example: { lang: 'dockerfile', code: 'FROM debian:12-slim\nRUN curl -fsSLk https://example.com/tool -o /usr/local/bin/tool' },
    useInstead: {
      lang: 'dockerfile',
      code: 'FROM debian:12-slim\nCOPY corp-ca.crt /usr/local/share/ca-certificates/\nRUN update-ca-certificates \\\n && curl -fsSL https://example.com/tool -o /usr/local/bin/tool',
    },
    fixSafety: 'No automatic fix: the check is usually off because of a corporate proxy or a private CA, whose certificate the build should trust instead.',
    references: ['CWE-295: Improper Certificate Validation', 'CWE-347: Improper Verification of Cryptographic Signature', 'https://github.com/hadolint/hadolint/wiki/DL3038'],
  },
  check(target) {
    if (target.kind !== 'dockerfile') return [];
    const findings: RuleFinding[] = [];
    for (const script of runScripts(target.file.text, target.dockerfile)) {
      for (const command of script.commands) {
        const hit = commandHit(command);
        if (hit) findings.push({ span: hit.word.span, message: `${hit.word.value} turns off ${hit.what}, so the build trusts whatever the network returns` });
      }
    }
    for (const instruction of target.dockerfile.instructions) {
      if (instruction.keyword !== 'ENV') continue;
      for (const hit of envHits(instruction)) {
        findings.push({ span: hit.word.span, message: `ENV ${hit.word.value} turns off ${hit.what} in the build and in every container of the image` });
      }
    }
    return findings;
  },
});
