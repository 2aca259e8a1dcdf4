import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { deferCleanup } from './cleanup.js'

export const postgresServer = 'postgres://postgres@127.0.0.1:5432/'

export interface ScratchDatabase {
  url: string
  version: string
}

/** A fresh, empty database on the local PostgreSQL, dropped at cleanup; undefined when PostgreSQL is not reachable. */
export async function createScratchDatabase(): Promise<ScratchDatabase | undefined> {
  const admin = new pg.Client({ connectionString: `${postgresServer}postgres`, connectionTimeoutMillis: 2000 })
  try {
    await admin.connect()
  } catch {
    return undefined
  }
  try {
    const name = `ascend_bench_${randomBytes(4).toString('hex')}`
    const { rows } = await admin.query<{ server_version: string }>('SHOW server_version')
    await admin.query(`CREATE DATABASE ${name}`)
    deferCleanup(() => dropDatabase(name))
    return { url: `${postgresServer}${name}`, version: rows[0]?.server_version.split(' ')[0] ?? 'unknown' }
  } finally {
    await admin.end()
  }
}

async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: `${postgresServer}postgres` })
  await admin.connect()
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  } finally {
    await admin.end()
  }
}
