/** One challenge of a `WWW-Authenticate` header (RFC 7235): scheme plus auth-params. */
export interface AuthChallenge {
  /** Lower-cased scheme: `basic`, `bearer`. */
  scheme: string;
  /** Parameter names lower-cased (`realm`, `service`, `scope`, `error`). */
  params: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

function readQuoted(text: string): { value: string; rest: string } {
  let value = '';
  let i = 1;
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\\' && i + 1 < text.length) i++;
    value += text[i];
    i++;
  }
  return { value, rest: text.slice(i + 1) };
}

function readParam(text: string): { name: string; value: string; rest: string } | undefined {
  const match = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*/.exec(text);
  if (!match) return undefined;
  const after = text.slice(match[0].length);
  if (after.startsWith('"')) {
    const { value, rest } = readQuoted(after);
    return { name: (match[1] ?? '').toLowerCase(), value, rest };
  }
  const bare = /^[^,\s]*/.exec(after)?.[0] ?? '';
  return { name: (match[1] ?? '').toLowerCase(), value: bare, rest: after.slice(bare.length) };
}

/**
 * Parses `WWW-Authenticate` (several challenges, quoted values with escapes, commas inside
 * quotes as in `scope="repository:a:pull,push"`). Unparsable tails are ignored, never thrown.
 */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  let rest = header.trim();
  while (rest.length > 0) {
    const scheme = TOKEN.exec(rest)?.[0];
    if (!scheme) break;
    const challenge: AuthChallenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(challenge);
    rest = rest.slice(scheme.length);
    for (;;) {
      const param = readParam(rest);
      if (!param) break;
      challenge.params[param.name] = param.value;
      rest = param.rest.replace(/^\s*,?\s*/, '');
    }
    rest = rest.replace(/^[\s,]+/, '');
  }
  return challenges;
}
