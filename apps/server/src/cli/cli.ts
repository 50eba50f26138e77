import 'reflect-metadata';

import { parseArgs } from 'node:util';

import { CreateJoinTokenRequestSchema } from '@wharf/contracts';

import { loadServerConfig } from '../config/env.schema';
import { loadOrCreateServerPki } from '../modules/core/server-pki';
import { type Db, openDatabase } from '../modules/database/database';
import { issueJoinToken } from '../modules/hosts/join-token-issuer';
import { JoinTokensRepository } from '../modules/hosts/join-tokens.repository';

const USAGE = `usage: wharf <command>
  join-token create [--ttl <seconds>] [--json]   mint a join token (default ttl 3600)
  join-token revoke <id>                         revoke a join token
Works directly on the database and PKI of $WHARF_DATA_DIR (and DATABASE_URL).`;

function out(text: string): void {
  process.stdout.write(`${text}\n`);
}

async function createToken(db: Db, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ttl: { type: 'string', default: '3600' },
      json: { type: 'boolean', default: false },
    },
  });
  const ttl = CreateJoinTokenRequestSchema.safeParse({ ttlSeconds: Number(values.ttl) });
  if (!ttl.success) {
    process.stderr.write(`wharf: --ttl must be an integer between 60 and 2592000\n`);
    return 2;
  }
  const config = loadServerConfig(__dirname);
  const pki = await loadOrCreateServerPki(config.pkiDir, config.publicUrl);
  const token = await issueJoinToken(
    new JoinTokensRepository(db),
    { caFingerprint: pki.caFingerprint, publicUrl: config.publicUrl },
    ttl.data.ttlSeconds,
  );
  if (values.json) {
    out(JSON.stringify(token));
  } else {
    out(
      `id:         ${token.id}\ntoken:      ${token.token}\nexpires at: ${token.expiresAt}\n\nOn the new host run:\n  ${token.joinCommand}`,
    );
  }
  return 0;
}

async function revokeToken(db: Db, args: string[]): Promise<number> {
  const id = args[0];
  if (id === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (!(await new JoinTokensRepository(db).revoke(id, new Date()))) {
    process.stderr.write(`wharf: no join token with id ${id}\n`);
    return 1;
  }
  out(`revoked ${id}`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [group, command, ...rest] = argv;
  if (group !== 'join-token' || (command !== 'create' && command !== 'revoke')) {
    process.stderr.write(`${USAGE}\n`);
    return group === undefined || group === 'help' ? 0 : 2;
  }
  const config = loadServerConfig(__dirname);
  const { db } = await openDatabase(config.database);
  try {
    return command === 'create' ? await createToken(db, rest) : await revokeToken(db, rest);
  } finally {
    await db.$disconnect();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`wharf: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
