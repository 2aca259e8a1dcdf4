import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { addDays, todayInLondon } from '../../src/platform/calendar/isoDate.js'
import { createTestApp, type SignedInAgent, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import { makeCase, makeChild } from '../support/factories.js'

const today = todayInLondon()

/** A panel member sees a meeting's agenda, papers and children until 28 days after it (src/platform/policy/panelAccess.ts). */
describe(`EHC panel: members' sight of a meeting ends 28 days after it (${testEngine})`, () => {
  let t: TestApp
  let member: SignedInAgent
  let manager: SignedInAgent
  /** Meetings held 28 days ago (still open to members) and 29 days ago (closed), each with one case. */
  const held: Record<'open' | 'closed', { meetingId: string; itemId: string; caseId: string; childId: string }> =
    {} as never

  before(async () => {
    t = await createTestApp()
    member = await t.signInAs('panel_member')
    manager = await t.signInAs('team_manager')
    const db = t.database.db
    for (const [which, daysAgo] of [
      ['open', 28],
      ['closed', 29],
    ] as const) {
      const child = await makeChild(db, t.authorityId, { legal_forename: `Panel${which}` })
      const c = await makeCase(db, t.authorityId, child.id, { request_received: addDays(today, -daysAgo - 20) })
      const meeting = await db
        .insertInto('panel_meeting')
        .values({ authority_id: t.authorityId, meets_on: addDays(today, -daysAgo), location: 'Room 1', status: 'held' })
        .returning('id')
        .executeTakeFirstOrThrow()
      await db
        .insertInto('panel_member')
        .values({ meeting_id: meeting.id, user_id: member.userId, agency: 'health', chair: true })
        .execute()
      const item = await db
        .insertInto('panel_agenda_item')
        .values({ authority_id: t.authorityId, meeting_id: meeting.id, case_id: c.id, question: 'assess' })
        .returning('id')
        .executeTakeFirstOrThrow()
      held[which] = { meetingId: meeting.id, itemId: item.id, caseId: c.id, childId: child.id }
    }
  })
  after(() => t.close())

  it('lists both meetings to the member, with only the recent one open', async () => {
    const { body } = await member.agent.get('/api/v1/ehc/panels').expect(200)
    const byId = new Map(body.past.map((m: { id: string; papersOpen: boolean }) => [m.id, m.papersOpen]))
    assert.equal(byId.get(held.open.meetingId), true)
    assert.equal(byId.get(held.closed.meetingId), false)
    const page = await member.agent.get('/panels').expect(200)
    assert.match(page.text, new RegExp(`href="/panels/${held.open.meetingId}"`))
    assert.doesNotMatch(page.text, new RegExp(`/panels/${held.closed.meetingId}`))
    assert.match(page.text, /papers closed/)
    assert.match(page.text, /until 28 days after the meeting/)
  })

  it('lets the member open the meeting held 28 days ago, its papers and the child on it', async () => {
    const { open } = held
    await member.agent.get(`/panels/${open.meetingId}`).expect(200)
    await member.agent.get(`/api/v1/ehc/panels/${open.meetingId}`).expect(200)
    await member.agent.get(`/panels/${open.meetingId}/items/${open.itemId}`).expect(200)
    await member.agent.get(`/children/${open.childId}`).expect(200)
    await member.agent.get(`/cases/${open.caseId}`).expect(200)
    const children = await member.agent.get('/api/v1/children').expect(200)
    assert.ok(JSON.stringify(children.body).includes(open.childId))
  })

  it('refuses the member the meeting held 29 days ago, its papers, its child and case, and audits no read', async () => {
    const { closed } = held
    const auditedBefore = await auditCount(closed.childId)
    const page = await member.agent.get(`/panels/${closed.meetingId}`).expect(403)
    assert.match(page.text, /until 28 days after it/)
    const api = await member.agent.get(`/api/v1/ehc/panels/${closed.meetingId}`).expect(403)
    assert.match(api.body.detail, /closed to them after/)
    await member.agent.get(`/panels/${closed.meetingId}/items/${closed.itemId}`).expect(403)
    await member.agent.get(`/api/v1/children/${closed.childId}`).expect(403)
    await member.agent.get(`/children/${closed.childId}`).expect(403)
    await member.agent.get(`/cases/${closed.caseId}`).expect(403)
    await member.agent.get(`/api/v1/ehc/cases/${closed.caseId}`).expect(403)
    const children = await member.agent.get('/api/v1/children').expect(200)
    assert.ok(!JSON.stringify(children.body).includes(closed.childId))
    assert.equal(await auditCount(closed.childId), auditedBefore)
  })

  it('refuses the member a decision at the closed meeting, and changes nothing', async () => {
    const { closed } = held
    await member.agent
      .post(`/api/v1/ehc/panels/${closed.meetingId}/items/${closed.itemId}/decision`)
      .set('x-csrf-token', member.csrf)
      .send({ decision: 'deferred', reasons: 'More evidence needed', criteria: [], expectedVersion: 1 })
      .expect(403)
    const item = await t.database.db
      .selectFrom('panel_agenda_item')
      .select('decision')
      .where('id', '=', closed.itemId)
      .executeTakeFirstOrThrow()
    assert.equal(item.decision, null)
  })

  it('keeps the closed meeting open to the team manager', async () => {
    await manager.agent.get(`/panels/${held.closed.meetingId}`).expect(200)
    await manager.agent.get(`/panels/${held.closed.meetingId}/items/${held.closed.itemId}`).expect(200)
  })

  async function auditCount(childId: string) {
    const rows = await t.database.db.selectFrom('audit_log').select('id').where('child_id', '=', childId).execute()
    return rows.length
  }
})
