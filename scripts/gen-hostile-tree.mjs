#!/usr/bin/env node
/**
 * Generate a hostile tree for cguard's reliability checks: `node scripts/gen-hostile-tree.mjs DIR [--seed N]`.
 *
 * The tree is the same, byte for byte, for the same seed (a seeded PRNG; no clock, no
 * Math.random). It holds what a pull request can throw at a scanner:
 * - `garbage/g000/…/g239/`: 1,200 files under config names (Dockerfile, compose.yaml,
 *   docker-compose.yml, app.service, app.container) holding random bytes, random text, syntax
 *   soup, and mutated real content;
 * - `bomb/compose.yaml`: a YAML alias bomb ("billion laughs");
 * - `big/Dockerfile`: 40 MB, far over the default size limit;
 * - `deep/`: 60 nested folders with a Dockerfile and a unit at the bottom;
 * - `loop/`: a directory symlink loop, two links pointing at each other, a link to itself;
 * - `escape/`: symlinks to a file and a folder OUTSIDE the tree (`DIR-outside/`), which must
 *   never be written;
 * - `real/`: realistic files with findings that have fixes, in LF, CRLF, BOM and BOM+CRLF
 *   variants, with modes 0644, 0600 and 0755;
 * - `names/`: names with spaces, non-ASCII letters, emoji and URI-special characters;
 * - `locked/`: a file and a folder with mode 000 (root still reads them);
 * - `special/`: FIFOs where a Dockerfile and a `.env` are expected (a blocking read hangs);
 * - `edge/`: empty, BOM-only, UTF-16 and invalid UTF-8 files, a folder named `Dockerfile`;
 * - `heavy/`: files under the size limit that stress parsers (deep flow nesting, many keys,
 *   many continuation lines, very long lines, many heredocs);
 * - `ignored/`: garbage listed in `.gitignore` (must not be scanned).
 *
 * The manifest (what was made, and what the checks should expect) is printed as JSON and
 * written to `DIR-outside/manifest.json`, outside the tree so it is never scanned.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const GARBAGE_DIRS = 240;
export const GARBAGE_NAMES = ['Dockerfile', 'compose.yaml', 'docker-compose.yml', 'app.service', 'app.container'];
export const BIG_FILE_BYTES = 40 * 1024 * 1024;
export const DEPTH = 60;

/** mulberry32: small, fast, and the same everywhere. */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: (list) => list[int(list.length)],
    chance: (p) => next() < p,
  };
}

// ---------------------------------------------------------------------------------------------
// Realistic content: every file has findings, and several of those findings have fixes.

const NOTE = '# ünïcødé comment — 日本語 🐳\n';

export const TEMPLATES = {
  dockerfile:
    '# syntax=docker/dockerfile:1\n' +
    NOTE +
    'FROM node:latest AS build\n' +
    'WORKDIR /src\n' +
    'COPY package.json .\n' +
    'RUN npm ci && \\\n' +
    '    npm run build\n' +
    '\n' +
    'FROM nginx\n' +
    'COPY --from=build /src/dist /usr/share/nginx/html\n' +
    'ENV API_TOKEN=hunter2\n' +
    'USER root\n' +
    'EXPOSE 80\n' +
    'CMD ["nginx", "-g", "daemon off;"]\n',
  compose:
    NOTE +
    'version: "3.8"\n' +
    'services:\n' +
    '  web:\n' +
    '    image: nginx:latest\n' +
    '    ports:\n' +
    '      - "80:80"\n' +
    '    privileged: true\n' +
    '    volumes:\n' +
    '      - /var/run/docker.sock:/var/run/docker.sock\n' +
    '  db:\n' +
    '    image: postgres\n' +
    '    environment:\n' +
    '      POSTGRES_PASSWORD: example\n' +
    '    cap_add:\n' +
    '      - SYS_ADMIN\n',
  unit:
    '[Unit]\n' +
    'Description=Web (ünïcødé 🐳)\n' +
    'After=docker.service\n' +
    '\n' +
    '[Service]\n' +
    'Restart=always\n' +
    'ExecStartPre=-/usr/bin/docker rm -f web\n' +
    'ExecStart=/usr/bin/docker run --rm --name web \\\n' +
    '    -p 80:80 --privileged \\\n' +
    '    nginx:latest\n' +
    'ExecStop=/usr/bin/docker stop web\n' +
    '\n' +
    '[Install]\n' +
    'WantedBy=multi-user.target\n',
  quadlet:
    '[Unit]\n' +
    'Description=Web (ünïcødé 🐳)\n' +
    '\n' +
    '[Container]\n' +
    'Image=docker.io/library/nginx:latest\n' +
    'PublishPort=8080:80\n' +
    'Volume=/etc:/host-etc\n' +
    'AddCapability=SYS_ADMIN\n' +
    '\n' +
    '[Service]\n' +
    'Restart=always\n' +
    '\n' +
    '[Install]\n' +
    'WantedBy=default.target\n',
};

const KIND_OF_NAME = {
  Dockerfile: 'dockerfile',
  'compose.yaml': 'compose',
  'docker-compose.yml': 'compose',
  'app.service': 'unit',
  'app.container': 'quadlet',
};

export const REAL_FILES = { dockerfile: 'Dockerfile', compose: 'compose.yaml', unit: 'web.service', quadlet: 'web.container' };

/** Line-ending, BOM and mode combinations the fixes must keep. */
export const REAL_VARIANTS = [
  { name: 'lf-0644', crlf: false, bom: false, mode: 0o644 },
  { name: 'crlf-0600', crlf: true, bom: false, mode: 0o600 },
  { name: 'bom-0755', crlf: false, bom: true, mode: 0o755 },
  { name: 'bom-crlf-0600', crlf: true, bom: true, mode: 0o600 },
  { name: 'crlf-0755', crlf: true, bom: false, mode: 0o755 },
];

function variantBytes(text, { crlf, bom }) {
  const body = crlf ? text.replace(/\n/g, '\r\n') : text;
  return Buffer.from((bom ? '\uFEFF' : '') + body, 'utf8');
}

// ---------------------------------------------------------------------------------------------
// Garbage.

const VOCABULARY = {
  dockerfile: ['FROM', 'RUN', 'USER', 'ENV', 'ARG', 'COPY', 'ADD', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'SHELL', 'ONBUILD', 'AS', '--from=', '--mount=type=secret', '<<EOF', 'EOF', '<<-"EOT"', '${A:-${B:+x}}', '$A', '\\', '`', '["a",', '"]', '# escape=`', '# syntax=x', 'root', '0:0', 'scratch', 'alpine:3', '@sha256:', '&&', '|', 'sh -c'],
  compose: ['services:', 'image:', 'build:', 'context:', 'dockerfile:', '- ', '[', ']', '{', '}', ',', ': ', '&a', '*a', '<<: *a', '!reset', '!!binary', '? ', '---', '...', '|', '>-', '"', "'", '${X:?err}', '$$', 'privileged: true', 'cap_add: [ALL]', 'user: root', 'ports: ["0.0.0.0:1:1"]', '\t', '  ', '%YAML 1.1', '%TAG ! tag:x,2000:', '#'],
  unit: ['[Unit]', '[Service]', '[Install]', '[X-Foo]', 'ExecStart=', 'ExecStartPre=-', 'ExecStart=@', 'ExecStart=:', '/usr/bin/docker', 'run', '--privileged', '-v', '/:/host', '--cap-add=ALL', '\\', '"', "'", ';', '%h', '%%', '$VAR', '${VAR}', 'Environment=', 'Restart=always', 'StartLimitBurst=', '#', ';comment', '=', 'Type=oneshot', 'podman', 'compose', 'up', '-d'],
  quadlet: ['[Container]', '[Service]', '[Unit]', 'Image=', 'PodmanArgs=', '--privileged', 'Volume=', '/:/host', 'PublishPort=', 'AddCapability=', 'DropCapability=', 'ALL', 'Exec=', 'User=', 'root', 'ReadOnly=', 'true', 'SecurityLabelDisable=', 'Environment=', 'Mount=', 'type=bind,src=/,dst=/x', '\\', '"', "'", '%', '=', 'Unknown=', '#', 'Rootfs=', 'Network=host'],
};

const SEPARATORS = [' ', ' ', ' ', '\n', '\n', '\r\n', '\t', '', '  ', '\\\n', ':', '='];

function randomBytes(rng, length, { noNul = false } = {}) {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = noNul ? 1 + rng.int(255) : rng.int(256);
  return bytes;
}

function randomAscii(rng, length) {
  let text = '';
  for (let i = 0; i < length; i++) {
    const r = rng.next();
    text += r < 0.08 ? '\n' : r < 0.1 ? '\r' : r < 0.12 ? '\t' : String.fromCharCode(32 + rng.int(95));
  }
  return text;
}

function syntaxSoup(rng, kind, count) {
  const words = VOCABULARY[kind];
  let text = '';
  for (let i = 0; i < count; i++) text += rng.pick(words) + rng.pick(SEPARATORS);
  return text;
}

const INSERTIONS = ['\\', '\\\n', '"', "'", '`', '[', '{', '${', '$(', '<<EOF\n', '&a ', '*a ', '\t', '\r', '\r\n', '\u00a0', '\u2028', '\ufeff', '🐳', '=', ':', '- ', '#', ';', '%', '\n[Service]\n', '\nFROM\n', '\n---\n', '?'];

/** Cut, repeat, swap and splice a real file; a few mutations leave it mostly intact. */
function mutate(rng, text) {
  let out = text;
  const rounds = 1 + rng.int(8);
  for (let r = 0; r < rounds; r++) {
    const at = rng.int(out.length + 1);
    const len = rng.int(Math.min(40, out.length - at) + 1);
    switch (rng.int(8)) {
      case 0: // delete a range
        out = out.slice(0, at) + out.slice(at + len);
        break;
      case 1: // duplicate a range
        out = out.slice(0, at + len) + out.slice(at, at + len) + out.slice(at + len);
        break;
      case 2: // insert a troublesome token
        out = out.slice(0, at) + rng.pick(INSERTIONS) + out.slice(at);
        break;
      case 3: {
        // swap two lines
        const lines = out.split('\n');
        const a = rng.int(lines.length);
        const b = rng.int(lines.length);
        [lines[a], lines[b]] = [lines[b], lines[a]];
        out = lines.join('\n');
        break;
      }
      case 4: // truncate
        out = out.slice(0, at);
        break;
      case 5: // replace a character with a random one
        out = out.slice(0, at) + String.fromCharCode(rng.int(0x3000)) + out.slice(at + 1);
        break;
      case 6: // repeat a line many times
        {
          const lines = out.split('\n');
          const line = lines[rng.int(lines.length)];
          lines.splice(rng.int(lines.length), 0, ...Array(1 + rng.int(50)).fill(line));
          out = lines.join('\n');
        }
        break;
      default: // change indentation
        out = out.replace(/\n {2}/g, rng.chance(0.5) ? '\n\t' : '\n   ');
    }
  }
  return out;
}

/** Structures that have broken parsers elsewhere, at a modest size. */
function hostileText(rng, kind) {
  const n = 200 + rng.int(3000);
  const options = {
    dockerfile: [
      () => 'FROM a\nRUN ' + 'x \\\n'.repeat(n),
      () => 'FROM a\nRUN <<EOF\n' + 'echo\n'.repeat(n),
      () => 'FROM a\n' + 'RUN <<A <<B\na\nA\nb\nB\n'.repeat(n / 10),
      () => 'FROM ' + '${'.repeat(n) + '}'.repeat(n >> 1),
      () => 'ARG A=' + '${A:-'.repeat(n) + '\nFROM $A\n',
      () => '# escape=`\nFROM a\nRUN ' + 'x `\n'.repeat(n),
      () => 'FROM a\nCMD [' + '"a",'.repeat(n),
      () => 'FROM a\nUSER ' + 'a'.repeat(70_000) + '\n',
      () => 'FROM a AS a\n' + 'FROM a AS a\n'.repeat(n / 10),
    ],
    compose: [
      () => 'services: ' + '['.repeat(n) + ']'.repeat(n),
      () => 'services: ' + '{a: '.repeat(n) + '}'.repeat(n),
      () => 'services:\n' + Array.from({ length: n }, (_, i) => `${' '.repeat(i % 200)}a${i}:`).join('\n'),
      () => 'x: &a [' + '*a,'.repeat(n) + ']\n',
      () => 'services:\n  a:\n    image: "' + '\\'.repeat(n),
      () => 'services:\n  a:\n    command: ' + '${'.repeat(n),
      () => 'services:\n  a:\n    image: x\n    environment:\n' + '      A: 1\n'.repeat(n / 10),
      () => '%YAML 1.2\n---\n' + '--- \n'.repeat(n),
      () => 'services:\n' + '  - '.repeat(n),
    ],
    unit: [
      () => '[Service]\nExecStart=/usr/bin/docker run ' + 'a \\\n'.repeat(n),
      () => '[Service]\n' + 'ExecStart=\n'.repeat(n),
      () => '[Service]\nExecStart=/usr/bin/docker run ' + '"'.repeat(n),
      () => '[Service]\nExecStart=/usr/bin/docker run ' + '\\'.repeat(n),
      () => '[Service]\nEnvironment=' + 'A=1 '.repeat(n),
      () => '['.repeat(n),
      () => '[Service]\nExecStart=/usr/bin/podman run ' + '-v /:/x '.repeat(n) + 'img\n',
    ],
    quadlet: [
      () => '[Container]\nImage=a\nPodmanArgs=' + '--cap-add=ALL '.repeat(n),
      () => '[Container]\n' + 'Image=a\n'.repeat(n),
      () => '[Container]\nImage=a\nExec=' + '"'.repeat(n),
      () => '[Container]\nImage=a\nVolume=' + ':'.repeat(n),
      () => '[Container]\nImage=' + '%'.repeat(n),
      () => '[Container]\nImage=a\nMount=' + 'type=bind,'.repeat(n),
    ],
  };
  return rng.pick(options[kind])();
}

/** One garbage file: its bytes and what was made, for the manifest. */
function garbage(rng, kind) {
  const r = rng.next();
  if (r < 0.1) return { category: 'binary', bytes: Buffer.concat([randomBytes(rng, rng.int(2048)), Buffer.from([0])]) };
  if (r < 0.15) {
    // No NUL: the UTF-8 check, not the binary check, has to catch it (0xFF never occurs in UTF-8).
    return { category: 'invalid-utf8', bytes: Buffer.concat([randomBytes(rng, rng.int(2048), { noNul: true }), Buffer.from([0xff])]) };
  }
  if (r < 0.25) return { category: 'ascii', bytes: Buffer.from(randomAscii(rng, rng.int(3000)), 'utf8') };
  if (r < 0.4) return { category: 'soup', bytes: Buffer.from(syntaxSoup(rng, kind, rng.int(400)), 'utf8') };
  if (r < 0.52) return { category: 'hostile', bytes: Buffer.from(hostileText(rng, kind), 'utf8') };
  if (r < 0.56) {
    // Real content of another kind under this name.
    const other = rng.pick(Object.keys(TEMPLATES));
    return { category: 'other-kind', bytes: Buffer.from(TEMPLATES[other], 'utf8') };
  }
  if (r < 0.6) {
    const tiny = rng.pick(['', '\uFEFF', '\n', '\r\n', ' ', '\t\n', '\\', '#', '\uFEFF\uFEFF']);
    return { category: 'tiny', bytes: Buffer.from(tiny, 'utf8') };
  }
  const text = mutate(rng, TEMPLATES[kind]);
  let bytes = variantBytes(text, { crlf: rng.chance(0.3), bom: rng.chance(0.2) });
  if (rng.chance(0.05)) {
    // A stray invalid byte in otherwise real content.
    const at = rng.int(bytes.length + 1);
    bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xc3]), bytes.subarray(at)]);
    return { category: 'mutated-invalid-utf8', bytes };
  }
  return { category: 'mutated', bytes };
}

// ---------------------------------------------------------------------------------------------

/** A YAML "billion laughs": ten levels of ten aliases each. */
export function aliasBomb() {
  const lines = ['x-a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i <= 9; i++) lines.push(`x-a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  lines.push('services:', '  web:', '    image: nginx:1.27', '    command: *a9', '');
  return lines.join('\n');
}

function writeBig(file, bytes) {
  const line = Buffer.from('RUN echo "this Dockerfile is far too large to be real, and cguard must not read it"\n');
  const chunk = Buffer.concat([Buffer.from('FROM alpine\n'), ...Array(Math.ceil((1 << 20) / line.length)).fill(line)]).subarray(0, 1 << 20);
  const fd = openSync(file, 'w');
  try {
    for (let written = 0; written < bytes; written += chunk.length) writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - written));
  } finally {
    closeSync(fd);
  }
}

/** Files under the size limit that are expensive to parse if a parser is not linear. */
function heavyFiles() {
  const lines = (n, f) => Array.from({ length: n }, (_, i) => f(i)).join('');
  return {
    'heavy/flow/compose.yaml': 'services: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n',
    'heavy/keys/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    labels:\n' + lines(10_000, (i) => `      k${i}: v\n`),
    'heavy/services/compose.yaml': 'services:\n' + lines(1_000, (i) => `  s${i}:\n    image: nginx:latest\n`),
    'heavy/continuation/app.service': '[Service]\nExecStart=/usr/bin/docker run \\\n' + lines(20_000, () => '  -e A=1 \\\n') + '  nginx:latest\n',
    'heavy/too-many-lines/app.service': '[Service]\nExecStart=/usr/bin/docker run \\\n' + lines(120_000, () => '  -e A=1 \\\n') + '  nginx:latest\n',
    'heavy/exec/app.service': '[Service]\nExecStart=/usr/bin/docker run ' + '-e A=1 '.repeat(30_000) + 'nginx:latest\n',
    'heavy/podmanargs/app.container': '[Container]\nImage=nginx:latest\nPodmanArgs=' + '--env A=1 '.repeat(30_000) + '\n',
    'heavy/heredocs/Dockerfile': 'FROM alpine:3.20\n' + lines(2_000, (i) => `RUN <<EOF${i}\necho ${i}\nEOF${i}\n`),
    'heavy/runs/Dockerfile': 'FROM alpine:3.20\n' + lines(5_000, (i) => `RUN curl -fsSL https://example.com/${i} | sh\n`),
    'heavy/longline/Dockerfile': 'FROM alpine:3.20\nRUN ' + 'a'.repeat(4_000_000) + '\n',
  };
}

export function generate(dir, { seed = 1 } = {}) {
  const root = path.resolve(dir);
  const outside = `${root}-outside`;
  if (existsSync(root)) throw new Error(`${root} exists; remove it or choose another folder`);
  rmSync(outside, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  mkdirSync(outside, { recursive: true });
  const rng = prng(seed);
  const manifest = { root, outside, seed, garbage: [], real: [], expectCG000: [], outsideFiles: [], notes: [] };
  const put = (rel, bytes, mode) => {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    if (mode !== undefined) chmodSync(file, mode);
    return file;
  };

  // 1,200 garbage files.
  for (let d = 0; d < GARBAGE_DIRS; d++) {
    for (const name of GARBAGE_NAMES) {
      const rel = `garbage/g${String(d).padStart(3, '0')}/${name}`;
      const { category, bytes } = garbage(rng, KIND_OF_NAME[name]);
      put(rel, bytes);
      manifest.garbage.push({ path: rel, category, bytes: bytes.length });
      if (category === 'binary' || category === 'invalid-utf8' || category === 'mutated-invalid-utf8') manifest.expectCG000.push(rel);
    }
  }

  // The alias bomb and the 40 MB Dockerfile.
  put('bomb/compose.yaml', aliasBomb());
  manifest.expectCG000.push('bomb/compose.yaml');
  mkdirSync(path.join(root, 'big'), { recursive: true });
  writeBig(path.join(root, 'big/Dockerfile'), BIG_FILE_BYTES);
  manifest.big = 'big/Dockerfile';
  manifest.expectCG000.push('big/Dockerfile');

  // 60 nested folders.
  const deep = Array.from({ length: DEPTH }, (_, i) => `level-${String(i + 1).padStart(2, '0')}`).join('/');
  put(`deep/${deep}/Dockerfile`, variantBytes(TEMPLATES.dockerfile, { crlf: true, bom: false }), 0o644);
  put(`deep/${deep}/web.service`, variantBytes(TEMPLATES.unit, { crlf: false, bom: false }), 0o600);
  manifest.real.push({ path: `deep/${deep}/Dockerfile`, crlf: true, bom: false, mode: 0o644 });
  manifest.real.push({ path: `deep/${deep}/web.service`, crlf: false, bom: false, mode: 0o600 });
  manifest.deep = `deep/${deep}`;

  // Realistic files with fixes, in every line-ending, BOM and mode variant.
  for (const variant of REAL_VARIANTS) {
    for (const [kind, name] of Object.entries(REAL_FILES)) {
      const rel = `real/${variant.name}/${name}`;
      put(rel, variantBytes(TEMPLATES[kind], variant), variant.mode);
      manifest.real.push({ path: rel, crlf: variant.crlf, bom: variant.bom, mode: variant.mode });
    }
  }

  // Names with spaces, non-ASCII letters, emoji and URI-special characters.
  const names = [
    ['names/with space/Dockerfile', 'dockerfile'],
    ['names/ünïcødé/compose.yaml', 'compose'],
    ['names/日本語 フォルダ/web app.service', 'unit'],
    ['names/emoji-🐳/café.container', 'quadlet'],
    ['names/odd #%?&;=+ chars/docker-compose.yml', 'compose'],
    ['names/NFD-cafe\u0301/Dockerfile', 'dockerfile'],
  ];
  for (const [rel, kind] of names) {
    put(rel, variantBytes(TEMPLATES[kind], { crlf: false, bom: false }), 0o644);
    manifest.real.push({ path: rel, crlf: false, bom: false, mode: 0o644 });
  }

  // Symlinks: a folder loop, links to each other and to themselves, links out of the tree.
  const link = (target, rel) => {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    symlinkSync(target, file);
  };
  put('loop/compose.yaml', variantBytes(TEMPLATES.compose, { crlf: false, bom: false }), 0o644);
  manifest.real.push({ path: 'loop/compose.yaml', crlf: false, bom: false, mode: 0o644 });
  link('..', 'loop/inner/up');
  link('.', 'loop/self-dir');
  link('../pong/Dockerfile', 'loop/ping/Dockerfile');
  link('../ping/Dockerfile', 'loop/pong/Dockerfile');
  link('app.service', 'loop/app.service');
  link('../real/lf-0644/Dockerfile', 'links/Dockerfile');
  link('../does-not-exist/compose.yaml', 'links/compose.yaml');

  writeFileSync(path.join(outside, 'Dockerfile'), TEMPLATES.dockerfile);
  writeFileSync(path.join(outside, 'compose.yaml'), TEMPLATES.compose);
  writeFileSync(path.join(outside, 'web.service'), TEMPLATES.unit);
  manifest.outsideFiles.push(path.join(outside, 'Dockerfile'), path.join(outside, 'compose.yaml'), path.join(outside, 'web.service'));
  link(path.join(outside, 'Dockerfile'), 'escape/Dockerfile');
  link(path.relative(path.join(root, 'escape'), path.join(outside, 'compose.yaml')), 'escape/compose.yaml');
  link(outside, 'escape/outside-dir');
  // A compose file inside the tree whose build reads the Dockerfile outside it (reading is allowed, writing never).
  put('escape/build/compose.yaml', `services:\n  app:\n    build:\n      context: ${JSON.stringify(outside)}\n`, 0o644);

  // Unreadable file and folder (mode 000). Root reads them anyway.
  put('locked/Dockerfile', variantBytes(TEMPLATES.dockerfile, { crlf: false, bom: false }), 0o000);
  put('locked-dir/Dockerfile', variantBytes(TEMPLATES.dockerfile, { crlf: false, bom: false }));
  chmodSync(path.join(root, 'locked-dir'), 0o000);
  manifest.locked = { file: 'locked/Dockerfile', dir: 'locked-dir' };

  // FIFOs where files are expected: opening one for reading blocks until a writer comes.
  manifest.fifos = [];
  for (const rel of ['special/Dockerfile', 'special/.env', 'special/build/Dockerfile']) {
    mkdirSync(path.join(root, path.dirname(rel)), { recursive: true });
    try {
      execFileSync('mkfifo', [path.join(root, rel)], { stdio: 'ignore' });
      manifest.fifos.push(rel);
    } catch {
      manifest.notes.push(`no FIFO at ${rel} (mkfifo is not available)`);
    }
  }
  put('special/compose.yaml', 'services:\n  app:\n    build: ./build\n    image: app:1.0\n', 0o644);
  put('special/dev/compose.yaml', 'services:\n  app:\n    build:\n      context: /dev\n      dockerfile: zero\n  tty:\n    build:\n      context: /dev\n      dockerfile: stdin\n', 0o644);

  // Edge cases of encoding and kind.
  put('edge/empty/Dockerfile', Buffer.alloc(0));
  put('edge/bom-only/compose.yaml', Buffer.from('\uFEFF', 'utf8'));
  put('edge/utf16/app.service', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[Service]\nExecStart=/usr/bin/docker run nginx\n', 'utf16le')]));
  put('edge/utf16be/Dockerfile', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('FROM alpine\n', 'utf16le').swap16()]));
  put('edge/invalid-utf8/compose.yaml', Buffer.concat([Buffer.from('services:\n  a:\n    image: "'), Buffer.from([0xc3, 0x28]), Buffer.from('"\n')]));
  put('edge/overlong/app.container', Buffer.concat([Buffer.from('[Container]\nImage='), Buffer.from([0xc0, 0xaf]), Buffer.from('\n')]));
  put('edge/surrogate/Dockerfile', Buffer.concat([Buffer.from('FROM alpine\nUSER '), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('\n')]));
  put('edge/nul-late/Dockerfile', Buffer.concat([Buffer.from('FROM alpine\n' + '#'.repeat(9000) + '\n'), Buffer.from([0]), Buffer.from('\n')]));
  put('edge/cr-only/web.service', Buffer.from('[Service]\rExecStart=/usr/bin/docker run nginx\r', 'utf8'));
  put('edge/mixed-eol/Dockerfile', Buffer.from('FROM nginx\r\nUSER root\nEXPOSE 80\r\n', 'utf8'));
  put('edge/no-final-newline/compose.yaml', Buffer.from('services:\n  web:\n    image: nginx', 'utf8'));
  mkdirSync(path.join(root, 'edge/dir-named/Dockerfile'), { recursive: true });
  put('edge/dir-named/Dockerfile/app.service', variantBytes(TEMPLATES.unit, { crlf: false, bom: false }), 0o644);
  manifest.real.push({ path: 'edge/dir-named/Dockerfile/app.service', crlf: false, bom: false, mode: 0o644 });
  manifest.expectCG000.push('edge/utf16/app.service', 'edge/utf16be/Dockerfile', 'edge/invalid-utf8/compose.yaml', 'edge/overlong/app.container', 'edge/surrogate/Dockerfile');

  // Heavy but legal files.
  for (const [rel, text] of Object.entries(heavyFiles())) put(rel, text, 0o644);
  manifest.heavy = Object.keys(heavyFiles());
  manifest.tooComplex = 'heavy/too-many-lines/app.service';
  manifest.expectCG000.push('heavy/too-many-lines/app.service', 'heavy/longline/Dockerfile', 'heavy/flow/compose.yaml');

  // Ignored garbage.
  put('.gitignore', 'ignored/\n');
  put('ignored/Dockerfile', randomBytes(rng, 512));
  put('ignored/compose.yaml', 'services: [\n');
  manifest.ignored = ['ignored/Dockerfile', 'ignored/compose.yaml'];

  writeFileSync(path.join(outside, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

function main(argv) {
  const args = [...argv];
  let seed = 1;
  const seedAt = args.indexOf('--seed');
  if (seedAt >= 0) {
    seed = Number(args[seedAt + 1]);
    args.splice(seedAt, 2);
    if (!Number.isInteger(seed)) throw new Error('--seed needs an integer');
  }
  if (args.length !== 1) throw new Error('usage: node scripts/gen-hostile-tree.mjs DIR [--seed N]');
  const manifest = generate(args[0], { seed });
  process.stdout.write(
    JSON.stringify({ root: manifest.root, outside: manifest.outside, seed, garbage: manifest.garbage.length, real: manifest.real.length, notes: manifest.notes }, null, 2) + '\n',
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`gen-hostile-tree: ${error.message}\n`);
    process.exit(2);
  }
}
