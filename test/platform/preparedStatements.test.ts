import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { PostgresPoolClient } from 'kysely'
import pg from 'pg'
import { preparingPool } from '../../src/platform/db/preparedStatements.js'
import { testEngine } from '../support/database.js'

// Only PostgreSQL connections are wrapped (src/platform/db/database.ts): PGlite plans in-process.
describe('statements prepared once per connection (postgres)', { skip: testEngine !== 'postgres' }, () => {
  let pool: pg.Pool
  before(() => {
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 })
  })
  after(() => pool.end())

  const preparedOn = async (client: PostgresPoolClient) =>
    (
      await client.query<{ statement: string }>(
        `select statement from pg_prepared_statements where name like 'ascend\\_%' order by statement`,
        [],
      )
    ).rows.map((r) => r.statement)

  it('prepares each text once, then answers from it with new values', async () => {
    const client = await preparingPool(pool).connect()
    try {
      const first = await client.query<{ n: number }>('select $1::int + 1 as n', [1])
      const again = await client.query<{ n: number }>('select $1::int + 1 as n', [41])
      assert.equal(first.rows[0]?.n, 2)
      assert.equal(again.rows[0]?.n, 42)
      const statements = await preparedOn(client)
      assert.ok(statements.includes('select $1::int + 1 as n'), statements.join('\n'))
    } finally {
      client.release()
    }
  })

  it('runs texts past the connection’s bound unnamed, with the same answers', async () => {
    const client = await preparingPool(pool, { texts: 100, perConnection: 1 }).connect()
    try {
      await client.query('select $1::int * 2 as n', [5])
      const result = await client.query<{ n: number }>('select $1::int * 3 as n', [5])
      assert.equal(result.rows[0]?.n, 15)
      const statements = await preparedOn(client)
      assert.ok(statements.includes('select $1::int * 2 as n'))
      assert.ok(!statements.includes('select $1::int * 3 as n'))
    } finally {
      client.release(true)
    }
  })

  it('runs texts past the process’s bound unnamed', async () => {
    const client = await preparingPool(pool, { texts: 0, perConnection: 10 }).connect()
    try {
      assert.equal((await client.query<{ n: number }>('select $1::int - 1 as n', [5])).rows[0]?.n, 4)
      assert.ok(!(await preparedOn(client)).includes('select $1::int - 1 as n'))
    } finally {
      client.release()
    }
  })

  it('runs a text without parameters unnamed, so it may hold several commands as a migration does', async () => {
    const client = await preparingPool(pool).connect()
    try {
      await client.query('create temporary table several (n int); insert into several values (7)', [])
      assert.deepEqual((await client.query('select n from several', [])).rows, [{ n: 7 }])
      assert.ok(!(await preparedOn(client)).some((text) => text.includes('several')))
    } finally {
      client.release(true)
    }
  })

  it('keeps two pools’ names apart on one connection', async () => {
    const first = await preparingPool(pool).connect()
    await first.query('select $1::int as one', [1])
    first.release()
    const second = await preparingPool(pool).connect()
    try {
      assert.deepEqual((await second.query('select $1::text as two', ['2'])).rows, [{ two: '2' }])
    } finally {
      second.release(true)
    }
  })

  it('leaves a text that failed to prepare unprepared, and answers once it can', async () => {
    const client = await preparingPool(pool).connect()
    try {
      await assert.rejects(client.query('select * from a_table_not_yet_made', []), /does not exist/)
      await client.query('create temporary table a_table_not_yet_made (n int)', [])
      const rows = await client.query('select * from a_table_not_yet_made', [])
      assert.deepEqual(rows.rows, [])
    } finally {
      client.release(true)
    }
  })
})
