import { parseDockerfile } from './src/parsers/dockerfile.ts';
import { sourceFromText, LineIndex } from './src/model/source.ts';
import fs from 'node:fs'; import path from 'node:path';
const root = '/work/shared/corpus/dockerfile';
const files: string[] = [];
(function walk(d: string) { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else files.push(p); } })(root);
files.sort();
const t0 = performance.now();
let nerr = 0, nostage = 0, unresolved = 0;
for (const f of files) {
  const src = sourceFromText(f, 'dockerfile', fs.readFileSync(f, 'utf8'));
  const r = parseDockerfile(src);
  if (r.errors.length) {
    nerr++;
    const li = new LineIndex(src.text);
    console.log(f.slice(root.length + 1), r.errors.map(e => `${li.position(e.span.start).line}: ${e.message}`).join(' | '));
  }
  if (r.model && r.model.stages.some(s => s.baseUnresolved)) unresolved++;
}
console.log('files', files.length, 'with errors', nerr, 'unresolved', unresolved, 'ms', Math.round(performance.now() - t0));
