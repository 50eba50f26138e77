import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { AppError, wrapError } from '@wharf/errors';
import { PrismaClient } from '@wharf-db/sqlite';
import Database from 'better-sqlite3';
import { Client } from 'pg';

import { type ServerConfig } from '../core/server-config';
import { MIGRATION_FILES } from './migration-files.generated';
import { migratePostgres, migrateSqlite } from './migration-runner';

/**
 * Both generated clients expose the same model API (one schema source); the SQLite client's type
 * stands for both.
 */
export type Db = PrismaClient;

/** Runs pending migrations, then returns a connected Prisma client for the configured database. */
export async function openDatabase(
  database: ServerConfig['database'],
): Promise<{ db: Db; applied: string[] }> {
  try {
    if (database.provider === 'sqlite') {
      mkdirSync(dirname(database.file), { recursive: true, mode: 0o700 });
      const raw = new Database(database.file);
      raw.pragma('journal_mode = WAL');
      const applied = migrateSqlite(raw, MIGRATION_FILES.sqlite);
      raw.close();
      const db = new PrismaClient({
        adapter: new PrismaBetterSQLite3({ url: `file:${database.file}` }),
      });
      await db.$connect();
      return { db, applied };
    }
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const applied = await migratePostgres(client, MIGRATION_FILES.postgresql).finally(() =>
      client.end(),
    );
    const { PrismaClient: PgPrismaClient } = await import('@wharf-db/postgresql');
    const db = new PgPrismaClient({
      adapter: new PrismaPg({ connectionString: database.url }),
    }) as unknown as Db;
    await db.$connect();
    return { db, applied };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw wrapError(`cannot open the ${database.provider} database`, error);
  }
}
