import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { openDatabase } from '../../src/platform/db/database.js'
import { testEngine } from '../support/database.js'

describe('opening PostgreSQL (postgres)', { skip: testEngine !== 'postgres' }, () => {
  const databaseUrl = process.env.DATABASE_URL
  const open = (databasePoolSize?: number) => openDatabase({ databaseUrl, dataDir: 'unused', databasePoolSize })

  it('keeps as many connections as DATABASE_POOL_SIZE says, and 10 without it', async () => {
    for (const [given, kept] of [
      [3, 3],
      [undefined, 10],
    ] as const) {
      const database = await open(given)
      try {
        assert.equal(database.engine, 'postgres')
        assert.equal(database.pool.options.max, kept)
      } finally {
        await database.close()
      }
    }
  })
})
