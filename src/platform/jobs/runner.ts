import type pg from 'pg'
import PgBoss from 'pg-boss'
import type { Config } from '../config.js'
import type { Database } from '../db/database.js'
import type { Logger } from '../logger.js'
import { type JobContext, type JobHandler, type RecurringJob, registeredJobs } from './registry.js'

/** Background jobs on pg-boss 10, in its own `pgboss` schema (which it creates and migrates itself on start). */
export interface JobRunner {
  /** Starts pg-boss and the recurring jobs; `schedule`, `work` and `send` need a started runner. */
  start(): Promise<void>
  /** Stops taking jobs, waits for running ones (up to 10 seconds), and leaves the database open. */
  stop(): Promise<void>
  schedule(name: string, cron: string, handler: JobHandler): Promise<void>
  work<T extends object>(name: string, handler: JobHandler<T>): Promise<void>
  /**
   * Queues one job. While a job with the same singletonKey is waiting, another is not added, so sending twice is safe.
   * Not from inside a transaction: on PGlite the transaction holds the only connection this needs (DESIGN.md 3.2).
   */
  send(name: string, data?: object, options?: { singletonKey?: string }): Promise<string | null>
}

export interface JobRunnerOptions {
  database: Database
  config: Config
  logger: Logger
  /** The recurring jobs to run; the ones the areas registered by default. */
  jobs?: readonly RecurringJob[]
  /** How often an idle worker looks for work (pg-boss's default is 2 seconds; tests go faster). */
  pollingIntervalSeconds?: number
}

/**
 * pg-boss runs its SQL through our pool, so one pool serves queries, sessions and jobs on both engines (DESIGN.md 3.1).
 * On PGlite that pool has one connection: each statement checks it out and hands it back, so pg-boss waits behind an
 * app transaction rather than deadlocking against it.
 */
export function poolAdapter(pool: pg.Pool): PgBoss.Db {
  return {
    async executeSql(text, values) {
      const client = await pool.connect()
      try {
        return await client.query(text, values)
      } catch (error) {
        // pg-boss sends some work as one "BEGIN; ...; COMMIT;" text. A failure inside it leaves the connection in an
        // aborted transaction, which on PGlite is every later query's connection: end it before handing it back.
        await client.query('rollback').catch(() => {})
        throw error
      } finally {
        client.release()
      }
    },
  }
}

// Times of day mean London time: a daily chaser at seven stays at seven across the clock change.
const timeZone = 'Europe/London'

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { database, config, logger, pollingIntervalSeconds } = options
  const boss = new PgBoss({ db: poolAdapter(database.pool), schema: 'pgboss' })
  boss.on('error', (error) => logger.error({ err: error }, 'job runner error'))
  const context: JobContext = { db: database.db, config, logger }
  const queues = new Set<string>()

  // 'stately': at most one job per key waiting and one running, so a slow run is never overtaken by the next one.
  const ensureQueue = async (name: string) => {
    if (queues.has(name)) return
    await boss.createQueue(name, { name, policy: 'stately' })
    queues.add(name)
  }

  const runner: JobRunner = {
    async start() {
      await boss.start()
      const jobs = options.jobs ?? registeredJobs()
      // A job no longer registered would keep being queued with nobody to run it.
      for (const s of await boss.getSchedules()) {
        if (!jobs.some((j) => j.name === s.name)) await boss.unschedule(s.name)
      }
      for (const job of jobs) {
        await runner.schedule(job.name, job.cron, job.handler)
        if (job.runAtStart) await runner.send(job.name)
      }
      logger.info({ jobs: jobs.map((j) => j.name) }, 'job runner started')
    },

    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000, wait: true })
    },

    async schedule(name, cron, handler) {
      await runner.work(name, handler)
      await boss.schedule(name, cron, {}, { tz: timeZone })
    },

    async work(name, handler) {
      await ensureQueue(name)
      const workOptions = pollingIntervalSeconds ? { pollingIntervalSeconds } : {}
      await boss.work<object>(name, workOptions, async (jobs) => {
        for (const job of jobs) {
          try {
            await handler(job.data as Parameters<typeof handler>[0], context)
          } catch (error) {
            // pg-boss records the failure and retries the job; the log says which job and why.
            logger.error({ err: error, job: name, jobId: job.id }, 'job failed')
            throw error
          }
        }
      })
    },

    async send(name, data = {}, sendOptions = {}) {
      await ensureQueue(name)
      return boss.send(name, data, sendOptions.singletonKey ? { singletonKey: sendOptions.singletonKey } : {})
    },
  }
  return runner
}
