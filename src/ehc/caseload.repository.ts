import { type ExpressionBuilder, type RawBuilder, sql } from 'kysely'
import type { IsoDate } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import { escapeLike } from '../platform/db/like.js'
import type { DB } from '../platform/db/schema.js'
import { ehcClockRules } from './clock.js'
import type { AdviceDates, AdviceService, ConsultationDates, ExceptionDates } from './facts.js'
import { type CaseStatus, openStatuses } from './workflow.js'

/** SQL for caseloads: the cases in a view, and what the clock needs of them, in a fixed number of queries. */

export interface CaseloadSqlFilter {
  authorityId: string
  /** Only cases still open; filters on what has happened lift this. */
  openOnly: boolean
  status?: CaseStatus
  caseworkerUserId?: string
  unallocated?: boolean
  teamIds?: readonly string[]
  receivedFrom?: IsoDate
  receivedTo?: IsoDate
  /** Part of the child's name, or the start of the case reference. */
  search?: string
  finalIssuedFrom?: IsoDate
  finalIssuedTo?: IsoDate
  /** The final plan came after the 20 weeks (true) or within them (false). */
  finalLate?: boolean
  decidedFrom?: IsoDate
  decidedTo?: IsoDate
  decisionLate?: boolean
  advice?: {
    service?: AdviceService
    receivedFrom?: IsoDate
    receivedTo?: IsoDate
    late?: boolean
    /** Still awaited more than 6 weeks after it was asked for, on this day. */
    overdueOn?: IsoDate
  }
  /** Only cases whose kept clock verdict is not for this day (see clockStale). */
  staleOn?: IsoDate
}

export type CaseExpressions = ExpressionBuilder<DB & { c: DB['ehc_case'] }, 'c'>

const days = (n: number) => sql.lit(n)

function adviceExists(eb: CaseExpressions, advice: NonNullable<CaseloadSqlFilter['advice']>) {
  let sub = eb
    .selectFrom('advice_request as a')
    .select(sql.lit(1).as('one'))
    .whereRef('a.case_id', '=', 'c.id')
    .where('a.cancelled_on', 'is', null)
  if (advice.service) sub = sub.where('a.service', '=', advice.service)
  if (advice.receivedFrom) sub = sub.where('a.received_on', '>=', advice.receivedFrom)
  if (advice.receivedTo) sub = sub.where('a.received_on', '<=', advice.receivedTo)
  // SEND Regs 2014 reg 8(1): 6 weeks from the request for advice
  if (advice.late === true)
    sub = sub.where(sql<boolean>`a.received_on > a.requested_on + ${days(ehcClockRules.advice.days)}`)
  if (advice.late === false) {
    sub = sub.where(sql<boolean>`a.received_on <= a.requested_on + ${days(ehcClockRules.advice.days)}`)
  }
  if (advice.overdueOn) {
    sub = sub
      .where('a.received_on', 'is', null)
      .where(sql<boolean>`a.requested_on + ${days(ehcClockRules.advice.days)} < ${advice.overdueOn}`)
  }
  return eb.exists(sub)
}

const likeText = (text: string) => escapeLike(text.toLowerCase())

/**
 * How the authority, caseworker and team are written: as parameters the planner reads as it plans ('seen'), or behind
 * a sub-select it cannot see into ('unseen'), so that its estimates, and so its plan, are the same whoever asks. A
 * statement prepared once (see preparedStatements.ts) then keeps one generic plan instead of being planned afresh on
 * every call because each custom plan, knowing the values, looks cheaper.
 */
export type FilterValues = 'seen' | 'unseen'

/** The cases matching a caseload's filters, as a query still to be given its columns. */
export function filteredCases(db: Queryable, f: CaseloadSqlFilter, values: FilterValues = 'seen') {
  const id = (value: string) => (values === 'seen' ? sql`${value}::uuid` : sql`(select ${value}::uuid)`)
  const ids = (list: readonly string[]) =>
    values === 'seen' ? sql`${[...list]}::uuid[]` : sql`(select ${[...list]}::uuid[])::uuid[]`
  let query = db.selectFrom('ehc_case as c').where(sql<boolean>`c.authority_id = ${id(f.authorityId)}`)
  if (f.status) query = query.where('c.status', '=', f.status)
  else if (f.openOnly) query = query.where(caseIsOpen)
  if (f.caseworkerUserId) query = query.where(sql<boolean>`c.caseworker_user_id = ${id(f.caseworkerUserId)}`)
  if (f.unallocated) query = query.where('c.caseworker_user_id', 'is', null)
  if (f.teamIds) {
    query = f.teamIds.length
      ? query.where(sql<boolean>`c.team_id = any(${ids(f.teamIds)})`)
      : query.where(sql.lit(false))
  }
  if (f.receivedFrom) query = query.where('c.request_received', '>=', f.receivedFrom)
  if (f.receivedTo) query = query.where('c.request_received', '<=', f.receivedTo)
  if (f.search) {
    const text = likeText(f.search)
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(c.reference)`, 'like', `${text}%`),
        eb.exists(
          eb
            .selectFrom('child as ch')
            .select(sql.lit(1).as('one'))
            .whereRef('ch.id', '=', 'c.child_id')
            .where((ch) =>
              ch.or([
                ch(sql`lower(ch.legal_forename || ' ' || ch.legal_surname)`, 'like', `%${text}%`),
                ch(sql`lower(coalesce(ch.preferred_name, ''))`, 'like', `%${text}%`),
              ]),
            ),
        ),
      ]),
    )
  }
  if (f.finalIssuedFrom) query = query.where('c.final_issued_on', '>=', f.finalIssuedFrom)
  if (f.finalIssuedTo) query = query.where('c.final_issued_on', '<=', f.finalIssuedTo)
  // SEND Regs 2014 reg 13(2): 20 weeks from the request
  const finalDays = days(ehcClockRules.finalPlan.days)
  if (f.finalLate === true) query = query.where(sql<boolean>`c.final_issued_on > c.request_received + ${finalDays}`)
  if (f.finalLate === false) query = query.where(sql<boolean>`c.final_issued_on <= c.request_received + ${finalDays}`)
  if (f.decidedFrom) query = query.where('c.decision_on', '>=', f.decidedFrom)
  if (f.decidedTo) query = query.where('c.decision_on', '<=', f.decidedTo)
  // SEND Regs 2014 reg 5(1): 6 weeks from the request
  const decisionDays = days(ehcClockRules.decisionToAssess.days)
  if (f.decisionLate === true) query = query.where(sql<boolean>`c.decision_on > c.request_received + ${decisionDays}`)
  if (f.decisionLate === false) {
    query = query.where(sql<boolean>`c.decision_on <= c.request_received + ${decisionDays}`)
  }
  const { advice } = f
  if (advice) query = query.where((eb) => adviceExists(eb as unknown as CaseExpressions, advice))
  if (f.staleOn) query = query.where(clockStale(f.staleOn))
  return query
}

/**
 * Whether case `c` is still open, as a condition to write into SQL. The statuses are constants, written as literals
 * (the planner then sees them; see caseloadPage) into one piece of text made once: a caseload page writes this
 * condition eight times, and building it from parts each time was a measurable share of the page's time.
 */
export const caseIsOpenSql = `c.status in (${openStatuses.map(sqlLiteral).join(', ')})`
export const caseIsOpen = sql.raw<boolean>(caseIsOpenSql)

/** A constant of ours as an SQL literal: plain words only, so it needs no escaping. */
export function sqlLiteral(word: string): string {
  if (!/^[a-z_-]+$/.test(word)) throw new Error(`${word} is not a plain word`)
  return `'${word}'`
}

/**
 * Whether a case's kept verdict is not for this day: never worked out, its facts changed, or open and from another.
 * `open` is the case's openness, where a query has already worked it out.
 */
export const clockStale = (today: IsoDate, open: RawBuilder<boolean> = caseIsOpen) =>
  sql<boolean>`(c.clock_as_of is null or (${open} and c.clock_as_of <> ${today}))`

/**
 * What the clock needs of each case (its requests for advice, consultations and exceptions), as JSON arrays: SQL
 * without values, so written once as text rather than built on every query.
 */
export const clockInputColumns = [
  sql<AdviceDates[]>`(select coalesce(json_agg(agg), '[]') from (
      select a.service, a.contributor_name, a.requested_on, a.received_on, a.cancelled_on
      from advice_request a where a.case_id = c.id and a.cancelled_on is null order by a.requested_on, a.id) as agg)`.as(
    'advice',
  ),
  sql<ConsultationDates[]>`(select coalesce(json_agg(agg), '[]') from (
      select s.name as setting_name, k.sent_on, k.replied_on
      from ehc_consultation k join setting s on s.id = k.setting_id where k.case_id = c.id order by k.sent_on, k.id) as agg)`.as(
    'consultations',
  ),
  sql<ExceptionDates[]>`(select coalesce(json_agg(agg), '[]') from (
      select e.reason, e.starts_on, e.ends_on
      from ehc_exception e where e.case_id = c.id order by e.starts_on, e.id) as agg)`.as('exceptions'),
]

export const caseColumns = [
  'c.id',
  'c.reference',
  'c.status',
  'c.child_id',
  'c.version',
  'c.request_received',
  'c.decision_on',
  'c.decision',
  'c.issue_decision_on',
  'c.issue_decision',
  'c.draft_issued_on',
  'c.draft_response_on',
  'c.final_issued_on',
  'c.closed_on',
  'c.caseworker_user_id',
  'c.team_id',
  'c.clock_facts_version',
] as const

/**
 * Every case matching the filters with the caseworker and team named and what the clock needs of each: one query,
 * whatever the number of cases, unsorted. For whole-authority figures (the dashboard) and for working out verdicts.
 */
export async function caseloadRows(db: Queryable, f: CaseloadSqlFilter) {
  return filteredCases(db, f)
    .leftJoin('app_user as w', 'w.id', 'c.caseworker_user_id')
    .leftJoin('team as t', 't.id', 'c.team_id')
    .select([...caseColumns, 'w.display_name as caseworker_name', 't.name as team_name'])
    .select(clockInputColumns)
    .execute()
}

export type CaseloadRow = Awaited<ReturnType<typeof caseloadRows>>[number]

/** Caseworkers (active, in the authority) and teams, for the caseload's filters: one query. */
export async function filterChoices(db: Queryable, authorityId: string) {
  const rows = await db
    .selectFrom('app_user')
    .select([sql<'caseworker' | 'team'>`'caseworker'`.as('kind'), 'id', 'display_name as name'])
    .where('authority_id', '=', authorityId)
    .where('role', '=', 'caseworker')
    .where('disabled_at', 'is', null)
    .unionAll(
      db
        .selectFrom('team')
        .select([sql<'caseworker' | 'team'>`'team'`.as('kind'), 'id', 'name'])
        .where('authority_id', '=', authorityId),
    )
    .execute()
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name)
  const pick = (kind: string) =>
    rows
      .filter((r) => r.kind === kind)
      .map((r) => ({ id: r.id, name: r.name }))
      .sort(byName)
  return { caseworkers: pick('caseworker'), teams: pick('team') }
}

export interface ClockInputs {
  advice: AdviceDates[]
  consultations: ConsultationDates[]
  exceptions: ExceptionDates[]
}

/**
 * Advice requests, consultations and exceptions of many cases, for lists that load their cases another way (the
 * family's requests): three queries whatever the number of cases.
 */
export async function clockInputsOf(db: Queryable, caseIds: readonly string[]): Promise<Map<string, ClockInputs>> {
  const inputs = new Map<string, ClockInputs>()
  for (const id of caseIds) inputs.set(id, { advice: [], consultations: [], exceptions: [] })
  if (caseIds.length === 0) return inputs
  const ids = sql<boolean>`= any(${[...caseIds]}::uuid[])`
  const [advice, consultations, exceptions] = await Promise.all([
    db
      .selectFrom('advice_request')
      .select(['case_id', 'service', 'contributor_name', 'requested_on', 'received_on', 'cancelled_on'])
      .where(sql<boolean>`case_id ${ids}`)
      .orderBy('requested_on')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('ehc_consultation as k')
      .innerJoin('setting as s', 's.id', 'k.setting_id')
      .select(['k.case_id', 's.name as setting_name', 'k.sent_on', 'k.replied_on'])
      .where(sql<boolean>`k.case_id ${ids}`)
      .orderBy('k.sent_on')
      .orderBy('k.id')
      .execute(),
    db
      .selectFrom('ehc_exception')
      .select(['case_id', 'reason', 'starts_on', 'ends_on'])
      .where(sql<boolean>`case_id ${ids}`)
      .orderBy('starts_on')
      .orderBy('id')
      .execute(),
  ])
  for (const a of advice) inputs.get(a.case_id)?.advice.push(a)
  for (const k of consultations) inputs.get(k.case_id)?.consultations.push(k)
  for (const e of exceptions) inputs.get(e.case_id)?.exceptions.push(e)
  return inputs
}

/** The authority's active caseworkers, each with the number of open cases allocated to them. */
export async function caseworkersWithCaseloads(db: Queryable, authorityId: string) {
  const rows = await db
    .selectFrom('app_user as u')
    .leftJoin('ehc_case as c', (join) =>
      join
        .onRef('c.caseworker_user_id', '=', 'u.id')
        .on('c.authority_id', '=', authorityId)
        .on('c.status', 'in', [...openStatuses]),
    )
    .select(['u.id', 'u.display_name'])
    .select((eb) => eb.fn.count<string>('c.id').as('open_cases'))
    .where('u.authority_id', '=', authorityId)
    .where('u.role', '=', 'caseworker')
    .where('u.disabled_at', 'is', null)
    .groupBy(['u.id', 'u.display_name'])
    .orderBy('u.display_name')
    .execute()
  return rows.map((r) => ({ id: r.id, name: r.display_name, openCases: Number(r.open_cases) }))
}
