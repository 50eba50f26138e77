import { type Algorithm, hash, verify } from '@node-rs/argon2';

// Algorithm is a const enum, which isolatedModules cannot read: 2 is Argon2id.
const ARGON2ID: Algorithm = 2;

// OWASP's argon2id baseline (19 MiB, 2 iterations, 1 lane).
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** A fixed hash verified when the user does not exist, so timing does not reveal usernames. */
let dummyHash: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(
  passwordHash: string | null,
  password: string,
): Promise<boolean> {
  if (passwordHash === null) {
    dummyHash ??= hash('not-a-real-password', OPTIONS);
    await verify(await dummyHash, password);
    return false;
  }
  return verify(passwordHash, password);
}
