import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { addDays, todayInLondon } from '../../src/platform/calendar/isoDate.js'
import { createTestApp, type SignedInAgent, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import { giveSencoSetting, makeCase, makeChild, makeSetting, putOnRoll } from '../support/factories.js'

const today = todayInLondon()
const daysAgo = (n: number) => addDays(today, -n)

/** What of a case the professionals who may open it see, beside the staff who run it (src/ehc/caseReaders.ts). */
describe(`EHC case: what a SENCO and a panel member see of it (${testEngine})`, () => {
  let t: TestApp
  let caseworker: SignedInAgent
  let senco: SignedInAgent
  let member: SignedInAgent
  let caseId: string

  const words = {
    note: 'Mum told us about the family’s housing worries',
    exceptionNote: 'Dad in hospital for three weeks',
    decision: 'Evidence of needs the school cannot meet from its own resources',
    comments: 'We would like more speech and language therapy in section F',
    letter: 'Draft EHC plan for Yusuf',
    otherSchool: 'Birch Lane Academy',
  }

  before(async () => {
    t = await createTestApp()
    caseworker = await t.signInAs('caseworker')
    senco = await t.signInAs('senco')
    member = await t.signInAs('panel_member')
    const db = t.database.db
    const school = (await makeSetting(db, t.authorityId, { name: 'Oak Tree Primary' })).id
    const other = (await makeSetting(db, t.authorityId, { name: words.otherSchool })).id
    await giveSencoSetting(db, t.authorityId, senco.userId, school)
    const child = await makeChild(db, t.authorityId, { legal_forename: 'Yusuf', legal_surname: 'Khan' })
    await putOnRoll(db, t.authorityId, child.id, school)
    const c = await makeCase(db, t.authorityId, child.id, {
      status: 'draft_issued',
      request_received: daysAgo(100),
      decision: 'assess',
      decision_on: daysAgo(70),
      issue_decision: 'issue',
      issue_decision_on: daysAgo(20),
      draft_issued_on: daysAgo(10),
      draft_response_on: daysAgo(3),
      draft_response: words.comments,
      setting_id: school,
    })
    caseId = c.id
    const event = (kind: string, on: string, reason: string | null, from: string | null, to: string | null) => ({
      authority_id: t.authorityId,
      case_id: c.id,
      kind,
      occurred_on: on,
      actor_user_id: caseworker.userId,
      actor_label: `user:${caseworker.userId}`,
      reason,
      from_status: from,
      to_status: to,
      details: {},
    })
    await db
      .insertInto('ehc_case_event')
      .values([
        event('decide_assess', daysAgo(70), words.decision, 'considering', 'assessing'),
        event('note', daysAgo(60), words.note, null, null),
        event('exception_recorded', daysAgo(50), words.exceptionNote, null, null),
        event('letter_sent', daysAgo(10), null, null, null),
      ])
      .execute()
    await db
      .insertInto('ehc_exception')
      .values({
        authority_id: t.authorityId,
        case_id: c.id,
        reason: 'exceptional-personal-circumstances',
        starts_on: daysAgo(50),
        ends_on: daysAgo(29),
        note: words.exceptionNote,
      })
      .execute()
    await db
      .insertInto('ehc_consultation')
      .values([
        {
          authority_id: t.authorityId,
          case_id: c.id,
          setting_id: school,
          sent_on: daysAgo(9),
          due_on: addDays(daysAgo(9), 15),
        },
        {
          authority_id: t.authorityId,
          case_id: c.id,
          setting_id: other,
          sent_on: daysAgo(9),
          due_on: addDays(daysAgo(9), 15),
        },
      ])
      .execute()
    await db
      .insertInto('ehc_letter')
      .values({
        authority_id: t.authorityId,
        case_id: c.id,
        kind: 'draft_plan_issued',
        dated: daysAgo(10),
        recipient_name: 'Amira Khan',
        subject: words.letter,
        body: 'Dear Amira Khan',
      })
      .execute()
    // The panel member sat on the panel that decided to issue, 20 days ago.
    const meeting = await db
      .insertInto('panel_meeting')
      .values({ authority_id: t.authorityId, meets_on: daysAgo(20), location: 'Room 1', status: 'held' })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('panel_member')
      .values({ meeting_id: meeting.id, user_id: member.userId, agency: 'health' })
      .execute()
    await db
      .insertInto('panel_agenda_item')
      .values({
        authority_id: t.authorityId,
        meeting_id: meeting.id,
        case_id: c.id,
        question: 'issue',
        decision: 'issue',
      })
      .execute()
  })
  after(() => t.close())

  it('shows the caseworker the whole record', async () => {
    const page = await caseworker.agent.get(`/cases/${caseId}`).expect(200)
    for (const text of Object.values(words)) assert.ok(page.text.includes(escaped(text)), text)
    assert.match(page.text, /<h2 class="govuk-heading-m">Letters<\/h2>/)
    const detail = await caseworker.agent.get(`/api/v1/ehc/cases/${caseId}`).expect(200)
    assert.ok(JSON.stringify(detail.body).includes(words.otherSchool))
    const { body } = await caseworker.agent.get(`/api/v1/ehc/cases/${caseId}/events`).expect(200)
    const kinds = body.events.map((e: { kind: string }) => e.kind).sort()
    assert.deepEqual(kinds, ['decide_assess', 'exception_recorded', 'letter_sent', 'note'])
  })

  for (const [who, agent, ownConsultation] of [
    ['the SENCO of the child’s school', () => senco, true],
    ['a panel member who decided it', () => member, false],
  ] as const) {
    it(`shows ${who} where the case stands and why, not the notes, letters, comments or other settings`, async () => {
      const page = await agent().agent.get(`/cases/${caseId}`).expect(200)
      assert.ok(page.text.includes(escaped(words.decision)), 'the reasons for the decision')
      assert.match(page.text, /Statutory due dates/)
      for (const text of [words.note, words.exceptionNote, words.comments, words.letter, words.otherSchool]) {
        assert.ok(!page.text.includes(escaped(text)), `${who} must not see: ${text}`)
      }
      assert.doesNotMatch(page.text, /<h2 class="govuk-heading-m">Letters<\/h2>/)
      assert.equal(page.text.includes('Oak Tree Primary</a>'), ownConsultation)
      // Advice asked of others is listed, not linked: its page is theirs and the caseworkers'.
      assert.doesNotMatch(page.text, /href="\/advice\//)
      // The clock still dates the case by every consultation, the other school's unnamed.
      assert.match(page.text, /Reply from another setting/)
      const detail = await agent().agent.get(`/api/v1/ehc/cases/${caseId}`).expect(200)
      assert.ok(!JSON.stringify(detail.body).includes(words.otherSchool))
      assert.ok(JSON.stringify(detail.body).includes('another setting'))

      const { body } = await agent().agent.get(`/api/v1/ehc/cases/${caseId}/events`).expect(200)
      const events = body.events as { kind: string; reason: string | null }[]
      assert.deepEqual(events.map((e) => e.kind).sort(), ['decide_assess', 'exception_recorded'])
      assert.equal(events.find((e) => e.kind === 'decide_assess')!.reason, words.decision)
      assert.equal(events.find((e) => e.kind === 'exception_recorded')!.reason, null)
    })
  }
})

/** The text as the page escapes it (nunjucks escapes ’ no further; & < > " ' it does). */
const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/'/g, '&#39;')
