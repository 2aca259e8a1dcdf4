import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import request from 'supertest'
import { computeAppealDeadlines, computeEhcDeadlines } from '../../src/ehc/clock.js'
import { familyDate } from '../../src/ehc/familyProgress.js'
import { addDays, todayInLondon } from '../../src/platform/calendar/isoDate.js'
import type { Role } from '../../src/platform/policy/roles.js'
import { createTestApp, type SignedInAgent, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import { giveSencoSetting, linkParent, makeCase, makeChild, makeSetting, putOnRoll } from '../support/factories.js'

describe(`the family's view of their requests (${testEngine})`, () => {
  let t: TestApp
  const as: Partial<Record<Role, SignedInAgent>> = {}
  let otherParent: SignedInAgent
  let otherSenco: SignedInAgent
  const today = todayInLondon()
  // Relative to today, so the words do not change with the day the suite runs: 10 days in, nothing is late yet.
  const received = addDays(today, -10)
  const lateReceived = addDays(today, -50)
  const refusedOn = addDays(today, -5)
  const ids = {} as Record<
    'school' | 'otherSchool' | 'amir' | 'bella' | 'cara' | 'other' | 'jordan' | 'open' | 'refused' | 'planned',
    string
  > & { refusedNoLetter: string; otherCase: string; jordanCase: string; letter: string; lateCase: string }

  async function extraUser(role: Role, email: string, name: string) {
    return t.database.db
      .insertInto('app_user')
      .values({ authority_id: t.authorityId, email, display_name: name, role, password_hash: null, is_demo: true })
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  before(async () => {
    t = await createTestApp()
    for (const role of [
      'parent',
      'young_person',
      'caseworker',
      'team_manager',
      'senco',
      'panel_member',
      'advice_giver',
      'finance_officer',
      'administrator',
    ] as const) {
      as[role] = await t.signInAs(role)
    }
    const db = t.database.db
    otherParent = await t.signInAsUser((await extraUser('parent', 'other.parent@example.invalid', 'Other Parent')).id)
    otherSenco = await t.signInAsUser((await extraUser('senco', 'other.senco@example.invalid', 'Other Senco')).id)

    ids.school = (await makeSetting(db, t.authorityId, { name: 'Oak Tree Primary' })).id
    ids.otherSchool = (await makeSetting(db, t.authorityId, { name: 'Elm Grove Primary' })).id
    await giveSencoSetting(db, t.authorityId, as.senco!.userId, ids.school)
    await giveSencoSetting(db, t.authorityId, otherSenco.userId, ids.otherSchool)

    // The demo parent's three children: an open request, a refused one, a final plan.
    ids.amir = (await makeChild(db, t.authorityId, { legal_forename: 'Amir', legal_surname: 'Family' })).id
    ids.bella = (await makeChild(db, t.authorityId, { legal_forename: 'Bella', legal_surname: 'Family' })).id
    ids.cara = (await makeChild(db, t.authorityId, { legal_forename: 'Cara', legal_surname: 'Family' })).id
    for (const child of [ids.amir, ids.bella, ids.cara]) await linkParent(db, t.authorityId, child, as.parent!.userId)
    await putOnRoll(db, t.authorityId, ids.amir, ids.school)
    ids.other = (await makeChild(db, t.authorityId, { legal_forename: 'Olu', legal_surname: 'Other' })).id
    await linkParent(db, t.authorityId, ids.other, otherParent.userId)
    await putOnRoll(db, t.authorityId, ids.other, ids.otherSchool)
    ids.jordan = (
      await makeChild(db, t.authorityId, {
        legal_forename: 'Jordan',
        legal_surname: 'Lee',
        date_of_birth: '2008-01-01',
        young_person_user_id: as.young_person!.userId,
      })
    ).id

    ids.open = (
      await makeCase(db, t.authorityId, ids.amir, {
        reference: 'EHC-FAM-00001',
        status: 'considering',
        request_received: received,
        caseworker_user_id: as.caseworker!.userId,
        requester_kind: 'setting',
        requester_user_id: as.senco!.userId,
        requester_name: 'Helen Carter',
      })
    ).id
    ids.refused = (
      await makeCase(db, t.authorityId, ids.bella, {
        reference: 'EHC-FAM-00002',
        status: 'not_assessed',
        request_received: addDays(refusedOn, -40),
        decision: 'not_assess',
        decision_on: refusedOn,
        closed_on: refusedOn,
        sen_support_next_step: 'A SEN Support plan review with the SENCO next term',
      })
    ).id
    ids.letter = (
      await db
        .insertInto('ehc_letter')
        .values({
          authority_id: t.authorityId,
          case_id: ids.refused,
          kind: 'decision_not_to_assess',
          dated: refusedOn,
          recipient_name: 'Sam Parent',
          subject: 'Decision not to carry out an EHC needs assessment',
          body: 'Dear Sam Parent …',
          // as the letters module writes them: from the clock, on the letter's date
          ...(() => {
            const d = computeAppealDeadlines({ decisionLetter: refusedOn })
            return { appeal_by: d.appealBy, mediation_contact_by: d.mediationContactBy }
          })(),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
    ids.planned = (
      await makeCase(db, t.authorityId, ids.cara, {
        reference: 'EHC-FAM-00003',
        status: 'final_issued',
        request_received: '2025-09-01',
        decision: 'assess',
        decision_on: '2025-10-06',
        issue_decision: 'issue',
        issue_decision_on: '2025-12-01',
        draft_issued_on: '2025-12-15',
        draft_response_on: '2025-12-22',
        final_issued_on: '2026-01-12',
        closed_on: '2026-01-12',
        named_setting_id: ids.school,
      })
    ).id
    await db
      .insertInto('ehc_plan')
      .values({
        authority_id: t.authorityId,
        child_id: ids.cara,
        case_id: ids.planned,
        issued_on: '2026-01-12',
        named_setting_id: ids.school,
      })
      .execute()
    ids.otherCase = (
      await makeCase(db, t.authorityId, ids.other, { reference: 'EHC-FAM-00004', request_received: received })
    ).id
    ids.jordanCase = (
      await makeCase(db, t.authorityId, ids.jordan, {
        reference: 'EHC-FAM-00005',
        requester_kind: 'young_person',
        request_received: lateReceived,
      })
    ).id
  })
  after(() => t.close())

  /** The page's main content, without the header that names the signed-in user. */
  const mainOf = (html: string) => html.slice(html.indexOf('<main'))
  const audited = (action: string, recordId?: string) => {
    let q = t.database.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'details', 'child_id'])
    q = q.where('action', '=', action)
    if (recordId) q = q.where('record_id', '=', recordId)
    return q.execute()
  }
  const caseRow = (id: string) =>
    t.database.db.selectFrom('ehc_case').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  const viewsEvents = (id: string) =>
    t.database.db
      .selectFrom('ehc_case_event')
      .selectAll()
      .where('case_id', '=', id)
      .where('kind', '=', 'views_given')
      .execute()

  describe('the list of requests', () => {
    it('shows a parent each of their children with their requests, newest first, in plain English, audited', async () => {
      const res = await as.parent!.agent.get('/your-requests').expect(200)
      for (const name of ['Amir Family', 'Bella Family', 'Cara Family']) assert.match(res.text, new RegExp(name))
      assert.doesNotMatch(res.text, /Olu Other|EHC-FAM-00004|Jordan/)
      assert.match(res.text, /We are deciding whether to assess/)
      assert.match(res.text, /We decided not to assess/)
      assert.match(res.text, /The final plan has been issued/)
      assert.match(res.text, new RegExp(`href="/your-requests/${ids.open}"`))
      // the decision date the clock gives, as the family reads it
      const due = computeEhcDeadlines({ requestReceived: received })
      assert.match(res.text, new RegExp(familyDate(due.decisionToAssess).text))
      // a child with no open request can have one asked for; one with an open request cannot have a second
      assert.match(res.text, new RegExp(`/requests/new\\?childId=${ids.bella}`))
      assert.doesNotMatch(res.text, new RegExp(`/requests/new\\?childId=${ids.amir}`))
      const [entry] = (await audited('ehc_case.listed')).filter((a) => a.actor_user_id === as.parent!.userId)
      assert.ok(entry, 'the list is audited')
      assert.deepEqual(
        new Set((entry.details as { caseIds: string[] }).caseIds),
        new Set([ids.open, ids.refused, ids.planned]),
      )
    })

    it('shows another parent none of them', async () => {
      const res = await otherParent.agent.get('/your-requests').expect(200)
      assert.doesNotMatch(res.text, /Amir|Bella|Cara|EHC-FAM-0000[1-3]/)
      assert.match(res.text, /Olu Other/)
    })

    it('shows a young person their own request', async () => {
      const res = await as.young_person!.agent.get('/your-requests').expect(200)
      assert.match(res.text, new RegExp(`href="/your-requests/${ids.jordanCase}"`))
      assert.doesNotMatch(res.text, /Amir|Olu/)
    })

    it('is refused to staff, SENCOs and everyone else, and is in families’ navigation only', async () => {
      for (const role of [
        'caseworker',
        'team_manager',
        'senco',
        'panel_member',
        'advice_giver',
        'finance_officer',
        'administrator',
      ] as const) {
        await as[role]!.agent.get('/your-requests').expect(403)
        await as[role]!.agent.get(`/your-requests/${ids.open}`).expect(403)
        const home = await as[role]!.agent.get('/').expect(200)
        assert.doesNotMatch(home.text, /href="\/your-requests"/, `${role} has no "Your requests" link`)
      }
      const home = await as.parent!.agent.get('/').expect(200)
      assert.match(home.text, /href="\/your-requests"/)
      await request(t.app).get('/your-requests').expect(303)
    })
  })

  describe('one request', () => {
    it('shows the parent where it is, what happens next and by when, with the same dates the clock gives', async () => {
      const res = await as.parent!.agent.get(`/your-requests/${ids.open}`).expect(200)
      const due = computeEhcDeadlines({ requestReceived: received })
      assert.match(res.text, /Amir’s request for an EHC needs assessment/)
      assert.match(res.text, /EHC-FAM-00001/)
      assert.match(res.text, /We are deciding whether to assess/)
      assert.match(res.text, /This is week 2 of 20/)
      assert.match(
        res.text,
        new RegExp(`<time datetime="${due.decisionToAssess}">${familyDate(due.decisionToAssess).text}</time>`),
      )
      assert.match(res.text, new RegExp(`<time datetime="${due.finalPlan}">${familyDate(due.finalPlan).text}</time>`))
      assert.match(res.text, new RegExp(`We must tell you by <time datetime="${due.decisionToAssess}"`))
      assert.match(res.text, /Priya Shah/, 'the caseworker is named')
      assert.match(res.text, /caseworker@demo\.ascend\.invalid/, 'with how to contact them')
      assert.match(res.text, new RegExp(`href="/your-requests/${ids.open}/views"`))
      assert.match(res.text, /Birmingham SENDIASS/)
      assert.match(res.text, /Local Offer/)
      assert.doesNotMatch(res.text, /Your rights if you disagree/, 'no decision to appeal yet')
      assert.doesNotMatch(res.text, /We are late/)
      const reads = await audited('ehc_case.read', ids.open)
      assert.ok(
        reads.some((r) => r.actor_user_id === as.parent!.userId && (r.details as { view: string }).view === 'family'),
      )
    })

    it('says honestly when a step is late, with the date it should have happened', async () => {
      const res = await as.young_person!.agent.get(`/your-requests/${ids.jordanCase}`).expect(200)
      const due = computeEhcDeadlines({ requestReceived: lateReceived })
      assert.match(res.text, /Your request for an EHC needs assessment/)
      assert.match(res.text, /We are late with something/)
      assert.match(res.text, new RegExp(`was due by <time datetime="${due.decisionToAssess}"`))
      assert.match(res.text, new RegExp(`We should have told you by <time datetime="${due.decisionToAssess}"`))
    })

    it('past week 20, counts the weeks without calling them "of 20"', async () => {
      const db = t.database.db
      await db
        .updateTable('ehc_case')
        .set({ request_received: addDays(today, -170) })
        .where('id', '=', ids.jordanCase)
        .execute()
      try {
        const res = await as.young_person!.agent.get(`/your-requests/${ids.jordanCase}`).expect(200)
        // Day 170 is in the 25th week.
        assert.match(res.text, /This is week 25\. The plan should have been finished by week 20\./)
        assert.doesNotMatch(res.text, /of 20/)
      } finally {
        await db
          .updateTable('ehc_case')
          .set({ request_received: lateReceived })
          .where('id', '=', ids.jordanCase)
          .execute()
      }
    })

    it('after a refusal, shows the mediation and appeal dates from the letter, and the letter', async () => {
      const res = await as.parent!.agent.get(`/your-requests/${ids.refused}`).expect(200)
      const letter = await t.database.db
        .selectFrom('ehc_letter')
        .selectAll()
        .where('id', '=', ids.letter)
        .executeTakeFirstOrThrow()
      assert.match(res.text, /Your rights if you disagree/)
      assert.match(
        res.text,
        new RegExp(`Appeal by <time datetime="${letter.appeal_by}">${familyDate(letter.appeal_by!).text}`),
      )
      assert.match(res.text, new RegExp(`mediation adviser by <time datetime="${letter.mediation_contact_by}">`))
      assert.match(res.text, new RegExp(`href="/letters/${ids.letter}"`))
      assert.match(res.text, /These dates are from/)
      assert.match(res.text, /A SEN Support plan review with the SENCO next term/)
      assert.doesNotMatch(res.text, /Tell us your views/, 'a closed request takes no more views')
    })

    it('with no letter yet, calculates the dates from the decision and says so', async () => {
      const noLetter = await makeCase(t.database.db, t.authorityId, ids.bella, {
        reference: 'EHC-FAM-00006',
        status: 'not_assessed',
        request_received: addDays(refusedOn, -100),
        decision: 'not_assess',
        decision_on: addDays(refusedOn, -60),
        closed_on: addDays(refusedOn, -60),
        sen_support_next_step: 'SEN Support',
      })
      const res = await as.parent!.agent.get(`/your-requests/${noLetter.id}`).expect(200)
      const expected = computeAppealDeadlines({ decisionLetter: addDays(refusedOn, -60) })
      assert.match(res.text, new RegExp(`Appeal by <time datetime="${expected.appealBy}">`))
      assert.match(res.text, /We worked out these dates from the date of our decision/)
    })

    it('after a final plan, shows the setting named, the review date and the rights about the plan', async () => {
      const res = await as.parent!.agent.get(`/your-requests/${ids.planned}`).expect(200)
      assert.match(res.text, /It names Oak Tree Primary/)
      assert.match(res.text, /annual review/)
      assert.match(res.text, /section I/)
      assert.match(res.text, /We worked out these dates/)
    })

    it('is not found for another parent, a young person, or a request that does not exist, and leaks nothing', async () => {
      for (const [agent, id] of [
        [otherParent, ids.open],
        [as.young_person!, ids.open],
        [as.parent!, ids.otherCase],
        [as.parent!, ids.jordanCase],
        [as.parent!, '00000000-0000-4000-8000-000000000000'],
        [as.parent!, 'not-a-uuid'],
      ] as const) {
        const res = await agent.agent.get(`/your-requests/${id}`).expect(404)
        assert.doesNotMatch(mainOf(res.text), /Amir|Olu|Jordan|EHC-FAM/)
      }
    })
  })

  describe('adding views', () => {
    const post = (a: SignedInAgent, id: string, views: unknown) =>
      a.agent.post(`/your-requests/${id}/views`).type('form').send({ _csrf: a.csrf, views })

    it('shows the form, then appends the views, records views_given on the timeline and audits it', async () => {
      const form = await as.parent!.agent.get(`/your-requests/${ids.open}/views`).expect(200)
      assert.match(form.text, /Tell us your views/)
      const before = await caseRow(ids.open)
      await post(as.parent!, ids.open, 'Amir loves drawing but finds reading hard.').expect(303)
      const res = await post(as.parent!, ids.open, 'He is anxious at lunchtimes.').expect(303)
      assert.equal(res.headers.location, `/your-requests/${ids.open}?views=added`)
      const after = await caseRow(ids.open)
      assert.match(after.family_views ?? '', /Amir loves drawing[\s\S]*He is anxious at lunchtimes/)
      assert.match(after.family_views ?? '', /From Sam Ahmed \(parent or carer\)/)
      assert.equal(after.version, before.version + 2)
      const events = await viewsEvents(ids.open)
      assert.equal(events.length, 2)
      assert.equal(events[0]?.occurred_on, today)
      assert.equal(events[0]?.actor_user_id, as.parent!.userId)
      assert.ok(events.some((e) => (e.details as { views: string }).views === 'He is anxious at lunchtimes.'))
      const audit = await audited('ehc_case.views_given', ids.open)
      assert.equal(audit.length, 2)
      assert.equal(audit[0]?.child_id, ids.amir)
      assert.doesNotMatch(
        JSON.stringify(audit[0]?.details),
        /lunchtimes/,
        'the audit log records the act, not the words',
      )
      const page = await as.parent!.agent.get(`/your-requests/${ids.open}?views=added`).expect(200)
      assert.match(page.text, /We have added your views/)
      assert.match(page.text, /He is anxious at lunchtimes/)
    })

    it('lets a young person add their own views', async () => {
      await post(as.young_person!, ids.jordanCase, 'I want to go to college.').expect(303)
      assert.match((await caseRow(ids.jordanCase)).family_views ?? '', /\(young person\)[\s\S]*I want to go to college/)
    })

    it('refuses empty or overlong views with the error summary, and changes nothing', async () => {
      const before = await caseRow(ids.open)
      const empty = await post(as.parent!, ids.open, '   ').expect(400)
      assert.match(empty.text, /There is a problem/)
      assert.match(empty.text, /href="#views"/)
      assert.match(empty.text, /Tell us your views/)
      const long = await post(as.parent!, ids.open, 'x'.repeat(5001)).expect(400)
      assert.match(long.text, /5,000 characters or fewer/)
      assert.equal((await caseRow(ids.open)).version, before.version)
    })

    it('refuses views on a closed request, or on one that is not theirs, and changes nothing', async () => {
      const refused = await caseRow(ids.refused)
      const closed = await post(as.parent!, ids.refused, 'I disagree').expect(409)
      assert.match(closed.text, /This request has closed/)
      await as.parent!.agent.get(`/your-requests/${ids.refused}/views`).expect(409)
      assert.equal((await caseRow(ids.refused)).version, refused.version)
      assert.equal((await viewsEvents(ids.refused)).length, 0)

      const open = await caseRow(ids.open)
      await post(otherParent, ids.open, 'Not my child').expect(404)
      await as
        .caseworker!.agent.post(`/your-requests/${ids.open}/views`)
        .type('form')
        .send({ _csrf: as.caseworker!.csrf, views: 'Staff' })
        .expect(403)
      await as
        .parent!.agent.post(`/your-requests/${ids.open}/views`)
        .type('form')
        .send({ views: 'No token' })
        .expect(403)
      assert.equal((await caseRow(ids.open)).version, open.version)
      assert.equal((await viewsEvents(ids.open)).length, 2)
    })
  })

  describe('the EHC section of the child’s page', () => {
    it('shows a caseworker the status, reference, dates and the case page', async () => {
      const res = await as.caseworker!.agent.get(`/children/${ids.amir}`).expect(200)
      const due = computeEhcDeadlines({ requestReceived: received })
      assert.match(res.text, /EHC needs assessment/)
      assert.match(res.text, /Considering request/)
      assert.match(res.text, /EHC-FAM-00001/)
      assert.match(res.text, new RegExp(`Decision whether to assess: <time datetime="${due.decisionToAssess}"`))
      assert.match(res.text, new RegExp(`href="/cases/${ids.open}"`))
      assert.doesNotMatch(res.text, /Request an EHC needs assessment/, 'a request is open')
      const reads = await audited('ehc_case.read', ids.open)
      assert.ok(reads.some((r) => (r.details as { view: string }).view === 'child page'))
    })

    it('shows a parent the plain-English status and their own page, and the plan in force', async () => {
      const amir = await as.parent!.agent.get(`/children/${ids.amir}`).expect(200)
      assert.match(amir.text, /We are deciding whether to assess/)
      assert.match(amir.text, new RegExp(`href="/your-requests/${ids.open}"`))
      assert.doesNotMatch(amir.text, new RegExp(`href="/cases/${ids.open}"`))
      const cara = await as.parent!.agent.get(`/children/${ids.cara}`).expect(200)
      assert.match(cara.text, /EHC plan in force, issued <time datetime="2026-01-12">Monday 12 January 2026<\/time>/)
      assert.match(cara.text, /It names Oak Tree Primary/)
      assert.match(cara.text, new RegExp(`href="/requests/new\\?childId=${ids.cara}"`))
    })

    it('shows the SENCO of the setting the status and dates (and the case page only of a request they made)', async () => {
      const res = await as.senco!.agent.get(`/children/${ids.amir}`).expect(200)
      assert.match(res.text, /Considering request/)
      assert.match(res.text, /Next due/)
      assert.match(res.text, /EHC-FAM-00001/, 'they made this request')
      assert.match(res.text, new RegExp(`href="/cases/${ids.open}"`))
      await t.database.db
        .updateTable('ehc_case')
        .set({ requester_user_id: null, requester_kind: 'parent' })
        .where('id', '=', ids.open)
        .execute()
      try {
        const notTheirs = await as.senco!.agent.get(`/children/${ids.amir}`).expect(200)
        assert.match(notTheirs.text, /Considering request/)
        assert.doesNotMatch(notTheirs.text, /EHC-FAM-00001/)
        assert.doesNotMatch(notTheirs.text, new RegExp(`href="/cases/${ids.open}"`))
      } finally {
        await t.database.db
          .updateTable('ehc_case')
          .set({ requester_user_id: as.senco!.userId, requester_kind: 'setting' })
          .where('id', '=', ids.open)
          .execute()
      }
    })

    it('refuses the SENCO of another setting the child’s page altogether', async () => {
      const res = await otherSenco.agent.get(`/children/${ids.amir}`).expect(403)
      assert.doesNotMatch(res.text, /EHC-FAM|Considering request/)
    })

    it('offers a request where none is open, to those who may make one', async () => {
      const res = await as.caseworker!.agent.get(`/children/${ids.bella}`).expect(200)
      assert.match(res.text, /Last request/)
      assert.match(res.text, /Request an EHC needs assessment/)
      const panel = await as.team_manager!.agent.get(`/children/${ids.bella}`).expect(200)
      assert.match(panel.text, /Request an EHC needs assessment/)
    })
  })

  describe('the SENCO’s list', () => {
    it('lists requests for pupils on roll at their settings with the next date, and consultations awaiting reply', async () => {
      const consultation = await t.database.db
        .insertInto('ehc_consultation')
        .values({
          authority_id: t.authorityId,
          case_id: ids.otherCase,
          setting_id: ids.school,
          sent_on: addDays(today, -3),
          due_on: addDays(today, 12),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const res = await as.senco!.agent.get('/setting-requests').expect(200)
      const due = computeEhcDeadlines({ requestReceived: received })
      assert.match(res.text, /Amir Family/)
      assert.match(res.text, /You made this request/)
      assert.match(res.text, new RegExp(`<time datetime="${due.decisionToAssess}">`))
      assert.doesNotMatch(res.text, /EHC-FAM-00005|Jordan/)
      assert.match(res.text, new RegExp(`href="/consultations/${consultation.id}"`))
      const other = await otherSenco.agent.get('/setting-requests').expect(200)
      assert.match(other.text, /Olu Other/)
      assert.doesNotMatch(other.text, /Amir Family/)
      assert.doesNotMatch(other.text, new RegExp(consultation.id))
    })

    it('is the SENCO’s alone', async () => {
      for (const role of ['parent', 'young_person', 'caseworker', 'team_manager', 'finance_officer'] as const) {
        await as[role]!.agent.get('/setting-requests').expect(403)
      }
    })
  })
})
