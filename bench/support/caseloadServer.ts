import http from 'node:http'
import pg from 'pg'
import { assessCase, caseRisks, finalPlanWithinTwentyWeeks } from '../../src/ehc/clock.js'
import { type AdviceDates, type CaseDates, clockFactsOf, type ExceptionDates } from '../../src/ehc/facts.js'
import { addDays, addMonths, todayInLondon } from '../../src/platform/calendar/isoDate.js'

/**
 * The limit for the caseload and dashboard benchmarks (spawned by caseload.bench.ts and dashboard.bench.ts): a bare
 * node:http server doing the same work by the simplest code. Raw SQL through pg, the clock over the cases, JSON out;
 * no session, policy, validation, audit entry or template.
 *   GET /caseload?caseworker=ID | ?team=ID | (all open): the first 25 cases by risk, with the counts
 *   GET /dashboard: the 20-week, 6-week, advice and risk figures of the last 12 months
 */
const authorityId = process.env.AUTHORITY_ID!
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 })
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v)
const open = `('received','considering','assessing','drafting','draft_issued')`

type CaseRow = CaseDates & { id: string; reference: string; legal_forename: string; legal_surname: string }

async function clockInputs(ids: string[]) {
  const [advice, consultations, exceptions] = await Promise.all([
    pool.query<AdviceDates & { case_id: string }>(
      'select case_id, service, contributor_name, requested_on, received_on, cancelled_on from advice_request where case_id = any($1::uuid[])',
      [ids],
    ),
    pool.query<{ case_id: string; setting_name: string; sent_on: string; replied_on: string | null }>(
      'select k.case_id, s.name as setting_name, k.sent_on, k.replied_on from ehc_consultation k join setting s on s.id = k.setting_id where k.case_id = any($1::uuid[])',
      [ids],
    ),
    pool.query<ExceptionDates & { case_id: string }>(
      'select case_id, reason, starts_on, ends_on from ehc_exception where case_id = any($1::uuid[])',
      [ids],
    ),
  ])
  const of = <T extends { case_id: string }>(rows: T[]) => {
    const map = new Map<string, T[]>()
    for (const r of rows) map.set(r.case_id, [...(map.get(r.case_id) ?? []), r])
    return map
  }
  return { advice: of(advice.rows), consultations: of(consultations.rows), exceptions: of(exceptions.rows) }
}

/** Each case put against the clock today, with its advice, consultations and exceptions read in three queries. */
async function judged<T extends CaseRow>(rows: T[]) {
  const inputs = await clockInputs(rows.map((r) => r.id))
  const today = todayInLondon()
  return rows.map((row) => ({
    row,
    assessment: assessCase(
      clockFactsOf(
        row,
        inputs.advice.get(row.id) ?? [],
        inputs.consultations.get(row.id) ?? [],
        inputs.exceptions.get(row.id) ?? [],
      ),
      today,
    ),
  }))
}

async function judgedOpenCases(where: string, values: unknown[]) {
  const { rows } = await pool.query<CaseRow>(
    `select c.*, ch.legal_forename, ch.legal_surname from ehc_case c join child ch on ch.id = c.child_id
     where c.authority_id = $1 and c.status in ${open} ${where}`,
    [authorityId, ...values],
  )
  return judged(rows)
}

/**
 * The page's rows sorted and counted on the verdicts kept on each case (the app, run before, has worked out today's),
 * then the clock over the page shown: the work the app's caseload does (src/ehc/caseloadPage.repository.ts).
 */
async function caseload(url: URL) {
  const caseworker = url.searchParams.get('caseworker')
  const team = url.searchParams.get('team')
  const [where, values] = caseworker
    ? ['and c.caseworker_user_id = $3', [caseworker]]
    : team
      ? ['and c.team_id = $3', [team]]
      : ['', []]
  const { rows } = await pool.query<CaseRow & { total: number; counts: Record<string, number> }>(
    `with matched as (select c.* from ehc_case c where c.authority_id = $1 and c.status in ${open} ${where}),
     shown as (
       select m.* from matched m
        order by array_position($2::text[], m.clock_risk), coalesce(m.clock_next_due, '9999-12-31'), m.request_received, m.id
        limit 25)
     select (select count(*)::int from matched) as total,
       (select json_object_agg(r.clock_risk, r.n) from
         (select clock_risk, count(*)::int as n from matched group by clock_risk) r) as counts,
       shown.*, ch.legal_forename, ch.legal_surname
     from shown join child ch on ch.id = shown.child_id`,
    [authorityId, caseRisks, ...values],
  )
  return {
    total: rows[0]?.total ?? 0,
    counts: rows[0]?.counts ?? {},
    cases: (await judged(rows)).map(({ row, assessment }) => ({
      id: row.id,
      reference: row.reference,
      name: `${row.legal_forename} ${row.legal_surname}`,
      risk: assessment.risk,
    })),
  }
}

async function dashboard() {
  const today = todayInLondon()
  const from = addDays(addMonths(today, -12), 1)
  const [plans, exceptions, decisions, advice, judged] = await Promise.all([
    pool.query<{ id: string; request_received: string; final_issued_on: string }>(
      'select id, request_received, final_issued_on from ehc_case where authority_id = $1 and final_issued_on between $2 and $3',
      [authorityId, from, today],
    ),
    pool.query<{ case_id: string; reason: string; starts_on: string; ends_on: string | null }>(
      `select case_id, reason, starts_on, ends_on from ehc_exception where case_id in
       (select id from ehc_case where authority_id = $1 and final_issued_on between $2 and $3)`,
      [authorityId, from, today],
    ),
    pool.query(
      `select count(*) as made, count(*) filter (where decision_on <= request_received + 42) as within
       from ehc_case where authority_id = $1 and decision_on between $2 and $3`,
      [authorityId, from, today],
    ),
    pool.query(
      `select a.service, count(*) filter (where a.received_on between $2 and $3) as received,
         count(*) filter (where a.received_on between $2 and $3 and a.received_on <= a.requested_on + 42) as within,
         count(*) filter (where a.received_on is null and a.requested_on + 42 < $3 and c.status in ${open}) as overdue
       from advice_request a join ehc_case c on c.id = a.case_id
       where a.authority_id = $1 and a.cancelled_on is null and (a.received_on between $2 and $3 or a.received_on is null)
       group by a.service`,
      [authorityId, from, today],
    ),
    judgedOpenCases('', []),
  ])
  const byCase = new Map<string, { reason: string; start: string; end?: string }[]>()
  for (const e of exceptions.rows) {
    byCase.set(e.case_id, [
      ...(byCase.get(e.case_id) ?? []),
      { reason: e.reason, start: e.starts_on, end: e.ends_on ?? undefined },
    ])
  }
  let within = 0
  let withException = 0
  for (const p of plans.rows) {
    const judgedPlan = finalPlanWithinTwentyWeeks({
      requestReceived: p.request_received,
      finalIssued: p.final_issued_on,
      exceptions: (byCase.get(p.id) ?? []) as never,
    })
    if (judgedPlan.withinTwentyWeeks) within++
    if (judgedPlan.exceptionApplies) withException++
  }
  const risk: Record<string, number> = {}
  const byCaseworker: Record<string, number> = {}
  for (const j of judged) {
    risk[j.assessment.risk] = (risk[j.assessment.risk] ?? 0) + 1
    const worker = j.row as unknown as { caseworker_user_id: string | null }
    if (worker.caseworker_user_id)
      byCaseworker[worker.caseworker_user_id] = (byCaseworker[worker.caseworker_user_id] ?? 0) + 1
  }
  return {
    issued: plans.rows.length,
    within,
    withException,
    decisions: decisions.rows[0],
    advice: advice.rows,
    risk,
    byCaseworker,
  }
}

http
  .createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    if (url.pathname === '/health') {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end('{"status":"ok"}')
      return
    }
    const work = url.pathname === '/dashboard' ? dashboard() : caseload(url)
    work.then(
      (body) => {
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
        response.end(JSON.stringify(body))
      },
      (error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain' })
        response.end(String(error))
      },
    )
  })
  .listen(Number(process.env.PORT), '127.0.0.1')
