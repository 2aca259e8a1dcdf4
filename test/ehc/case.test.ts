import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { addDays, longIsoDate, splitIsoDate, todayInLondon } from '../../src/platform/calendar/isoDate.js'
import { createTestApp, type SignedInAgent, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import {
  draftAnswered,
  giveSencoSetting,
  linkParent,
  makeCase,
  makeChild,
  makeConsultation,
  makeSetting,
  makeTeam,
  putInTeam,
  putOnRoll,
} from '../support/factories.js'

const today = todayInLondon()
const daysAgo = (n: number) => addDays(today, -n)

/** A GOV.UK date input's three fields for a date. */
function dateFields(prefix: string, date: string) {
  const { year, month, day } = splitIsoDate(date)
  return { [`${prefix}-day`]: String(day), [`${prefix}-month`]: String(month), [`${prefix}-year`]: String(year) }
}

describe(`the case page: clock, tasks, timeline and the steps a caseworker records (${testEngine})`, () => {
  let t: TestApp
  let dataDir: string
  const as: Record<string, SignedInAgent> = {}
  let north: string
  let south: string
  let school: string

  async function newCase(overrides: Record<string, unknown> = {}, childOverrides: Record<string, unknown> = {}) {
    const child = await makeChild(t.database.db, t.authorityId, childOverrides)
    const c = await makeCase(t.database.db, t.authorityId, child.id, {
      team_id: north,
      caseworker_user_id: as.caseworker!.userId,
      request_received: daysAgo(20),
      ...overrides,
    })
    await t.database.db
      .insertInto('ehc_case_event')
      .values({
        authority_id: t.authorityId,
        case_id: c.id,
        kind: 'request_received',
        to_status: 'received',
        occurred_on: c.request_received,
        actor_label: 'Sam Parent',
        details: JSON.stringify({ via: 'portal' }),
      })
      .execute()
    return { ...c, childId: child.id }
  }

  const caseRow = (id: string) =>
    t.database.db.selectFrom('ehc_case').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  const eventsOf = (id: string) =>
    t.database.db.selectFrom('ehc_case_event').selectAll().where('case_id', '=', id).orderBy('recorded_at').execute()

  const post = (who: SignedInAgent, path: string, form: Record<string, unknown>) =>
    who.agent
      .post(path)
      .type('form')
      .send({ _csrf: who.csrf, ...form })

  const transition = (who: SignedInAgent, caseId: string, name: string, version: number, extra = {}, on = today) =>
    post(who, `/cases/${caseId}/transitions`, { transition: name, version, ...dateFields(`${name}-on`, on), ...extra })

  /** A step that issues a plan, as the case page sends it: multipart, the token first, the plan's file last. */
  const issueWithPlan = (
    who: SignedInAgent,
    caseId: string,
    name: string,
    version: number,
    extra: Record<string, string> = {},
  ) => {
    let req = who.agent.post(`/cases/${caseId}/transitions`).field('_csrf', who.csrf)
    const fields = { transition: name, version: String(version), ...dateFields(`${name}-on`, today), ...extra }
    for (const [field, value] of Object.entries(fields)) req = req.field(field, value)
    return req.attach('file', Buffer.from('%PDF-1.4\n% plan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), {
      filename: 'plan.pdf',
      contentType: 'application/pdf',
    })
  }

  before(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ascend-case-'))
    t = await createTestApp({ DATA_DIR: dataDir })
    for (const role of [
      'caseworker',
      'team_manager',
      'parent',
      'senco',
      'advice_giver',
      'finance_officer',
      'panel_member',
    ]) {
      as[role] = await t.signInAs(role as never)
    }
    const db = t.database.db
    north = (await makeTeam(db, t.authorityId, { name: 'North' })).id
    south = (await makeTeam(db, t.authorityId, { name: 'South' })).id
    school = (await makeSetting(db, t.authorityId, { name: 'Oak Tree Primary' })).id
    await putInTeam(db, t.authorityId, as.caseworker!.userId, north)
    await giveSencoSetting(db, t.authorityId, as.senco!.userId, school)
    // A second caseworker in the same team, for two people acting on one case at once.
    const colleague = await db
      .insertInto('app_user')
      .values({
        authority_id: t.authorityId,
        email: 'colleague@test.invalid',
        display_name: 'Chris Colleague',
        role: 'caseworker',
        is_demo: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await putInTeam(db, t.authorityId, colleague.id, north)
    as.colleague = await t.signInAsUser(colleague.id)
  })
  after(async () => {
    await t.close()
    await fs.rm(dataDir, { recursive: true, force: true })
  })

  describe('reading a case', () => {
    let c: Awaited<ReturnType<typeof newCase>>

    before(async () => {
      c = await newCase(
        {
          status: 'assessing',
          request_received: daysAgo(50),
          decision: 'assess',
          decision_on: daysAgo(30),
          requester_name: 'Amira Khan',
          setting_id: school,
        },
        { legal_forename: 'Yusuf', legal_surname: 'Khan' },
      )
      await t.database.db
        .insertInto('advice_request')
        .values([
          {
            authority_id: t.authorityId,
            case_id: c.id,
            service: 'educational_psychology',
            contributor_name: 'Dr Rhys Morgan',
            requested_on: daysAgo(29),
            due_on: addDays(daysAgo(29), 42),
            received_on: daysAgo(3),
          },
          {
            authority_id: t.authorityId,
            case_id: c.id,
            service: 'health',
            contributor_name: 'Community paediatrics',
            requested_on: daysAgo(29),
            due_on: addDays(daysAgo(29), 42),
          },
        ])
        .execute()
    })

    it('shows the summary, the due dates with their status, tasks, advice and the timeline, and audits the read', async () => {
      const res = await as.caseworker!.agent.get(`/cases/${c.id}`).expect(200)
      assert.match(res.text, /<h1 class="govuk-heading-l">Yusuf Khan<\/h1>/)
      assert.ok(res.text.includes(`href="/children/${c.childId}"`), 'the child links to their record')
      assert.match(res.text, new RegExp(c.reference))
      assert.match(res.text, /Requested by[\s\S]*?Amira Khan/)
      assert.match(res.text, /Oak Tree Primary/)
      // The 20-week date, prominent, and the week now.
      const { year, month, day } = splitIsoDate(addDays(daysAgo(50), 140))
      const monthName = new Date(Date.UTC(year, month - 1, 1)).toLocaleString('en-GB', { month: 'long' })
      assert.match(res.text, new RegExp(`Final plan due by ${day} ${monthName} ${year}`))
      assert.match(res.text, /Week 8 of 20/) // day 50 is in the eighth week
      // Each step with its status: the decision done in time, advice received, advice outstanding.
      assert.match(res.text, /Decision whether to assess[\s\S]*?govuk-tag--green">Done</)
      assert.match(res.text, /Advice from Health \(Community paediatrics\)/)
      // Each request for advice links to its page, once: the table is the one list of them on the page.
      assert.equal(res.text.match(/href="\/advice\/[0-9a-f-]+">Health</g)?.length, 1)
      assert.match(res.text, /SEND Regs 2014 reg 13\(2\)/)
      // What happens next.
      assert.match(res.text, /Advice awaited from Health \(Community paediatrics\)/)
      // The timeline, newest first, with who.
      assert.match(res.text, /moj-timeline/)
      assert.match(res.text, /Request received[\s\S]*by Sam Parent/)
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select(['actor_user_id', 'child_id'])
        .where('action', '=', 'ehc_case.read')
        .where('record_id', '=', c.id)
        .execute()
      assert.deepEqual(audit, [{ actor_user_id: as.caseworker!.userId, child_id: c.childId }])
    })

    it('counts the weeks past 20 without calling them "of 20"', async () => {
      const late = await newCase({
        status: 'assessing',
        request_received: daysAgo(170),
        decision: 'assess',
        decision_on: daysAgo(140),
      })
      const res = await as.caseworker!.agent.get(`/cases/${late.id}`).expect(200)
      // Day 170 is in the 25th week.
      assert.match(res.text, /Week 25 since the request was received on [^<]*, past the 20 weeks\./)
      assert.doesNotMatch(res.text, /of 20/)
    })

    it('lets the team manager read it, with a link to reallocate', async () => {
      const res = await as.team_manager!.agent.get(`/cases/${c.id}`).expect(200)
      assert.ok(res.text.includes(`href="/cases/${c.id}/allocate"`))
    })

    it('sends a parent to the family view, which checks the case is theirs', async () => {
      const res = await as.parent!.agent.get(`/cases/${c.id}`).expect(303)
      assert.equal(res.headers.location, `/your-requests/${c.id}`)
    })

    it('refuses staff who may not read it, and answers 404 for a case that is not there', async () => {
      await as.senco!.agent.get(`/cases/${c.id}`).expect(403) // not on roll at the SENCO's school
      await as.advice_giver!.agent.get(`/cases/${c.id}`).expect(403)
      await as.finance_officer!.agent.get(`/cases/${c.id}`).expect(403)
      await as.panel_member!.agent.get(`/cases/${c.id}`).expect(403) // not on any of their panels
      await as.caseworker!.agent.get('/cases/00000000-0000-4000-8000-000000000000').expect(404)
    })

    it('lets a SENCO read the case of a pupil on roll at their school, without the caseworker’s actions', async () => {
      await putOnRoll(t.database.db, t.authorityId, c.childId, school)
      const res = await as.senco!.agent.get(`/cases/${c.id}`).expect(200)
      assert.doesNotMatch(res.text, /Record a step|Add a note|Record an exception|Back to cases/)
    })
  })

  describe('another team’s case', () => {
    it('is read only to a caseworker outside the team: every change is refused and nothing changes', async () => {
      const c = await newCase({ team_id: south, caseworker_user_id: null, status: 'received' })
      const page = await as.caseworker!.agent.get(`/cases/${c.id}`).expect(200)
      assert.match(page.text, /You can read this case but not change it/)
      assert.doesNotMatch(page.text, /Record a step|Record an exception|Add a note/)
      const refused = await transition(as.caseworker!, c.id, 'invite_views', 1).expect(403)
      assert.match(refused.text, /Only the allocated caseworker, their team or a team manager/)
      await post(as.caseworker!, `/cases/${c.id}/exceptions`, {
        reason: 'away-from-area',
        ...dateFields('exception-startsOn', today),
      }).expect(403)
      await post(as.caseworker!, `/cases/${c.id}/notes`, { note: 'Trying' }).expect(403)
      const after = await caseRow(c.id)
      assert.equal(after.version, 1)
      assert.equal(after.status, 'received')
      assert.equal((await eventsOf(c.id)).length, 1)
      const exceptions = await t.database.db.selectFrom('ehc_exception').where('case_id', '=', c.id).execute()
      assert.equal(exceptions.length, 0)
    })

    it('still links its advice to a caseworker outside the team, who may read it (mayReadAdviceRequest)', async () => {
      const c = await newCase({ team_id: south, caseworker_user_id: null, status: 'assessing' })
      const advice = await t.database.db
        .insertInto('advice_request')
        .values({
          authority_id: t.authorityId,
          case_id: c.id,
          service: 'health',
          contributor_name: 'Community paediatrics',
          requested_on: daysAgo(10),
          due_on: addDays(daysAgo(10), 42),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const page = await as.caseworker!.agent.get(`/cases/${c.id}`).expect(200)
      assert.ok(page.text.includes(`href="/advice/${advice.id}"`))
      await as.caseworker!.agent.get(`/advice/${advice.id}`).expect(200)
    })
  })

  describe('recording steps', () => {
    it('records an allowed step with its date, the event, the audit entry and a confirmation', async () => {
      const c = await newCase()
      const page = await as.caseworker!.agent.get(`/cases/${c.id}`).expect(200)
      assert.match(page.text, /Family invited to give their views/)
      assert.match(page.text, /name="version" value="1"/)
      const on = daysAgo(2)
      await transition(as.caseworker!, c.id, 'invite_views', 1, {}, on).expect(303)
      const after = await caseRow(c.id)
      assert.equal(after.status, 'considering')
      assert.equal(after.family_views_invited_on, on)
      assert.equal(after.version, 2)
      const event = (await eventsOf(c.id)).at(-1)!
      assert.deepEqual(
        [event.kind, event.from_status, event.to_status, event.occurred_on],
        ['invite_views', 'received', 'considering', on],
      )
      assert.equal(event.actor_user_id, as.caseworker!.userId)
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('record_id', '=', c.id)
        .where('action', '=', 'ehc_case.invite_views')
        .execute()
      assert.equal(audit.length, 1)
      const shown = await as.caseworker!.agent.get(`/cases/${c.id}`).expect(200)
      assert.match(shown.text, /Family invited to give their views: recorded/)
      assert.match(shown.text, /Status: Request received → Considering request/)
      assert.match(shown.text, /moj-timeline__byline">by Priya Shah/)
    })

    it('refuses a step the workflow does not allow now, with the reason, and changes nothing', async () => {
      const c = await newCase()
      const res = await transition(as.caseworker!, c.id, 'issue_draft', 1).expect(409)
      assert.match(res.text, /There is a problem/)
      assert.match(res.text, /Draft plan issued cannot be recorded on a case that is request received/)
      const panel = await transition(as.caseworker!, c.id, 'decide_to_assess', 1).expect(409)
      assert.match(panel.text, /Decided to assess is a panel decision: record it at panel/)
      const after = await caseRow(c.id)
      assert.deepEqual([after.status, after.version], ['received', 1])
      assert.equal((await eventsOf(c.id)).length, 1)
    })

    it('refuses a date in the future, or no date, naming the field, and changes nothing', async () => {
      const c = await newCase()
      const future = await transition(as.caseworker!, c.id, 'invite_views', 1, {}, addDays(today, 1)).expect(400)
      assert.match(future.text, /The date cannot be in the future/)
      assert.match(future.text, /href="#invite_views-on-day"/)
      const none = await post(as.caseworker!, `/cases/${c.id}/transitions`, {
        transition: 'invite_views',
        version: 1,
      }).expect(400)
      assert.match(none.text, /Enter the date/)
      const nonsense = await transition(as.caseworker!, c.id, 'invite_views', 1, { 'invite_views-on-month': '13' })
      assert.equal(nonsense.status, 400)
      assert.match(nonsense.text, /Enter a real date/)
      assert.deepEqual([(await caseRow(c.id)).status, (await caseRow(c.id)).version], ['received', 1])
    })

    it('asks why a request is withdrawn, then closes it with the reason', async () => {
      const c = await newCase()
      const missing = await transition(as.caseworker!, c.id, 'withdraw', 1).expect(400)
      assert.match(missing.text, /Give the reason/)
      await transition(as.caseworker!, c.id, 'withdraw', 1, { reason: 'The family moved to Wales' }).expect(303)
      const after = await caseRow(c.id)
      assert.deepEqual(
        [after.status, after.closed_reason, after.closed_on],
        ['withdrawn', 'The family moved to Wales', today],
      )
    })

    it('lets one of two caseworkers acting at once succeed and tells the other the case changed', async () => {
      const c = await newCase()
      const [a, b] = await Promise.all([
        transition(as.caseworker!, c.id, 'invite_views', 1),
        transition(as.colleague!, c.id, 'invite_views', 1),
      ])
      assert.deepEqual([a.status, b.status].sort(), [303, 409])
      const loser = a.status === 409 ? a : b
      assert.match(loser.text, /Someone else changed this case while you were working on it/)
      // The page shown again carries the new version, so the loser can act on what is there now.
      assert.match(loser.text, /name="version" value="2"/)
      const after = await caseRow(c.id)
      assert.equal(after.version, 2)
      assert.equal((await eventsOf(c.id)).filter((e) => e.kind === 'invite_views').length, 1)
      // A stale version sent later is refused the same way.
      const stale = await transition(as.caseworker!, c.id, 'withdraw', 1, { reason: 'Duplicate' }).expect(409)
      assert.match(stale.text, /Someone else changed this case/)
      assert.equal((await caseRow(c.id)).status, 'considering')
    })

    /** A case whose draft plan went out 20 days ago, and which the family answered 5 days ago. */
    const draftOutCase = (overrides: Record<string, unknown> = {}, child: Record<string, unknown> = {}) =>
      newCase({ ...draftAnswered(), ...overrides }, child)

    const consulted = (caseId: string, settingId: string) =>
      makeConsultation(t.database.db, t.authorityId, caseId, settingId)

    it('issues the final plan naming a setting, and records the plan in the same step', async () => {
      const special = await makeSetting(t.database.db, t.authorityId, { name: 'Cedars Special School' })
      const c = await draftOutCase({ preferred_setting_id: special.id }, { primary_need: 'SLCN' })
      // No setting consulted: the page offers no setting to name, and says why; the step naming one is refused.
      const first = await as.caseworker!.agent.get(`/cases/${c.id}`).expect(200)
      assert.match(first.text, /No setting has been consulted on the draft plan/)
      assert.match(
        first.text,
        new RegExp(
          `The family would like Cedars Special School: <a class="govuk-link" href="/cases/${c.id}/consultations/new\\?settingId=${special.id}">`,
        ),
      )
      const form = await as
        .caseworker!.agent.get(`/cases/${c.id}/consultations/new?settingId=${special.id}`)
        .expect(200)
      assert.match(form.text, new RegExp(`<option value="${special.id}" selected>`))
      assert.doesNotMatch(first.text, /Setting named in the plan/)
      const unconsulted = await issueWithPlan(as.caseworker!, c.id, 'issue_final', 1, { namedSettingId: special.id })
      assert.equal(unconsulted.status, 409)
      assert.match(unconsulted.text, /can name only a setting consulted on the draft plan: consult the setting first/)
      assert.equal((await caseRow(c.id)).status, 'draft_issued')
      assert.equal((await t.database.db.selectFrom('ehc_plan').where('case_id', '=', c.id).execute()).length, 0)

      await consulted(c.id, special.id)
      const page = await as.caseworker!.agent.get(`/cases/${c.id}`).expect(200)
      assert.match(page.text, /Setting named in the plan/)
      assert.match(page.text, />Cedars Special School \(consulted: can meet needs; family’s preference\)</)
      const unnamed = await transition(as.caseworker!, c.id, 'issue_final', 1).expect(400)
      assert.match(unnamed.text, /Choose the setting the final plan names/)
      assert.equal((await caseRow(c.id)).status, 'draft_issued')
      await issueWithPlan(as.caseworker!, c.id, 'issue_final', 1, { namedSettingId: special.id }).expect(303)
      const after = await caseRow(c.id)
      assert.deepEqual(
        [after.status, after.final_issued_on, after.named_setting_id],
        ['final_issued', today, special.id],
      )
      const plans = await t.database.db
        .selectFrom('ehc_plan')
        .select(['case_id', 'issued_on', 'named_setting_id', 'primary_need', 'ceased_on'])
        .where('child_id', '=', c.childId)
        .execute()
      assert.deepEqual(plans, [
        { case_id: c.id, issued_on: today, named_setting_id: special.id, primary_need: 'SLCN', ceased_on: null },
      ])
      const shown = await as.caseworker!.agent.get(`/cases/${c.id}`).expect(200)
      assert.match(shown.text, /Named setting: Cedars Special School/)

      // A second plan for the same child while one is in force is refused, and nothing changes.
      const again = await makeCase(t.database.db, t.authorityId, c.childId, {
        team_id: north,
        caseworker_user_id: as.caseworker!.userId,
        status: 'draft_issued',
        request_received: daysAgo(10),
        draft_issued_on: daysAgo(2),
        draft_response_on: daysAgo(1),
      })
      const refused = await issueWithPlan(as.caseworker!, again.id, 'issue_final', 1, { namedSettingId: special.id })
      assert.equal(refused.status, 409)
      assert.match(refused.text, /already has an EHC plan in force/)
      assert.equal((await caseRow(again.id)).status, 'draft_issued')
      const count = await t.database.db.selectFrom('ehc_plan').where('child_id', '=', c.childId).execute()
      assert.equal(count.length, 1)
    })

    it('names another setting than the family asked for only with the reason, which the final plan letter gives', async () => {
      const asked = await makeSetting(t.database.db, t.authorityId, { name: 'Oak Park School' })
      const other = await makeSetting(t.database.db, t.authorityId, { name: 'Ash Grove Primary' })
      const c = await draftOutCase({ preferred_setting_id: asked.id })
      await linkParent(t.database.db, t.authorityId, c.childId, as.parent!.userId)
      for (const setting of [asked, other]) await consulted(c.id, setting.id)
      const page = await as.caseworker!.agent.get(`/cases/${c.id}`).expect(200)
      assert.match(page.text, /If the plan does not name Oak Park School, why not\?/)

      const unexplained = await issueWithPlan(as.caseworker!, c.id, 'issue_final', 1, { namedSettingId: other.id })
      assert.equal(unexplained.status, 400)
      assert.match(
        unexplained.text,
        /href="#issue_final-reason">Give the reason the plan does not name the setting the family asked for/,
      )
      assert.equal((await caseRow(c.id)).status, 'draft_issued')
      assert.equal((await t.database.db.selectFrom('ehc_letter').where('case_id', '=', c.id).execute()).length, 0)

      const because = 'Oak Park has no place in year 4, and a place there would be an inefficient use of resources'
      await issueWithPlan(as.caseworker!, c.id, 'issue_final', 1, { namedSettingId: other.id, reason: because }).expect(
        303,
      )
      assert.equal((await caseRow(c.id)).named_setting_id, other.id)
      const letter = await t.database.db
        .selectFrom('ehc_letter')
        .select('body')
        .where('case_id', '=', c.id)
        .where('kind', '=', 'final_plan_issued')
        .executeTakeFirstOrThrow()
      assert.match(
        letter.body,
        new RegExp(
          `The plan names Ash Grove Primary as the setting .+ will attend \\(section I\\)\\. You asked for Oak Park School\\. We have not named it because: ${because}\\.`,
        ),
      )
      const event = (await eventsOf(c.id)).find((e) => e.kind === 'issue_final')
      assert.equal(event?.reason, because)
    })
  })

  describe('exceptions and notes', () => {
    it('records an exception, shows it and marks the steps it covers; ends it once', async () => {
      const c = await newCase({ request_received: daysAgo(50) })
      await linkParent(t.database.db, t.authorityId, c.childId, as.parent!.userId)
      const started = daysAgo(10)
      await post(as.caseworker!, `/cases/${c.id}/exceptions`, {
        reason: 'exceptional-personal-circumstances',
        ...dateFields('exception-startsOn', started),
        note: 'Bereavement in the family',
      }).expect(303)
      const [exception] = await t.database.db
        .selectFrom('ehc_exception')
        .selectAll()
        .where('case_id', '=', c.id)
        .execute()
      assert.ok(exception)
      assert.deepEqual(
        [exception.reason, exception.starts_on, exception.ends_on, exception.note],
        ['exceptional-personal-circumstances', started, null, 'Bereavement in the family'],
      )
      const events = await eventsOf(c.id)
      // One transaction: the two events share their time, so their order is not asserted.
      assert.deepEqual(
        events
          .slice(-2)
          .map((e) => e.kind)
          .sort(),
        ['exception_recorded', 'letter_sent'],
      )
      // The family is told (DESIGN.md 4.1), actively: the letter is queued to the parent, not only posted on the portal.
      const letter = await t.database.db
        .selectFrom('ehc_letter')
        .select(['id', 'kind', 'body'])
        .where('case_id', '=', c.id)
        .executeTakeFirstOrThrow()
      assert.equal(letter.kind, 'exception_recorded')
      assert.match(letter.body, /exceptional personal circumstances, from \d{1,2} \w+ \d{4}/)
      assert.match(letter.body, /It does not change the dates we are working to/)
      const sent = await t.database.db
        .selectFrom('notification')
        .select(['to_address', 'channel'])
        .where('reference', '=', `ehc_letter:${letter.id}`)
        .execute()
      assert.deepEqual(sent, [{ to_address: 'sam.parent@example.com', channel: 'email' }])
      const page = await as.caseworker!.agent.get(`/cases/${c.id}`).expect(200)
      // The reason starts its own cell, so with a capital (the label is written to sit inside a sentence).
      assert.match(page.text, /<td class="govuk-table__cell">Exceptional personal circumstances<br>/)
      assert.match(page.text, /Still applies/)
      assert.match(page.text, /govuk-tag--purple">Exception applies/)
      assert.match(page.text, /Exception recorded[\s\S]*Exception: exceptional personal circumstances/)

      await post(as.caseworker!, `/cases/${c.id}/exceptions/${exception.id}/end`, {
        ...dateFields(`end-${exception.id}-on`, today),
      }).expect(303)
      const ended = await t.database.db
        .selectFrom('ehc_exception')
        .select('ends_on')
        .where('id', '=', exception.id)
        .executeTakeFirstOrThrow()
      assert.equal(ended.ends_on, today)
      assert.deepEqual(
        (await eventsOf(c.id))
          .slice(-2)
          .map((e) => e.kind)
          .sort(),
        ['exception_ended', 'letter_sent'],
      )
      // The family told of the exception is told, as actively, that it has ended and the time limits apply again.
      const endedLetter = await t.database.db
        .selectFrom('ehc_letter')
        .select(['id', 'body'])
        .where('case_id', '=', c.id)
        .where('kind', '=', 'exception_ended')
        .executeTakeFirstOrThrow()
      assert.match(
        endedLetter.body,
        new RegExp(
          `exceptional personal circumstances, from ${longIsoDate(started)} to ${longIsoDate(today)}\\. That has now ended`,
        ),
      )
      assert.match(endedLetter.body, /The time limits apply again/)
      const sentEnded = await t.database.db
        .selectFrom('notification')
        .select(['to_address', 'channel'])
        .where('reference', '=', `ehc_letter:${endedLetter.id}`)
        .execute()
      assert.deepEqual(sentEnded, [{ to_address: 'sam.parent@example.com', channel: 'email' }])
      const twice = await post(as.caseworker!, `/cases/${c.id}/exceptions/${exception.id}/end`, {
        ...dateFields(`end-${exception.id}-on`, today),
      }).expect(409)
      assert.match(twice.text, /This exception has already ended/)
    })

    it('ends an exception on a closed case without writing to the family: no time limit is left to apply', async () => {
      const c = await newCase({ status: 'withdrawn', closed_on: daysAgo(2) })
      await linkParent(t.database.db, t.authorityId, c.childId, as.parent!.userId)
      const exception = await t.database.db
        .insertInto('ehc_exception')
        .values({
          authority_id: t.authorityId,
          case_id: c.id,
          reason: 'away-from-area',
          starts_on: daysAgo(30),
          recorded_by_user_id: as.caseworker!.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await post(as.caseworker!, `/cases/${c.id}/exceptions/${exception.id}/end`, {
        ...dateFields(`end-${exception.id}-on`, daysAgo(3)),
      }).expect(303)
      assert.equal((await eventsOf(c.id)).at(-1)!.kind, 'exception_ended')
      const letters = await t.database.db.selectFrom('ehc_letter').where('case_id', '=', c.id).execute()
      assert.equal(letters.length, 0)
    })

    it('refuses an exception without a reason, starting in the future or ending before it starts', async () => {
      const c = await newCase()
      const none = await post(as.caseworker!, `/cases/${c.id}/exceptions`, {
        ...dateFields('exception-startsOn', today),
      }).expect(400)
      assert.match(none.text, /Choose why the time limit cannot be met/)
      const future = await post(as.caseworker!, `/cases/${c.id}/exceptions`, {
        reason: 'away-from-area',
        ...dateFields('exception-startsOn', addDays(today, 3)),
      }).expect(400)
      assert.match(future.text, /The date it started cannot be in the future/)
      const backwards = await post(as.caseworker!, `/cases/${c.id}/exceptions`, {
        reason: 'away-from-area',
        ...dateFields('exception-startsOn', daysAgo(3)),
        ...dateFields('exception-endsOn', daysAgo(5)),
      }).expect(400)
      assert.match(backwards.text, /The date it ends cannot be before the date it started/)
      const made = await t.database.db.selectFrom('ehc_exception').where('case_id', '=', c.id).execute()
      assert.equal(made.length, 0)
    })

    it('adds a note to the timeline, and refuses an empty one', async () => {
      const c = await newCase()
      await post(as.caseworker!, `/cases/${c.id}/notes`, { note: 'Spoke to mum: the EP visit is booked' }).expect(303)
      const page = await as.caseworker!.agent.get(`/cases/${c.id}`).expect(200)
      assert.match(page.text, /Spoke to mum: the EP visit is booked/)
      const empty = await post(as.caseworker!, `/cases/${c.id}/notes`, { note: '  ' }).expect(400)
      assert.match(empty.text, /Enter the note/)
    })
  })

  describe('allocation', () => {
    it('lets a team manager allocate a case, choosing from caseworkers with their open caseloads', async () => {
      const c = await newCase({ team_id: south, caseworker_user_id: null })
      const page = await as.team_manager!.agent.get(`/cases/${c.id}/allocate`).expect(200)
      assert.match(page.text, /Allocate the case/)
      assert.match(page.text, /Priya Shah: \d+ open cases?/)
      assert.match(page.text, /Chris Colleague: \d+ open cases?/)
      const none = await post(as.team_manager!, `/cases/${c.id}/allocate`, { version: 1, caseworkerUserId: '' })
      assert.equal(none.status, 400)
      assert.match(none.text, /Choose a caseworker/)
      await post(as.team_manager!, `/cases/${c.id}/allocate`, {
        version: 1,
        caseworkerUserId: as.colleague!.userId,
        reason: 'Balancing caseloads',
      }).expect(303)
      const after = await caseRow(c.id)
      assert.deepEqual([after.caseworker_user_id, after.team_id], [as.colleague!.userId, north])
      const event = (await eventsOf(c.id)).at(-1)!
      assert.deepEqual([event.kind, event.reason], ['allocated', 'Balancing caseloads'])
      const shown = await as.team_manager!.agent.get(`/cases/${c.id}`).expect(200)
      assert.match(shown.text, /Allocated to Chris Colleague/)
      // Allocating from a stale page is refused: someone else changed the case.
      const stale = await post(as.team_manager!, `/cases/${c.id}/allocate`, {
        version: 1,
        caseworkerUserId: as.caseworker!.userId,
      }).expect(409)
      assert.match(stale.text, /Someone else changed this case/)
      assert.equal((await caseRow(c.id)).caseworker_user_id, as.colleague!.userId)
    })

    it('refuses allocation to caseworkers, and to anyone but a caseworker in the authority', async () => {
      const c = await newCase({ caseworker_user_id: null })
      await as.caseworker!.agent.get(`/cases/${c.id}/allocate`).expect(403)
      await post(as.caseworker!, `/cases/${c.id}/allocate`, {
        version: 1,
        caseworkerUserId: as.caseworker!.userId,
      }).expect(403)
      const notACaseworker = await post(as.team_manager!, `/cases/${c.id}/allocate`, {
        version: 1,
        caseworkerUserId: as.finance_officer!.userId,
      }).expect(400)
      assert.match(notACaseworker.text, /Choose a caseworker in this authority/)
      assert.equal((await caseRow(c.id)).caseworker_user_id, null)
    })
  })
})
