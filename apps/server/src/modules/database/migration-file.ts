/** One forward-only SQL migration, applied once in name order and recorded in `_wharf_migrations`. */
export interface MigrationFile {
  name: string;
  sql: string;
}
