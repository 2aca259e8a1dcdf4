import { createApp } from './app.js'
import { loadConfig } from './platform/config.js'
import { openDatabase } from './platform/db/database.js'
import { DataDirLocked } from './platform/db/lock.js'
import { migrateToLatest } from './platform/db/migrate.js'
import { createLogger } from './platform/logger.js'
import { isEmpty, seedDemo } from './seed/demo.js'

/** `npm start`: open (and on first start create) the database, migrate, seed the demo when empty, serve. */
async function main() {
  const config = loadConfig()
  const logger = createLogger(config.logLevel)
  const started = Date.now()
  let database: Awaited<ReturnType<typeof openDatabase>>
  try {
    database = await openDatabase(config)
  } catch (error) {
    if (error instanceof DataDirLocked) {
      logger.fatal(error.message)
      process.exit(1)
    }
    throw error
  }
  const { applied } = await migrateToLatest(database.db)
  if (applied.length) logger.info({ applied }, 'migrations applied')
  if (config.demo && (await isEmpty(database.db))) {
    logger.info('empty database: seeding the demo authority')
    await seedDemo(database.db)
  }
  const app = createApp({ config, database, logger })
  const server = app.listen(config.port, () => {
    logger.info(
      { port: config.port, engine: database.engine, demo: config.demo, startupMs: Date.now() - started },
      `Ascend is running on http://localhost:${config.port}`,
    )
  })
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'stopping')
    server.close()
    server.closeAllConnections()
    await database.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
