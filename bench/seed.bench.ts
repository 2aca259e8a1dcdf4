import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import { createPglite, type Database, openPglite, openPostgres } from '../src/platform/db/database.js'
import { migrateToLatest } from '../src/platform/db/migrate.js'
import { makeTempDir } from './support/cleanup.js'
import { repoRoot } from './support/paths.js'
import { createScratchDatabase, postgresServer } from './support/postgres.js'
import type { Benchmark, Recorder } from './support/recorder.js'
import { round } from './support/results.js'
import { pgliteVersion } from './support/servers.js'

/**
 * Targets (the seed issue): Birmingham (about 47,000 children, 220,000 rows) in under 60 s, England (153 authorities,
 * about 1.9 million children, 9.5 million rows) in under 15 minutes, each in under 1 GB of memory. The seed runs as
 * `ascend seed` does, in its own process, under /usr/bin/time for its peak memory, into a database migrated beforehand
 * (so PGlite's initdb, which alone peaks near 900 MB, is not counted as the seed's). The limit is the same number of
 * rows written by one raw `insert … select … from generate_series` into the child table, in a fresh database of the
 * same engine.
 */
const targets = { birmingham: 60, england: 15 * 60, memoryMb: 1024 }
const timeCommand = '/usr/bin/time'

type Engine = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string }

interface SeedRun {
  rows: number
  seedSeconds: number
  processSeconds: number
  peakMb: number | undefined
}

const seed: Benchmark = {
  name: 'seed',
  async run(recorder) {
    const databases: string[] = []
    const postgres = await createScratchDatabase()
    if (postgres) {
      databases.push(`PostgreSQL ${postgres.version}`)
      const birmingham = await seedInChild(recorder, 'birmingham', { kind: 'postgres', url: postgres.url })
      const limit = await rawInsertLimit(recorder, 'PostgreSQL', birmingham.rows, async () => {
        const scratch = await createScratchDatabase()
        return openPostgres(scratch!.url)
      })
      report(recorder, 'birmingham on PostgreSQL', birmingham, limit, targets.birmingham)

      const england = await createScratchDatabase()
      const run = await seedInChild(recorder, 'england', { kind: 'postgres', url: england!.url })
      // The raw insert's rate measured above, over England's rows: a limit extrapolated, not run (it would add minutes).
      report(
        recorder,
        'england on PostgreSQL',
        run,
        { rowsPerSecond: limit.rowsPerSecond, extrapolated: true },
        targets.england,
      )
    } else {
      recorder.note(`PostgreSQL is not reachable at ${postgresServer}: measuring PGlite only, and not England`)
    }

    databases.push(`PGlite ${pgliteVersion()}`)
    const dataDir = await makeTempDir('ascend-bench-seed-')
    const birmingham = await seedInChild(recorder, 'birmingham', { kind: 'pglite', dataDir })
    const limit = await rawInsertLimit(recorder, 'PGlite', birmingham.rows, async () =>
      openPglite(await createPglite(await makeTempDir('ascend-bench-limit-'))),
    )
    report(recorder, 'birmingham on PGlite', birmingham, limit, targets.birmingham)
    return { database: databases.join(', '), scale: postgres ? 'birmingham, england' : 'birmingham' }
  },
}
export default seed

function report(
  recorder: Recorder,
  label: string,
  run: SeedRun,
  limit: { rowsPerSecond: number; extrapolated?: boolean },
  targetSeconds: number,
) {
  const limitSeconds = round(run.rows / limit.rowsPerSecond, 1)
  const extrapolated = limit.extrapolated ? ' (limit extrapolated from the Birmingham raw insert)' : ''
  recorder.figure({
    figure: `${label}: ascend seed, spawn to exit (${run.rows.toLocaleString('en-GB')} rows)${extrapolated}`,
    value: round(run.processSeconds, 1),
    unit: 's',
    target: targetSeconds,
    limit: limitSeconds,
  })
  recorder.figure({
    figure: `${label}: rows written per second of seeding${extrapolated}`,
    value: Math.round(run.rows / run.seedSeconds),
    unit: 'rows/s',
    target: null,
    limit: Math.round(limit.rowsPerSecond),
  })
  if (run.peakMb !== undefined) {
    recorder.figure({
      figure: `${label}: peak resident memory of the seed process`,
      value: run.peakMb,
      unit: 'MB',
      target: targets.memoryMb,
      limit: null,
    })
  }
}

/** `ascend migrate`, then `ascend seed --scale …` under /usr/bin/time -v, timed from spawn to exit. */
async function seedInChild(recorder: Recorder, scale: string, engine: Engine): Promise<SeedRun> {
  const label = `${scale} on ${engine.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}`
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent' }
  delete env.DATABASE_URL
  if (engine.kind === 'postgres') env.DATABASE_URL = engine.url
  else env.DATA_DIR = engine.dataDir
  await recorder.task(`${label}: migrate`, () => runAscend(['migrate'], env, false))
  const started = performance.now()
  const { stdout, stderr } = await recorder.task(`${label}: seed`, () =>
    runAscend(['seed', '--scale', scale], env, existsSync(timeCommand)),
  )
  const processSeconds = (performance.now() - started) / 1000
  const summary = /([\d,]+) rows in ([\d.]+) s/.exec(stdout)
  if (!summary) throw new Error(`ascend seed printed no summary:\n${stdout}\n${stderr.slice(-2000)}`)
  const peakKb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]
  const run = {
    rows: Number(summary[1]!.replaceAll(',', '')),
    seedSeconds: Number(summary[2]),
    processSeconds,
    peakMb: peakKb ? Math.round(Number(peakKb) / 1024) : undefined,
  }
  recorder.note(`  ${stdout.trim().split('\n').at(-1)}; peak ${run.peakMb ?? '?'} MB`)
  return run
}

function runAscend(
  args: string[],
  env: NodeJS.ProcessEnv,
  timed: boolean,
): Promise<{ stdout: string; stderr: string }> {
  const command = [process.execPath, 'bin/ascend.js', ...args]
  const [file, ...rest] = timed ? [timeCommand, '-v', ...command] : command
  return new Promise((resolve, reject) => {
    const child = spawn(file!, rest, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-20_000)
    })
    child.once('error', reject)
    child.once('exit', (code) => {
      if (code === 0) resolve({ stdout, stderr })
      else reject(new Error(`ascend ${args.join(' ')} exited ${code}:\n${stdout}\n${stderr.slice(-2000)}`))
    })
  })
}

/** The simplest code doing the same work: as many child rows in one server-side insert, on a fresh database. */
async function rawInsertLimit(
  recorder: Recorder,
  label: string,
  rows: number,
  open: () => Promise<Database>,
): Promise<{ rowsPerSecond: number }> {
  const database = await open()
  try {
    await migrateToLatest(database.db)
    const { id } = await database.db
      .insertInto('authority')
      .values({ code: 'limit', name: 'Raw insert' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const seconds = await recorder.task(
      `${label}: raw insert of ${rows.toLocaleString('en-GB')} rows (limit)`,
      async () => {
        const started = performance.now()
        await sql`insert into child (authority_id, legal_forename, legal_surname, date_of_birth, sex, primary_need)
        select ${id}::uuid, 'Forename ' || i, 'Surname ' || i, date '2005-01-01' + (i % 7000), 'F', 'ASD'
        from generate_series(1, ${rows}::int) as i`.execute(database.db)
        return (performance.now() - started) / 1000
      },
    )
    return { rowsPerSecond: rows / seconds }
  } finally {
    await database.close()
  }
}
