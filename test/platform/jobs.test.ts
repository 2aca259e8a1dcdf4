import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import pino from 'pino'
import { loadConfig } from '../../src/platform/config.js'
import type { Database } from '../../src/platform/db/database.js'
import { registeredJobs, registerJob } from '../../src/platform/jobs/registry.js'
import { createJobRunner } from '../../src/platform/jobs/runner.js'
import { createTestDatabase, testEngine } from '../support/database.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`)
    await sleep(100)
  }
}

/** A logger that keeps what it is given, to assert that nothing went wrong. */
function recordingLogger() {
  const lines: { level: number; msg: string }[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)))
      done()
    },
  })
  return { logger: pino({ level: 'info' }, stream), errors: () => lines.filter((l) => l.level >= 50) }
}

describe(`background jobs (${testEngine})`, () => {
  let database: Database
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' })
  before(async () => {
    database = await createTestDatabase()
  })
  after(() => database.close())

  it('is off in tests and on elsewhere unless JOBS says otherwise', () => {
    assert.equal(config.jobs, false)
    assert.equal(loadConfig({ NODE_ENV: 'test', JOBS: 'true' }).jobs, true)
    assert.equal(loadConfig({ NODE_ENV: 'development' }).jobs, true)
    assert.equal(loadConfig({ NODE_ENV: 'development', JOBS: 'false' }).jobs, false)
  })

  it('collects recurring jobs registered by the areas, once each, with plain names', async () => {
    await import('../../src/app.js') // the areas register their jobs as their routes load
    assert.ok(registeredJobs().some((j) => j.name === 'deliver-notifications' && j.runAtStart))
    const handler = async () => {}
    registerJob({ name: 'test-registry', cron: '0 7 * * *', handler })
    registerJob({ name: 'test-registry', cron: '0 8 * * *', handler })
    assert.equal(registeredJobs().filter((j) => j.name === 'test-registry').length, 1)
    assert.throws(() => registerJob({ name: 'Bad Name', cron: '* * * * *', handler }), /lower-case/)
  })

  it('starts, runs a recurring job at once, runs sent jobs once per singleton key, and stops cleanly', async () => {
    const { logger, errors } = recordingLogger()
    const ran: string[] = []
    const runner = createJobRunner({
      database,
      config,
      logger,
      pollingIntervalSeconds: 0.5,
      jobs: [
        {
          name: 'test-nightly',
          cron: '0 3 * * *',
          runAtStart: true,
          handler: async (_data, ctx) => {
            // Handlers get the root database and may use it freely.
            await ctx.db.selectFrom('authority').select('id').execute()
            ran.push('nightly')
          },
        },
      ],
    })
    await runner.start()
    await waitFor(() => ran.includes('nightly'), 'the recurring job to run at start')

    const schedules = await sql<{ name: string; cron: string; timezone: string }>`
      select name, cron, timezone from pgboss.schedule`.execute(database.db)
    assert.deepEqual(schedules.rows, [{ name: 'test-nightly', cron: '0 3 * * *', timezone: 'Europe/London' }])

    // Both sent before anyone works the queue: the second, with the same key, is not added.
    const first = await runner.send('test-echo', { word: 'hello' }, { singletonKey: 'greeting' })
    const second = await runner.send('test-echo', { word: 'hello again' }, { singletonKey: 'greeting' })
    assert.ok(first)
    assert.equal(second, null)
    await runner.work<{ word: string }>('test-echo', async ({ word }) => {
      ran.push(word)
    })
    await waitFor(() => ran.includes('hello'), 'the sent job')

    // An app transaction holding the database (PGlite's only connection) only makes the runner wait its turn.
    await database.db.transaction().execute(async (trx) => {
      await sleep(1200)
      await trx.selectFrom('authority').select('id').execute()
    })
    await runner.send('test-echo', { word: 'after the transaction' })
    await waitFor(() => ran.includes('after the transaction'), 'a job sent after a long transaction')

    await runner.stop()
    assert.deepEqual(
      ran.filter((w) => w !== 'nightly'),
      ['hello', 'after the transaction'],
    )
    assert.deepEqual(errors(), [])
    // Stopped means stopped: nothing sent now is run, and the database is free to close.
    await runner.send('test-echo', { word: 'too late' }).catch(() => null)
    await sleep(1000)
    assert.ok(!ran.includes('too late'))
  })

  it('drops a schedule nobody registers any more, and logs a failing job', async () => {
    const { logger, errors } = recordingLogger()
    let tries = 0
    const runner = createJobRunner({
      database,
      config,
      logger,
      pollingIntervalSeconds: 0.5,
      jobs: [
        {
          name: 'test-failing',
          cron: '0 4 * * *',
          runAtStart: true,
          handler: async () => {
            tries++
            throw new Error('the job broke')
          },
        },
      ],
    })
    await runner.start()
    await waitFor(() => tries > 0, 'the failing job to run')
    await waitFor(() => errors().some((e) => e.msg === 'job failed'), 'the failure to be logged')
    await runner.stop()
    const schedules = await sql<{ name: string }>`select name from pgboss.schedule`.execute(database.db)
    assert.deepEqual(
      schedules.rows.map((r) => r.name),
      ['test-failing'],
    )
  })
})
