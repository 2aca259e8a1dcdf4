import { InvalidArgumentError } from 'commander'
import { loadConfig } from '../platform/config.js'
import { type Database, openDatabase } from '../platform/db/database.js'
import { migrateToLatest } from '../platform/db/migrate.js'
import { AppError } from '../platform/errors.js'
import { isRole, roles } from '../platform/policy/roles.js'

/** What every command needs: the configuration, a migrated database for the length of the command, the authority. */
export const config = loadConfig()

export async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(config)
  try {
    await migrateToLatest(database.db)
    return await work(database)
  } finally {
    await database.close()
  }
}

export async function findAuthority(
  database: Database,
  code: string | undefined,
): Promise<{ id: string; code: string }> {
  const authorities = await database.db.selectFrom('authority').select(['id', 'code']).execute()
  if (code) {
    const found = authorities.find((a) => a.code === code)
    if (!found) {
      const known = authorities.map((a) => a.code).join(', ') || 'none (run ascend seed)'
      throw new AppError(404, 'Not found', `No authority with code ${code}. Known: ${known}`)
    }
    return found
  }
  if (authorities.length === 1 && authorities[0]) return authorities[0]
  throw new AppError(
    400,
    'Invalid',
    authorities.length ? 'Name the authority with --authority CODE' : 'No authority yet: run ascend seed',
  )
}

export const parseRole = (value: string) => {
  if (!isRole(value)) throw new InvalidArgumentError(`must be one of: ${roles.join(', ')}`)
  return value
}
