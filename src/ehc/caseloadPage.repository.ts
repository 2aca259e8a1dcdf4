import { sql } from 'kysely'
import type { IsoDate } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import type { DB } from '../platform/db/schema.js'
import {
  type CaseloadRow,
  type CaseloadSqlFilter,
  caseColumns,
  caseIsOpen,
  caseIsOpenSql,
  clockStale,
  filteredCases,
  sqlLiteral,
} from './caseload.repository.js'
import { type CaseRisk, caseRisks } from './clock.js'

const verdictColumns = ['c.clock_risk', 'c.clock_next_due', 'c.clock_exception_applies', 'c.clock_as_of'] as const
/** The rest of the verdict, read for the cases shown only. */
const nextStepColumns = ['c.clock_next_step', 'c.clock_next_label', 'c.clock_next_overdue'] as const

/** The risks, most urgent first, as a literal array (a constant: see caseIsOpen). */
const riskOrder = `array[${caseRisks.map(sqlLiteral).join(', ')}]::text[]`

/** The caseload's order (see caseloadPage), with `open` the condition that a case is open: constant text. */
const orderBy = (open: string) =>
  sql.raw(`${open} desc,
    case when ${open} then array_position(${riskOrder}, c.clock_risk) end,
    case when ${open} then coalesce(c.clock_next_due, '9999-12-31') end,
    case when ${open} then c.request_received end,
    c.closed_on desc nulls last,
    c.id`)
/** Of the cases matched, whose openness is worked out once for each (a column of its own). */
const matchedOrder = orderBy('c.open')
const order = orderBy(caseIsOpenSql)
/**
 * The same order among open cases only (their closed_on is null), written as the keys of ehc_case_open_by_risk
 * (migrations/0010_open_cases_by_risk.sql) so that the first page is read off that index in order, not sorted.
 */
const openOrder = sql.raw(`array_position(${riskOrder}, c.clock_risk), coalesce(c.clock_next_due, '9999-12-31'),
    c.request_received, c.id`)

/**
 * Open cases matched at each risk, counted in the one pass over them that counts the rest: constant text, the exception
 * filter (yes, no or either) written in as a literal.
 */
const riskCounts = (exceptionApplies: boolean | undefined) => {
  const byException = exceptionApplies === undefined ? '' : ` and c.clock_exception_applies = ${exceptionApplies}`
  return sql.raw(
    caseRisks
      .map(
        (risk) =>
          `${sqlLiteral(risk)}, count(*) filter (where c.open${byException} and c.clock_risk = ${sqlLiteral(risk)})`,
      )
      .join(', '),
  )
}

/** The columns of the cases shown, as text made once. */
const shownColumns = sql.raw([...caseColumns, ...verdictColumns, ...nextStepColumns].join(', '))

/** Filters on the clock's verdict, answered from the verdict kept on each case. */
export interface VerdictFilter {
  risk?: CaseRisk
  exceptionApplies?: boolean
}

/** A case shown: its columns, the verdict kept on it, and the names the list shows. */
export interface CaseloadPageRow extends Omit<CaseloadRow, 'advice' | 'consultations' | 'exceptions'> {
  legal_forename: string
  legal_surname: string
  preferred_name: string | null
  clock_risk: DB['ehc_case']['clock_risk']
  clock_next_due: IsoDate | null
  clock_exception_applies: boolean | null
  clock_as_of: IsoDate | null
  clock_next_step: DB['ehc_case']['clock_next_step']
  clock_next_label: string | null
  clock_next_overdue: boolean | null
}

export interface CaseloadPage {
  rows: CaseloadPageRow[]
  /** Cases matching every filter. */
  total: number
  /** Open cases at each level of risk, matching every filter but the risk. */
  riskCounts: Partial<Record<CaseRisk, number>>
  /** Cases matching the filters whose kept verdict is not for today: until they are worked out, the rest is guesswork. */
  stale: number
}

type PageResultRow = Partial<CaseloadPageRow> & {
  total: number
  stale: number
  risk_counts: Partial<Record<CaseRisk, number>>
}

/**
 * One page of a caseload, most urgent first: open cases before closed ones, by risk (clock.ts caseRisks order), then the
 * soonest due step, then the date received; closed cases latest closed first. With the counts above it and the child, caseworker,
 * team and kept verdict of the cases shown only: one query, whatever the size of the caseload. The order, the counts
 * and each case's next step come from the verdict kept on each case, so they hold only when `stale` is 0.
 *
 * Planning this query costs more than running it (measured at Birmingham scale: 1.5 ms of the server's time a call
 * planned each time, 0.6 ms on a kept plan). So it is written to keep one generic plan per connection: the caseworker
 * and team out of the planner's sight (filteredCases 'unseen'), the statuses, risks and page size as literals, the
 * offset behind a sub-select; a plan made knowing them would always look cheaper, and be made afresh every call.
 */
export async function caseloadPage(
  db: Queryable,
  filter: CaseloadSqlFilter,
  verdict: VerdictFilter,
  page: { number: number; size: number },
  today: IsoDate,
): Promise<CaseloadPage> {
  // What the sort and the counts read, for every case matched; the rest only for the page shown.
  // Open cases only (the caseload as it opens): `open` is then the constant true, which PostgreSQL folds away rather
  // than testing each case's status again in every count below.
  const matched = filteredCases(db, filter, 'unseen').select([
    'c.id',
    'c.status',
    (filter.openOnly ? sql.raw<boolean>('true') : caseIsOpen).as('open'),
    'c.request_received',
    'c.closed_on',
    ...verdictColumns,
  ])
  const byRisk = verdict.risk === undefined ? sql`true` : sql`c.clock_risk = ${verdict.risk}`
  const byException =
    verdict.exceptionApplies === undefined ? sql`true` : sql`c.clock_exception_applies = ${verdict.exceptionApplies}`
  const limit = sql`limit ${sql.lit(page.size)} offset (select ${(page.number - 1) * page.size}::int)`
  // Open cases only (the caseload as it opens): counted off the covering index, the page taken off it in order.
  const shown =
    filter.openOnly && filter.status === undefined
      ? sql`select c.id from (${filteredCases(db, filter, 'unseen').select(['c.id', ...verdictColumns, 'c.request_received'])}) c
        where ${byRisk} and ${byException} order by ${openOrder} ${limit}`
      : sql`select c.id from matched c where ${byRisk} and ${byException} order by ${matchedOrder} ${limit}`
  const { rows } = await sql<PageResultRow>`
    with matched as (${matched}),
    summary as (
      select
        count(*) filter (where ${byRisk} and ${byException})::int as total,
        count(*) filter (where ${clockStale(today, sql.raw('c.open'))})::int as stale,
        json_build_object(${riskCounts(verdict.exceptionApplies)}) as risk_counts
      from matched c
    ),
    shown as (${shown})
    select s.total, s.stale, s.risk_counts, ${shownColumns},
      w.display_name as caseworker_name, t.name as team_name,
      ch.legal_forename, ch.legal_surname, ch.preferred_name
    from summary s
    left join shown on true
    left join ehc_case c on c.id = shown.id
    left join app_user w on w.id = c.caseworker_user_id
    left join team t on t.id = c.team_id
    left join child ch on ch.id = c.child_id
    order by ${order}`.execute(db)
  const first = rows[0]
  if (!first) throw new Error('The caseload query returned no summary row')
  return {
    rows: rows.filter((r) => r.id !== null && r.id !== undefined) as CaseloadPageRow[],
    total: first.total,
    riskCounts: first.risk_counts,
    stale: first.stale,
  }
}
