import { caseIsOpenSql } from '../src/ehc/caseload.repository.js'
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
import type { LoadResult } from './support/load.js'
import type { Benchmark } from './support/recorder.js'
import { spawnApp } from './support/servers.js'
import { signInAsDemoCaseworker } from './support/signIn.js'

/**
 * Target (issue 4): the caseworker's caseload page answers within 50 ms at p95 with 10 connections on PostgreSQL at
 * Birmingham scale (about 2,500 requests a year, several years of history). The demo caseworker opens each of their
 * views in turn: their own caseload (the page /cases opens on), their team's, and every open case in the authority;
 * each is the open cases in the view sorted by risk on the clock's verdicts kept on each case, with the counts, one
 * page shown, put against the clock and its reading audited. The limit is the same work by the simplest code: the
 * first page and the counts by raw SQL through pg, the clock over that page, as JSON from a bare node:http server (no
 * session, policy, audit or template).
 */
const p95TargetMs = 50

const caseload: Benchmark = {
  name: 'caseload',
  async run(recorder) {
    const seeded = await seedBirmingham(recorder, 'caseload')
    const [worker] = await query<{ id: string; team_id: string; mine: number; team: number; all: number }>(
      seeded.database.url,
      `select u.id, s.ref_id as team_id,
         (select count(*)::int from ehc_case c where c.caseworker_user_id = u.id and ${caseIsOpenSql}) as mine,
         (select count(*)::int from ehc_case c where c.team_id = s.ref_id and ${caseIsOpenSql}) as team,
         (select count(*)::int from ehc_case c where c.authority_id = u.authority_id and ${caseIsOpenSql}) as all
       from app_user u join user_scope s on s.user_id = u.id and s.kind = 'team'
       where u.authority_id = $1 and u.is_demo and u.role = 'caseworker'`,
      [seeded.authorityId],
    )
    if (!worker) throw new Error('The birmingham seed gave the demo caseworker no team')
    const views = [
      { label: 'my caseload', cases: worker.mine, app: '/cases', bare: `/caseload?caseworker=${worker.id}` },
      { label: 'team caseload', cases: worker.team, app: '/cases?view=team', bare: `/caseload?team=${worker.team_id}` },
      { label: 'all open cases', cases: worker.all, app: '/cases?view=all', bare: '/caseload' },
    ]
    recorder.note(
      `birmingham: the demo caseworker has ${worker.mine} open cases, their team ${worker.team}, the authority ${worker.all}`,
    )

    const app = await recorder.task('start the app', async () => {
      const server = await spawnApp({ engine: 'postgres', url: seeded.database.url })
      await waitForHealth(server)
      return server
    })
    await settleVerdicts(recorder, seeded)
    const { cookie } = await recorder.task('sign in as the demo caseworker', () => signInAsDemoCaseworker(app.url))
    const headers = { cookie }
    await checkPaths(
      app.url,
      views.map((v) => v.app),
      headers,
      /govuk-table__caption/,
    )
    const appLoads: LoadResult[] = []
    for (const view of views)
      appLoads.push(await runLoads(recorder, `app, ${view.label}`, app.url, [view.app], headers))
    await app.stop()

    const bare = await spawnBareEhcServer(seeded)
    await checkPaths(
      bare.url,
      views.map((v) => v.bare),
      {},
      /"cases"/,
    )
    const bareLoads: LoadResult[] = []
    for (const view of views) bareLoads.push(await runLoads(recorder, `bare, ${view.label}`, bare.url, [view.bare], {}))
    await bare.stop()

    views.forEach((view, i) => {
      recordLatencies(
        recorder,
        `birmingham: caseworker caseload page, ${view.label} (${view.cases.toLocaleString('en-GB')} open cases)`,
        appLoads[i]!,
        bareLoads[i]!,
        p95TargetMs,
      )
    })
    return { database: `PostgreSQL ${seeded.database.version}`, scale: 'birmingham' }
  },
}
export default caseload
