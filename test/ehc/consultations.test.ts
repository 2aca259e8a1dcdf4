import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { addDays, todayInLondon } from '../../src/platform/calendar/isoDate.js'
import { createTestApp, type SignedInAgent, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import { giveSencoSetting, linkParent, makeCase, makeChild, makeSetting, putOnRoll } from '../support/factories.js'

const today = todayInLondon()
const daysAgo = (n: number) => addDays(today, -n)
const parts = (prefix: string, iso: string) => {
  const [y, m, d] = iso.split('-')
  return { [`${prefix}-day`]: d, [`${prefix}-month`]: m, [`${prefix}-year`]: y }
}

describe(`consultations with settings and the family's response to the draft plan (${testEngine})`, () => {
  let t: TestApp
  let caseworker: SignedInAgent
  let senco: SignedInAgent
  let otherSenco: SignedInAgent
  let parent: SignedInAgent
  let otherParent: SignedInAgent
  let adviceGiver: SignedInAgent
  let panelMember: SignedInAgent
  let childId: string
  let caseId: string
  let currentSchool: string
  let specialSchool: string
  let otherSchool: string

  const db = () => t.database.db
  const form = (a: SignedInAgent, url: string, body: Record<string, unknown>) =>
    a.agent
      .post(url)
      .type('form')
      .send({ _csrf: a.csrf, ...body })
  const events = (kind: string, id = caseId) =>
    db().selectFrom('ehc_case_event').selectAll().where('case_id', '=', id).where('kind', '=', kind).execute()
  const consultations = (id = caseId) =>
    db().selectFrom('ehc_consultation').selectAll().where('case_id', '=', id).orderBy('created_at').execute()
  const caseRow = (id = caseId) =>
    db().selectFrom('ehc_case').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

  async function signInAsNew(role: 'senco' | 'parent', email: string): Promise<SignedInAgent> {
    const user = await db()
      .insertInto('app_user')
      .values({
        authority_id: t.authorityId,
        email,
        display_name: `Other ${role}`,
        role,
        password_hash: null,
        is_demo: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return t.signInAsUser(user.id)
  }

  async function draftIssuedCase(overrides: Record<string, unknown> = {}) {
    const child = await makeChild(db(), t.authorityId, { legal_forename: 'Leo', legal_surname: 'Draft' })
    await putOnRoll(db(), t.authorityId, child.id, currentSchool)
    return makeCase(db(), t.authorityId, child.id, {
      status: 'draft_issued',
      request_received: daysAgo(100),
      decision_on: daysAgo(60),
      decision: 'assess',
      issue_decision_on: daysAgo(20),
      issue_decision: 'issue',
      draft_issued_on: daysAgo(5),
      caseworker_user_id: caseworker.userId,
      ...overrides,
    })
  }

  before(async () => {
    t = await createTestApp()
    caseworker = await t.signInAs('caseworker')
    senco = await t.signInAs('senco')
    parent = await t.signInAs('parent')
    adviceGiver = await t.signInAs('advice_giver')
    panelMember = await t.signInAs('panel_member')
    otherSenco = await signInAsNew('senco', 'other.senco@demo.ascend.invalid')
    otherParent = await signInAsNew('parent', 'other.parent@demo.ascend.invalid')
    currentSchool = (await makeSetting(db(), t.authorityId, { name: 'Oakfield Primary' })).id
    specialSchool = (await makeSetting(db(), t.authorityId, { name: 'Brookside Special School', provision: 'special' }))
      .id
    otherSchool = (await makeSetting(db(), t.authorityId, { name: 'Elm Tree Primary' })).id
    await giveSencoSetting(db(), t.authorityId, senco.userId, specialSchool)
    await giveSencoSetting(db(), t.authorityId, otherSenco.userId, otherSchool)
    const c = await draftIssuedCase()
    caseId = c.id
    childId = c.child_id
    await linkParent(db(), t.authorityId, childId, parent.userId)
  })
  after(() => t.close())

  describe('consultations', () => {
    it('offers the directory of settings to consult', async () => {
      const page = await caseworker.agent.get(`/cases/${caseId}/consultations/new`).expect(200)
      assert.match(page.text, /Brookside Special School/)
      assert.match(page.text, /Elm Tree Primary/)
    })

    it('consults a setting: 15 days to reply, on the timeline, its SENCO emailed', async () => {
      await form(caseworker, `/cases/${caseId}/consultations`, {
        settingId: specialSchool,
        ...parts('sentOn', daysAgo(2)),
      }).expect(303)
      const [k] = await consultations()
      assert.equal(k?.setting_id, specialSchool)
      assert.equal(k?.sent_on, daysAgo(2))
      assert.equal(k?.due_on, addDays(daysAgo(2), 15))
      const [event] = await events('consultation_sent')
      assert.equal(((event?.details ?? {}) as { settingName: string }).settingName, 'Brookside Special School')
      const mail = await db()
        .selectFrom('notification')
        .selectAll()
        .where('recipient_user_id', '=', senco.userId)
        .executeTakeFirstOrThrow()
      assert.equal(mail.template_key, 'ehc.consultation-sent')
      assert.match(mail.body, new RegExp(`/consultations/${k?.id}`))
      assert.match(mail.body, /Leo Draft/)
      // The other school's SENCO is not told.
      const other = await db()
        .selectFrom('notification')
        .select('id')
        .where('recipient_user_id', '=', otherSenco.userId)
        .execute()
      assert.equal(other.length, 0)
      const audit = await db()
        .selectFrom('audit_log')
        .select('action')
        .where('record_id', '=', caseId)
        .where('action', '=', 'ehc_case.consultation_sent')
        .execute()
      assert.equal(audit.length, 1)
    })

    it('refuses a second consultation of the same setting, a future date, a date before the draft, or an unknown setting', async () => {
      const again = await form(caseworker, `/cases/${caseId}/consultations`, {
        settingId: specialSchool,
        ...parts('sentOn', today),
      }).expect(400)
      assert.match(again.text, /Brookside Special School was already consulted on/)
      const direct = await form(caseworker, `/cases/${caseId}/consultations`, {
        settingId: otherSchool,
        ...parts('sentOn', addDays(today, 1)),
      }).expect(400)
      assert.match(direct.text, /cannot be in the future/)
      const early = await form(caseworker, `/cases/${caseId}/consultations`, {
        settingId: otherSchool,
        ...parts('sentOn', daysAgo(6)),
      }).expect(400)
      assert.match(early.text, /before the draft plan was issued/)
      const unknown = await form(caseworker, `/cases/${caseId}/consultations`, {
        settingId: '00000000-0000-0000-0000-000000000000',
        ...parts('sentOn', today),
      }).expect(400)
      assert.match(unknown.text, /Choose an open setting from the directory/)
      const none = await form(caseworker, `/cases/${caseId}/consultations`, parts('sentOn', today)).expect(400)
      assert.match(none.text, /Choose a setting from the directory/)
      assert.equal((await consultations()).length, 1)
    })

    it('refuses a consultation on a case whose draft is not issued, and to those who may not manage the case', async () => {
      const assessing = await draftIssuedCase({
        status: 'assessing',
        issue_decision: null,
        issue_decision_on: null,
        draft_issued_on: null,
      })
      const res = await form(caseworker, `/cases/${assessing.id}/consultations`, {
        settingId: specialSchool,
        ...parts('sentOn', today),
      }).expect(409)
      assert.match(res.text, /consulted while the draft plan is with the family/)
      await form(senco, `/cases/${caseId}/consultations`, { settingId: otherSchool, ...parts('sentOn', today) }).expect(
        403,
      )
      await form(parent, `/cases/${caseId}/consultations`, {
        settingId: otherSchool,
        ...parts('sentOn', today),
      }).expect(403)
      assert.equal((await consultations(assessing.id)).length, 0)
      assert.equal((await consultations()).length, 1)
    })

    it('refuses the SENCO of another setting: 403 on the page and the reply, and nothing changes', async () => {
      const [k] = await consultations()
      await otherSenco.agent.get(`/consultations/${k!.id}`).expect(403)
      await form(otherSenco, `/consultations/${k!.id}`, { reply: 'can_meet_needs' }).expect(403)
      await adviceGiver.agent.get(`/consultations/${k!.id}`).expect(403)
      await parent.agent.get(`/consultations/${k!.id}`).expect(403)
      const after = (await consultations())[0]!
      assert.equal(after.replied_on, null)
      assert.equal((await events('consultation_replied')).length, 0)
    })

    it('lets the consulted setting’s SENCO reply: a reason is needed when it cannot meet the needs', async () => {
      const [k] = await consultations()
      const page = await senco.agent.get(`/consultations/${k!.id}`).expect(200)
      assert.match(page.text, /Leo Draft/)
      assert.match(page.text, /Can Brookside Special School meet the child’s needs/)
      assert.doesNotMatch(page.text, /Date the setting replied/)
      const noReason = await form(senco, `/consultations/${k!.id}`, { reply: 'cannot_meet_needs' }).expect(400)
      assert.match(noReason.text, /Say why the setting cannot meet/)
      const nothing = await form(senco, `/consultations/${k!.id}`, {}).expect(400)
      assert.match(nothing.text, /Say whether the setting can meet/)
      await form(senco, `/consultations/${k!.id}`, {
        reply: 'cannot_meet_needs',
        note: 'We are full in year 4 until September',
        // A SENCO replies today, whatever date is sent.
        ...parts('repliedOn', daysAgo(1)),
      }).expect(303)
      const after = (await consultations())[0]!
      assert.equal(after.replied_on, today)
      assert.equal(after.reply, 'cannot_meet_needs')
      assert.equal(after.reply_note, 'We are full in year 4 until September')
      const [event] = await events('consultation_replied')
      assert.equal(event?.actor_user_id, senco.userId)
      assert.equal(((event?.details ?? {}) as { reply: string }).reply, 'cannot_meet_needs')
      const told = await db()
        .selectFrom('notification')
        .selectAll()
        .where('recipient_user_id', '=', caseworker.userId)
        .where('template_key', '=', 'ehc.consultation-replied')
        .execute()
      assert.equal(told.length, 1)
      assert.match(told[0]!.body, /cannot meet/)
      const second = await form(senco, `/consultations/${k!.id}`, { reply: 'can_meet_needs' }).expect(409)
      assert.match(second.text, /already replied on/)
      assert.equal((await events('consultation_replied')).length, 1)
      const read = await db()
        .selectFrom('audit_log')
        .select('actor_user_id')
        .where('action', '=', 'ehc_consultation.read')
        .where('record_id', '=', k!.id)
        .execute()
      assert.ok(read.some((a) => a.actor_user_id === senco.userId))
    })

    it('lets the caseworker record a reply that came by phone, dated', async () => {
      await form(caseworker, `/cases/${caseId}/consultations`, {
        settingId: otherSchool,
        ...parts('sentOn', today),
      }).expect(303)
      const k = (await consultations()).find((x) => x.setting_id === otherSchool)!
      const future = await form(caseworker, `/consultations/${k.id}`, {
        reply: 'can_meet_needs',
        ...parts('repliedOn', addDays(today, 1)),
      }).expect(400)
      assert.match(future.text, /cannot be in the future/)
      await form(caseworker, `/consultations/${k.id}`, {
        reply: 'can_meet_needs',
        ...parts('repliedOn', today),
      }).expect(303)
      const after = (await consultations()).find((x) => x.setting_id === otherSchool)!
      assert.equal(after.reply, 'can_meet_needs')
      const event = (await events('consultation_replied')).find(
        (e) => (e.details as { consultationId: string }).consultationId === k.id,
      )
      assert.equal(((event?.details ?? {}) as { recordedBy: string }).recordedBy, 'caseworker')
    })
  })

  describe('the family’s response to the draft plan', () => {
    it('shows the parent a plain-English form for their own child’s case', async () => {
      const page = await parent.agent.get(`/cases/${caseId}/draft-response`).expect(200)
      assert.match(page.text, /Your response to the draft plan/)
      assert.match(page.text, /You have until <strong>/)
      assert.match(page.text, /Would you like a meeting with us about the draft plan/)
      assert.match(page.text, new RegExp(`href="/your-requests/${caseId}"`))
      assert.doesNotMatch(page.text, /Date the family responded/)
    })

    it('answers 404 to another parent, and 403 to staff who may not respond', async () => {
      await otherParent.agent.get(`/cases/${caseId}/draft-response`).expect(404)
      await form(otherParent, `/cases/${caseId}/draft-response`, { wantsMeeting: 'no' }).expect(404)
      await senco.agent.get(`/cases/${caseId}/draft-response`).expect(403)
      await form(panelMember, `/cases/${caseId}/draft-response`, { wantsMeeting: 'no' }).expect(403)
      await adviceGiver.agent.get(`/cases/${caseId}/draft-response`).expect(403)
      assert.equal((await caseRow()).draft_response_on, null)
      assert.equal((await events('draft_response')).length, 0)
    })

    it('asks whether a meeting is wanted, and refuses a setting not in the directory', async () => {
      const res = await form(parent, `/cases/${caseId}/draft-response`, { comments: 'Fine' }).expect(400)
      assert.match(res.text, /Say whether you would like a meeting/)
      assert.match(res.text, /Fine/)
      const bad = await form(parent, `/cases/${caseId}/draft-response`, {
        wantsMeeting: 'no',
        preferredSettingId: '00000000-0000-0000-0000-000000000000',
      }).expect(400)
      assert.match(bad.text, /Choose a school, college or nursery from the list/)
      assert.equal((await caseRow()).draft_response_on, null)
    })

    it('records the parent’s comments, meeting and preferred setting, and tells the caseworker', async () => {
      const before = await caseRow()
      const res = await form(parent, `/cases/${caseId}/draft-response`, {
        comments: 'Section F does not mention speech and language therapy.',
        wantsMeeting: 'yes',
        preferredSettingId: specialSchool,
      }).expect(303)
      assert.equal(res.headers.location, `/your-requests/${caseId}`)
      const after = await caseRow()
      assert.equal(after.draft_response_on, today)
      assert.equal(after.draft_response, 'Section F does not mention speech and language therapy.')
      assert.equal(after.draft_meeting_requested, true)
      assert.equal(after.preferred_setting_id, specialSchool)
      assert.equal(after.version, before.version + 1)
      const [event] = await events('draft_response')
      assert.equal(event?.actor_user_id, parent.userId)
      assert.deepEqual(
        {
          by: ((event?.details ?? {}) as { by: string }).by,
          setting: ((event?.details ?? {}) as { preferredSettingName: string }).preferredSettingName,
        },
        { by: 'family', setting: 'Brookside Special School' },
      )
      const told = await db()
        .selectFrom('notification')
        .selectAll()
        .where('recipient_user_id', '=', caseworker.userId)
        .where('template_key', '=', 'ehc.draft-response')
        .executeTakeFirstOrThrow()
      assert.match(told.subject, /Meeting asked for/)
      const audit = await db()
        .selectFrom('audit_log')
        .select('actor_user_id')
        .where('action', '=', 'ehc_case.draft_response')
        .where('record_id', '=', caseId)
        .execute()
      assert.deepEqual(
        audit.map((a) => a.actor_user_id),
        [parent.userId],
      )
    })

    it('lets the caseworker record a response given by phone, with its date', async () => {
      const other = await draftIssuedCase()
      const page = await caseworker.agent.get(`/cases/${other.id}/draft-response`).expect(200)
      assert.match(page.text, /Date the family responded/)
      const early = await form(caseworker, `/cases/${other.id}/draft-response`, {
        ...parts('respondedOn', daysAgo(6)),
        wantsMeeting: 'no',
      }).expect(400)
      assert.match(early.text, /before the draft plan was issued/)
      await form(caseworker, `/cases/${other.id}/draft-response`, {
        ...parts('respondedOn', daysAgo(1)),
        wantsMeeting: 'no',
        comments: 'Happy with the draft (phone call)',
      }).expect(303)
      const after = await caseRow(other.id)
      assert.equal(after.draft_response_on, daysAgo(1))
      assert.equal(after.draft_meeting_requested, false)
    })

    it('refuses a response when the draft plan is not with the family', async () => {
      const assessing = await draftIssuedCase({
        status: 'assessing',
        issue_decision: null,
        issue_decision_on: null,
        draft_issued_on: null,
      })
      await linkParent(db(), t.authorityId, assessing.child_id, parent.userId)
      const page = await parent.agent.get(`/cases/${assessing.id}/draft-response`).expect(200)
      assert.match(page.text, /only respond to the draft plan while it is with you/)
      const res = await form(parent, `/cases/${assessing.id}/draft-response`, { wantsMeeting: 'no' }).expect(409)
      assert.match(res.text, /only respond to the draft plan while it is with you/)
      const staff = await form(caseworker, `/cases/${assessing.id}/draft-response`, {
        ...parts('respondedOn', today),
        wantsMeeting: 'no',
      }).expect(409)
      assert.match(staff.text, /This case is assessing/)
      assert.equal((await caseRow(assessing.id)).draft_response_on, null)
      assert.equal((await events('draft_response', assessing.id)).length, 0)
    })
  })
})
