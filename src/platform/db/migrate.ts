import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely'

/** The one migration history: numbered plain SQL files that PostgreSQL and PGlite both run. */
export const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations')

class SqlFileMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await fs.readdir(migrationsDir)).filter((f) => f.endsWith('.sql')).sort()
    const migrations: Record<string, Migration> = {}
    for (const file of files) {
      const text = await fs.readFile(path.join(migrationsDir, file), 'utf8')
      migrations[file.replace(/\.sql$/, '')] = {
        up: async (db) => {
          await sql.raw(text).execute(db)
        },
      }
    }
    return migrations
  }
}

export interface MigrationReport {
  applied: string[]
}

export async function migrateToLatest<T>(db: Kysely<T>): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider: new SqlFileMigrationProvider() })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    const name = failed ? ` (${failed.migrationName})` : ''
    throw new Error(`Migration failed${name}: ${error instanceof Error ? error.message : String(error)}`)
  }
  return { applied: (results ?? []).map((r) => r.migrationName) }
}

/** A fingerprint of the migration files, so test templates are rebuilt exactly when migrations change. */
export async function migrationsFingerprint(): Promise<string> {
  const { createHash } = await import('node:crypto')
  const hash = createHash('sha256')
  for (const file of (await fs.readdir(migrationsDir)).filter((f) => f.endsWith('.sql')).sort()) {
    hash.update(file).update(await fs.readFile(path.join(migrationsDir, file)))
  }
  return hash.digest('hex').slice(0, 16)
}
