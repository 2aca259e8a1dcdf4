import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { computeAppealDeadlines } from '../../src/ehc/clock.js'
import { addDays, splitIsoDate, todayInLondon } from '../../src/platform/calendar/isoDate.js'
import { createTestApp, type SignedInAgent, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import { linkParent, makeCase, makeChild } from '../support/factories.js'

const today = todayInLondon()
const daysAgo = (n: number) => addDays(today, -n)

describe(`EHC panel: meetings, agendas, decisions and letters (${testEngine})`, () => {
  let t: TestApp
  let manager: SignedInAgent
  let caseworker: SignedInAgent
  let member: SignedInAgent
  let parent: SignedInAgent
  let senco: SignedInAgent
  let adviceGiver: SignedInAgent
  let meeting: string
  let otherMeeting: string
  /** Cases by name: awaiting the decision whether to assess (a, b), whether to issue (c), and not awaiting one. */
  const cases: Record<string, { id: string; childId: string }> = {}
  let assessCriteria: string[]

  const db = () => t.database.db
  const form = (a: SignedInAgent, path: string, fields: [string, string][]) =>
    a.agent
      .post(path)
      .type('form')
      .send(new URLSearchParams([['_csrf', a.csrf], ...fields]).toString())
  const api = (a: SignedInAgent, path: string, body: object) =>
    a.agent.post(path).set('x-csrf-token', a.csrf).send(body)
  const caseRow = (id: string) => db().selectFrom('ehc_case').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  const itemOf = (meetingId: string, caseId: string) =>
    db()
      .selectFrom('panel_agenda_item')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow()
  const auditActions = async (childId: string) =>
    (await db().selectFrom('audit_log').select('action').where('child_id', '=', childId).execute()).map((r) => r.action)
  const counts = async (caseId: string) => ({
    letters: (await db().selectFrom('ehc_letter').select('id').where('case_id', '=', caseId).execute()).length,
    events: (await db().selectFrom('ehc_case_event').select('id').where('case_id', '=', caseId).execute()).length,
  })

  async function scheduleMeeting(by: SignedInAgent, members: { userId: string; agency: string; chair?: boolean }[]) {
    const { year, month, day } = splitIsoDate(today)
    const fields: [string, string][] = [
      ['meetsOn-day', String(day)],
      ['meetsOn-month', String(month)],
      ['meetsOn-year', String(year)],
      ['startsAt', '09:30'],
      ['location', 'Room 2, Council House'],
    ]
    for (const m of members) {
      fields.push(['members', m.userId], [`agency-${m.userId}`, m.agency])
      if (m.chair) fields.push(['chair', m.userId])
    }
    const res = await form(by, '/panels/new', fields)
    assert.equal(res.status, 303, res.text)
    return String(res.headers.location).split('?')[0]!.replace('/panels/', '')
  }

  const decisionFields = (decision: string, version: number, criteria: string[], extra: [string, string][] = []) => [
    ['decision', decision] as [string, string],
    ['reasons', 'The evidence from the school and the educational psychologist meets the criteria.'] as [
      string,
      string,
    ],
    ['expectedVersion', String(version)] as [string, string],
    ...criteria.map((id) => [`met-${id}`, 'yes'] as [string, string]),
    ...extra,
  ]

  before(async () => {
    t = await createTestApp()
    manager = await t.signInAs('team_manager')
    caseworker = await t.signInAs('caseworker')
    member = await t.signInAs('panel_member')
    parent = await t.signInAs('parent')
    senco = await t.signInAs('senco')
    adviceGiver = await t.signInAs('advice_giver')

    const child = async (forename: string) => (await makeChild(db(), t.authorityId, { legal_forename: forename })).id
    const add = async (name: string, overrides: Record<string, unknown>) => {
      const childId = await child(name)
      cases[name] = { id: (await makeCase(db(), t.authorityId, childId, overrides)).id, childId }
    }
    await add('a', { request_received: daysAgo(20) })
    await add('b', { request_received: daysAgo(30), status: 'considering' })
    await add('c', {
      request_received: daysAgo(110),
      status: 'assessing',
      decision: 'assess',
      decision_on: daysAgo(70),
    })
    await add('waitingForAdvice', {
      request_received: daysAgo(60),
      status: 'assessing',
      decision: 'assess',
      decision_on: daysAgo(30),
    })
    await add('refused', {
      request_received: daysAgo(90),
      status: 'not_assessed',
      decision: 'not_assess',
      decision_on: daysAgo(50),
    })
    for (const [name, received] of [
      ['c', null],
      ['waitingForAdvice', null],
    ] as const) {
      await db()
        .insertInto('advice_request')
        .values([
          {
            authority_id: t.authorityId,
            case_id: cases[name]!.id,
            service: 'educational_psychology',
            contributor_name: 'Dr Rhys Morgan',
            requested_on: daysAgo(60),
            due_on: daysAgo(18),
            received_on: name === 'c' ? daysAgo(20) : received,
            advice:
              name === 'c'
                ? JSON.stringify({
                    needs: { education: 'Needs help with reading.' },
                    provision: 'Daily small-group reading.',
                  })
                : null,
          },
        ])
        .execute()
    }
    // Case b's family: the demo parent (email) and a second parent who prefers texts, with an address for post.
    await linkParent(db(), t.authorityId, cases.b!.childId, parent.userId)
    await db()
      .insertInto('family_member')
      .values({
        authority_id: t.authorityId,
        child_id: cases.b!.childId,
        forename: 'Ali',
        surname: 'Parent',
        relationship: 'Father',
        parental_responsibility: true,
        phone: '07700 900982',
        address: '1 Test Street\nBirmingham',
        postcode: 'B1 1AA',
        contact_preference: 'sms',
      })
      .execute()
    await linkParent(db(), t.authorityId, cases.a!.childId, parent.userId)
  })
  after(() => t.close())

  it('publishes the default criteria, and only a team manager may change them', async () => {
    await form(caseworker, '/panels/criteria/defaults', []).expect(403)
    await form(manager, '/panels/criteria/defaults', []).expect(303)
    const page = await member.agent.get('/panels/criteria').expect(200)
    assert.match(page.text, /Children and Families Act 2014, section 36\(8\)\(a\)/)
    assert.match(page.text, /section 37\(1\)/)
    assert.doesNotMatch(page.text, /Retire/)
    const criteria = await db()
      .selectFrom('panel_criterion')
      .select(['id', 'question'])
      .where('authority_id', '=', t.authorityId)
      .orderBy('position')
      .execute()
    assessCriteria = criteria.filter((c) => c.question === 'assess').map((c) => c.id)
    assert.ok(assessCriteria.length >= 2)
    assert.ok(criteria.some((c) => c.question === 'issue'))
  })

  it('adds, changes and retires criteria, and refuses a criterion without text', async () => {
    const bad = await form(manager, '/panels/criteria/new', [
      ['question', 'assess'],
      ['text', ''],
    ]).expect(400)
    assert.match(bad.text, /There is a problem/)
    assert.match(bad.text, /Enter the criterion/)
    await form(manager, '/panels/criteria/new', [
      ['question', 'issue'],
      ['text', 'The family’s views have been sought.'],
    ]).expect(303)
    const added = await db()
      .selectFrom('panel_criterion')
      .selectAll()
      .where('text', '=', 'The family’s views have been sought.')
      .executeTakeFirstOrThrow()
    await form(manager, `/panels/criteria/${added.id}/edit`, [
      ['question', 'issue'],
      ['text', 'The family’s views, wishes and feelings have been sought.'],
    ]).expect(303)
    assert.equal(
      (await db().selectFrom('panel_criterion').select('text').where('id', '=', added.id).executeTakeFirstOrThrow())
        .text,
      'The family’s views, wishes and feelings have been sought.',
    )
    await form(caseworker, `/panels/criteria/${added.id}/retire`, []).expect(403)
    await form(manager, `/panels/criteria/${added.id}/retire`, []).expect(303)
    const retired = await db()
      .selectFrom('panel_criterion')
      .selectAll()
      .where('id', '=', added.id)
      .executeTakeFirstOrThrow()
    assert.ok(retired.retired_at, 'retired, not deleted')
    await form(manager, `/panels/criteria/${added.id}/retire`, []).expect(409)
  })

  it('schedules a meeting with its members, refusing one without a chair or in the past', async () => {
    const noChair = await form(caseworker, '/panels/new', [
      ['meetsOn-day', '1'],
      ['meetsOn-month', '1'],
      ['meetsOn-year', '2020'],
      ['startsAt', '25:00'],
      ['location', ''],
      ['members', member.userId],
      [`agency-${member.userId}`, 'health'],
    ]).expect(400)
    assert.match(noChair.text, /Choose one member to chair the panel/)
    assert.match(noChair.text, /like 09:30/)
    const past = await form(caseworker, '/panels/new', [
      ['meetsOn-day', '1'],
      ['meetsOn-month', '1'],
      ['meetsOn-year', '2020'],
      ['startsAt', '10:00'],
      ['location', 'Online'],
      ['members', member.userId],
      [`agency-${member.userId}`, 'health'],
      ['chair', member.userId],
    ]).expect(400)
    assert.match(past.text, /cannot be in the past/)
    await form(parent, '/panels/new', []).expect(403)
    const before = (await db().selectFrom('panel_meeting').select('id').execute()).length
    assert.equal(before, 0, 'nothing was scheduled by the refused attempts')

    meeting = await scheduleMeeting(caseworker, [
      { userId: member.userId, agency: 'health', chair: true },
      { userId: manager.userId, agency: 'education' },
    ])
    otherMeeting = await scheduleMeeting(caseworker, [{ userId: manager.userId, agency: 'education', chair: true }])
    const members = await db().selectFrom('panel_member').selectAll().where('meeting_id', '=', meeting).execute()
    assert.equal(members.length, 2)
    assert.equal(members.find((m) => m.chair)?.user_id, member.userId)
    const page = await caseworker.agent.get(`/panels/${meeting}`).expect(200)
    assert.match(page.text, /Room 2, Council House/)
    assert.match(page.text, /Health/)
  })

  it('builds the agenda from the cases awaiting a decision, due soonest first, with no doubles', async () => {
    const res = await form(caseworker, `/panels/${meeting}/agenda`, []).expect(303)
    assert.equal(res.headers.location, `/panels/${meeting}?added=3`)
    const agenda = await db()
      .selectFrom('panel_agenda_item')
      .select(['case_id', 'question', 'position'])
      .where('meeting_id', '=', meeting)
      .orderBy('position')
      .execute()
    // c's decision whether to issue is due at 16 weeks (day 112 of 110), b's whether to assess at 6 weeks (42 of 30)
    assert.deepEqual(
      agenda.map((a) => [a.case_id, a.question]),
      [
        [cases.c!.id, 'issue'],
        [cases.b!.id, 'assess'],
        [cases.a!.id, 'assess'],
      ],
    )
    const listed = await db()
      .selectFrom('ehc_case_event')
      .select(['case_id', 'details'])
      .where('kind', '=', 'panel_listed')
      .execute()
    assert.equal(listed.length, 3)
    assert.equal((listed[0]!.details as { meetingId: string }).meetingId, meeting)

    // Again: nothing new. Another meeting to come: nothing either, they are all waiting on this one.
    const again = await form(caseworker, `/panels/${meeting}/agenda`, []).expect(303)
    assert.equal(again.headers.location, `/panels/${meeting}?added=0`)
    const other = await form(caseworker, `/panels/${otherMeeting}/agenda`, []).expect(303)
    assert.equal(other.headers.location, `/panels/${otherMeeting}?added=0`)
    const single = await form(caseworker, `/panels/${otherMeeting}/items`, [['caseId', cases.a!.id]]).expect(409)
    assert.match(single.text, /not awaiting a panel decision, or is already on the agenda/)
    const refused = await form(caseworker, `/panels/${otherMeeting}/items`, [['caseId', cases.refused!.id]]).expect(409)
    assert.match(refused.text, /There is a problem/)
  })

  it('adds and removes a single case, recording both on its timeline', async () => {
    const childId = (await makeChild(db(), t.authorityId, { legal_forename: 'Other' })).id
    cases.d = { id: (await makeCase(db(), t.authorityId, childId, { request_received: daysAgo(5) })).id, childId }
    await form(caseworker, `/panels/${otherMeeting}/items`, [['caseId', cases.d.id]]).expect(303)
    const item = await itemOf(otherMeeting, cases.d.id)
    assert.equal(item.question, 'assess')
    await form(caseworker, `/panels/${otherMeeting}/items/${item.id}/remove`, []).expect(303)
    const kinds = (
      await db().selectFrom('ehc_case_event').select('kind').where('case_id', '=', cases.d.id).execute()
    ).map((e) => e.kind)
    assert.deepEqual(kinds.sort(), ['note', 'panel_listed'])
    await form(caseworker, `/panels/${otherMeeting}/items`, [['caseId', cases.d.id]]).expect(303)
  })

  it('shows a panel member only the meetings they sit on; parents, SENCOs and advice givers see no panels', async () => {
    const list = await member.agent.get('/api/v1/ehc/panels').expect(200)
    assert.deepEqual(
      list.body.upcoming.map((m: { id: string }) => m.id),
      [meeting],
    )
    const all = await caseworker.agent.get('/api/v1/ehc/panels').expect(200)
    assert.equal(all.body.upcoming.length, 2)
    await member.agent.get(`/panels/${otherMeeting}`).expect(403)
    await member.agent.get(`/api/v1/ehc/panels/${otherMeeting}`).expect(403)
    const d = await itemOf(otherMeeting, cases.d!.id)
    await member.agent.get(`/panels/${otherMeeting}/items/${d.id}`).expect(403)
    const refused = await api(member, `/api/v1/ehc/panels/${otherMeeting}/items/${d.id}/decision`, {
      decision: 'assess',
      reasons: 'x',
      criteria: assessCriteria.map((id) => ({ criterionId: id, met: true })),
      expectedVersion: 1,
    }).expect(403)
    assert.match(refused.body.detail, /panels you are a member of/)
    assert.equal((await caseRow(cases.d!.id)).status, 'received')
    // Nor can the panel member reach the child of a case on a panel they do not sit on.
    await member.agent.get(`/children/${cases.d!.childId}`).expect(403)

    for (const outsider of [parent, senco, adviceGiver]) {
      await outsider.agent.get('/panels').expect(403)
      await outsider.agent.get(`/panels/${meeting}`).expect(403)
      await outsider.agent.get('/api/v1/ehc/panels').expect(403)
      await outsider.agent.get(`/api/v1/ehc/panels/${meeting}`).expect(403)
    }
    const page = await member.agent.get('/panels').expect(200)
    assert.match(page.text, new RegExp(`/panels/${meeting}`))
    assert.doesNotMatch(page.text, new RegExp(`/panels/${otherMeeting}`))
  })

  it('lets the panel member read the papers of a case on their panel', async () => {
    const c = await itemOf(meeting, cases.c!.id)
    const papers = await member.agent.get(`/panels/${meeting}/items/${c.id}`).expect(200)
    assert.match(papers.text, /Not making progress despite SEN Support/)
    assert.match(papers.text, /Daily small-group reading/)
    assert.match(papers.text, /Dr Rhys Morgan/)
    assert.match(papers.text, /Record the decision/)
    await member.agent.get(`/children/${cases.c!.childId}`).expect(200)
    const caseworkerView = await caseworker.agent.get(`/panels/${meeting}/items/${c.id}`).expect(200)
    assert.doesNotMatch(caseworkerView.text, /Record the decision/)
    assert.ok((await auditActions(cases.c!.childId)).includes('panel_papers.read'))
  })

  it('records a decision to assess against the criteria: the case moves on and the family is sent the letter', async () => {
    const item = await itemOf(meeting, cases.a!.id)
    const version = (await caseRow(cases.a!.id)).version
    const missing = await form(
      member,
      `/panels/${meeting}/items/${item.id}`,
      decisionFields('assess', version, assessCriteria.slice(1)),
    ).expect(400)
    assert.match(missing.text, /Say whether this criterion is met/)
    assert.equal((await caseRow(cases.a!.id)).status, 'received')

    await form(member, `/panels/${meeting}/items/${item.id}`, decisionFields('assess', version, assessCriteria)).expect(
      303,
    )
    const after = await caseRow(cases.a!.id)
    assert.equal(after.status, 'assessing')
    assert.equal(after.decision, 'assess')
    assert.equal(after.decision_on, today)
    assert.equal(after.version, version + 1)
    const decided = await itemOf(meeting, cases.a!.id)
    assert.equal(decided.decision, 'assess')
    assert.equal(decided.decided_by_user_id, member.userId)
    const weighed = await db()
      .selectFrom('panel_decision_criterion')
      .selectAll()
      .where('agenda_item_id', '=', item.id)
      .execute()
    assert.equal(weighed.length, assessCriteria.length)
    assert.ok(weighed.every((w) => w.met))
    const letter = await db()
      .selectFrom('ehc_letter')
      .selectAll()
      .where('case_id', '=', cases.a!.id)
      .executeTakeFirstOrThrow()
    assert.equal(letter.kind, 'decision_to_assess')
    assert.equal(letter.appeal_by, null)
    const sent = await db()
      .selectFrom('notification')
      .selectAll()
      .where('reference', '=', `ehc_letter:${letter.id}`)
      .execute()
    assert.deepEqual(
      sent.map((n) => [n.channel, n.to_address, n.status]),
      [['email', 'sam.parent@example.com', 'queued']],
    )
    const kinds = (
      await db().selectFrom('ehc_case_event').select('kind').where('case_id', '=', cases.a!.id).execute()
    ).map((e) => e.kind)
    assert.ok(kinds.includes('decide_to_assess') && kinds.includes('letter_sent'))
    const actions = await auditActions(cases.a!.childId)
    for (const action of [
      'ehc_case.panel_listed',
      'panel_decision.recorded',
      'ehc_case.decide_to_assess',
      'ehc_letter.sent',
    ]) {
      assert.ok(actions.includes(action), action)
    }
  })

  it('refuses a second decision on the same case, and changes nothing', async () => {
    const item = await itemOf(meeting, cases.a!.id)
    const before = await counts(cases.a!.id)
    const version = (await caseRow(cases.a!.id)).version
    const res = await api(manager, `/api/v1/ehc/panels/${meeting}/items/${item.id}/decision`, {
      decision: 'not_assess',
      reasons: 'Second thoughts',
      criteria: assessCriteria.map((id) => ({ criterionId: id, met: false })),
      senSupportNextStep: 'Review at SEN Support',
      expectedVersion: version,
    }).expect(409)
    assert.match(res.body.detail, /already been recorded/)
    assert.deepEqual(await counts(cases.a!.id), before)
    assert.equal((await caseRow(cases.a!.id)).status, 'assessing')
  })

  it('routes a refusal to SEN Support with the next step, and sends the letter with its appeal deadline to every parent', async () => {
    const item = await itemOf(meeting, cases.b!.id)
    const version = (await caseRow(cases.b!.id)).version
    const body = {
      decision: 'not_assess',
      reasons: 'The school’s evidence shows good progress with the support in place.',
      criteria: assessCriteria.map((id, i) => ({
        criterionId: id,
        met: i === 0,
        note: i === 0 ? undefined : 'Not shown',
      })),
      expectedVersion: version,
      familyView: 'Disappointed; will talk to SENDIASS.',
    }
    const noStep = await api(manager, `/api/v1/ehc/panels/${meeting}/items/${item.id}/decision`, body).expect(400)
    assert.equal(noStep.body.errors[0].field, 'senSupportNextStep')
    const wrongQuestion = await api(manager, `/api/v1/ehc/panels/${meeting}/items/${item.id}/decision`, {
      ...body,
      decision: 'issue',
    }).expect(400)
    assert.equal(wrongQuestion.body.errors[0].field, 'decision')
    assert.equal((await itemOf(meeting, cases.b!.id)).decision, null)

    const res = await api(manager, `/api/v1/ehc/panels/${meeting}/items/${item.id}/decision`, {
      ...body,
      senSupportNextStep: 'The SENCO will meet the family to review the SEN Support plan within 4 weeks.',
    }).expect(200)
    assert.equal(res.body.caseStatus, 'not_assessed')
    const after = await caseRow(cases.b!.id)
    assert.equal(after.status, 'not_assessed')
    assert.equal(
      after.sen_support_next_step,
      'The SENCO will meet the family to review the SEN Support plan within 4 weeks.',
    )
    assert.equal(after.family_view_of_outcome, 'Disappointed; will talk to SENDIASS.')
    assert.equal(after.closed_reason, body.reasons)

    const letter = await db()
      .selectFrom('ehc_letter')
      .selectAll()
      .where('id', '=', res.body.letterId)
      .executeTakeFirstOrThrow()
    const expected = computeAppealDeadlines({ decisionLetter: today })
    assert.equal(letter.kind, 'decision_not_to_assess')
    assert.equal(letter.dated, today)
    assert.equal(letter.appeal_by, expected.appealBy)
    assert.equal(letter.mediation_contact_by, expected.mediationContactBy)
    assert.equal(letter.recipient_name, 'Sam Parent and Ali Parent')
    assert.match(letter.body, /The school’s evidence shows good progress/)
    assert.match(letter.body, /The SENCO will meet the family/)

    const sent = await db()
      .selectFrom('notification')
      .selectAll()
      .where('reference', '=', `ehc_letter:${letter.id}`)
      .orderBy('recipient_name')
      .orderBy('channel')
      .execute()
    assert.deepEqual(
      sent.map((n) => [n.recipient_name, n.channel, n.status]),
      [
        ['Ali Parent', 'letter', 'queued'],
        ['Ali Parent', 'sms', 'queued'],
        ['Sam Parent', 'email', 'queued'],
      ],
    )
    assert.ok(sent.every((n) => n.child_id === cases.b!.childId))
    const sms = sent.find((n) => n.channel === 'sms')!
    assert.match(sms.body, /appeal by/)
    assert.match(sms.body, /full letter by post/)
    assert.equal(sent.find((n) => n.channel === 'letter')!.to_address, '1 Test Street\nBirmingham\nB1 1AA')
    assert.match(sent.find((n) => n.channel === 'email')!.body, /^[^\n]+\n\nDear Sam Parent\n/)
    const event = await db()
      .selectFrom('ehc_case_event')
      .selectAll()
      .where('case_id', '=', cases.b!.id)
      .where('kind', '=', 'letter_sent')
      .executeTakeFirstOrThrow()
    assert.deepEqual((event.details as { sentTo: unknown }).sentTo, [
      { name: 'Sam Parent', channels: ['email'] },
      { name: 'Ali Parent', channels: ['sms', 'letter'] },
    ])
  })

  it('shows the letter to staff with its delivery, to the family without, and to nobody else', async () => {
    const letter = await db()
      .selectFrom('ehc_letter')
      .select('id')
      .where('case_id', '=', cases.b!.id)
      .executeTakeFirstOrThrow()
    const staff = await manager.agent.get(`/letters/${letter.id}`).expect(200)
    assert.match(staff.text, /Appeal by/)
    assert.match(staff.text, /How it was sent/)
    assert.match(staff.text, /Text message/)
    const family = await parent.agent.get(`/letters/${letter.id}`).expect(200)
    assert.match(family.text, /You must appeal by/)
    assert.doesNotMatch(family.text, /How it was sent/)
    await senco.agent.get(`/letters/${letter.id}`).expect(403)
    await adviceGiver.agent.get(`/letters/${letter.id}`).expect(403)
    await parent.agent.get('/letters/00000000-0000-4000-8000-000000000000').expect(404)
    const actions = await auditActions(cases.b!.childId)
    assert.equal(actions.filter((a) => a === 'ehc_letter.read').length, 2)
  })

  it('refuses a decision on a case that is no longer awaiting one, and changes nothing', async () => {
    const childId = (await makeChild(db(), t.authorityId, { legal_forename: 'Withdrawn' })).id
    cases.w = { id: (await makeCase(db(), t.authorityId, childId, { request_received: daysAgo(15) })).id, childId }
    await form(caseworker, `/panels/${meeting}/items`, [['caseId', cases.w.id]]).expect(303)
    await db()
      .updateTable('ehc_case')
      .set({ status: 'withdrawn', closed_on: today, version: 2 })
      .where('id', '=', cases.w.id)
      .execute()
    const item = await itemOf(meeting, cases.w.id)
    const before = await counts(cases.w.id)
    const res = await api(member, `/api/v1/ehc/panels/${meeting}/items/${item.id}/decision`, {
      decision: 'assess',
      reasons: 'Meets the criteria',
      criteria: assessCriteria.map((id) => ({ criterionId: id, met: true })),
      expectedVersion: 2,
    }).expect(409)
    assert.match(res.body.detail, /no longer awaiting a decision whether to assess: it is withdrawn/)
    assert.deepEqual(await counts(cases.w.id), before)
    assert.equal((await itemOf(meeting, cases.w.id)).decision, null)
    const weighed = await db()
      .selectFrom('panel_decision_criterion')
      .selectAll()
      .where('agenda_item_id', '=', item.id)
      .execute()
    assert.equal(weighed.length, 0)
  })

  it('refuses a decision made on a stale version of the case', async () => {
    const item = await itemOf(meeting, cases.c!.id)
    const version = (await caseRow(cases.c!.id)).version
    const res = await api(manager, `/api/v1/ehc/panels/${meeting}/items/${item.id}/decision`, {
      decision: 'issue',
      reasons: 'The advice shows a plan is necessary.',
      criteria: [],
      expectedVersion: version - 1 || version + 1,
    })
    assert.equal(res.status, 400, 'every criterion must be weighed')
    const issueCriteria = (
      await db()
        .selectFrom('panel_criterion')
        .select('id')
        .where('question', '=', 'issue')
        .where('retired_at', 'is', null)
        .execute()
    ).map((c) => c.id)
    const stale = await api(manager, `/api/v1/ehc/panels/${meeting}/items/${item.id}/decision`, {
      decision: 'issue',
      reasons: 'The advice shows a plan is necessary.',
      criteria: issueCriteria.map((id) => ({ criterionId: id, met: true })),
      expectedVersion: version + 1,
    }).expect(409)
    assert.match(stale.body.detail, /Someone else changed this case/)
    assert.equal((await itemOf(meeting, cases.c!.id)).decision, null)
    assert.equal((await caseRow(cases.c!.id)).status, 'assessing')
  })

  it('defers a decision, leaving the case as it is and free to be listed again', async () => {
    const item = await itemOf(meeting, cases.c!.id)
    const before = await caseRow(cases.c!.id)
    await form(manager, `/panels/${meeting}/items/${item.id}`, [
      ['decision', 'deferred'],
      ['reasons', 'The panel wants the health advice before deciding.'],
      ['expectedVersion', String(before.version)],
    ]).expect(303)
    const after = await caseRow(cases.c!.id)
    assert.equal(after.status, 'assessing')
    assert.equal(after.version, before.version)
    assert.equal((await itemOf(meeting, cases.c!.id)).decision, 'deferred')
    const res = await form(caseworker, `/panels/${otherMeeting}/agenda`, []).expect(303)
    assert.equal(res.headers.location, `/panels/${otherMeeting}?added=1`)
    assert.equal((await itemOf(otherMeeting, cases.c!.id)).question, 'issue')
  })

  it('lets only one of two people deciding the same case at once succeed', async () => {
    const item = await itemOf(otherMeeting, cases.c!.id)
    const version = (await caseRow(cases.c!.id)).version
    const issueCriteria = (
      await db()
        .selectFrom('panel_criterion')
        .select('id')
        .where('question', '=', 'issue')
        .where('retired_at', 'is', null)
        .execute()
    ).map((c) => c.id)
    const decide = (decision: string) =>
      api(manager, `/api/v1/ehc/panels/${otherMeeting}/items/${item.id}/decision`, {
        decision,
        reasons: 'The advice shows what is needed.',
        criteria: issueCriteria.map((id) => ({ criterionId: id, met: decision === 'issue' })),
        senSupportNextStep: decision === 'not_issue' ? 'SEN Support plan review' : undefined,
        expectedVersion: version,
      })
    const results = await Promise.all([decide('issue'), decide('not_issue')])
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 409])
    const after = await caseRow(cases.c!.id)
    assert.equal(after.version, version + 1)
    const won = results.find((r) => r.status === 200)!
    assert.equal(after.status, won.body.caseStatus)
    const letters = await db().selectFrom('ehc_letter').select('kind').where('case_id', '=', cases.c!.id).execute()
    assert.equal(letters.length, 1)
  })

  it('audits reading the agenda, naming every child on it', async () => {
    await member.agent.get(`/api/v1/ehc/panels/${meeting}`).expect(200)
    const reads = await db()
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'panel_meeting.read')
      .where('record_id', '=', meeting)
      .orderBy('id')
      .execute()
    assert.ok(reads.length >= 1)
    const named = (reads.at(-1)!.details as { childIds: string[] }).childIds
    for (const name of ['a', 'b', 'c']) assert.ok(named.includes(cases[name]!.childId), name)
  })
})
