import type BetterSqlite3 from 'better-sqlite3';
import type { Client as PgClient } from 'pg';

import { type MigrationFile } from './migration-file';

const TABLE = '_wharf_migrations';

/**
 * Applies the migrations not yet recorded, in name order, each in its own transaction together
 * with its `_wharf_migrations` row, so a failed file leaves nothing half-applied. Returns the names applied.
 */
export function migrateSqlite(
  db: BetterSqlite3.Database,
  files: readonly MigrationFile[],
): string[] {
  db.exec(
    `CREATE TABLE IF NOT EXISTS "${TABLE}" ("name" TEXT PRIMARY KEY, "appliedAt" TEXT NOT NULL)`,
  );
  const done = new Set(
    (db.prepare(`SELECT "name" FROM "${TABLE}"`).all() as { name: string }[]).map((r) => r.name),
  );
  const applied: string[] = [];
  for (const file of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
    if (done.has(file.name)) continue;
    db.transaction(() => {
      db.exec(file.sql);
      db.prepare(`INSERT INTO "${TABLE}" ("name", "appliedAt") VALUES (?, ?)`).run(
        file.name,
        new Date().toISOString(),
      );
    })();
    applied.push(file.name);
  }
  return applied;
}

/** PostgreSQL variant; an advisory lock keeps two servers starting at once from racing. */
export async function migratePostgres(
  client: PgClient,
  files: readonly MigrationFile[],
): Promise<string[]> {
  await client.query(
    `CREATE TABLE IF NOT EXISTS "${TABLE}" ("name" TEXT PRIMARY KEY, "appliedAt" TIMESTAMPTZ NOT NULL)`,
  );
  const applied: string[] = [];
  for (const file of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock(7349001)');
      const exists = await client.query(`SELECT 1 FROM "${TABLE}" WHERE "name" = $1`, [file.name]);
      if (exists.rowCount === 0) {
        await client.query(file.sql);
        await client.query(`INSERT INTO "${TABLE}" ("name", "appliedAt") VALUES ($1, now())`, [
          file.name,
        ]);
        applied.push(file.name);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  }
  return applied;
}
