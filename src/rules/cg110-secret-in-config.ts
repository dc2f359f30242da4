/**
 * CG110 secret-in-config — a secret is written into the configuration itself.
 *
 * Two questions per variable: does the name say "secret" (and not "the path to a secret" or
 * "how long a token lives"), and is the value a literal (not `${VAR}`, not a file path)? The
 * value is never repeated in a message, so reports can be shared.
 */
import type { DockerfileModel } from '../model/dockerfile.js';
import type { Span, SourceFile } from '../model/source.js';
import type { UnitModel } from '../model/unit.js';
import { parseArgNames, parseNameValues } from '../parsers/dockerfile-command.js';
import { valueWords } from '../parsers/quadlet.js';
import { defineRule, type RuleFinding } from './types.js';

/** Words of a name: `dbPassword`, `DB_PASSWORD`, `db-password` → DB, PASSWORD. */
function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((t) => t !== '');
}

/** Words that make a secret-looking name about something else: where it is, how long it lives, its size. */
const NOT_THE_SECRET = new Set(
  `FILE FILES PATH DIR DIRECTORY FOLDER LOCATION URL URI URLS ENDPOINT HOST HOSTNAME PORT
   LENGTH LEN EXPIRY EXPIRE EXPIRES EXPIRATION TTL LIFETIME TIMEOUT MAX MIN COUNT SIZE LIMIT ROUNDS
   ITERATIONS RETRIES ENABLED ENABLE DISABLE DISABLED REQUIRED POLICY ALGORITHM ALGO TYPE NAME HEADER
   PREFIX MODE METHOD FORMAT PROVIDER ROTATION STRENGTH COMPLEXITY HASH HASHED REALM
   PUBLIC PUB PUBKEY GPG PGP FINGERPRINT KEYSERVER KEYRING KEYID`.split(/\s+/),
);

/** `*_KEY` names that are not keys to anything: `ROUTING_KEY`, `SORT_KEY`, `SITE_KEY` (public reCAPTCHA key). */
const NOT_A_SECRET_KEY = new Set(['ROUTING', 'SORT', 'PARTITION', 'PRIMARY', 'FOREIGN', 'CACHE', 'HOT', 'SHORTCUT', 'SITE', 'LOOKUP', 'MAP', 'INDEX', 'DEDUP', 'IDEMPOTENCY', 'OBJECT', 'GROUP', 'STREAM']);

const KEY_WORDS = new Set(['APIKEY', 'PRIVKEY', 'PRIVATEKEY', 'ACCESSKEY', 'AUTHKEY', 'MASTERKEY', 'LICENSEKEY', 'ENCRYPTIONKEY', 'SIGNINGKEY']);

/**
 * Names like `*PASSWORD*`, `*PASSWD*`, `*SECRET*`, `*TOKEN`, `*_KEY`, `*_API_KEY`,
 * `*_PRIVATE_KEY`, `*CREDENTIALS*`, `*_PASS`, `*_PWD` — but not `*_PASSWORD_FILE`,
 * `*_TOKEN_PATH`, `PUBLIC_KEY`, `MAX_TOKENS`, `KEYCLOAK_URL`, `GPG_KEY` or `PWD`.
 */
export function isSecretName(name: string): boolean {
  const tokens = nameTokens(name);
  if (tokens.length === 0 || tokens.some((t) => NOT_THE_SECRET.has(t))) return false;
  if (tokens.some((t) => /PASSWORD|PASSWD|PASSPHRASE|SECRET|CREDENTIAL/.test(t) || t.endsWith('TOKEN'))) return true;
  if (tokens.length >= 2 && tokens.some((t) => t === 'PASS' || t === 'PWD')) return true;
  // Key words count at the end of the name (`OPENAI_API_KEY`, `STRIPE_PRIVATE_KEY`, `ALLOWED_KEYS`),
  // where they name the value, but not after an index (`FILTERS__0__KEY` is a .NET config key name).
  const last = tokens[tokens.length - 1]!;
  const before = tokens[tokens.length - 2];
  if (KEY_WORDS.has(last)) return true;
  if ((last === 'KEY' || last === 'KEYS') && before !== undefined) return !NOT_A_SECRET_KEY.has(before) && !/^\d+$/.test(before);
  return false;
}

/**
 * A value that is written out, as opposed to a reference (`${VAR}`, `$VAR`; `$$` is a literal
 * `$`), a file path (`/run/secrets/db`), a secret-manager address, or a switch (`true`, `no`).
 * Placeholders such as `changeme` count as literals: they are what runs when nobody replaces them.
 */
export function isLiteralSecret(raw: string, value: string | undefined): boolean {
  if (value === undefined || value.trim() === '') return false;
  if (/\$(\{|[A-Za-z_])/.test(raw.replace(/\$\$/g, ''))) return false;
  const v = value.trim().replace(/^(["'])(.*)\1$/s, '$2');
  if (v === '' || /^(true|false|yes|no|on|off|null|none|~)$/i.test(v)) return false;
  if (/^(\/\S*|file:\/\/\S*|vault:\S*|op:\/\/\S*|arn:aws:(secretsmanager|ssm):\S*)$/.test(v)) return false;
  // A relative path to a key file (`config/jwt/private.pem`) names where the secret is.
  return !/^\S*\/\S*\.(pem|key|crt|cer|der|p12|pfx|jks|json|txt|asc|gpg)$/i.test(v);
}

const advice = 'pass it from a secret (compose `secrets:`, Podman `--secret`) or an env file kept out of version control';

function dockerfileFindings(model: DockerfileModel): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const instruction of model.instructions) {
    if (instruction.keyword !== 'ENV' && instruction.keyword !== 'ARG') continue;
    const words = instruction.args;
    const text = words.map((a) => a.value).join(' ');
    const parsed = instruction.keyword === 'ENV' ? parseNameValues('ENV', text, model.escape) : parseArgNames(text, model.escape);
    if ('error' in parsed) continue;
    let from = 0;
    for (const pair of parsed.pairs) {
      // Each pair starts at the word that begins with its name (`NAME=` or, legacy ENV, `NAME`).
      // A loop from `from`, not findIndex (which starts at 0): an ARG of many words stays linear.
      let at = -1;
      for (let i = from; i < words.length && at < 0; i++) {
        if (words[i]!.value === pair.name || words[i]!.value.startsWith(`${pair.name}=`)) at = i;
      }
      if (at >= 0) from = at + 1;
      if (!isSecretName(pair.name) || pair.value === undefined) continue;
      const raw = pair.value.replace(new RegExp(`\\${model.escape}\\$`, 'g'), '');
      if (!isLiteralSecret(raw, pair.value)) continue;
      const span: Span = at >= 0 ? words[at]!.span : instruction.span;
      findings.push({
        span,
        message:
          instruction.keyword === 'ARG'
            ? `${pair.name} has a literal default in ARG, so it is in the Dockerfile and in the build history of images that use it; use a build secret (RUN --mount=type=secret)`
            : `${pair.name} is set to a literal value in ENV, so it ships in the image config to everyone who pulls it; pass it at run time, or use a build secret (RUN --mount=type=secret) for build steps`,
      });
    }
  }
  return findings;
}

/** `Environment=` of the `[Service]` that runs the containers: the unit file holds the secret. */
function unitFindings(file: SourceFile, unit: UnitModel): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const entry of unit.entries) {
    if (entry.section !== 'Service' || entry.key !== 'Environment') continue;
    for (const word of valueWords(entry)) {
      const eq = word.value.indexOf('=');
      if (eq <= 0) continue;
      const name = word.value.slice(0, eq);
      const value = word.value.slice(eq + 1);
      if (!isSecretName(name) || /%[A-Za-z]/.test(value) || !isLiteralSecret(file.text.slice(word.span.start, word.span.end), value)) continue;
      findings.push({ span: word.span, message: `${name} is set to a literal value in ${unit.name}; unit files are world-readable — use LoadCredential=/SetCredentialEncrypted= or an EnvironmentFile= readable only by root` });
    }
  }
  return findings;
}

export default defineRule({
  id: 'CG110',
  name: 'secret-in-config',
  level: 'error',
  securitySeverity: 8.0,
  tags: ['security', 'secrets', 'cis-docker'],
  cis: ['4.10'],
  cwe: ['CWE-798', 'CWE-256'],
  targets: ['dockerfile', 'container', 'unit'],
  docs: {
    summary: 'A secret (password, token, key) is hard-coded in the configuration',
    what:
      'Flags variables whose name looks like a secret and whose value is written out: Dockerfile `ENV` and `ARG` defaults (every stage), compose `environment` (map and list forms), `-e`/`--env NAME=value` on `docker run`/`podman run` lines, Quadlet `Environment=`, and `Environment=` in the `[Service]` of a unit that runs containers. Secret-looking names contain PASSWORD, PASSWD, PASSPHRASE, SECRET, CREDENTIAL(S) or a word ending in TOKEN, have a word PASS or PWD, or end in `_KEY`/`_KEYS` (`*_API_KEY`, `*_PRIVATE_KEY`, `APIKEY`, …), in any case and in camelCase. Not secrets: names about where or how a secret is kept (`*_PASSWORD_FILE`, `*_KEY_FILE`, `*_TOKEN_PATH`, `*_URL`, `*_TTL`, `*_EXPIRY`, `MAX_TOKENS`, `*_LENGTH`, `*_HASH`, …), public keys (`PUBLIC_KEY`, `NEXT_PUBLIC_*`, `GPG_KEY` fingerprints, `SITE_KEY`), `ROUTING_KEY`-style identifiers, a key after an index (`FILTERS__0__KEY`), an htpasswd realm, and `PWD`. Not literals: empty values, `${VAR}`/`$VAR` references (also with a default), file paths such as `/run/secrets/db` or `config/jwt/private.pem`, secret-manager addresses, booleans, and systemd specifiers (`%d/token`). Placeholders such as `changeme` are flagged: they are what runs when nobody replaces them. Messages never repeat the value.',
    why:
      'A secret in a Dockerfile, compose file or unit is in version control, in every clone and fork, in CI logs, and — for `ENV`/`ARG` — in the image\'s history where `docker history` shows it to anyone who pulls it. Environment variables of a running container are visible through `docker inspect` and /proc to anyone who can reach them. Rotating a leaked secret that is copied into many files rarely happens. CIS Docker Benchmark 4.10.',
    example: { lang: 'yaml', code: 'services:\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_PASSWORD: s3cr3t-Pa55' },
    useInstead: {
      lang: 'yaml',
      code: 'services:\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n    secrets: [db_password]\nsecrets:\n  db_password:\n    file: ./db_password.txt   # not in version control',
    },
    fixSafety: 'No automatic fix: where the secret should come from (a secrets file, an env file, a vault) is a decision, and the leaked value must be rotated anyway.',
    references: [
      'CIS Docker Benchmark v1.6.0 4.10 "Ensure secrets are not stored in Dockerfiles"',
      'https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/',
      'https://docs.docker.com/compose/how-tos/use-secrets/',
      'systemd.exec(5): Environment= "is not suitable for passing secrets"; LoadCredential=',
      'CWE-798: Use of Hard-coded Credentials',
    ],
  },
  check(target) {
    if (target.kind === 'dockerfile') return dockerfileFindings(target.dockerfile);
    if (target.kind === 'unit') return target.containers.length > 0 ? unitFindings(target.file, target.unit) : [];
    if (target.kind !== 'container') return [];
    const c = target.container;
    const findings: RuleFinding[] = [];
    for (const env of c.env) {
      const { name, value } = env.value;
      if (!isSecretName(name)) continue;
      const raw = target.file.text.slice(env.span.start, env.span.end);
      if (!isLiteralSecret(raw, value)) continue;
      if (c.source !== 'compose' && value !== undefined && /%[A-Za-z]/.test(value)) continue;
      findings.push({ span: env.span, message: `container '${c.name}' sets ${name} to a literal value; ${advice}` });
    }
    return findings;
  },
});
