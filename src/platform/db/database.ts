import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { createPgConfig } from '@electric-sql/pglite/node-postgres'
import { Kysely, PostgresDialect, type Transaction } from 'kysely'
import pg from 'pg'
import { lockDataDir } from './lock.js'
import { preparingPool } from './preparedStatements.js'
import type { DB } from './schema.js'

export type Db = Kysely<DB>
/** A handle to run queries on: the root database or a transaction passed down (never the root inside one). */
export type Queryable = Kysely<DB> | Transaction<DB>

export interface Database {
  db: Db
  /** One pg.Pool for queries, sessions and jobs: a PostgreSQL pool or PGlite's node-postgres adapter. */
  pool: pg.Pool
  engine: 'postgres' | 'pglite'
  close(): Promise<void>
}

// Bigint counts come back as strings from PostgreSQL; numeric values we store fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v)
// Dates (not timestamps) stay ISO strings: a date has no time zone to shift.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v)

export function fromPool(pool: pg.Pool, engine: Database['engine'], onClose: () => Promise<void>): Database {
  // PGlite plans in the same process for its one connection: naming statements would only add bookkeeping there.
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: engine === 'postgres' ? preparingPool(pool) : pool }),
  })
  return {
    db,
    pool,
    engine,
    async close() {
      await db.destroy()
      await onClose()
    },
  }
}

export async function openPglite(pglite: PGlite, onClose: () => Promise<void> = async () => {}): Promise<Database> {
  // The adapter's config type is narrower than pg's PoolConfig in its declarations only.
  const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig)
  return fromPool(pool, 'pglite', async () => {
    await onClose()
    await pglite.close()
  })
}

export async function createPglite(dataDir: string | undefined, loadDataDir?: Blob | File): Promise<PGlite> {
  return PGlite.create({ dataDir, extensions: { pg_trgm }, ...(loadDataDir ? { loadDataDir } : {}) })
}

export async function openPostgres(connectionString: string, max = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max })
  // An idle connection the server ends (a restart, a failover, a dropped test database) must not crash the process:
  // the pool discards it and the next query opens a fresh one; a query that was running fails on its own.
  pool.on('error', () => {})
  return fromPool(pool, 'postgres', async () => {})
}

export interface OpenOptions {
  databaseUrl: string | undefined
  /** PostgreSQL connections kept by the pool (10 unless given). */
  databasePoolSize?: number
  dataDir: string
}

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else the embedded PGlite in DATA_DIR. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.databasePoolSize)
  const lock = lockDataDir(options.dataDir)
  try {
    const pglite = await createPglite(path.join(options.dataDir, 'pg'))
    return openPglite(pglite, async () => lock.release())
  } catch (error) {
    lock.release()
    throw error
  }
}
