import { sql } from 'kysely'
import type { IsoDate } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import { ehcClockRules } from './clock.js'
import type { AdviceService } from './facts.js'
import { openStatuses } from './workflow.js'

/** SQL for the manager dashboard: aggregates where SQL can count, the rows the clock must judge where it cannot. */

const days = (n: number) => sql.lit(n)

/** Final plans issued in the period, with the exceptions recorded on their cases (two queries). */
export async function finalPlansIssued(db: Queryable, authorityId: string, from: IsoDate, to: IsoDate) {
  const inPeriod = (q: Queryable) =>
    q
      .selectFrom('ehc_case')
      .where('authority_id', '=', authorityId)
      .where('final_issued_on', '>=', from)
      .where('final_issued_on', '<=', to)
  const [plans, exceptions] = await Promise.all([
    inPeriod(db).select(['id', 'request_received', 'final_issued_on']).execute(),
    db
      .selectFrom('ehc_exception')
      .select(['case_id', 'reason', 'starts_on', 'ends_on'])
      .where('authority_id', '=', authorityId)
      .where('case_id', 'in', inPeriod(db).select('id'))
      .execute(),
  ])
  return { plans, exceptions }
}

/** Decisions whether to assess made in the period, and how many within 6 weeks of the request (reg 5(1)). */
export async function decisionTimeliness(db: Queryable, authorityId: string, from: IsoDate, to: IsoDate) {
  const row = await db
    .selectFrom('ehc_case')
    .select((eb) => [
      eb.fn.countAll<string>().as('made'),
      sql<string>`count(*) filter (where decision_on <= request_received + ${days(ehcClockRules.decisionToAssess.days)})`.as(
        'within',
      ),
    ])
    .where('authority_id', '=', authorityId)
    .where('decision_on', '>=', from)
    .where('decision_on', '<=', to)
    .executeTakeFirstOrThrow()
  return { made: Number(row.made), within: Number(row.within) }
}

/**
 * Advice by the service asked: returned in the period and how much of it within 6 weeks of being asked (reg 8(1)),
 * and what is overdue now on open cases.
 */
export async function adviceTimeliness(db: Queryable, authorityId: string, from: IsoDate, to: IsoDate, today: IsoDate) {
  const adviceDays = days(ehcClockRules.advice.days)
  const rows = await db
    .selectFrom('advice_request as a')
    .innerJoin('ehc_case as c', 'c.id', 'a.case_id')
    .select('a.service')
    .select([
      sql<string>`count(*) filter (where a.received_on >= ${from} and a.received_on <= ${to})`.as('received'),
      sql<string>`count(*) filter (where a.received_on >= ${from} and a.received_on <= ${to} and a.received_on <= a.requested_on + ${adviceDays})`.as(
        'within',
      ),
      sql<string>`count(*) filter (where a.received_on is null and a.requested_on + ${adviceDays} < ${today} and c.status in (${sql.join(openStatuses)}))`.as(
        'overdue',
      ),
    ])
    .where('a.authority_id', '=', authorityId)
    .where('a.cancelled_on', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('a.received_on', '>=', from), eb('a.received_on', '<=', to)]),
        eb('a.received_on', 'is', null),
      ]),
    )
    .groupBy('a.service')
    .execute()
  return rows.map((r) => ({
    service: r.service as AdviceService,
    received: Number(r.received),
    within: Number(r.within),
    overdue: Number(r.overdue),
  }))
}

export async function authorityOf(db: Queryable, authorityId: string) {
  return db.selectFrom('authority').select(['code', 'name']).where('id', '=', authorityId).executeTakeFirst()
}

/** The first year with a request on record: the dashboard offers calendar years from it. */
export async function firstRequestYear(db: Queryable, authorityId: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('ehc_case')
    .select((eb) => eb.fn.min('request_received').as('first'))
    .where('authority_id', '=', authorityId)
    .executeTakeFirst()
  const first = row?.first as string | null | undefined
  return first ? Number(first.slice(0, 4)) : undefined
}
