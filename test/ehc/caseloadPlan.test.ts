import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { type CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely'
import { type CaseloadSqlFilter, caseIsOpenSql, sqlLiteral } from '../../src/ehc/caseload.repository.js'
import { caseloadPage } from '../../src/ehc/caseloadPage.repository.js'
import { todayInLondon } from '../../src/platform/calendar/isoDate.js'
import type { Database } from '../../src/platform/db/database.js'
import type { DB } from '../../src/platform/db/schema.js'
import { seedDemo } from '../../src/seed/demo.js'
import { createTestDatabase, testEngine } from '../support/database.js'
import { makeCase, makeChild, makeTeam } from '../support/factories.js'

/**
 * The caseload page is prepared once per PostgreSQL connection. If the planner could see whose caseload it is, each
 * call's own plan would look cheaper than the generic one and PostgreSQL would plan it afresh every time, which costs
 * more than running it (caseloadPage.repository.ts). So its estimates must not depend on the caseworker or team asked for.
 */
describe(`the caseload page's plan does not depend on whose caseload it is (${testEngine})`, () => {
  let database: Database
  let logged: Kysely<DB>
  let authorityId: string
  const sent: CompiledQuery[] = []
  const busy = { caseworker: '', team: '' }
  const quiet = { caseworker: '', team: '' }

  before(async () => {
    database = await createTestDatabase()
    authorityId = (await seedDemo(database.db, { accountsOnly: true })).authorityId
    // Skewed as real caseloads are: one long-serving caseworker's team with many cases, a new one's with two.
    for (const [who, count] of [
      [busy, 40],
      [quiet, 2],
    ] as const) {
      const user = await database.db
        .insertInto('app_user')
        .values({
          authority_id: authorityId,
          email: `${count}@plan.test`,
          display_name: `Worker ${count}`,
          role: 'caseworker',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      who.caseworker = user.id
      who.team = (await makeTeam(database.db, authorityId)).id
      for (let n = 0; n < count; n++) {
        const child = await makeChild(database.db, authorityId)
        await makeCase(database.db, authorityId, child.id, { caseworker_user_id: user.id, team_id: who.team })
      }
    }
    await sql`analyze`.execute(database.db)
    logged = new Kysely<DB>({
      dialect: new PostgresDialect({ pool: database.pool }),
      log: (event) => {
        if (event.level === 'query') sent.push(event.query)
      },
    })
  })
  after(() => database.close())

  /** The planner's estimate of the rows the page query returns, planned with the values of this call. */
  async function estimatedRows(filter: CaseloadSqlFilter): Promise<number> {
    sent.length = 0
    await caseloadPage(logged, filter, {}, { number: 1, size: 25 }, todayInLondon())
    const query = sent.find((q) => q.sql.includes('with matched as'))
    assert.ok(query, 'the page query was not sent')
    const { rows } = await database.pool.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
      `explain (format json) ${query.sql}`,
      [...query.parameters],
    )
    return rows[0]?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? Number.NaN
  }

  it('estimates a busy and a quiet caseworker’s caseloads alike', async () => {
    assert.equal(
      await estimatedRows({ authorityId, openOnly: true, caseworkerUserId: busy.caseworker }),
      await estimatedRows({ authorityId, openOnly: true, caseworkerUserId: quiet.caseworker }),
    )
  })

  it('estimates a busy and a quiet team’s caseloads alike', async () => {
    assert.equal(
      await estimatedRows({ authorityId, openOnly: true, teamIds: [busy.team] }),
      await estimatedRows({ authorityId, openOnly: true, teamIds: [quiet.team] }),
    )
  })

  it('writes its constants into the text as literals, and nothing but plain words', () => {
    assert.equal(caseIsOpenSql, `c.status in ('received', 'considering', 'assessing', 'drafting', 'draft_issued')`)
    assert.throws(() => sqlLiteral("x'); drop table child; --"), /not a plain word/)
  })

  it('still answers each with its own cases', async () => {
    const today = todayInLondon()
    const page = (filter: CaseloadSqlFilter) => caseloadPage(database.db, filter, {}, { number: 1, size: 25 }, today)
    assert.equal((await page({ authorityId, openOnly: true, caseworkerUserId: busy.caseworker })).total, 40)
    assert.equal((await page({ authorityId, openOnly: true, teamIds: [quiet.team] })).total, 2)
  })
})
