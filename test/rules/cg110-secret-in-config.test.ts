import { describe, expect, it } from 'vitest';
import type { FileKind } from '../../src/model/source.js';
import { isLiteralSecret, isSecretName } from '../../src/rules/cg110-secret-in-config.js';
import { lint, locations } from '../helpers.js';

const ID = 'CG110';
interface Case { name: string; kind: FileKind; code: string }
interface Invalid extends Case { errors: string[] }

const env = (lines: string) => `services:\n  db:\n    image: postgres:16.4\n    environment:\n${lines}`;

const valid: Case[] = [
  { name: 'compose references and files', kind: 'compose', code: env('      POSTGRES_PASSWORD: ${DB_PASSWORD}\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n      API_TOKEN: "${TOKEN:-}"\n') },
  { name: 'compose list form: passed through or referenced', kind: 'compose', code: env('      - POSTGRES_PASSWORD\n      - REDIS_PASSWORD=$REDIS_PASSWORD\n      - SECRET_KEY=\n') },
  { name: 'compose names that only look like secrets', kind: 'compose', code: env('      KEYCLOAK_URL: https://id.example.com\n      PUBLIC_KEY: ssh-ed25519 AAAA\n      MAX_TOKENS: "4096"\n      TOKEN_TTL: 3600\n      PASSWORD_MIN_LENGTH: 12\n      PWD: /app\n      RABBITMQ_ROUTING_KEY: jobs\n      PASSWORD_LOGIN: "false"\n      REGISTRY_AUTH_HTPASSWD_REALM: Registry\n') },
  { name: 'compose values that name where the secret is', kind: 'compose', code: env('      JWT_SECRET_KEY: config/jwt/private.pem\n      VAULT_TOKEN: vault:secret/data/db\n') },
  { name: 'docker run -e with a reference or no value', kind: 'unit', code: '[Service]\nEnvironment=IMG=nginx:1.27\nEnvironmentFile=/etc/web.env\nExecStart=/usr/bin/docker run -e DB_PASSWORD -e API_KEY=${API_KEY} ${IMG}\n' },
  { name: 'Quadlet credentials through a specifier', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nEnvironment=TOKEN_FILE=%d/token ADMIN_PASSWORD_PATH=/run/secrets/admin\n' },
  { name: 'Dockerfile ARG without a default, ENV from an ARG', kind: 'dockerfile', code: 'FROM alpine:3.20\nARG NPM_TOKEN\nENV NPM_TOKEN=${NPM_TOKEN} GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D\n' },
  { name: 'a unit without containers is someone else\'s business', kind: 'unit', code: '[Service]\nEnvironment=API_TOKEN=abc\nExecStart=/usr/bin/app\n' },
];

const invalid: Invalid[] = [
  {
    name: 'compose map form, placeholders included',
    kind: 'compose',
    code: env('      POSTGRES_USER: app\n      POSTGRES_PASSWORD: s3cr3t\n      dbPassword: changeme\n      STRIPE_API_KEY: "sk_live_abc"\n'),
    errors: ['6:7', '7:7', '8:7'],
  },
  { name: 'compose list form', kind: 'compose', code: env('      - DB_PASS=hunter2\n      - "JWT_SECRET=abc$$def"\n'), errors: ['5:9', '6:9'] },
  { name: 'docker run -e', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/docker run -e MYSQL_ROOT_PASSWORD=root --env=GITHUB_TOKEN=ghp_x mysql:8.4\n', errors: ['2:34', '2:65'] },
  { name: 'podman run -e', kind: 'unit', code: '[Service]\nExecStart=/usr/bin/podman run --rm -e AWS_SECRET_ACCESS_KEY=abc nginx:1.27\n', errors: ['2:39'] },
  { name: 'the unit\'s own Environment= that a container uses', kind: 'unit', code: '[Service]\nEnvironment=DB_PASSWORD=hunter2\nExecStart=/usr/bin/docker run -e DB_PASSWORD=${DB_PASSWORD} postgres:16.4\n', errors: ['2:13'] },
  { name: 'Quadlet Environment= (and [Service] Environment=)', kind: 'quadlet', code: '[Container]\nImage=nginx:1.27\nEnvironment=TZ=UTC ADMIN_TOKEN=abc\n\n[Service]\nEnvironment=REGISTRY_PASSWORD=x\n', errors: ['3:20', '6:13'] },
  {
    name: 'Dockerfile ENV (both forms) and ARG defaults, every stage',
    kind: 'dockerfile',
    code: 'FROM golang:1.23 AS build\nARG GITHUB_TOKEN=ghp_abc\nFROM alpine:3.20\nENV SECRET_KEY_BASE some long value\nENV A=1 DB_PASSWORD="p w"\n',
    errors: ['2:5', '4:5', '5:9'],
  },
];

describe('CG110 secret-in-config', () => {
  it.each(valid)('valid: $name', ({ kind, code }) => {
    expect(locations(lint(kind, code), ID)).toEqual([]);
  });
  it.each(invalid)('invalid: $name', ({ kind, code, errors }) => {
    expect(locations(lint(kind, code), ID)).toEqual(errors);
  });
  it('secret names', () => {
    const secret = ['DB_PASSWORD', 'MYSQL_ROOT_PASSWD', 'dbPassword', 'CLIENT_SECRET', 'GITHUB_TOKEN', 'NGROK_AUTHTOKEN', 'APP_KEY', 'OPENAI_API_KEY', 'apiKey', 'STRIPE_PRIVATE_KEY', 'AWS_CREDENTIALS', 'SMTP_PASS', 'DB_PWD', 'ALLOWED_KEYS', 'KEYCLOAK_ADMIN_PASSWORD'];
    const notSecret = ['DB_PASSWORD_FILE', 'TLS_KEY_FILE', 'GITHUB_TOKEN_PATH', 'PUBLIC_KEY', 'NEXT_PUBLIC_API_KEY', 'KEYCLOAK_URL', 'MAX_TOKENS', 'TOKENIZERS_PARALLELISM', 'GPG_KEY', 'RECAPTCHA_SITE_KEY', 'ROUTING_KEY', 'PWD', 'KEY', 'AWS_ACCESS_KEY_ID', 'TOKEN_EXPIRY', 'Filters__0__Key', 'PASSWORD_HASH'];
    expect(secret.filter((n) => !isSecretName(n))).toEqual([]);
    expect(notSecret.filter(isSecretName)).toEqual([]);
  });
  it('literal values', () => {
    expect(['hunter2', 'changeme', '"quoted"', 'pa$$word', '<your-token>'].every((v) => isLiteralSecret(v, v.replace('$$', '$')))).toBe(true);
    const notLiteral = ['', '""', '${X}', '$X', '${X:-default}', 'true', 'no', '/run/secrets/db', 'op://vault/item', 'certs/key.pem'];
    expect(notLiteral.filter((v) => isLiteralSecret(v, v))).toEqual([]);
  });
  it('never repeats the value', () => {
    const findings = lint('compose', env('      POSTGRES_PASSWORD: s3cr3t-value\n')).filter((f) => f.ruleId === ID);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).not.toContain('s3cr3t-value');
    expect(findings[0]!.fix).toBeUndefined();
  });
});
