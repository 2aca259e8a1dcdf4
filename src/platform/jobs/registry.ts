import type { Config } from '../config.js'
import type { Db } from '../db/database.js'
import type { Logger } from '../logger.js'

/** What a job's handler is given: the root database (it opens its own transactions), the settings and a logger. */
export interface JobContext {
  db: Db
  config: Config
  logger: Logger
}

export type JobHandler<T extends object = object> = (data: T, ctx: JobContext) => Promise<void>

/**
 * A job that runs on a schedule, e.g. the daily advice chasers. `cron` is read in Europe/London time, so
 * '0 7 * * *' is seven in the morning all year round. A job must be safe to run twice: on several servers, or after
 * a crash, the runner delivers at least once.
 */
export interface RecurringJob {
  name: string
  cron: string
  handler: JobHandler
  /** Run once as soon as the runner starts as well, rather than waiting for the first scheduled time. */
  runAtStart?: boolean
}

const recurring: RecurringJob[] = []

/** Each area registers its recurring jobs when its module loads (as with addNavigation); the server's runner starts them. */
export function registerJob(job: RecurringJob) {
  if (!/^[a-z0-9-]+$/.test(job.name)) throw new Error(`Job names are lower-case words and hyphens: ${job.name}`)
  if (!recurring.some((j) => j.name === job.name)) recurring.push(job)
}

export function registeredJobs(): readonly RecurringJob[] {
  return recurring
}
