import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { addDays, addMonths, todayInLondon } from '../../src/platform/calendar/isoDate.js'
import { createTestApp, type SignedInAgent, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import { makeCase, makeChild, makeTeam } from '../support/factories.js'

const today = todayInLondon()
const daysAgo = (n: number) => addDays(today, -n)
const from = addDays(addMonths(today, -12), 1)

/** The figure a dashboard link shows, found by the link's href. */
function figure(html: string, href: string): number {
  const escaped = href.replace(/&/g, '&amp;').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const match = html.match(new RegExp(`href="${escaped}">([\\d,]+)<`))
  assert.ok(match, `the dashboard links to ${href}`)
  return Number(match[1]!.replace(/,/g, ''))
}

const idsShown = (html: string) => [...html.matchAll(/href="\/cases\/([0-9a-f-]{36})"/g)].map((m) => m[1]!).sort()

/**
 * A fixture computed by hand. Final plans issued in the last 12 months:
 *   P1 received 200 days ago, issued after 130 days: within 20 weeks, no exception
 *   P2 250 → 160 days: late, no exception
 *   P3 230 → 170 days: late, away from the area for a time within the 20 weeks (an exception applies)
 *   P4 180 → 130 days: within, exceptional personal circumstances (an exception applies)
 *   P5 300 → 200 days: late; a missed appointment excuses advice only, so no exception applies to the 20 weeks
 *   P6 issued 400 days ago: outside the period
 * Including exceptions: 2 of 5 within (40%). Excluding: P3 and P4 left out, 1 of 3 within (33.3%).
 * Decisions whether to assess in the period: P1 30 days, P2 50, P3 30, P4 30, P5 50, O2 30, O3 35: 5 of 7 (71.4%).
 * Advice returned in the period: educational psychology 2 of 2 on time; health 0 of 1. Social care overdue now: 1.
 * Open now: O1 overdue (no decision at week 7), O2 past 20 weeks, O3 at risk (health advice out in week 10), O4 on
 * track and unallocated.
 */
describe(`the manager dashboard against a hand-computed fixture (${testEngine})`, () => {
  let t: TestApp
  const as: Record<string, SignedInAgent> = {}
  const id: Record<string, string> = {}

  before(async () => {
    t = await createTestApp()
    for (const role of ['team_manager', 'caseworker', 'parent', 'finance_officer', 'commissioner']) {
      as[role] = await t.signInAs(role as never)
    }
    const db = t.database.db
    const team = (await makeTeam(db, t.authorityId, { name: 'North' })).id
    const mine = { team_id: team, caseworker_user_id: as.caseworker!.userId }
    const make = async (key: string, overrides: Record<string, unknown>) => {
      const child = await makeChild(db, t.authorityId, { legal_surname: `Fixture${key}` })
      id[key] = (await makeCase(db, t.authorityId, child.id, { ...mine, ...overrides })).id
    }
    const final = (received: number, decided: number, issued: number) => ({
      status: 'final_issued',
      request_received: daysAgo(received),
      decision: 'assess',
      decision_on: daysAgo(decided),
      issue_decision: 'issue',
      issue_decision_on: daysAgo(issued + 40),
      draft_issued_on: daysAgo(issued + 20),
      final_issued_on: daysAgo(issued),
      closed_on: daysAgo(issued),
    })
    await make('P1', final(200, 170, 70))
    await make('P2', final(250, 200, 90))
    await make('P3', final(230, 200, 60))
    await make('P4', final(180, 150, 50))
    await make('P5', final(300, 250, 100))
    await make('P6', final(560, 530, 400))
    await make('O1', { status: 'received', request_received: daysAgo(50) })
    await make('O2', {
      status: 'assessing',
      request_received: daysAgo(150),
      decision: 'assess',
      decision_on: daysAgo(120),
    })
    await make('O3', {
      status: 'assessing',
      request_received: daysAgo(75),
      decision: 'assess',
      decision_on: daysAgo(40),
    })
    await make('O4', { status: 'received', request_received: daysAgo(5), caseworker_user_id: null })

    const exception = (key: string, reason: string, start: number, end?: number) => ({
      authority_id: t.authorityId,
      case_id: id[key]!,
      reason,
      starts_on: daysAgo(start),
      ends_on: end === undefined ? null : daysAgo(end),
    })
    await db
      .insertInto('ehc_exception')
      .values([
        exception('P3', 'away-from-area', 220, 180),
        exception('P4', 'exceptional-personal-circumstances', 170, 150),
        exception('P5', 'missed-appointment', 250, 240),
      ])
      .execute()
    const advice = (key: string, service: string, requested: number, received?: number) => ({
      authority_id: t.authorityId,
      case_id: id[key]!,
      service: service as 'health',
      contributor_name: `${service} contributor`,
      requested_on: daysAgo(requested),
      due_on: addDays(daysAgo(requested), 42),
      received_on: received === undefined ? null : daysAgo(received),
    })
    await db
      .insertInto('advice_request')
      .values([
        advice('P1', 'educational_psychology', 180, 150),
        advice('P1', 'health', 180, 120),
        advice('P2', 'educational_psychology', 200, 170),
        advice('O3', 'health', 30),
        advice('O2', 'social_care', 115),
      ])
      .execute()
  })
  after(() => t.close())

  it('shows 20-week timeliness with and without exceptions, as the DfE counts it, beside England', async () => {
    const res = await as.team_manager!.agent.get('/dashboard').expect(200)
    const plans = `/cases?view=all&finalIssuedFrom=${from}&finalIssuedTo=${today}`
    assert.equal(figure(res.text, plans), 5)
    assert.equal(figure(res.text, `${plans}&late=false`), 2)
    assert.equal(figure(res.text, `${plans}&late=true`), 3)
    assert.equal(figure(res.text, `${plans}&exception=yes`), 2)
    assert.equal(figure(res.text, `${plans}&exception=no`), 3)
    assert.equal(figure(res.text, `${plans}&late=false&exception=no`), 1)
    assert.match(res.text, /<strong>40%<\/strong> of final plans were issued within 20 weeks/)
    assert.match(res.text, /<strong>33.3%<\/strong> excluding them/)
    // England's and the authority's published figures for the latest year (Birmingham, LA 330, is the demo).
    assert.match(res.text, /England, 2024: 45.9% including exceptions, 46.4% excluding them/)
    assert.match(res.text, /this authority’s published figure for 2024 was 26.7%/)
    // The chart, an accessible image, beside the table of the same figures.
    assert.match(
      res.text,
      /<div class="app-chart govuk-body" role="img" aria-labelledby="chart-twenty-weeks-title chart-twenty-weeks-desc"/,
    )
    assert.match(res.text, /Including exceptions: 40%; Excluding exceptions: 33.3%/)
  })

  it('shows 6-week decisions, advice by service, risk now and the open caseload', async () => {
    const res = await as.team_manager!.agent.get('/dashboard').expect(200)
    const decided = `/cases?view=all&decidedFrom=${from}&decidedTo=${today}`
    assert.equal(figure(res.text, decided), 7)
    assert.equal(figure(res.text, `${decided}&decision=on-time`), 5)
    assert.equal(figure(res.text, `${decided}&decision=late`), 2)
    assert.match(res.text, /<strong>71.4%<\/strong> of decisions whether to assess/)

    const given = (service: string) =>
      `/cases?view=all&adviceService=${service}&adviceReceivedFrom=${from}&adviceReceivedTo=${today}`
    assert.equal(figure(res.text, given('educational_psychology')), 2)
    assert.equal(figure(res.text, `${given('educational_psychology')}&adviceLate=false`), 2)
    assert.equal(figure(res.text, given('health')), 1)
    assert.equal(figure(res.text, `${given('health')}&adviceLate=true`), 1)
    assert.equal(figure(res.text, '/cases?view=all&adviceService=social_care&adviceOverdue=true'), 1)

    assert.equal(figure(res.text, '/cases?view=all&risk=breached'), 1)
    assert.equal(figure(res.text, '/cases?view=all&risk=overdue'), 1)
    assert.equal(figure(res.text, '/cases?view=all&risk=at-risk'), 1)
    assert.equal(figure(res.text, '/cases?view=all&risk=due-soon'), 0)
    assert.equal(figure(res.text, '/cases?view=all&risk=on-track'), 1)
    assert.equal(figure(res.text, '/cases?view=all&status=received'), 2)
    assert.equal(figure(res.text, '/cases?view=all&status=assessing'), 2)
    assert.equal(figure(res.text, `/cases?view=all&caseworker=${as.caseworker!.userId}`), 3)
    assert.equal(figure(res.text, '/cases?view=unallocated'), 1)
  })

  it('links each figure to exactly the cases behind it', async () => {
    const agent = as.team_manager!.agent
    const plans = `/cases?view=all&finalIssuedFrom=${from}&finalIssuedTo=${today}`
    const open = async (path: string) => idsShown((await agent.get(path).expect(200)).text)
    const ids = (...keys: string[]) => keys.map((k) => id[k]!).sort()
    assert.deepEqual(await open(`${plans}&late=true`), ids('P2', 'P3', 'P5'))
    assert.deepEqual(await open(`${plans}&late=false`), ids('P1', 'P4'))
    assert.deepEqual(await open(`${plans}&exception=yes`), ids('P3', 'P4'))
    assert.deepEqual(await open(`${plans}&late=false&exception=no`), ids('P1'))
    assert.deepEqual(
      await open(`/cases?view=all&decidedFrom=${from}&decidedTo=${today}&decision=late`),
      ids('P2', 'P5'),
    )
    assert.deepEqual(
      await open(
        `/cases?view=all&adviceService=health&adviceReceivedFrom=${from}&adviceReceivedTo=${today}&adviceLate=true`,
      ),
      ids('P1'),
    )
    assert.deepEqual(await open('/cases?view=all&adviceService=social_care&adviceOverdue=true'), ids('O2'))
    assert.deepEqual(await open('/cases?view=all&risk=at-risk'), ids('O3'))
    assert.deepEqual(await open('/cases?view=unallocated'), ids('O4'))
  })

  it('offers calendar years as periods, and refuses one it does not know', async () => {
    const year = Number(today.slice(0, 4)) - 1
    const res = await as.team_manager!.agent.get(`/dashboard?period=${year}`).expect(200)
    assert.match(res.text, new RegExp(`<option value="${year}" selected>${year}</option>`))
    assert.ok(res.text.includes(`finalIssuedFrom=${year}-01-01&amp;finalIssuedTo=${year}-12-31`))
    const bad = await as.team_manager!.agent.get('/dashboard?period=1999').expect(400)
    assert.match(bad.text, /Choose a period from the list/)
  })

  it('is for team managers only', async () => {
    for (const role of ['caseworker', 'parent', 'finance_officer', 'commissioner']) {
      await as[role]!.agent.get('/dashboard').expect(403)
    }
    const home = await as.team_manager!.agent.get('/').expect(200)
    assert.match(home.text, /href="\/dashboard"/)
    const caseworkerHome = await as.caseworker!.agent.get('/').expect(200)
    assert.doesNotMatch(caseworkerHome.text, /href="\/dashboard"/)
  })
})
