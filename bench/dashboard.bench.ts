import { performance } from 'node:perf_hooks'
import { computeDashboard } from '../src/ehc/dashboard.service.js'
import { todayInLondon } from '../src/platform/calendar/isoDate.js'
import { openPostgres } from '../src/platform/db/database.js'
import { waitForHealth } from './support/children.js'
import {
  checkPaths,
  query,
  recordLatencies,
  runLoads,
  seedBirmingham,
  settleVerdicts,
  spawnBareEhcServer,
} from './support/ehcBench.js'
import { percentile } from './support/percentile.js'
import type { Benchmark } from './support/recorder.js'
import { round } from './support/results.js'
import { spawnApp } from './support/servers.js'
import { signInAsDemo } from './support/signIn.js'

/**
 * Target (issue 4): the manager dashboard answers within 50 ms at p95 with 10 connections on PostgreSQL at Birmingham
 * scale. The demo team manager opens GET /dashboard (the last 12 months): the 20-week timeliness of the final plans
 * issued in it with and without exceptions, 6-week decisions, advice by service, and every open case put against the
 * clock for the cases at risk now, by status and by caseworker, with charts. The limit is the same figures by the
 * simplest code: raw SQL through pg and the clock over the open cases, as JSON from a bare node:http server. The app
 * shares its figures for a minute (dashboard.service.ts) and the bare server works them out on every request, so the
 * limit is slower here: what the app's cache saves is reported beside it, as the cost of working the figures out once.
 */
const p95TargetMs = 50

const dashboard: Benchmark = {
  name: 'dashboard',
  async run(recorder) {
    const seeded = await seedBirmingham(recorder, 'dashboard')
    const [counts] = await query<{ open: number; plans: number }>(
      seeded.database.url,
      `select count(*) filter (where status in ('received', 'considering', 'assessing', 'drafting', 'draft_issued'))::int as open,
         count(*) filter (where final_issued_on > current_date - 365)::int as plans
       from ehc_case where authority_id = $1`,
      [seeded.authorityId],
    )
    recorder.note(
      `birmingham: ${counts?.open ?? 0} open cases; ${counts?.plans ?? 0} final plans issued in the last 12 months`,
    )

    const app = await recorder.task('start the app', async () => {
      const server = await spawnApp({ engine: 'postgres', url: seeded.database.url })
      await waitForHealth(server)
      return server
    })
    await settleVerdicts(recorder, seeded)
    const { cookie } = await recorder.task('sign in as the demo team manager', () =>
      signInAsDemo(app.url, 'team_manager'),
    )
    const headers = { cookie }
    await checkPaths(app.url, ['/dashboard'], headers, /Final plans within 20 weeks/)
    const appLoad = await runLoads(recorder, 'app, dashboard', app.url, ['/dashboard'], headers)
    await app.stop()

    const bare = await spawnBareEhcServer(seeded)
    await checkPaths(bare.url, ['/dashboard'], {}, /"issued"/)
    const bareLoad = await runLoads(recorder, 'bare, dashboard', bare.url, ['/dashboard'], {})
    await bare.stop()

    recordLatencies(recorder, 'birmingham: manager dashboard (last 12 months)', appLoad, bareLoad, p95TargetMs)
    // The page shares its figures for a minute (dashboard.service.ts): what working them out costs, one at a time.
    const computeMs = await recorder.task('work out the figures uncached, 30 times in turn', async () => {
      const database = await openPostgres(seeded.database.url, 2)
      try {
        const times: number[] = []
        for (let i = 0; i < 33; i++) {
          const started = performance.now()
          await computeDashboard(database.db, seeded.authorityId, undefined, todayInLondon())
          if (i >= 3) times.push(performance.now() - started)
        }
        return percentile(
          times.sort((a, b) => a - b),
          50,
        )
      } finally {
        await database.close()
      }
    })
    recorder.figure({
      figure: 'birmingham: working out the dashboard figures once, uncached, one at a time (median)',
      value: round(computeMs, 1),
      unit: 'ms',
      target: null,
      limit: null,
    })
    return { database: `PostgreSQL ${seeded.database.version}`, scale: 'birmingham' }
  },
}
export default dashboard
