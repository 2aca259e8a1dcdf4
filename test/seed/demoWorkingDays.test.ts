import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { dayOfWeekOfDayNumber, toDayNumber } from '../../src/platform/calendar/isoDate.js'
import type { Database } from '../../src/platform/db/database.js'
import { isWorkingDay } from '../../src/seed/days.js'
import { seedDemo } from '../../src/seed/demo.js'
import { createTestDatabase, testEngine } from '../support/database.js'

/** A Sunday: the demo's scripted cases are dated back from the day it is seeded. */
const sunday = '2026-12-06'

/**
 * What the service's staff, panels and professionals do, on the days they work. The family may write at a weekend, and
 * what the service sends by itself (the acknowledgement of a request, the daily reminders for advice) goes any day.
 */
const staffActions = [
  'allocated',
  'invite_views',
  'panel_listed',
  'decide_to_assess',
  'decide_not_to_assess',
  'decide_to_issue',
  'decide_not_to_issue',
  'advice_requested',
  'advice_received',
  'issue_draft',
  'consultation_sent',
  'consultation_replied',
  'issue_final',
]

describe(`the demo seeded at a weekend (${testEngine})`, () => {
  let database: Database

  before(async () => {
    database = await createTestDatabase()
    assert.equal(dayOfWeekOfDayNumber(toDayNumber(sunday)), 7)
    await seedDemo(database.db, { today: sunday })
  })
  after(() => database.close())

  it('dates every step the service took on a working day, the scripted cases’ too', async () => {
    const events = await database.db
      .selectFrom('ehc_case_event')
      .innerJoin('ehc_case', 'ehc_case.id', 'ehc_case_event.case_id')
      .innerJoin('child', 'child.id', 'ehc_case.child_id')
      .select(['ehc_case_event.kind', 'ehc_case_event.occurred_on', 'child.legal_forename', 'ehc_case.reference'])
      .where('ehc_case_event.kind', 'in', staffActions)
      .execute()
    assert.ok(events.length > 1000, `${events.length} steps`)
    const atWeekends = events.filter((e) => !isWorkingDay(toDayNumber(e.occurred_on)))
    assert.deepEqual(
      atWeekends.map((e) => `${e.reference} (${e.legal_forename}): ${e.kind} on ${e.occurred_on}`),
      [],
    )
  })

  it('puts the demo family’s story on working days: Aisha’s psychologist asked on a weekday, her advice due this week', async () => {
    const aisha = await database.db
      .selectFrom('advice_request')
      .innerJoin('ehc_case', 'ehc_case.id', 'advice_request.case_id')
      .innerJoin('child', 'child.id', 'ehc_case.child_id')
      .innerJoin('app_user', 'app_user.id', 'advice_request.contributor_user_id')
      .select(['advice_request.requested_on', 'advice_request.due_on', 'ehc_case.request_received'])
      .where('child.legal_forename', '=', 'Aisha')
      .where('app_user.is_demo', '=', true)
      .executeTakeFirstOrThrow()
    assert.ok(isWorkingDay(toDayNumber(aisha.requested_on)), aisha.requested_on)
    assert.ok(isWorkingDay(toDayNumber(aisha.request_received)), aisha.request_received)
    const dueIn = toDayNumber(aisha.due_on) - toDayNumber(sunday)
    assert.ok(dueIn >= 4 && dueIn <= 6, `due in ${dueIn} days`)
  })
})
