import { sql } from 'kysely'
import type { Queryable } from '../platform/db/database.js'
import type { DB } from '../platform/db/schema.js'

/**
 * Bulk inserts for seeding: one statement per table per batch, each column sent as one array and turned back into
 * rows by unnest. Far fewer parameters than a multi-row VALUES, no COPY (PGlite's node-postgres adapter has none), and
 * the same SQL on PostgreSQL and PGlite. A jsonb column takes each value as its JSON text.
 */
type ColumnType = 'uuid' | 'text' | 'date' | 'time' | 'timestamptz' | 'boolean' | 'smallint' | 'integer' | 'jsonb'

export type Columns<Row> = Partial<Record<keyof Row & string, ColumnType>>

export async function insertRows<Table extends keyof DB & string, Row extends object>(
  db: Queryable,
  table: Table,
  columns: Columns<Row>,
  rows: readonly Row[],
): Promise<number> {
  if (rows.length === 0) return 0
  const names = Object.keys(columns) as (keyof Row & string)[]
  const arrays = names.map((name) => {
    const type = columns[name]!
    const values = rows.map((row) => (row as Record<string, unknown>)[name] ?? null)
    return sql`${values}::${sql.raw(type)}[]`
  })
  await sql`insert into ${sql.table(table)} (${sql.join(names.map((n) => sql.ref(n)))})
    select * from unnest(${sql.join(arrays)})`.execute(db)
  return rows.length
}
