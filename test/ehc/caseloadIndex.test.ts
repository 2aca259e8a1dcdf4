import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { refreshClockVerdicts } from '../../src/ehc/caseload.service.js'
import { caseloadPage } from '../../src/ehc/caseloadPage.repository.js'
import { caseRisks } from '../../src/ehc/clock.js'
import { openStatuses } from '../../src/ehc/workflow.js'
import { todayInLondon } from '../../src/platform/calendar/isoDate.js'
import type { Database } from '../../src/platform/db/database.js'
import { seedDemo } from '../../src/seed/demo.js'
import { createTestDatabase, testEngine } from '../support/database.js'

/**
 * The caseload as it opens (open cases only) is counted and paged off ehc_case_open_by_risk
 * (migrations/0010_open_cases_by_risk.sql), whose keys and predicate write out the application's constants.
 */
describe(`open cases by risk, off their index (${testEngine})`, () => {
  let database: Database
  let authorityId: string
  const today = todayInLondon()

  before(async () => {
    database = await createTestDatabase()
    authorityId = (await seedDemo(database.db, { today })).authorityId
    await refreshClockVerdicts(database.db, { authorityId, openOnly: false }, today)
  })
  after(() => database.close())

  it('writes the risks in the clock’s order and the open statuses of the workflow', async () => {
    const { rows } = await sql<{ definition: string }>`
      select pg_get_indexdef(i.indexrelid) as definition
      from pg_index i join pg_class c on c.oid = i.indexrelid
      where c.relname = 'ehc_case_open_by_risk'`.execute(database.db)
    const definition = rows[0]?.definition ?? ''
    const risks = definition.match(/ARRAY\[([^\]]+)\]/)?.[1]?.match(/'([^']+)'/g)
    assert.deepEqual(
      risks?.map((r) => r.slice(1, -1)),
      [...caseRisks],
    )
    const statuses = definition.match(/WHERE \(status = ANY \(ARRAY\[([^\]]+)\]/)?.[1]?.match(/'([^']+)'/g)
    assert.deepEqual(statuses?.map((s) => s.slice(1, -1)).sort(), [...openStatuses].sort())
  })

  it('pages the open cases in the caseload’s order: risk, the step due soonest, the date received', async () => {
    const expected = await database.db
      .selectFrom('ehc_case')
      .select(['id', 'clock_risk', 'clock_next_due', 'request_received'])
      .where('authority_id', '=', authorityId)
      .where('status', 'in', [...openStatuses])
      .execute()
    const rank = (risk: string | null) => caseRisks.indexOf(risk as (typeof caseRisks)[number])
    expected.sort(
      (a, b) =>
        rank(a.clock_risk) - rank(b.clock_risk) ||
        (a.clock_next_due ?? '9999-12-31').localeCompare(b.clock_next_due ?? '9999-12-31') ||
        a.request_received.localeCompare(b.request_received) ||
        a.id.localeCompare(b.id),
    )
    assert.ok(expected.length > 10, `the demo has ${expected.length} open cases`)
    const size = 7
    const seen: string[] = []
    for (let number = 1; seen.length < expected.length; number++) {
      const page = await caseloadPage(database.db, { authorityId, openOnly: true }, {}, { number, size }, today)
      assert.equal(page.total, expected.length)
      assert.equal(page.stale, 0)
      assert.ok(page.rows.length > 0, `page ${number} is empty`)
      seen.push(...page.rows.map((r) => r.id))
    }
    assert.deepEqual(
      seen,
      expected.map((c) => c.id),
    )
  })

  it('counts the open cases at each risk as the table holds them', async () => {
    const page = await caseloadPage(database.db, { authorityId, openOnly: true }, {}, { number: 1, size: 25 }, today)
    const { rows } = await sql<{ clock_risk: string; n: number }>`
      select clock_risk, count(*)::int as n from ehc_case
      where authority_id = ${authorityId} and status in (${sql.join([...openStatuses])}) group by clock_risk`.execute(
      database.db,
    )
    for (const risk of caseRisks) {
      assert.equal(page.riskCounts[risk] ?? 0, rows.find((r) => r.clock_risk === risk)?.n ?? 0, risk)
    }
  })
})
