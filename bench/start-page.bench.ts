import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { waitForHealth } from './support/children.js'
import { makeTempDir } from './support/cleanup.js'
import { type LoadResult, runLoad } from './support/load.js'
import { createScratchDatabase, postgresServer } from './support/postgres.js'
import type { Benchmark, Recorder } from './support/recorder.js'
import { round } from './support/results.js'
import { type AppDatabase, pgliteVersion, spawnApp, spawnBareServer } from './support/servers.js'
import { signInAsDemoCaseworker } from './support/signIn.js'

/** Target: the signed-in start page answers within 20 ms at p95 on PostgreSQL (DESIGN.md section 7: 10 connections). */
const p95TargetMs = 20
const warmUpSeconds = 2
const closedLoop = { connections: 10, seconds: 10 }
const saturation = { connections: 50, seconds: 5 }

interface Loads {
  closedLoop: LoadResult
  saturation: LoadResult
}

const startPage: Benchmark = {
  name: 'start-page',
  async run(recorder) {
    const databases: string[] = []
    const postgres = await createScratchDatabase()
    if (postgres) {
      databases.push(`PostgreSQL ${postgres.version}`)
      await measure(recorder, 'PostgreSQL', { engine: 'postgres', url: postgres.url }, p95TargetMs)
    } else {
      recorder.note(`PostgreSQL is not reachable at ${postgresServer}: measuring PGlite only`)
    }
    databases.push(`PGlite ${pgliteVersion()}`)
    await measure(recorder, 'PGlite', { engine: 'pglite', dataDir: await makeTempDir('ascend-bench-') }, null)
    return { database: databases.join(', '), scale: 'demo' }
  },
}
export default startPage

/** GET / signed in as the demo caseworker on the real app, then the same bytes from a bare node:http server. */
async function measure(recorder: Recorder, label: string, database: AppDatabase, p95Target: number | null) {
  const app = await recorder.task(`${label}: start the app (migrate, seed the demo)`, async () => {
    const server = await spawnApp(database)
    await waitForHealth(server)
    return server
  })
  const page = await recorder.task(`${label}: sign in as the demo caseworker`, () => signInAsDemoCaseworker(app.url))
  const headers = { cookie: page.cookie }
  const appLoads = await runLoads(recorder, `${label} app`, `${app.url}/`, headers)
  await app.stop()

  const bodyFile = path.join(await makeTempDir('ascend-bench-page-'), 'page.html')
  await writeFile(bodyFile, page.body)
  const bare = await spawnBareServer({ bodyFile, contentType: page.contentType })
  await waitForHealth(bare)
  const bareLoads = await runLoads(recorder, `${label} bare node:http`, `${bare.url}/`, headers)
  await bare.stop()

  const name = `${label}: signed-in start page`
  const ms = (value: number) => round(value, 2)
  const { closedLoop: app10, saturation: appMax } = appLoads
  const { closedLoop: bare10, saturation: bareMax } = bareLoads
  recorder.figure({ figure: `${name}, p50`, value: ms(app10.p50Ms), unit: 'ms', target: null, limit: ms(bare10.p50Ms) })
  recorder.figure({
    figure: `${name}, p95`,
    value: ms(app10.p95Ms),
    unit: 'ms',
    target: p95Target,
    limit: ms(bare10.p95Ms),
  })
  recorder.figure({ figure: `${name}, p99`, value: ms(app10.p99Ms), unit: 'ms', target: null, limit: ms(bare10.p99Ms) })
  recorder.figure({
    figure: `${name}, throughput at ${closedLoop.connections} connections`,
    value: Math.round(app10.requestsPerSecond),
    unit: 'req/s',
    target: null,
    limit: Math.round(bare10.requestsPerSecond),
  })
  recorder.figure({
    figure: `${name}, saturation throughput (${saturation.connections} connections)`,
    value: Math.round(appMax.requestsPerSecond),
    unit: 'req/s',
    target: null,
    limit: Math.round(bareMax.requestsPerSecond),
  })
  recorder.figure({
    figure: `${name}, p95 ratio to the bare route`,
    value: round(app10.p95Ms / bare10.p95Ms, 1),
    unit: '×',
    target: null,
    limit: 1,
  })
}

async function runLoads(recorder: Recorder, label: string, url: string, headers: Record<string, string>) {
  const { connections, seconds } = closedLoop
  await recorder.task(`${label}: warm up, ${warmUpSeconds} s`, () =>
    runLoad({ url, headers, connections, seconds: warmUpSeconds }),
  )
  const loads: Loads = {
    closedLoop: await recorder.task(`${label}: ${connections} connections, ${seconds} s`, () =>
      runLoad({ url, headers, ...closedLoop }),
    ),
    saturation: await recorder.task(`${label}: ${saturation.connections} connections, ${saturation.seconds} s`, () =>
      runLoad({ url, headers, ...saturation }),
    ),
  }
  return loads
}
