import pg from 'pg'
import { type ChildServer, spawnServer, waitForHealth } from './support/children.js'
import { closedLoop, runAscend, runLoads, settleVerdicts } from './support/ehcBench.js'
import type { LoadResult } from './support/load.js'
import { freePort } from './support/ports.js'
import { createScratchDatabase, postgresServer, type ScratchDatabase } from './support/postgres.js'
import type { Benchmark, Recorder } from './support/recorder.js'
import { round } from './support/results.js'
import { rawSearch } from './support/searchSql.js'
import { spawnApp } from './support/servers.js'
import { signInAsDemoCaseworker } from './support/signIn.js'

/**
 * Target (DESIGN.md section 7): a caseworker's search, GET /api/v1/children?q=…, answers within 30 ms at p95 with 10
 * connections on PostgreSQL at Birmingham scale, and England scale (the same authority among 152 others) is no more
 * than twice as slow. The demo caseworker (authority 330, Birmingham) searches a fixed mix drawn from the database:
 * 3-letter surname prefixes of randomly chosen children (so common surnames come up as often as they are common),
 * full "forename surname" pairs and UPNs. The limit is the same SQL, written by hand, run through pg by a bare node:http
 * server against the same database (no session, policy, validation or audit entry).
 */
const p95TargetMs = 30
const ratioTarget = 2
const mix = { prefixes: 50, names: 8, upns: 8 }

interface ScaleRun {
  app: LoadResult
  bare: LoadResult
  explainMs: number
}

const search: Benchmark = {
  name: 'search',
  async run(recorder) {
    const birminghamDb = await createScratchDatabase()
    if (!birminghamDb)
      throw new Error(`PostgreSQL is not reachable at ${postgresServer}: the search benchmark needs it`)
    const birmingham = await measureScale(recorder, 'birmingham', birminghamDb)
    const englandDb = (await createScratchDatabase())!
    const england = await measureScale(recorder, 'england', englandDb)

    recorder.figure({
      figure: 'england/birmingham: search p95 ratio (authority 330 at both scales)',
      value: round(england.app.p95Ms / birmingham.app.p95Ms, 2),
      unit: '×',
      target: ratioTarget,
      limit: round(england.bare.p95Ms / birmingham.bare.p95Ms, 2),
    })
    return { database: `PostgreSQL ${birminghamDb.version}`, scale: 'birmingham, england' }
  },
}
export default search

async function measureScale(recorder: Recorder, scale: string, database: ScratchDatabase): Promise<ScaleRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent' }
  env.DATABASE_URL = database.url
  await recorder.task(`${scale}: migrate`, () => runAscend(['migrate'], env))
  await recorder.task(`${scale}: seed`, () => runAscend(['seed', '--scale', scale], env))
  const { authorityId, paths, children } = await queryMix(database.url)
  recorder.note(
    `${scale}: ${children.toLocaleString('en-GB')} children in authority 330; ${paths.length} queries in the mix`,
  )

  const app = await recorder.task(`${scale}: start the app`, async () => {
    const server = await spawnApp({ engine: 'postgres', url: database.url })
    await waitForHealth(server)
    return server
  })
  // The app works out every case's clock verdict as it starts (src/ehc/clockVerdicts.job.ts): at England scale that
  // takes about half a minute of its time, which a search measured meanwhile would share.
  await settleVerdicts(recorder, { database, authorityId }, scale)
  const { cookie } = await recorder.task(`${scale}: sign in as the demo caseworker`, () =>
    signInAsDemoCaseworker(app.url),
  )
  const headers = { cookie }
  const found = await checkMix(app, paths, headers)
  recorder.note(`${scale}: the mix finds ${round(found, 1)} children a query on average (capped at 50)`)
  const appLoad = await runLoads(recorder, `${scale} app`, app.url, paths, headers)
  await app.stop()

  const bare = spawnServer(
    'bench/support/searchServer.ts',
    { ...process.env, DATABASE_URL: database.url, AUTHORITY_ID: authorityId },
    await freePort(),
  )
  await waitForHealth(bare)
  await checkMix(bare, paths, {})
  const bareLoad = await runLoads(recorder, `${scale} bare node:http + pg`, bare.url, paths, {})
  await bare.stop()

  const explainMs = await explain(recorder, scale, database.url, authorityId, paths[0]!)

  const name = `${scale}: caseworker search`
  const ms = (value: number) => round(value, 2)
  recorder.figure({
    figure: `${name}, p50`,
    value: ms(appLoad.p50Ms),
    unit: 'ms',
    target: null,
    limit: ms(bareLoad.p50Ms),
  })
  recorder.figure({
    figure: `${name}, p95`,
    value: ms(appLoad.p95Ms),
    unit: 'ms',
    target: p95TargetMs,
    limit: ms(bareLoad.p95Ms),
  })
  recorder.figure({
    figure: `${name}, p99`,
    value: ms(appLoad.p99Ms),
    unit: 'ms',
    target: null,
    limit: ms(bareLoad.p99Ms),
  })
  recorder.figure({
    figure: `${name}, throughput at ${closedLoop.connections} connections`,
    value: Math.round(appLoad.requestsPerSecond),
    unit: 'req/s',
    target: null,
    limit: Math.round(bareLoad.requestsPerSecond),
  })
  recorder.figure({
    figure: `${scale}: EXPLAIN ANALYZE execution time of the search for "${decodeURIComponent(paths[0]!.split('q=')[1]!)}"`,
    value: ms(explainMs),
    unit: 'ms',
    target: null,
    limit: null,
  })
  return { app: appLoad, bare: bareLoad, explainMs }
}

/** The queries, drawn once from authority 330 with a fixed random seed, interleaved: prefixes, names and UPNs. */
async function queryMix(url: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows: authority } = await client.query<{ id: string; children: number }>(
      `select a.id, (select count(*)::int from child c where c.authority_id = a.id) as children
       from authority a where a.code = '330'`,
    )
    const { id: authorityId, children } = authority[0] ?? {}
    if (!authorityId) throw new Error('The seed made no authority 330')
    await client.query('select setseed(0.42)')
    const { rows: prefixes } = await client.query<{ q: string }>(
      `select lower(left(legal_surname, 3)) as q from child
       where authority_id = $1 and merged_into_id is null and lower(left(legal_surname, 3)) ~ '^[a-z]{3}$'
       order by random() limit $2`,
      [authorityId, mix.prefixes],
    )
    const { rows: names } = await client.query<{ q: string }>(
      `select legal_forename || ' ' || legal_surname as q from child
       where authority_id = $1 and merged_into_id is null and legal_forename !~ '[\\s,]' and legal_surname !~ '[\\s,]'
       order by random() limit $2`,
      [authorityId, mix.names],
    )
    const { rows: upns } = await client.query<{ q: string }>(
      `select upn as q from child where authority_id = $1 and merged_into_id is null and upn is not null
       order by random() limit $2`,
      [authorityId, mix.upns],
    )
    const others = [...names, ...upns]
    const queries: string[] = []
    // Spread the names and UPNs among the prefixes, so no stretch of the run is all of one kind.
    const every = Math.max(1, Math.floor(prefixes.length / Math.max(1, others.length)))
    prefixes.forEach((p, i) => {
      queries.push(p.q)
      if (i % every === every - 1 && others.length) queries.push(others.shift()!.q)
    })
    queries.push(...others.map((o) => o.q))
    const paths = queries.map((q) => `/api/v1/children?q=${encodeURIComponent(q)}`)
    return { authorityId, paths, children: children ?? 0 }
  } finally {
    await client.end()
  }
}

/** Every query once, failing on anything but 200; the mean number of children found. */
async function checkMix(server: ChildServer, paths: string[], headers: Record<string, string>): Promise<number> {
  let found = 0
  for (const path of paths) {
    const response = await fetch(`${server.url}${path}`, { headers })
    const text = await response.text()
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${text.slice(0, 500)}`)
    found += (JSON.parse(text) as { children: unknown[] }).children.length
  }
  return found / paths.length
}

/** EXPLAIN (ANALYZE) of the hand-written search, warmed by one run first; notes the plan, returns execution ms. */
async function explain(recorder: Recorder, scale: string, url: string, authorityId: string, path: string) {
  const q = decodeURIComponent(path.split('q=')[1]!)
  const { text, values } = rawSearch(authorityId, q)
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(text, values)
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${text}`, values)
    const plan = rows.map((r) => r['QUERY PLAN'])
    recorder.note(`${scale}: plan of the search for "${q}":\n${plan.map((line) => `      ${line}`).join('\n')}`)
    const time = plan.map((line) => /Execution Time: ([\d.]+) ms/.exec(line)?.[1]).find(Boolean)
    if (!time) throw new Error(`EXPLAIN gave no execution time:\n${plan.join('\n')}`)
    return Number(time)
  } finally {
    await client.end()
  }
}
