/**
 * CG307 secret-file-copied — `COPY`/`ADD` puts a file that holds credentials into a layer.
 *
 * A layer keeps every file it adds: deleting the file later, or copying it only into a build
 * stage, leaves it in the layer (and the build cache) for anyone with the image or the cache.
 * BuildKit's `RUN --mount=type=secret` and `--mount=type=ssh` give a build a secret without
 * writing it to a layer (CIS Docker Benchmark 4.10).
 */
import { defineRule, type RuleFinding } from './types.js';
import { copyPaths, isRemoteUrl } from './dockerfile-helpers.js';

interface SecretPattern {
  test: RegExp;
  what: string;
}

/** Matched against the last path component, or the last two for `.aws/credentials`-style paths. */
const SECRET_FILES: SecretPattern[] = [
  { test: /^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/, what: 'an SSH private key' },
  // Public keys are often called `*.key` too (`repo.gpg.key`, `public.key`): not those.
  { test: /^(?!.*(pub|gpg|pgp|release|repo|sign|apt|trust)).*\.(key|p12|pfx|keystore|ppk)$/i, what: 'a private key or key store' },
  { test: /^(.*[-_.])?(priv(ate)?[-_]?key|privkey|key)\.pem$|^.*[-_]key\.pem$/i, what: 'a private key' },
  { test: /^\.env(\.(?!(example|sample|template|dist|defaults?|tpl|schema)$)[\w.-]+)?$/i, what: 'an environment file with settings and secrets' },
  { test: /^\.(npmrc|pypirc|netrc|git-credentials|dockercfg|pgpass|vault-token|s3cfg|boto)$/i, what: 'a credentials file' },
  { test: /^\.aws\/(credentials|config)$|^\.docker\/config\.json$|^\.kube\/config$|^kubeconfig$/i, what: 'a credentials file' },
  { test: /^(credentials|client_secrets?|service[-_]?account([-_][\w.-]*)?)\.json$/i, what: 'cloud credentials' },
  { test: /^(htpasswd|\.htpasswd|shadow)$/i, what: 'password hashes' },
];

function secretKind(path: string, source: boolean): string | undefined {
  const parts = path.replace(/\/+$/, '').split('/');
  const base = parts[parts.length - 1] ?? '';
  const lastTwo = parts.slice(-2).join('/');
  // A `.ssh` folder as a destination is where `authorized_keys` goes; as a source it holds keys.
  if (source && base === '.ssh') return 'an SSH folder with private keys';
  for (const pattern of SECRET_FILES) if (pattern.test.test(base) || pattern.test.test(lastTwo)) return pattern.what;
  return undefined;
}

export default defineRule({
  id: 'CG307',
  name: 'secret-file-copied',
  level: 'warning',
  securitySeverity: 7.5,
  tags: ['security', 'secrets', 'dockerfile', 'cis-docker'],
  cis: ['4.10'],
  cwe: ['CWE-538'],
  targets: ['dockerfile'],
  docs: {
    summary: 'COPY or ADD puts a credentials file into an image layer',
    what:
      'Flags `COPY` and `ADD` sources (and destinations) that name a file holding credentials: SSH private keys (`id_rsa`, `id_ed25519` …, not `.pub`), `*.key`, `*.p12`, `*.pfx`, `*.keystore`, `*.ppk`, PEM files named as keys (`key.pem`, `privkey.pem`, `server-key.pem`), `.env` files (not `.env.example`/`.sample`/`.template`/`.dist`), `.npmrc`, `.pypirc`, `.netrc`, `.git-credentials`, `.pgpass`, `.aws/credentials`, `.docker/config.json`, `.kube/config`, `kubeconfig`, a whole `.ssh/` folder, `credentials.json`, `client_secret.json`, service-account JSON, and `htpasswd`/`shadow` files. Every stage is checked, since a build stage\'s layers stay in the build cache. Certificates (`*.crt`, `*.pem` not named as a key) are public and not flagged; `COPY . .` cannot be judged here (see `.dockerignore`).',
    why:
      'Anything `COPY` writes stays in that layer for good: `docker history`, `docker save` or any registry pull hands it to whoever has the image, and deleting the file in a later instruction only hides it. Keys copied into a build stage end up in the build cache and in every cache export. Secrets belong in `RUN --mount=type=secret` (or `type=ssh` for Git), which never writes them to a layer.',
    example: { lang: 'dockerfile', code: 'FROM node:22-slim\nCOPY .npmrc package.json /app/\nRUN cd /app && npm ci && rm .npmrc' },
    useInstead: { lang: 'dockerfile', code: 'FROM node:22-slim\nCOPY package.json /app/\nRUN --mount=type=secret,id=npmrc,target=/app/.npmrc cd /app && npm ci' },
    fixSafety: 'No automatic fix: the build has to get the secret another way (`--secret`, `--ssh`), which changes how it is invoked.',
    references: ['CIS Docker Benchmark 4.10 "Ensure secrets are not stored in Dockerfiles"', 'https://docs.docker.com/build/building/secrets/', 'CWE-538: Insertion of Sensitive Information into Externally-Accessible File or Directory'],
  },
  check(target) {
    if (target.kind !== 'dockerfile') return [];
    const findings: RuleFinding[] = [];
    for (const instruction of target.dockerfile.instructions) {
      if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
      const { sources, dest } = copyPaths(instruction);
      const paths = [...sources.filter((s) => !isRemoteUrl(s.value)), ...(dest ? [dest] : [])];
      for (const path of paths) {
        const kind = secretKind(path.value, path !== dest);
        if (!kind) continue;
        const role = path === dest ? 'writes' : 'copies';
        findings.push({
          span: path.span,
          message: `${instruction.keyword} ${role} ${path.value}, ${kind}, into a layer, where it stays even if deleted later; pass it with RUN --mount=type=secret (or --mount=type=ssh) instead`,
        });
        break;
      }
    }
    return findings;
  },
});
