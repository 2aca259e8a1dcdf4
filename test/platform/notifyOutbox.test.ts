import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import request from 'supertest'
import type { NotificationStatus } from '../../src/platform/db/schema.js'
import { type NewNotification, queueNotification } from '../../src/platform/notify/outbox.js'
import { createTestApp, type SignedInAgent, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import { makeChild } from '../support/factories.js'

describe(`the outbox pages (${testEngine})`, () => {
  let t: TestApp
  let manager: SignedInAgent
  let childId: string
  let aboutChild: string
  let failed: string
  let givenUp: string
  let otherAuthoritys: string

  const queue = async (overrides: Partial<NewNotification> = {}, status: NotificationStatus = 'queued') => {
    const { id } = await t.database.db.transaction().execute((trx) =>
      queueNotification(trx, {
        authorityId: t.authorityId,
        channel: 'email',
        recipientName: 'Sam Parent',
        toAddress: 'sam.parent@example.com',
        templateKey: 'test.message',
        subject: 'About your request',
        body: 'Dear Sam,\nThank you for your request.\n\nWe will write again within six weeks.',
        ...overrides,
      } as NewNotification),
    )
    if (status !== 'queued') {
      await t.database.db
        .updateTable('notification')
        .set({ status, attempts: 3, last_error: status.includes('failed') ? 'Provider unavailable' : null })
        .where('id', '=', id)
        .execute()
    }
    return id
  }
  const auditEntries = (action: string, recordId?: string) => {
    let query = t.database.db.selectFrom('audit_log').selectAll().where('action', '=', action)
    if (recordId) query = query.where('record_id', '=', recordId)
    return query.execute()
  }

  before(async () => {
    t = await createTestApp()
    manager = await t.signInAs('team_manager')
    childId = (await makeChild(t.database.db, t.authorityId)).id
    for (let i = 0; i < 52; i++) await queue({ subject: `Routine message ${i}` }, 'delivered')
    aboutChild = await queue({ childId, subject: 'Decision on the assessment', reference: 'ehc_letter:test' }, 'sent')
    failed = await queue({ subject: 'A message that failed', channel: 'sms', toAddress: '07700 900982' }, 'failed')
    givenUp = await queue(
      { subject: 'A letter given up on', channel: 'letter', toAddress: '1 High Street\nBirmingham\nB1 1AA' },
      'permanently_failed',
    )
    const other = await t.database.db
      .insertInto('authority')
      .values({ code: 'N01', name: 'Elsewhere Council' })
      .returning('id')
      .executeTakeFirstOrThrow()
    otherAuthoritys = await queue({ authorityId: other.id, subject: 'Another authority’s message' })
  })
  after(() => t.close())

  it('lists the authority’s notifications newest first, with their status, in pages', async () => {
    const page = await manager.agent.get('/notifications').expect(200)
    assert.match(page.text, /<h1 class="govuk-heading-l">Outbox<\/h1>/)
    assert.match(page.text, /55 notifications, newest first, page 1 of 2/)
    assert.ok(page.text.indexOf('A letter given up on') < page.text.indexOf('Decision on the assessment'))
    assert.match(page.text, /<strong class="govuk-tag govuk-tag--red">Not delivered<\/strong>/)
    assert.match(page.text, /<strong class="govuk-tag govuk-tag--orange">Failed, will retry<\/strong>/)
    assert.match(page.text, /<strong class="govuk-tag govuk-tag--blue">Sent<\/strong>/)
    assert.doesNotMatch(page.text, /Another authority’s message/)
    assert.match(page.text, /href="\/notifications\?page=2"/)
    const second = await manager.agent.get('/notifications?page=2').expect(200)
    assert.match(second.text, /Routine message 0/)
    assert.match(second.text, /href="\/notifications"/)
    assert.match(page.text, /class="govuk-service-navigation__link" href="\/notifications"/)
  })

  it('filters by status, and refuses a status that does not exist', async () => {
    const page = await manager.agent.get('/notifications?status=failed').expect(200)
    assert.match(page.text, /1 notification, newest first/)
    assert.match(page.text, /A message that failed/)
    assert.doesNotMatch(page.text, /A letter given up on/)
    assert.match(page.text, /<option value="failed" selected>/)
    const none = await manager.agent.get('/notifications?status=sending').expect(200)
    assert.match(none.text, /None has this status/)
    const wrong = await manager.agent.get('/notifications?status=lost').expect(400)
    assert.match(wrong.text, /There is a problem/)
  })

  it('audits showing a list that names notifications about a child', async () => {
    const before = (await auditEntries('notification.listed')).length
    await manager.agent.get('/notifications?status=sent').expect(200)
    const entries = await auditEntries('notification.listed')
    assert.equal(entries.length, before + 1)
    assert.deepEqual(entries.at(-1)?.details, { childIds: [childId], notificationIds: [aboutChild] })
  })

  it('shows a notification’s message, and audits reading one about a child', async () => {
    const page = await manager.agent.get(`/notifications/${aboutChild}`).expect(200)
    assert.match(page.text, /<h1 class="govuk-heading-l">Decision on the assessment<\/h1>/)
    assert.match(page.text, /<p class="govuk-body">Dear Sam,<br>Thank you for your request.<\/p>/)
    assert.match(page.text, /ehc_letter:test/)
    assert.doesNotMatch(page.text, /Retry now/)
    const [entry] = await auditEntries('notification.read', aboutChild)
    assert.equal(entry?.child_id, childId)
    assert.equal(entry?.actor_user_id, manager.userId)

    const letter = await manager.agent.get(`/notifications/${givenUp}`).expect(200)
    assert.match(letter.text, /Sam Parent<br>1 High Street<br>Birmingham<br>B1 1AA/)
    assert.match(letter.text, /Provider unavailable/)
    assert.deepEqual(await auditEntries('notification.read', givenUp), [])
  })

  it('does not find another authority’s notification, or one that does not exist', async () => {
    await manager.agent.get(`/notifications/${otherAuthoritys}`).expect(404)
    await manager.agent.get('/notifications/00000000-0000-4000-8000-000000000000').expect(404)
    await manager.agent.get('/notifications/not-an-id').expect(404)
    await manager.agent
      .post(`/notifications/${otherAuthoritys}/retry`)
      .type('form')
      .send({ _csrf: manager.csrf })
      .expect(404)
  })

  it('retries a failed notification now, and gives one given up on one more attempt', async () => {
    const page = await manager.agent.get(`/notifications/${failed}`).expect(200)
    assert.match(page.text, /<form method="post" action="\/notifications\/[^"]+\/retry"/)
    await manager.agent.post(`/notifications/${failed}/retry`).type('form').send({}).expect(403) // no CSRF token
    const before = Date.now()
    const res = await manager.agent
      .post(`/notifications/${failed}/retry`)
      .type('form')
      .send({ _csrf: manager.csrf })
      .expect(303)
    assert.equal(res.headers.location, `/notifications/${failed}`)
    const row = await t.database.db
      .selectFrom('notification')
      .selectAll()
      .where('id', '=', failed)
      .executeTakeFirstOrThrow()
    assert.equal(row.status, 'failed')
    assert.ok(Math.abs(row.next_attempt_at.getTime() - before) < 5000)
    assert.equal((await auditEntries('notification.retried', failed)).length, 1)

    await manager.agent.post(`/notifications/${givenUp}/retry`).type('form').send({ _csrf: manager.csrf }).expect(303)
    const again = await t.database.db
      .selectFrom('notification')
      .select('status')
      .where('id', '=', givenUp)
      .executeTakeFirstOrThrow()
    assert.equal(again.status, 'failed')
    // Nothing to retry on one that was sent: no change, no audit entry.
    await manager.agent
      .post(`/notifications/${aboutChild}/retry`)
      .type('form')
      .send({ _csrf: manager.csrf })
      .expect(303)
    assert.deepEqual(await auditEntries('notification.retried', aboutChild), [])
  })

  it('is refused to caseworkers and parents, and sends people who are not signed in to sign in', async () => {
    for (const role of ['caseworker', 'parent'] as const) {
      const { agent, csrf } = await t.signInAs(role)
      const list = await agent.get('/notifications').expect(403)
      assert.match(list.text, /You do not have permission/)
      assert.doesNotMatch(list.text, /href="\/notifications"/)
      await agent.get(`/notifications/${aboutChild}`).expect(403)
      await agent.post(`/notifications/${failed}/retry`).type('form').send({ _csrf: csrf }).expect(403)
    }
    const admin = await t.signInAs('administrator')
    await admin.agent.get('/notifications').expect(200)
    const res = await request(t.app).get('/notifications').expect(303)
    assert.equal(res.headers.location, '/sign-in?returnTo=%2Fnotifications')
    await request(t.app).get(`/notifications/${aboutChild}`).expect(303)
  })
})
