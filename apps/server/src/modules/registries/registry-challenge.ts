/** One challenge of a `WWW-Authenticate` header: lower-cased scheme and parameters. */
export interface RegistryChallenge {
  scheme: string;
  params: Record<string, string>;
}

const PARAM = /^\s*([A-Za-z0-9_.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?/;

/**
 * Parses the `WWW-Authenticate` of a registry (`Bearer realm="…",service="…",scope="a:b:pull,push"`
 * or `Basic realm="…"`): the first challenge is the one registries mean. Null when there is none.
 */
export function parseChallenge(header: string | null): RegistryChallenge | null {
  const match = /^\s*([A-Za-z]+)\s*/.exec(header ?? '');
  if (match === null) return null;
  const params: Record<string, string> = {};
  let rest = (header ?? '').slice(match[0].length);
  for (let param = PARAM.exec(rest); param !== null; param = PARAM.exec(rest)) {
    params[(param[1] ?? '').toLowerCase()] = (param[2] ?? param[3] ?? '').replace(/\\(.)/g, '$1');
    rest = rest.slice(param[0].length);
  }
  return { scheme: (match[1] ?? '').toLowerCase(), params };
}

/** The `next` page of a `Link: </v2/_catalog?last=x&n=100>; rel="next"` header, as a URL. */
export function nextLink(header: string | null, base: string): URL | null {
  const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(header ?? '');
  return match?.[1] === undefined ? null : new URL(match[1], base);
}
