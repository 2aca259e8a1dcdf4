import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { linesOf, refreshClockVerdicts } from '../../src/ehc/caseload.service.js'
import type { CaseloadLine } from '../../src/ehc/caseloadLines.js'
import { caseloadPage } from '../../src/ehc/caseloadPage.repository.js'
import { todayInLondon } from '../../src/platform/calendar/isoDate.js'
import type { Database } from '../../src/platform/db/database.js'
import { seedDemo } from '../../src/seed/demo.js'
import { createTestDatabase, testEngine } from '../support/database.js'

/**
 * A caseload shows each case from the clock's verdict kept on it for today (caseloadLines.ts), not by putting its
 * advice, consultations and exceptions against the clock again; a case whose verdict is stale is put against it afresh.
 * Either way the list must say what the clock says.
 */
describe(`caseload lines from the kept verdict (${testEngine})`, () => {
  let database: Database
  let authorityId: string
  const today = todayInLondon()
  const shown = (lines: CaseloadLine[]) => lines.map(({ row, ...line }) => ({ id: row.id, ...line }))

  before(async () => {
    database = await createTestDatabase()
    authorityId = (await seedDemo(database.db, { today })).authorityId
    await refreshClockVerdicts(database.db, { authorityId, openOnly: false }, today)
  })
  after(() => database.close())

  it('shows every case, open and closed, as the clock puts it against today', async () => {
    for (const openOnly of [true, false]) {
      const { rows } = await caseloadPage(database.db, { authorityId, openOnly }, {}, { number: 1, size: 500 }, today)
      assert.ok(rows.length > 10)
      assert.ok(
        rows.some((r) => r.clock_next_step === 'advice'),
        'some case awaits advice',
      )
      const kept = await linesOf(database.db, rows, today)
      const afresh = await linesOf(
        database.db,
        rows.map((r) => ({ ...r, clock_as_of: null })),
        today,
      )
      assert.deepEqual(shown(kept), shown(afresh))
      assert.ok(kept.some((l) => l.nextStep?.overdue) && kept.some((l) => l.nextStep && !l.nextStep.overdue))
    }
  })

  it('puts a stale case against the clock afresh rather than show the verdict of another day', async () => {
    const { rows } = await caseloadPage(database.db, { authorityId, openOnly: true }, {}, { number: 1, size: 5 }, today)
    const yesterday = rows.map((r) => ({
      ...r,
      clock_as_of: '2000-01-01',
      clock_risk: 'on-track' as const,
      clock_next_label: 'Old',
    }))
    const lines = await linesOf(database.db, yesterday, today)
    assert.deepEqual(
      lines.map((l) => [l.risk, l.nextStep?.label]),
      rows.map((r) => [r.clock_risk, r.clock_next_label ?? undefined]),
    )
  })
})
