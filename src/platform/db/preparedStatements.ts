import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely'
import type pg from 'pg'

/** Bounds on what is prepared: distinct texts named in the process, and prepared on any one connection. */
export interface PreparingLimits {
  texts: number
  perConnection: number
}

let pools = 0

/**
 * Kysely's PostgreSQL driver sends every query unnamed, so PostgreSQL parses and plans it afresh each time. Measured at
 * Birmingham scale, planning the caseload query (its advice, consultations and exceptions as JSON arrays) took 1.7 ms
 * of the 2.4 ms it cost the server. Naming each distinct SQL text prepares it once per connection; PostgreSQL then
 * plans it per call or, once a generic plan proves as good, reuses that plan (plan_cache_mode auto), as postgres.js
 * and the JDBC driver do by default. That plan is made without the parameters' values, so a condition that reaches an
 * index only through its value must be written so that it reaches it without (a prefix search: startsWith in
 * like.ts).
 *
 * Texts vary (an `in` list's length), so both the names and each connection's statements are bounded; a text past
 * either bound runs unnamed, as before. A text without parameters also runs unnamed: it may hold several commands (a
 * migration), which only the simple query protocol accepts. A connection pooler between us and PostgreSQL must keep prepared statements
 * per server connection (PgBouncer 1.21+ with max_prepared_statements).
 */
export function preparingPool(
  pool: pg.Pool,
  limits: PreparingLimits = { texts: 2_000, perConnection: 200 },
): PostgresPool {
  // Names unique to this pool as well: two pools over one pg.Pool must not give one name to two texts.
  const prefix = `ascend_${(pools++).toString(36)}_`
  const names = new Map<string, string>()
  const nameOf = (text: string): string | undefined => {
    const name = names.get(text)
    if (name !== undefined || names.size >= limits.texts) return name
    const fresh = `${prefix}${names.size.toString(36)}`
    names.set(text, fresh)
    return fresh
  }
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>()

  function wrap(client: pg.PoolClient): PostgresPoolClient {
    const prepared = new Set<string>()
    function query<R>(text: string, values: readonly unknown[]): Promise<PostgresQueryResult<R>>
    function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>
    function query<R>(
      textOrCursor: string | PostgresCursor<R>,
      values: readonly unknown[] = [],
    ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
      // pg's declarations know neither kysely's cursor type nor its result's narrower command names.
      if (typeof textOrCursor !== 'string') return client.query(textOrCursor as never) as PostgresCursor<R>
      const name = values.length ? nameOf(textOrCursor) : undefined
      if (name === undefined || (!prepared.has(name) && prepared.size >= limits.perConnection)) {
        return client.query(textOrCursor, [...values]) as unknown as Promise<PostgresQueryResult<R>>
      }
      prepared.add(name)
      return client.query({ name, text: textOrCursor, values: [...values] }) as unknown as Promise<
        PostgresQueryResult<R>
      >
    }
    return { query, release: (destroy?: boolean) => client.release(destroy) }
  }

  return {
    async connect() {
      const client = await pool.connect()
      let wrapper = wrappers.get(client)
      if (!wrapper) {
        wrapper = wrap(client)
        wrappers.set(client, wrapper)
      }
      return wrapper
    },
    end: () => pool.end(),
  }
}
