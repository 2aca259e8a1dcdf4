import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { createPglite, type Database, openPglite, openPostgres } from '../../src/platform/db/database.js'
import { migrateToLatest, migrationsFingerprint } from '../../src/platform/db/migrate.js'

/**
 * A fresh, migrated database for one test file, on the engine CI asks for: PostgreSQL when DATABASE_URL is set,
 * PGlite otherwise. Migrations run once per change of the migration files, into a template that each test clones
 * (a PGlite data-directory dump, or a PostgreSQL template database).
 */
export async function createTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL
  return url ? createPostgresTestDatabase(url) : createPgliteTestDatabase()
}

export const testEngine = process.env.DATABASE_URL ? 'postgres' : 'pglite'

async function pgliteTemplate(): Promise<Blob> {
  const file = path.join(os.tmpdir(), `ascend-test-template-${await migrationsFingerprint()}.tar`)
  try {
    return new Blob([await fs.readFile(file)])
  } catch {
    const pglite = await createPglite(undefined)
    const database = await openPglite(pglite)
    await migrateToLatest(database.db)
    const dump = await pglite.dumpDataDir('none')
    await database.close()
    // Written then renamed, so a test file running alongside never reads half a template.
    const partial = `${file}.${process.pid}.partial`
    await fs.writeFile(partial, Buffer.from(await dump.arrayBuffer()))
    await fs.rename(partial, file)
    return dump
  }
}

async function createPgliteTestDatabase(): Promise<Database> {
  const pglite = await createPglite(undefined, await pgliteTemplate())
  return openPglite(pglite)
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

async function createPostgresTestDatabase(url: string): Promise<Database> {
  const template = `ascend_tpl_${await migrationsFingerprint()}`
  const name = `ascend_t_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    // One process builds the template; the others wait on the lock, then find it built.
    await admin.query('select pg_advisory_lock(728301)')
    const exists = await admin.query('select 1 from pg_database where datname = $1', [template])
    if (exists.rowCount === 0) {
      await admin.query(`create database ${template}`)
      const built = await openPostgres(withDatabase(url, template), 1)
      try {
        await migrateToLatest(built.db)
      } catch (error) {
        await built.close()
        await admin.query(`drop database ${template}`)
        throw error
      }
      await built.close()
    }
    // A connection that has just closed can linger for a moment on the server, which refuses to copy a template in use.
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${template}`)
        break
      } catch (error) {
        if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
    await admin.query('select pg_advisory_unlock(728301)')
  } finally {
    await admin.end()
  }
  const database = await openPostgres(withDatabase(url, name))
  const close = database.close
  database.close = async () => {
    await close()
    const dropper = new pg.Client({ connectionString: url })
    await dropper.connect()
    await dropper.query(`drop database if exists ${name} with (force)`)
    await dropper.end()
  }
  return database
}
