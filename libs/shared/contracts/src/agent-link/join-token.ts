import { JOIN_TOKEN_PATTERN } from './join.schema';

/** The two parts of a join token: which CA the server must present, and the secret it checks. */
export interface ParsedJoinToken {
  /** sha256 of the server CA certificate's DER, lowercase hex. */
  caFingerprint: string;
  secret: string;
}

/** `WHARF-1-<ca fingerprint>-<secret>`; the version lets the format change later. */
export function formatJoinToken(caFingerprint: string, secret: string): string {
  return `WHARF-1-${caFingerprint.toLowerCase()}-${secret}`;
}

/** Parses a join token; undefined when it is not one (whitespace around it is ignored). */
export function parseJoinToken(token: string): ParsedJoinToken | undefined {
  const match = JOIN_TOKEN_PATTERN.exec(token.trim());
  if (match === null) return undefined;
  return { caFingerprint: match[1]!, secret: match[2]! };
}
