import { parseDockerfile } from './src/parsers/dockerfile.ts';
import { sourceFromText } from './src/model/source.ts';
const cases = [
 "FROM a\nCOPY a C:\\\\\nUSER app\n",
 "FROM a\nRUN --mount=\"type=secret, id=x\" --network=none cmd\nRUN <<-EOF cat\n\techo\n\tEOF\nRUN apt-get update && \\\n    # c\n    apt-get x \\\n\n    && rm\nUSER app # c\n",
 "FROM a\nRUN echo \"<<EOF\"\nUSER b\n",
];
for (const t of cases) {
  const r = parseDockerfile(sourceFromText('D', 'dockerfile', t));
  console.log('ERR', r.errors);
  for (const i of r.model?.instructions ?? []) console.log(i.keyword, JSON.stringify(t.slice(i.span.start, i.span.end)), '| args', JSON.stringify(i.argsText), i.args.map(a => a.value), i.flags, i.heredocs);
}
