import { parseDockerfile } from './src/parsers/dockerfile.ts';
import { sourceFromText } from './src/model/source.ts';
import fs from 'node:fs'; import path from 'node:path';
const root = '/work/shared/corpus/dockerfile';
const files: string[] = [];
(function walk(d: string) { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else files.push(p); } })(root);
const users = new Map<string, number>();
for (const f of files.sort()) {
  const src = sourceFromText(f, 'dockerfile', fs.readFileSync(f, 'utf8'));
  const r = parseDockerfile(src);
  for (const s of r.model?.stages ?? []) {
    if (s.baseUnresolved) console.log('UNRES', f.slice(root.length+1), JSON.stringify(src.text.slice(s.from.span.start, s.from.span.end)), '->', s.baseText);
    for (const u of s.users) { const raw = src.text.slice(u.span.start, u.span.end); if (raw !== u.value) console.log('USER', f.slice(root.length+1), JSON.stringify(raw), '->', JSON.stringify(u.value)); users.set(u.value, (users.get(u.value) ?? 0) + 1); }
    if (s.baseStage !== undefined) console.log('CHAIN', f.slice(root.length+1), s.index, '<-', s.baseStage, s.baseText);
  }
}
console.log([...users].sort((a,b)=>b[1]-a[1]).slice(0,40));
