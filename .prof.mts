import { scanDockerfile } from './src/parsers/dockerfile-scan.ts';
import { readInstructionWords } from './src/parsers/dockerfile-words.ts';
import { parseDockerfile } from './src/parsers/dockerfile.ts';
import { sourceFromText } from './src/model/source.ts';
import fs from 'node:fs'; import path from 'node:path';
const root = '/work/shared/corpus/dockerfile';
const files: string[] = [];
(function walk(d: string) { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else files.push(p); } })(root);
const texts = files.map(f => fs.readFileSync(f, 'utf8'));
for (let round = 0; round < 3; round++) {
let t = performance.now(); const scans = texts.map(t => scanDockerfile(t)); const ts = performance.now() - t;
t = performance.now(); texts.forEach((x, k) => readInstructionWords(x, scans[k]!)); const tw = performance.now() - t;
t = performance.now(); texts.forEach((x) => parseDockerfile(sourceFromText('D', 'dockerfile', x))); const tp = performance.now() - t;
console.log('scan', Math.round(ts), 'words', Math.round(tw), 'full', Math.round(tp));
}
