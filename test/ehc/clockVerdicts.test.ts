import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import type { CaseloadQuery } from '../../src/ehc/caseload.schemas.js'
import { listCaseload, refreshClockVerdicts } from '../../src/ehc/caseload.service.js'
import { clockVerdictsJob } from '../../src/ehc/clockVerdicts.job.js'
import { saveClockVerdicts } from '../../src/ehc/clockVerdicts.repository.js'
import { addDays, todayInLondon } from '../../src/platform/calendar/isoDate.js'
import type { Database } from '../../src/platform/db/database.js'
import type { UseCaseContext } from '../../src/platform/useCase.js'
import { seedDemo } from '../../src/seed/demo.js'
import { createTestDatabase, testEngine } from '../support/database.js'
import { makeCase, makeChild, makeSetting, makeTeam } from '../support/factories.js'

const today = todayInLondon()
const daysAgo = (n: number) => addDays(today, -n)

/**
 * The clock's verdict kept on each case (migrations/0007_ehc_clock_summary.sql): caseloads sort and count on it, so it
 * must never outlive the facts or the day it was worked out for.
 */
describe(`the clock's verdicts kept for caseloads (${testEngine})`, () => {
  let database: Database
  let authorityId: string
  let ctx: UseCaseContext
  let caseId: string
  const query = (q: Partial<CaseloadQuery> = {}): CaseloadQuery => ({ view: 'team', page: 1, ...q }) as CaseloadQuery

  const kept = (id = caseId) =>
    database.db
      .selectFrom('ehc_case')
      .select([
        'clock_risk',
        'clock_next_due',
        'clock_exception_applies',
        'clock_next_step',
        'clock_next_label',
        'clock_next_overdue',
        'clock_as_of',
        'clock_facts_version',
      ])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()

  before(async () => {
    database = await createTestDatabase()
    authorityId = (await seedDemo(database.db, { accountsOnly: true })).authorityId
    const team = (await makeTeam(database.db, authorityId, { name: 'Verdicts' })).id
    const user = await database.db
      .selectFrom('app_user')
      .select(['id', 'display_name'])
      .where('role', '=', 'caseworker')
      .where('is_demo', '=', true)
      .executeTakeFirstOrThrow()
    ctx = {
      db: database.db,
      actor: { userId: user.id, authorityId, role: 'caseworker', settingIds: [], teamIds: [team] },
      audit: { authorityId, userId: user.id, label: user.display_name },
    }
    const child = await makeChild(database.db, authorityId)
    // Received 10 days ago, nothing decided: on track, the decision due in 32 days.
    caseId = (await makeCase(database.db, authorityId, child.id, { team_id: team, request_received: daysAgo(10) })).id
  })
  after(() => database.close())

  beforeEach(async () => {
    await listCaseload(ctx, query())
  })

  it('keeps the verdict a caseload worked out, for today', async () => {
    const { clock_facts_version: _version, ...verdict } = await kept()
    assert.deepEqual(verdict, {
      clock_risk: 'on-track',
      clock_next_due: addDays(daysAgo(10), 42),
      clock_exception_applies: false,
      clock_next_step: 'decisionToAssess',
      clock_next_label: 'Decision whether to assess',
      clock_next_overdue: false,
      clock_as_of: today,
    })
  })

  it('works the verdict out again on another day: the same facts, a month on, are overdue', async () => {
    const later = addDays(today, 40)
    const caseload = await listCaseload(ctx, query(), later)
    assert.equal(caseload.entries[0]?.risk, 'overdue')
    assert.equal(caseload.entries[0]?.nextStep?.overdue, true)
    assert.equal(caseload.riskCounts.overdue, 1)
    assert.equal((await kept()).clock_as_of, later)
    assert.equal((await kept()).clock_next_overdue, true)
    assert.equal((await listCaseload(ctx, query({ risk: 'overdue' }), later)).total, 1)
  })

  it('makes the verdict stale when the case’s own dates change, and not when other columns do', async () => {
    await database.db.updateTable('ehc_case').set({ reasons: 'More detail' }).where('id', '=', caseId).execute()
    assert.equal((await kept()).clock_as_of, today)
    await database.db
      .updateTable('ehc_case')
      .set({ request_received: daysAgo(50) })
      .where('id', '=', caseId)
      .execute()
    assert.equal((await kept()).clock_as_of, null)
    const caseload = await listCaseload(ctx, query())
    assert.equal(caseload.riskCounts.overdue, 1, 'the decision is now 8 days late')
    assert.equal((await kept()).clock_risk, 'overdue')
    await database.db
      .updateTable('ehc_case')
      .set({ request_received: daysAgo(10) })
      .where('id', '=', caseId)
      .execute()
  })

  it('makes the verdict stale when advice is asked for, received, or its request removed', async () => {
    const advice = await database.db
      .insertInto('advice_request')
      .values({
        authority_id: authorityId,
        case_id: caseId,
        service: 'health',
        contributor_name: 'Community paediatrics',
        requested_on: daysAgo(45),
        due_on: addDays(daysAgo(45), 42),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    assert.equal((await kept()).clock_as_of, null)
    assert.equal((await listCaseload(ctx, query())).riskCounts.overdue, 1, 'advice 3 days overdue')
    await database.db
      .updateTable('advice_request')
      .set({ received_on: daysAgo(1) })
      .where('id', '=', advice.id)
      .execute()
    assert.equal((await kept()).clock_as_of, null)
    assert.equal((await listCaseload(ctx, query())).riskCounts.overdue, 0)
    await database.db.deleteFrom('advice_request').where('id', '=', advice.id).execute()
    assert.equal((await kept()).clock_as_of, null)
  })

  it('makes the verdict stale when an exception or a consultation is recorded', async () => {
    await database.db
      .insertInto('ehc_exception')
      .values({
        authority_id: authorityId,
        case_id: caseId,
        reason: 'exceptional-personal-circumstances',
        starts_on: daysAgo(5),
        note: 'A family bereavement',
      })
      .execute()
    assert.equal((await kept()).clock_as_of, null)
    assert.equal((await listCaseload(ctx, query({ exception: 'yes' }))).total, 1)
    assert.equal((await kept()).clock_exception_applies, true)
    await database.db.deleteFrom('ehc_exception').where('case_id', '=', caseId).execute()
    assert.equal((await listCaseload(ctx, query({ exception: 'yes' }))).total, 0)

    const setting = await makeSetting(database.db, authorityId)
    await database.db
      .insertInto('ehc_consultation')
      .values({
        authority_id: authorityId,
        case_id: caseId,
        setting_id: setting.id,
        sent_on: daysAgo(2),
        due_on: addDays(daysAgo(2), 15),
      })
      .execute()
    assert.equal((await kept()).clock_as_of, null)
    await database.db.deleteFrom('ehc_consultation').where('case_id', '=', caseId).execute()
  })

  it('makes every case named in one statement stale, and leaves the cases not named alone', async () => {
    const other = (await makeCase(database.db, authorityId, (await makeChild(database.db, authorityId)).id)).id
    const untouched = (await makeCase(database.db, authorityId, (await makeChild(database.db, authorityId)).id)).id
    await refreshClockVerdicts(database.db, { authorityId, openOnly: true }, today)
    const [mine, theirs, neither] = [await kept(), await kept(other), await kept(untouched)]
    const advice = (case_id: string, service: 'health' | 'social_care') => ({
      authority_id: authorityId,
      case_id,
      service,
      contributor_name: 'Someone',
      requested_on: daysAgo(5),
      due_on: addDays(daysAgo(5), 42),
    })
    // As the seed writes them: many rows, two of them for one case, in one statement.
    await database.db
      .insertInto('advice_request')
      .values([advice(caseId, 'health'), advice(caseId, 'social_care'), advice(other, 'health')])
      .execute()
    for (const [id, was] of [
      [caseId, mine],
      [other, theirs],
    ] as const) {
      const now = await kept(id)
      assert.equal(now.clock_as_of, null)
      assert.ok(Number(now.clock_facts_version) > Number(was.clock_facts_version))
    }
    assert.deepEqual(await kept(untouched), neither)
    await refreshClockVerdicts(database.db, { authorityId, openOnly: true }, today)
    await database.db.deleteFrom('advice_request').where('case_id', 'in', [caseId, other]).execute()
    assert.equal((await kept()).clock_as_of, null)
    assert.equal((await kept(other)).clock_as_of, null)
    assert.equal((await kept(untouched)).clock_as_of, today)
    await database.db.deleteFrom('ehc_case').where('id', 'in', [other, untouched]).execute()
  })

  it('does not keep a verdict worked out from facts that changed meanwhile', async () => {
    const before = await kept()
    await database.db
      .updateTable('ehc_case')
      .set({ request_received: daysAgo(11) })
      .where('id', '=', caseId)
      .execute()
    // A verdict worked out from the facts as they were before that change, saved after it.
    await saveClockVerdicts(
      database.db,
      [
        {
          caseId,
          factsVersion: before.clock_facts_version,
          risk: 'breached',
          nextDue: null,
          nextStep: null,
          exceptionApplies: false,
        },
      ],
      today,
    )
    const after = await kept()
    assert.equal(after.clock_as_of, null, 'still to be worked out')
    assert.notEqual(after.clock_risk, 'breached')
    assert.equal(await refreshClockVerdicts(database.db, { authorityId, openOnly: true }, today), 1)
    assert.equal(await refreshClockVerdicts(database.db, { authorityId, openOnly: true }, today), 0)
    assert.equal((await kept()).clock_risk, 'on-track')
    await database.db
      .updateTable('ehc_case')
      .set({ request_received: daysAgo(10) })
      .where('id', '=', caseId)
      .execute()
  })

  it('works out every stale verdict in the nightly job, closed cases included, and nothing twice', async () => {
    const child = await makeChild(database.db, authorityId)
    const closed = await makeCase(database.db, authorityId, child.id, {
      status: 'withdrawn',
      request_received: daysAgo(90),
      closed_on: daysAgo(60),
    })
    assert.equal((await kept(closed.id)).clock_as_of, null)
    const logged: unknown[] = []
    const logger = { info: (...args: unknown[]) => logged.push(args) }
    // The job reads only the database and the logger.
    const jobContext = { db: database.db, logger } as never
    await clockVerdictsJob.handler({}, jobContext)
    assert.equal((await kept(closed.id)).clock_as_of, today)
    assert.equal((await kept(closed.id)).clock_risk, 'on-track')
    assert.equal(logged.length, 1)
    await clockVerdictsJob.handler({}, jobContext)
    assert.equal(logged.length, 1, 'the second run found nothing to work out')
  })
})
