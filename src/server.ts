import { createApp } from './app.js'
import { loadConfig } from './platform/config.js'
import { openDatabase } from './platform/db/database.js'
import { DataDirLocked } from './platform/db/lock.js'
import { migrateToLatest } from './platform/db/migrate.js'
import { documentStorageFor } from './platform/documents/documents.service.js'
import { createJobRunner } from './platform/jobs/runner.js'
import { createLogger } from './platform/logger.js'
import { isEmpty, seedDemo } from './seed/demo.js'

/** `npm start`: open (and on first start create) the database, migrate, seed the demo when empty, serve. */
async function main() {
  const config = loadConfig()
  const logger = createLogger(config.logLevel)
  const started = Date.now()
  // A stop asked for while starting (creating, migrating or seeding the database) waits until the start is done, so
  // the database is never cut off mid-write and the data directory's lock is released. One listener for the whole
  // run: removing a signal's last listener can drop a signal already on its way.
  let stop: ((signal: string) => Promise<void>) | undefined
  let stopAskedWhileStarting: NodeJS.Signals | undefined
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop) void stop(signal)
    else stopAskedWhileStarting = signal
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
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
    await seedDemo(database.db, { documents: documentStorageFor(config) })
  }
  const app = createApp({ config, database, logger })
  // The areas registered their recurring jobs when app.ts imported their routes.
  const jobs = config.jobs ? createJobRunner({ database, config, logger }) : undefined
  await jobs?.start()
  if (jobs && config.production && !config.notify)
    logger.warn(
      'NOTIFY_API_KEY is not set: letters and messages cannot be sent, and each shows as failed in the outbox',
    )
  const server = app.listen(config.port, () => {
    logger.info(
      { port: config.port, engine: database.engine, demo: config.demo, startupMs: Date.now() - started },
      `Ascend is running on http://localhost:${config.port}`,
    )
  })
  let stopping = false
  stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'stopping')
    server.close()
    server.closeAllConnections()
    await jobs?.stop().catch((error) => logger.error({ err: error }, 'job runner did not stop cleanly'))
    await database.close()
    process.exit(0)
  }
  if (stopAskedWhileStarting) await stop(stopAskedWhileStarting)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
