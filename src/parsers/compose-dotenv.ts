/**
 * The `.env` file Compose reads from the project directory to interpolate `${VAR}` in the
 * compose file (https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file).
 * Lines are `KEY=VALUE`, optionally after `export `; blank lines and `#` lines are skipped; a
 * value in single quotes is literal, one in double quotes knows `\n`, `\t`, `\"` and `\\`; an
 * unquoted value ends at ` #` (an inline comment) and is trimmed. Later keys win.
 */
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function parseDotenv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('export ')) line = line.slice(7).trimStart();
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const name = line.slice(0, eq).trim();
    if (!NAME.test(name)) continue;
    let rest = line.slice(eq + 1).trimStart();
    const quote = rest[0];
    if (quote === "'" || quote === '"') {
      // A quoted value may run over several lines.
      let body = rest.slice(1);
      let close = closingQuote(body, quote);
      while (close < 0 && i + 1 < lines.length) {
        body += `\n${lines[++i]!}`;
        close = closingQuote(body, quote);
      }
      const raw = close < 0 ? body : body.slice(0, close);
      env[name] = quote === "'" ? raw : unescapeDouble(raw);
      continue;
    }
    const comment = rest.search(/\s#/);
    if (comment >= 0) rest = rest.slice(0, comment);
    env[name] = rest.trim();
  }
  return env;
}

function closingQuote(body: string, quote: string): number {
  for (let i = 0; i < body.length; i++) {
    if (quote === '"' && body[i] === '\\') {
      i++;
      continue;
    }
    if (body[i] === quote) return i;
  }
  return -1;
}

function unescapeDouble(raw: string): string {
  return raw.replace(/\\([\\"ntr$])/g, (_, c: string) => (ESCAPES[c] ?? c));
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r' };
