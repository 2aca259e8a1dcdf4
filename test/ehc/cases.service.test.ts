import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { caseEvents } from '../../src/ehc/cases.repository.js'
import { allocateCase, DuplicateRequest, receiveRequest, transitionCase } from '../../src/ehc/cases.service.js'
import { addDays, todayInLondon } from '../../src/platform/calendar/isoDate.js'
import type { Database } from '../../src/platform/db/database.js'
import { type AppError, Conflict, Forbidden, Invalid } from '../../src/platform/errors.js'
import type { Role } from '../../src/platform/policy/roles.js'
import type { UseCaseContext } from '../../src/platform/useCase.js'
import { seedDemo } from '../../src/seed/demo.js'
import { createTestDatabase, testEngine } from '../support/database.js'
import { makeCase, makeChild, makeTeam, putInTeam } from '../support/factories.js'

const today = todayInLondon()
const daysAgo = (n: number) => addDays(today, -n)

describe(`EHC cases: receiving requests and moving them on (${testEngine})`, () => {
  let database: Database
  let authorityId: string
  let ourTeam: string
  let otherTeam: string
  const ctx: Partial<Record<Role | 'otherCaseworker', UseCaseContext>> = {}

  async function contextFor(role: Role, teamIds: string[] = []): Promise<UseCaseContext> {
    const user = await database.db
      .selectFrom('app_user')
      .select(['id', 'display_name'])
      .where('role', '=', role)
      .where('is_demo', '=', true)
      .executeTakeFirstOrThrow()
    return {
      db: database.db,
      actor: { userId: user.id, authorityId, role, settingIds: [], teamIds },
      audit: { authorityId, userId: user.id, label: user.display_name },
    }
  }

  const expectError = async (work: Promise<unknown>, type: new (...args: never[]) => AppError, message: RegExp) => {
    await assert.rejects(work, (error: unknown) => {
      assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`)
      assert.match((error as Error).message + JSON.stringify((error as AppError).fieldErrors ?? []), message)
      return true
    })
  }

  before(async () => {
    database = await createTestDatabase()
    authorityId = (await seedDemo(database.db, { accountsOnly: true })).authorityId
    ourTeam = (await makeTeam(database.db, authorityId, { name: 'North' })).id
    otherTeam = (await makeTeam(database.db, authorityId, { name: 'South' })).id
    ctx.caseworker = await contextFor('caseworker', [ourTeam])
    await putInTeam(database.db, authorityId, ctx.caseworker.actor.userId!, ourTeam)
    ctx.otherCaseworker = {
      ...ctx.caseworker,
      actor: { ...ctx.caseworker.actor, userId: undefined, teamIds: [otherTeam] },
    }
    ctx.team_manager = await contextFor('team_manager')
  })
  after(() => database.close())

  const receive = (c: UseCaseContext, childId: string, requestReceived = daysAgo(10)) =>
    database.db.transaction().execute((trx) =>
      receiveRequest(c, trx, {
        childId,
        requesterKind: 'parent',
        requesterName: 'Sam Parent',
        receivedVia: 'letter',
        requestReceived,
        reasons: 'Not making progress at SEN Support',
      }),
    )

  describe('receiving a request', () => {
    it('starts the clock on the day received, in the caseworker’s team, with an event and an audit entry', async () => {
      const child = await makeChild(database.db, authorityId)
      const created = await receive(ctx.caseworker!, child.id)
      assert.equal(created.status, 'received')
      assert.equal(created.request_received, daysAgo(10))
      assert.equal(created.team_id, ourTeam)
      assert.equal(created.caseworker_user_id, ctx.caseworker!.actor.userId)
      assert.match(created.reference, new RegExp(`^EHC-${daysAgo(10).slice(0, 4)}-\\d{5}$`))
      const events = await database.db
        .selectFrom('ehc_case_event')
        .selectAll()
        .where('case_id', '=', created.id)
        .where('kind', '=', 'request_received')
        .execute()
      assert.deepEqual(
        events.map((e) => [e.kind, e.to_status, e.occurred_on]),
        [['request_received', 'received', daysAgo(10)]],
      )
      const audited = await database.db
        .selectFrom('audit_log')
        .select('action')
        .where('record_id', '=', created.id)
        .execute()
      assert.ok(audited.some((a) => a.action === 'ehc_case.create'))
    })

    it('refuses a date received in the future, and creates nothing', async () => {
      const child = await makeChild(database.db, authorityId)
      await expectError(receive(ctx.caseworker!, child.id, addDays(today, 1)), Invalid, /cannot be in the future/)
      const cases = await database.db.selectFrom('ehc_case').select('id').where('child_id', '=', child.id).execute()
      assert.equal(cases.length, 0)
    })

    it('refuses a date received before the child was born', async () => {
      const child = await makeChild(database.db, authorityId, { date_of_birth: daysAgo(5) })
      await expectError(receive(ctx.caseworker!, child.id, daysAgo(6)), Invalid, /before the child was born/)
    })

    it('refuses a second open request for the same child, naming the first', async () => {
      const child = await makeChild(database.db, authorityId)
      const first = await receive(ctx.caseworker!, child.id)
      await expectError(receive(ctx.team_manager!, child.id), DuplicateRequest, new RegExp(first.reference))
      const cases = await database.db.selectFrom('ehc_case').select('id').where('child_id', '=', child.id).execute()
      assert.equal(cases.length, 1)
    })

    it('accepts a new request once the earlier one has closed', async () => {
      const child = await makeChild(database.db, authorityId)
      await makeCase(database.db, authorityId, child.id, { status: 'not_assessed', closed_on: daysAgo(200) })
      assert.equal((await receive(ctx.caseworker!, child.id)).status, 'received')
    })
  })

  describe('moving a case on', () => {
    it('records each step with who, when and why, and bumps the version', async () => {
      const child = await makeChild(database.db, authorityId)
      const c = await receive(ctx.caseworker!, child.id, daysAgo(20))
      const moved = await database.db.transaction().execute((trx) =>
        transitionCase(ctx.caseworker!, trx, c.id, {
          transition: 'invite_views',
          on: daysAgo(19),
          expectedVersion: 1,
        }),
      )
      assert.equal(moved.status, 'considering')
      assert.equal(moved.family_views_invited_on, daysAgo(19))
      assert.equal(moved.version, 2)
      const event = await database.db
        .selectFrom('ehc_case_event')
        .selectAll()
        .where('case_id', '=', c.id)
        .where('kind', '=', 'invite_views')
        .executeTakeFirstOrThrow()
      assert.equal(event.from_status, 'received')
      assert.equal(event.to_status, 'considering')
      assert.equal(event.actor_user_id, ctx.caseworker!.actor.userId)
    })

    it('refuses an illegal step with the reason, changing nothing', async () => {
      const child = await makeChild(database.db, authorityId)
      const c = await receive(ctx.caseworker!, child.id)
      await expectError(
        database.db
          .transaction()
          .execute((trx) =>
            transitionCase(ctx.caseworker!, trx, c.id, { transition: 'issue_final', on: today, expectedVersion: 1 }),
          ),
        Conflict,
        /Final plan issued cannot be recorded on a case that is request received/,
      )
      const after = await database.db
        .selectFrom('ehc_case')
        .selectAll()
        .where('id', '=', c.id)
        .executeTakeFirstOrThrow()
      assert.equal(after.status, 'received')
      assert.equal(after.version, 1)
    })

    it('refuses a panel decision taken outside the panel', async () => {
      const child = await makeChild(database.db, authorityId)
      const c = await receive(ctx.caseworker!, child.id)
      await expectError(
        database.db.transaction().execute((trx) =>
          transitionCase(ctx.team_manager!, trx, c.id, {
            transition: 'decide_to_assess',
            on: today,
            expectedVersion: 1,
          }),
        ),
        Conflict,
        /panel decision/,
      )
    })

    it('routes a refusal to SEN Support with the next step and the family’s view', async () => {
      const child = await makeChild(database.db, authorityId)
      const c = await receive(ctx.caseworker!, child.id, daysAgo(30))
      const refused = await database.db.transaction().execute((trx) =>
        transitionCase(ctx.team_manager!, trx, c.id, {
          transition: 'decide_not_to_assess',
          on: daysAgo(2),
          expectedVersion: 1,
          reason: 'Needs can be met from resources ordinarily available',
          senSupportNextStep: 'SENCO to review the SEN Support plan with the family within 4 weeks',
          familyViewOfOutcome: 'Disappointed',
          byPanel: true,
        }),
      )
      assert.equal(refused.status, 'not_assessed')
      assert.equal(refused.decision, 'not_assess')
      assert.equal(refused.closed_on, daysAgo(2))
      assert.equal(refused.sen_support_next_step, 'SENCO to review the SEN Support plan with the family within 4 weeks')
      assert.equal(refused.family_view_of_outcome, 'Disappointed')
    })

    it('keeps a step before the letter it sends, though both are written in one transaction', async () => {
      const child = await makeChild(database.db, authorityId)
      const c = await receive(ctx.caseworker!, child.id, daysAgo(30))
      await database.db.transaction().execute((trx) =>
        transitionCase(ctx.team_manager!, trx, c.id, {
          transition: 'decide_to_assess',
          on: daysAgo(1),
          expectedVersion: 1,
          byPanel: true,
        }),
      )
      const newestFirst = (await caseEvents(database.db, c.id)).map((e) => e.kind)
      assert.deepEqual(newestFirst, ['letter_sent', 'decide_to_assess', 'letter_sent', 'request_received'])
    })

    it('tells the second of two caseworkers acting on the same version that the case changed', async () => {
      const child = await makeChild(database.db, authorityId)
      const c = await receive(ctx.caseworker!, child.id, daysAgo(20))
      const attempt = (reason: string) =>
        database.db.transaction().execute((trx) =>
          transitionCase(ctx.caseworker!, trx, c.id, {
            transition: 'withdraw',
            on: today,
            expectedVersion: 1,
            reason,
          }),
        )
      // On PostgreSQL the two run at once; PGlite serialises them. Either way exactly one wins.
      const results = await Promise.allSettled([attempt('first'), attempt('second')])
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1)
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
      assert.ok(lost.reason instanceof Conflict, String(lost.reason))
      assert.match(lost.reason.message, /Someone else changed this case/)
      const events = await database.db
        .selectFrom('ehc_case_event')
        .select('kind')
        .where('case_id', '=', c.id)
        .where('kind', '=', 'withdraw')
        .execute()
      assert.equal(events.length, 1)
    })

    it('refuses a stale version outright', async () => {
      const child = await makeChild(database.db, authorityId)
      const c = await receive(ctx.caseworker!, child.id, daysAgo(20))
      await expectError(
        database.db
          .transaction()
          .execute((trx) =>
            transitionCase(ctx.caseworker!, trx, c.id, { transition: 'invite_views', on: today, expectedVersion: 7 }),
          ),
        Conflict,
        /Someone else changed this case/,
      )
    })

    it("lets a caseworker outside the case's team read but not change it", async () => {
      const child = await makeChild(database.db, authorityId)
      const c = await receive(ctx.caseworker!, child.id, daysAgo(20))
      await expectError(
        database.db.transaction().execute((trx) =>
          transitionCase(ctx.otherCaseworker!, trx, c.id, {
            transition: 'invite_views',
            on: today,
            expectedVersion: 1,
          }),
        ),
        Forbidden,
        /allocated caseworker, their team or a team manager/,
      )
    })
  })

  describe('allocation', () => {
    it('lets a team manager allocate, recording the event', async () => {
      const child = await makeChild(database.db, authorityId)
      const c = await makeCase(database.db, authorityId, child.id, { request_received: daysAgo(3) })
      const allocated = await allocateCase(ctx.team_manager!, {
        caseId: c.id,
        caseworkerUserId: ctx.caseworker!.actor.userId!,
        expectedVersion: 1,
      })
      assert.equal(allocated.caseworker_user_id, ctx.caseworker!.actor.userId)
      assert.equal(allocated.team_id, ourTeam)
      const event = await database.db
        .selectFrom('ehc_case_event')
        .selectAll()
        .where('case_id', '=', c.id)
        .executeTakeFirstOrThrow()
      assert.equal(event.kind, 'allocated')
    })

    it('refuses a caseworker allocating, and someone who is not a caseworker as the allocee', async () => {
      const child = await makeChild(database.db, authorityId)
      const c = await makeCase(database.db, authorityId, child.id, { team_id: ourTeam })
      await expectError(
        allocateCase(ctx.caseworker!, {
          caseId: c.id,
          caseworkerUserId: ctx.caseworker!.actor.userId!,
          expectedVersion: 1,
        }),
        Forbidden,
        /Only a team manager/,
      )
      await expectError(
        allocateCase(ctx.team_manager!, {
          caseId: c.id,
          caseworkerUserId: ctx.team_manager!.actor.userId!,
          expectedVersion: 1,
        }),
        Invalid,
        /Choose a caseworker/,
      )
    })
  })
})
