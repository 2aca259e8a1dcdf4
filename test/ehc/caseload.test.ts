import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { verifyAuditLog } from '../../src/platform/audit/audit.service.js'
import { addDays, todayInLondon } from '../../src/platform/calendar/isoDate.js'
import { createTestApp, type SignedInAgent, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import { makeCase, makeChild, makeTeam, putInTeam } from '../support/factories.js'

const today = todayInLondon()
const daysAgo = (n: number) => addDays(today, -n)

/** The case ids in a caseload page's table, in the order shown. */
const idsShown = (html: string) => [...html.matchAll(/href="\/cases\/([0-9a-f-]{36})"/g)].map((m) => m[1]!)

describe(`caseloads sorted by risk, with filters and counts (${testEngine})`, () => {
  let t: TestApp
  const as: Record<string, SignedInAgent> = {}
  /** Cases by the risk their dates give them today (see before). */
  const id: Record<string, string> = {}
  let north: string
  let south: string
  let crowded: string

  before(async () => {
    t = await createTestApp()
    for (const role of [
      'caseworker',
      'team_manager',
      'parent',
      'senco',
      'advice_giver',
      'finance_officer',
      'panel_member',
      'commissioner',
    ]) {
      as[role] = await t.signInAs(role as never)
    }
    const db = t.database.db
    north = (await makeTeam(db, t.authorityId, { name: 'North' })).id
    south = (await makeTeam(db, t.authorityId, { name: 'South' })).id
    crowded = (await makeTeam(db, t.authorityId, { name: 'West' })).id
    await putInTeam(db, t.authorityId, as.caseworker!.userId, north)
    const me = { caseworker_user_id: as.caseworker!.userId, team_id: north }

    const make = async (key: string, surname: string, overrides: Record<string, unknown>) => {
      const child = await makeChild(db, t.authorityId, { legal_forename: 'Test', legal_surname: surname })
      id[key] = (await makeCase(db, t.authorityId, child.id, overrides)).id
    }
    // Week 21 and still assessing: the 20 weeks have passed.
    await make('breached', 'Breachley', {
      ...me,
      status: 'assessing',
      request_received: daysAgo(150),
      decision: 'assess',
      decision_on: daysAgo(120),
    })
    // Week 7 and no decision: the 6-week decision is overdue.
    await make('overdue', 'Overdew', { ...me, status: 'received', request_received: daysAgo(50) })
    // Week 10 with health advice still out (due in 12 days): at risk of breaching 20 weeks.
    await make('atRisk', 'Riskett', {
      ...me,
      status: 'assessing',
      request_received: daysAgo(75),
      decision: 'assess',
      decision_on: daysAgo(40),
    })
    await db
      .insertInto('advice_request')
      .values({
        authority_id: t.authorityId,
        case_id: id.atRisk!,
        service: 'health',
        contributor_name: 'Community paediatrics',
        requested_on: daysAgo(30),
        due_on: addDays(daysAgo(30), 42),
      })
      .execute()
    // The decision falls due in 4 days.
    await make('dueSoon', 'Soonham', { ...me, status: 'received', request_received: daysAgo(38) })
    await make('onTrack', 'Trackwell', { ...me, status: 'received', request_received: daysAgo(5) })
    // Another team's, not allocated to anyone.
    await make('south', 'Southgate', { team_id: south, status: 'received', request_received: daysAgo(10) })
    // My team's, not allocated yet.
    await make('northUnallocated', 'Northcote', { team_id: north, status: 'received', request_received: daysAgo(20) })
    // Closed: a final plan issued after 24 weeks, and one within 20 weeks.
    await make('finalLate', 'Latimer', {
      ...me,
      status: 'final_issued',
      request_received: daysAgo(200),
      decision: 'assess',
      decision_on: daysAgo(170),
      issue_decision: 'issue',
      issue_decision_on: daysAgo(120),
      draft_issued_on: daysAgo(60),
      final_issued_on: daysAgo(30),
      closed_on: daysAgo(30),
    })
    await make('finalOnTime', 'Promptly', {
      ...me,
      status: 'final_issued',
      request_received: daysAgo(160),
      decision: 'assess',
      decision_on: daysAgo(130),
      issue_decision: 'issue',
      issue_decision_on: daysAgo(90),
      draft_issued_on: daysAgo(60),
      final_issued_on: daysAgo(30),
      closed_on: daysAgo(30),
    })
    // A crowded team: 26 new requests, for paging.
    for (let i = 0; i < 26; i++) {
      const child = await makeChild(db, t.authorityId, { legal_forename: 'Page', legal_surname: `Westley${i}` })
      await makeCase(db, t.authorityId, child.id, { team_id: crowded, request_received: daysAgo(i % 5) })
    }
  })
  after(() => t.close())

  it('shows my caseload most urgent first: past 20 weeks, overdue, at risk, due soon, on track', async () => {
    const res = await as.caseworker!.agent.get('/cases').expect(200)
    assert.match(res.text, /<h1 class="govuk-heading-l">My caseload<\/h1>/)
    assert.deepEqual(idsShown(res.text), [id.breached, id.overdue, id.atRisk, id.dueSoon, id.onTrack])
    assert.match(res.text, /Breachley/)
    assert.doesNotMatch(res.text, /Southgate|Northcote|Latimer/)
    // Each row: reference, status tag, the week, the next due step and the risk.
    assert.match(res.text, /Decision whether to assess<br><span class="govuk-body-s govuk-!-font-weight-bold">was due/)
    assert.match(res.text, /govuk-tag--red">Past 20 weeks/)
    assert.match(res.text, /govuk-tag--yellow">At risk/)
  })

  it('counts each level of risk above the list, each a link applying that filter', async () => {
    const res = await as.caseworker!.agent.get('/cases').expect(200)
    for (const [risk, text] of [
      ['breached', '1 past 20 weeks'],
      ['overdue', '1 overdue'],
      ['at-risk', '1 at risk of breaching 20 weeks'],
      ['due-soon', '1 due this week'],
    ]) {
      assert.ok(res.text.includes(`href="/cases?view=mine&amp;risk=${risk}" >${text}</a>`), `${text} links to ${risk}`)
    }
    const overdue = await as.caseworker!.agent.get('/cases?view=mine&risk=overdue').expect(200)
    assert.deepEqual(idsShown(overdue.text), [id.overdue])
    // The counts stay those of the whole view, so the other levels can still be reached.
    assert.match(overdue.text, /1 at risk of breaching 20 weeks/)
  })

  it('counts, as it lists, only the cases the exception filter keeps', async () => {
    const db = t.database.db
    const east = (await makeTeam(db, t.authorityId, { name: 'East' })).id
    // Both past 20 weeks; an exception covers the first's 20 weeks, none the second's.
    const past = { team_id: east, status: 'assessing', request_received: daysAgo(150) }
    const excused = (
      await makeCase(db, t.authorityId, (await makeChild(db, t.authorityId, { legal_surname: 'Excusedby' })).id, past)
    ).id
    const unexcused = (
      await makeCase(db, t.authorityId, (await makeChild(db, t.authorityId, { legal_surname: 'Plainly' })).id, past)
    ).id
    await db
      .insertInto('ehc_exception')
      .values({
        authority_id: t.authorityId,
        case_id: excused,
        reason: 'away-from-area',
        starts_on: daysAgo(100),
        ends_on: daysAgo(60),
        recorded_by_user_id: as.caseworker!.userId,
      })
      .execute()
    const pastCount = (html: string) => Number(html.match(/>(\d+) past 20 weeks<\/a>/)?.[1])
    const eastView = `/cases?view=all&team=${east}`
    const both = await as.caseworker!.agent.get(eastView).expect(200)
    assert.deepEqual(new Set(idsShown(both.text)), new Set([excused, unexcused]))
    assert.equal(pastCount(both.text), 2)
    const withException = await as.caseworker!.agent.get(`${eastView}&exception=yes`).expect(200)
    assert.deepEqual(idsShown(withException.text), [excused])
    assert.equal(pastCount(withException.text), 1)
    const without = await as.caseworker!.agent.get(`${eastView}&exception=no`).expect(200)
    assert.deepEqual(idsShown(without.text), [unexcused])
    assert.equal(pastCount(without.text), 1)
  })

  it('shows the team caseload (including the team’s unallocated cases) and all open cases', async () => {
    const team = await as.caseworker!.agent.get('/cases?view=team').expect(200)
    const teamIds = idsShown(team.text)
    assert.ok(teamIds.includes(id.northUnallocated!))
    assert.ok(!teamIds.includes(id.south!))
    assert.ok(!teamIds.includes(id.finalLate!), 'closed cases are not on a caseload')
    const all = await as.caseworker!.agent.get(`/cases?view=all&team=${south}`).expect(200)
    assert.deepEqual(idsShown(all.text), [id.south])
    // Read only: another team's case in the list says so.
    assert.match(all.text, /Read only: another team’s case/)
  })

  it('filters by status, name or reference, caseworker and date received', async () => {
    const agent = as.caseworker!.agent
    const received = await agent.get('/cases?status=received').expect(200)
    assert.deepEqual(idsShown(received.text), [id.overdue, id.dueSoon, id.onTrack])
    const byName = await agent.get('/cases?view=all&q=riskett').expect(200)
    assert.deepEqual(idsShown(byName.text), [id.atRisk])
    const reference = (
      await t.database.db
        .selectFrom('ehc_case')
        .select('reference')
        .where('id', '=', id.south!)
        .executeTakeFirstOrThrow()
    ).reference
    const byReference = await agent.get(`/cases?view=all&q=${encodeURIComponent(reference)}`).expect(200)
    assert.deepEqual(idsShown(byReference.text), [id.south])
    const dates = await agent
      .get(
        `/cases?view=all&receivedFrom=${daysAgo(60)}&receivedTo=${encodeURIComponent(daysAgo(30).split('-').reverse().join('/'))}`,
      )
      .expect(200)
    assert.deepEqual(idsShown(dates.text), [id.overdue, id.dueSoon])
    const byWorker = await agent.get(`/cases?view=all&caseworker=${as.caseworker!.userId}&risk=breached`).expect(200)
    assert.deepEqual(idsShown(byWorker.text), [id.breached])
    // The selected filters are shown, each with a link that removes it.
    assert.match(byWorker.text, /Remove this filter<\/span> Past 20 weeks/)
  })

  it('reaches closed cases for filters on what has happened: final plans late or on time', async () => {
    const from = daysAgo(60)
    const late = await as.team_manager!.agent.get(`/cases?view=all&finalIssuedFrom=${from}&late=true`).expect(200)
    assert.deepEqual(idsShown(late.text), [id.finalLate])
    assert.match(late.text, /Issued late/)
    const onTime = await as.team_manager!.agent.get(`/cases?view=all&finalIssuedFrom=${from}&late=false`).expect(200)
    assert.deepEqual(idsShown(onTime.text), [id.finalOnTime])
  })

  it('pages a long caseload, 25 at a time', async () => {
    const first = await as.team_manager!.agent.get(`/cases?view=all&team=${crowded}`).expect(200)
    assert.equal(idsShown(first.text).length, 25)
    assert.match(first.text, /26 cases, page 1 of 2/)
    assert.ok(first.text.includes(`/cases?view=all&amp;team=${crowded}&amp;page=2`))
    const second = await as.team_manager!.agent.get(`/cases?view=all&team=${crowded}&page=2`).expect(200)
    assert.equal(idsShown(second.text).length, 1)
    // A page past the end (a bookmark, cases since closed) shows the last page rather than an empty list.
    const past = await as.team_manager!.agent.get(`/cases?view=all&team=${crowded}&page=9`).expect(200)
    assert.deepEqual(idsShown(past.text), idsShown(second.text))
    assert.match(past.text, /26 cases, page 2 of 2/)
  })

  it('refuses filters that make no sense, naming the field, and shows no cases', async () => {
    const bad = await as.caseworker!.agent.get('/cases?status=lost&receivedFrom=31/02/2026').expect(400)
    assert.match(bad.text, /Choose a status from the list/)
    assert.match(bad.text, /Received from must be a real date/)
    assert.deepEqual(idsShown(bad.text), [])
    const backwards = await as
      .caseworker!.agent.get(`/cases?receivedFrom=${daysAgo(1)}&receivedTo=${daysAgo(10)}`)
      .expect(400)
    assert.match(backwards.text, /The end date must not be before the start/)
  })

  it('shows unallocated cases to team managers only, with a link to allocate each', async () => {
    await as.caseworker!.agent.get('/cases?view=unallocated').expect(403)
    const res = await as.team_manager!.agent.get('/cases?view=unallocated').expect(200)
    const shown = idsShown(res.text)
    assert.ok(shown.includes(id.south!) && shown.includes(id.northUnallocated!))
    assert.ok(!shown.includes(id.breached!))
    assert.ok(res.text.includes(`/cases/${id.south}/allocate`))
    // A manager without a team opens on all open cases.
    const home = await as.team_manager!.agent.get('/cases').expect(200)
    assert.match(home.text, /<h1 class="govuk-heading-l">All open cases<\/h1>/)
  })

  it('refuses caseloads to families, settings, advice givers, panel members and other staff', async () => {
    for (const role of ['parent', 'senco', 'advice_giver', 'finance_officer', 'panel_member', 'commissioner']) {
      const page = await as[role]!.agent.get('/cases').expect(403)
      assert.match(page.text, /You do not have permission/, role)
      await as[role]!.agent.get('/cases?view=all').expect(403)
    }
  })

  it('records who saw which cases in the audit log, one entry per page', async () => {
    const before = await t.database.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'ehc_case.listed')
      .where('actor_user_id', '=', as.caseworker!.userId)
      .execute()
    await as.caseworker!.agent.get('/cases?risk=overdue').expect(200)
    const entries = await t.database.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'ehc_case.listed')
      .where('actor_user_id', '=', as.caseworker!.userId)
      .execute()
    assert.equal(entries.length, before.length + 1)
    const latest = entries.map((e) => e.details as { caseIds: string[] }).find((d) => d.caseIds.length === 1)
    assert.deepEqual(latest?.caseIds, [id.overdue])
    const [verdict] = await verifyAuditLog(t.database.db, { authorityId: t.authorityId })
    assert.equal(verdict?.verdict.ok, true, JSON.stringify(verdict))
  })

  it('offers the caseworker the form for a request received by letter or email', async () => {
    const res = await as.caseworker!.agent.get('/cases').expect(200)
    assert.match(res.text, /href="\/cases\/new">Enter a request received by letter or email/)
    assert.match(res.text, /href="\/cases"[^>]*>Cases<|>Cases</)
  })
})
