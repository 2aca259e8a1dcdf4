import { spawn } from 'node:child_process'
import pg from 'pg'
import { openStatuses } from '../../src/ehc/workflow.js'
import { todayInLondon } from '../../src/platform/calendar/isoDate.js'
import { type ChildServer, spawnServer, waitForHealth } from './children.js'
import { deferCleanup } from './cleanup.js'
import { type LoadResult, runLoad } from './load.js'
import { repoRoot } from './paths.js'
import { freePort } from './ports.js'
import { createScratchDatabase, postgresServer, type ScratchDatabase } from './postgres.js'
import type { Recorder } from './recorder.js'
import { round } from './results.js'

/** What the caseload and dashboard benchmarks share: Birmingham's seed on PostgreSQL, loads, the bare server. */

export const closedLoop = { connections: 10, seconds: 15 }
const warmUpSeconds = 3

export interface SeededAuthority {
  database: ScratchDatabase
  authorityId: string
}

/**
 * A scratch PostgreSQL database with the birmingham seed (with its EHC cases), analysed as autovacuum would have done
 * by the time anyone uses a freshly loaded database (the planner otherwise guesses at the tables' sizes).
 */
export async function seedBirmingham(recorder: Recorder, benchmark: string): Promise<SeededAuthority> {
  const database = await createScratchDatabase()
  if (!database)
    throw new Error(`PostgreSQL is not reachable at ${postgresServer}: the ${benchmark} benchmark needs it`)
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent' }
  env.DATABASE_URL = database.url
  await recorder.task('birmingham: migrate', () => runAscend(['migrate'], env))
  await recorder.task('birmingham: seed', () => runAscend(['seed', '--scale', 'birmingham'], env))
  const client = new pg.Client({ connectionString: database.url })
  await client.connect()
  try {
    await recorder.task('birmingham: analyze', () => client.query('analyze'))
    const { rows } = await client.query<{ id: string }>(`select id from authority where code = '330'`)
    if (!rows[0]) throw new Error('The seed made no authority 330')
    return { database, authorityId: rows[0].id }
  } finally {
    await client.end()
  }
}

/**
 * Waits for the app's start-up job to work out every case's clock verdict (src/ehc/clockVerdicts.job.ts), then
 * vacuums and analyses, as autovacuum would soon after a job rewrites every case: the PostgreSQL these benchmarks run
 * on has autovacuum off, and a load measured over the dead rows of that rewrite measures the missing vacuum.
 */
export async function settleVerdicts(recorder: Recorder, seeded: SeededAuthority, scale = 'birmingham'): Promise<void> {
  await recorder.task(`${scale}: clock verdicts worked out, then vacuum`, async () => {
    const client = new pg.Client({ connectionString: seeded.database.url })
    await client.connect()
    try {
      const deadline = Date.now() + 180_000
      for (;;) {
        const { rows } = await client.query<{ stale: number }>(
          `select count(*)::int as stale from ehc_case where clock_as_of is null or (${openCase} and clock_as_of <> $1)`,
          [todayInLondon()],
        )
        if (rows[0]?.stale === 0) break
        if (Date.now() > deadline) throw new Error(`${rows[0]?.stale} cases still without today's clock verdict`)
        await new Promise((resolve) => setTimeout(resolve, 500))
      }
      await client.query('vacuum (analyze)')
    } finally {
      await client.end()
    }
  })
}

const openCase = `status in (${openStatuses.map((s) => `'${s}'`).join(', ')})`

export async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(text, values)).rows
  } finally {
    await client.end()
  }
}

/** Warm up, then the measured closed loop. */
export async function runLoads(
  recorder: Recorder,
  label: string,
  baseUrl: string,
  paths: string[],
  headers: Record<string, string>,
): Promise<LoadResult> {
  const { connections, seconds } = closedLoop
  await recorder.task(`${label}: warm up, ${warmUpSeconds} s`, () =>
    runLoad({ url: baseUrl, paths, headers, connections, seconds: warmUpSeconds }),
  )
  return recorder.task(`${label}: ${connections} connections, ${seconds} s`, () =>
    runLoad({ url: baseUrl, paths, headers, connections, seconds }),
  )
}

/** Every path once, failing on anything but 200: a load of error pages would measure nothing. */
export async function checkPaths(baseUrl: string, paths: string[], headers: Record<string, string>, expect: RegExp) {
  for (const path of paths) {
    const response = await fetch(`${baseUrl}${path}`, { headers })
    const text = await response.text()
    if (response.status !== 200 || !expect.test(text)) {
      throw new Error(`GET ${path} answered ${response.status} without ${expect}: ${text.slice(0, 500)}`)
    }
  }
}

/** The bare node:http + pg server that does the same work by the simplest code (the limit). */
export async function spawnBareEhcServer(seeded: SeededAuthority): Promise<ChildServer> {
  const server = spawnServer(
    'bench/support/caseloadServer.ts',
    { ...process.env, DATABASE_URL: seeded.database.url, AUTHORITY_ID: seeded.authorityId },
    await freePort(),
  )
  await waitForHealth(server)
  return server
}

/** p50, p95 (with the target), p99 and throughput of the app against the bare server. */
export function recordLatencies(
  recorder: Recorder,
  name: string,
  app: LoadResult,
  bare: LoadResult,
  p95Target: number,
) {
  const ms = (value: number) => round(value, 2)
  recorder.figure({ figure: `${name}, p50`, value: ms(app.p50Ms), unit: 'ms', target: null, limit: ms(bare.p50Ms) })
  recorder.figure({
    figure: `${name}, p95`,
    value: ms(app.p95Ms),
    unit: 'ms',
    target: p95Target,
    limit: ms(bare.p95Ms),
  })
  recorder.figure({ figure: `${name}, p99`, value: ms(app.p99Ms), unit: 'ms', target: null, limit: ms(bare.p99Ms) })
  recorder.figure({
    figure: `${name}, throughput at ${closedLoop.connections} connections`,
    value: Math.round(app.requestsPerSecond),
    unit: 'req/s',
    target: null,
    limit: Math.round(bare.requestsPerSecond),
  })
}

/** `ascend` (bin/ascend.js) with these arguments, resolving with what it printed. */
export function runAscend(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/ascend.js', ...args], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    // Interrupted mid-seed: the seed stops with the run.
    deferCleanup(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    })
    let output = ''
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.once('error', reject)
    child.once('exit', (code) => {
      if (code === 0) resolve(output)
      else reject(new Error(`ascend ${args.join(' ')} exited ${code}:\n${output.slice(-2000)}`))
    })
  })
}
