import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { runAdviceChasers } from '../../src/ehc/chasers.job.js'
import { type ChaserKind, chaserDueOn, dueTagOf } from '../../src/ehc/chasers.js'
import { addDays } from '../../src/platform/calendar/isoDate.js'
import type { Database } from '../../src/platform/db/database.js'
import { seedDemo } from '../../src/seed/demo.js'
import { createTestDatabase, testEngine } from '../support/database.js'
import { makeCase, makeChild } from '../support/factories.js'

const due = '2026-04-13'

describe('which advice chaser is due today (pure)', () => {
  // [today, last chased, expected kind or undefined, why]
  const table: [string, string | undefined, ChaserKind | undefined, string][] = [
    ['2026-04-05', undefined, undefined, 'eight days before: nothing yet'],
    ['2026-04-06', undefined, 'before_due', 'seven days before: the first reminder'],
    ['2026-04-06', '2026-04-06', undefined, 'the same day again: nothing new (idempotent)'],
    ['2026-04-07', '2026-04-06', undefined, 'the week-before reminder goes once'],
    ['2026-04-12', '2026-04-06', undefined, 'the day before: still nothing'],
    ['2026-04-09', undefined, 'before_due', 'a run missed on day -7 is caught up within the week'],
    ['2026-04-09', '2026-03-01', 'before_due', 'a reminder long ago (before the week) does not count'],
    ['2026-04-13', '2026-04-06', 'due_today', 'on the due date'],
    ['2026-04-13', '2026-04-13', undefined, 'on the due date, run twice'],
    ['2026-04-13', undefined, 'due_today', 'on the due date, never reminded before'],
    ['2026-04-14', '2026-04-13', undefined, 'the day after the due date'],
    ['2026-04-19', '2026-04-13', undefined, 'six days overdue'],
    ['2026-04-20', '2026-04-13', 'overdue', 'one week overdue'],
    ['2026-04-20', '2026-04-20', undefined, 'one week overdue, run twice'],
    ['2026-04-26', '2026-04-20', undefined, 'the week after: not yet'],
    ['2026-04-27', '2026-04-20', 'overdue', 'two weeks overdue'],
    ['2026-05-04', '2026-04-27', 'overdue', 'three weeks overdue: weekly while overdue'],
    ['2026-04-15', '2026-04-06', 'overdue', 'the due-date run was missed: caught up the next run'],
    ['2026-04-15', undefined, 'overdue', 'overdue and never reminded'],
    ['2026-04-10', '2026-04-12', undefined, 'a clock behind the last reminder sends nothing'],
  ]
  for (const [today, lastChasedOn, expected, why] of table) {
    it(`${why} (today ${today}, last ${lastChasedOn ?? 'never'})`, () => {
      assert.equal(chaserDueOn({ dueOn: due, lastChasedOn }, today)?.kind, expected)
    })
  }

  it('counts the days overdue', () => {
    assert.equal(chaserDueOn({ dueOn: due, lastChasedOn: due }, '2026-04-20')?.daysOverdue, 7)
    assert.equal(chaserDueOn({ dueOn: due, lastChasedOn: undefined }, due)?.daysOverdue, 0)
  })

  it('words how far a due date is', () => {
    assert.deepEqual(dueTagOf(due, '2026-04-12'), { text: 'Due in 1 day', overdue: false, days: 1 })
    assert.deepEqual(dueTagOf(due, '2026-04-03'), { text: 'Due in 10 days', overdue: false, days: 10 })
    assert.deepEqual(dueTagOf(due, due), { text: 'Due today', overdue: false, days: 0 })
    assert.deepEqual(dueTagOf(due, '2026-04-14'), { text: '1 day overdue', overdue: true, days: -1 })
    assert.deepEqual(dueTagOf(due, '2026-04-20'), { text: '7 days overdue', overdue: true, days: -7 })
  })
})

describe(`the advice chasers job (${testEngine})`, () => {
  let database: Database
  let authorityId: string
  let adviceGiver: { id: string; email: string }
  let caseworker: { id: string; email: string }
  const links = { publicUrl: 'https://ascend.example' }
  const db = () => database.db

  async function adviceRequest(overrides: Record<string, unknown> = {}, caseOverrides: Record<string, unknown> = {}) {
    const child = await makeChild(db(), authorityId)
    const c = await makeCase(db(), authorityId, child.id, {
      status: 'assessing',
      decision_on: '2026-02-20',
      decision: 'assess',
      caseworker_user_id: caseworker.id,
      ...caseOverrides,
    })
    return db()
      .insertInto('advice_request')
      .values({
        authority_id: authorityId,
        case_id: c.id,
        service: 'educational_psychology',
        contributor_user_id: adviceGiver.id,
        contributor_name: 'Dr Rhys Morgan',
        contributor_email: adviceGiver.email,
        requested_on: '2026-03-02',
        due_on: due,
        ...overrides,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
  }

  const row = (id: string) =>
    db().selectFrom('advice_request').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  const chased = (caseId: string) =>
    db()
      .selectFrom('ehc_case_event')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('kind', '=', 'advice_chased')
      .orderBy('recorded_at')
      .execute()
  const mail = (id: string) =>
    db()
      .selectFrom('notification')
      .selectAll()
      .where('reference', '=', `advice_request:${id}`)
      .orderBy('created_at')
      .execute()

  before(async () => {
    database = await createTestDatabase()
    authorityId = (await seedDemo(database.db, { accountsOnly: true })).authorityId
    const user = (role: string) =>
      db()
        .selectFrom('app_user')
        .select(['id', 'email'])
        .where('role', '=', role)
        .where('is_demo', '=', true)
        .executeTakeFirstOrThrow()
    adviceGiver = await user('advice_giver')
    caseworker = await user('caseworker')
  })
  after(() => database.close())

  it('reminds a week before, on the day and weekly while overdue, copying the caseworker once overdue, and never twice a day', async () => {
    const r = await adviceRequest()
    const quiet = await adviceRequest({ received_on: '2026-04-01' })
    const cancelled = await adviceRequest({ cancelled_on: '2026-03-10' })
    const closed = await adviceRequest({}, { status: 'withdrawn', closed_on: '2026-03-20', closed_reason: 'Moved' })

    assert.equal((await runAdviceChasers(db(), '2026-04-05', links)).sent.before_due, 0)
    const first = await runAdviceChasers(db(), '2026-04-06', links)
    assert.equal(first.sent.before_due, 1)
    assert.equal((await row(r.id)).last_chased_on, '2026-04-06')
    assert.equal((await row(r.id)).chasers_sent, 1)
    const [reminder] = await mail(r.id)
    assert.equal(reminder?.to_address, adviceGiver.email)
    assert.equal(reminder?.recipient_user_id, adviceGiver.id)
    assert.equal(reminder?.template_key, 'ehc.advice-chaser.before-due')
    assert.match(reminder?.body ?? '', /due in a week, on 13 April 2026/)
    assert.match(reminder?.body ?? '', new RegExp(`https://ascend.example/advice/${r.id}`))

    const again = await runAdviceChasers(db(), '2026-04-06', links)
    assert.deepEqual(again.sent, { before_due: 0, due_today: 0, overdue: 0 })
    assert.equal((await mail(r.id)).length, 1)

    assert.equal((await runAdviceChasers(db(), '2026-04-13', links)).sent.due_today, 1)
    assert.equal((await runAdviceChasers(db(), '2026-04-13', links)).sent.due_today, 0)
    assert.equal((await runAdviceChasers(db(), '2026-04-19', links)).sent.overdue, 0)
    const overdue = await runAdviceChasers(db(), '2026-04-20', links)
    assert.equal(overdue.sent.overdue, 1)
    assert.equal(overdue.caseworkerCopies, 1)
    assert.equal((await runAdviceChasers(db(), '2026-04-20', links)).sent.overdue, 0)
    assert.equal((await runAdviceChasers(db(), '2026-04-27', links)).sent.overdue, 1)

    const sent = await mail(r.id)
    assert.deepEqual(
      sent.map((n) => [n.template_key, n.recipient_user_id]),
      [
        ['ehc.advice-chaser.before-due', adviceGiver.id],
        ['ehc.advice-chaser.due-today', adviceGiver.id],
        ['ehc.advice-chaser.overdue', adviceGiver.id],
        ['ehc.advice-overdue-copy', caseworker.id],
        ['ehc.advice-chaser.overdue', adviceGiver.id],
        ['ehc.advice-overdue-copy', caseworker.id],
      ],
    )
    assert.match(sent[2]!.body, /7 days overdue/)
    const events = await chased(r.case_id)
    assert.deepEqual(
      events.map((e) => [e.occurred_on, (e.details as { chaser: string }).chaser]),
      [
        ['2026-04-06', 'before_due'],
        ['2026-04-13', 'due_today'],
        ['2026-04-20', 'overdue'],
        ['2026-04-27', 'overdue'],
      ],
    )
    assert.equal(events[0]?.actor_user_id, null)
    assert.equal((await row(r.id)).chasers_sent, 4)
    const audited = await db()
      .selectFrom('audit_log')
      .select(['record_id', 'child_id'])
      .where('action', '=', 'ehc_case.advice_chased')
      .where('record_id', '=', r.case_id)
      .execute()
    assert.equal(audited.length, 4)

    for (const other of [quiet, cancelled, closed]) {
      assert.equal((await mail(other.id)).length, 0)
      assert.equal((await row(other.id)).chasers_sent, 0)
    }
  })

  it('emails a named contributor without an account, asking for the advice by email', async () => {
    const r = await adviceRequest({
      contributor_user_id: null,
      contributor_name: 'Dr Nia Patel',
      contributor_email: 'nia.patel@nhs.example',
      service: 'health',
      requested_on: '2026-03-09',
      due_on: '2026-04-20',
    })
    await runAdviceChasers(db(), '2026-04-20', links)
    const [reminder] = await mail(r.id)
    assert.equal(reminder?.to_address, 'nia.patel@nhs.example')
    assert.equal(reminder?.recipient_user_id, null)
    assert.match(reminder?.body ?? '', /Send your advice by email to Priya Shah/)
  })

  it('runs twice at once without sending twice', async () => {
    const r = await adviceRequest({ requested_on: '2026-03-16', due_on: '2026-04-27' })
    const [a, b] = await Promise.all([
      runAdviceChasers(db(), '2026-04-27', links),
      runAdviceChasers(db(), '2026-04-27', links),
    ])
    assert.equal(a.sent.due_today + b.sent.due_today, 1)
    assert.equal((await mail(r.id)).length, 1)
    assert.equal((await chased(r.case_id)).length, 1)
  })

  it('looks only at requests due within the week or overdue', async () => {
    const later = await adviceRequest({ requested_on: '2026-04-01', due_on: addDays('2026-04-01', 42) })
    await runAdviceChasers(db(), '2026-04-27', links)
    assert.equal((await mail(later.id)).length, 0)
  })
})
