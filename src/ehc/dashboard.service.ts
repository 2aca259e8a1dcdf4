import { addDays, addMonths, type IsoDate, todayInLondon } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import { Forbidden, Invalid } from '../platform/errors.js'
import { mayTake } from '../platform/policy/policy.js'
import { sharedAnswers } from '../platform/sharedAnswers.js'
import type { UseCaseContext } from '../platform/useCase.js'
import { caseloadRows } from './caseload.repository.js'
import { evaluateCases } from './caseload.service.js'
import { type CaseRisk, caseRisks, type EhcExceptionReason, finalPlanWithinTwentyWeeks } from './clock.js'
import { type PublishedTimeliness, publishedTimeliness } from './dashboard.reference.js'
import {
  adviceTimeliness,
  authorityOf,
  decisionTimeliness,
  finalPlansIssued,
  firstRequestYear,
} from './dashboard.repository.js'
import { type AdviceService, adviceServiceNames } from './facts.js'
import { type CaseStatus, openStatuses } from './workflow.js'

export interface DashboardPeriod {
  key: string
  label: string
  from: IsoDate
  to: IsoDate
  /** The calendar year the published figures are compared for. */
  year: number
}

/** The last 12 months (the default), then each calendar year back to the first request on record (at most 6). */
export function dashboardPeriods(today: IsoDate, firstYear: number | undefined): DashboardPeriod[] {
  const thisYear = Number(today.slice(0, 4))
  const periods: DashboardPeriod[] = [
    {
      key: 'last-12-months',
      label: 'The last 12 months',
      from: addDays(addMonths(today, -12), 1),
      to: today,
      year: thisYear - 1,
    },
  ]
  const earliest = Math.max(firstYear ?? thisYear, thisYear - 5)
  for (let year = thisYear; year >= earliest; year--) {
    periods.push({
      key: String(year),
      label: year === thisYear ? `${year} so far` : String(year),
      from: `${year}-01-01`,
      to: year === thisYear ? today : `${year}-12-31`,
      year,
    })
  }
  return periods
}

const share = (part: number, whole: number) => (whole === 0 ? undefined : (100 * part) / whole)

export interface Dashboard {
  /** When the figures were worked out (they are shared for up to a minute). */
  computedAt: Date
  authority: { code: string; name: string } | undefined
  period: DashboardPeriod
  periods: DashboardPeriod[]
  /** SEND Regs 2014 reg 13(2), reported as the DfE publishes it: all plans, and those without an exception. */
  twentyWeeks: {
    issued: number
    within: number
    withinPct: number | undefined
    withException: number
    excludingExceptions: { issued: number; within: number; withinPct: number | undefined }
  }
  /** SEND Regs 2014 reg 5(1): decisions whether to assess made in the period. */
  decisions: { made: number; within: number; withinPct: number | undefined }
  /** SEND Regs 2014 reg 8(1), by the service asked. */
  advice: {
    service: AdviceService
    name: string
    received: number
    within: number
    withinPct: number | undefined
    overdue: number
  }[]
  risk: Record<CaseRisk, number>
  openCases: number
  byStatus: { status: CaseStatus; count: number }[]
  byCaseworker: { id: string; name: string; open: number; atRisk: number }[]
  unallocated: number
  published: { england: PublishedTimeliness | undefined; authority: PublishedTimeliness | undefined }
}

const behind: readonly CaseRisk[] = ['breached', 'overdue', 'at-risk']

/**
 * Figures are worked out at most once a minute for each authority, period and day, and shared by every request in
 * that minute (requests that arrive while they are being worked out wait for the same answer). Working them out puts
 * every open case against the clock and counts the plans, decisions and advice of a year: about a tenth of a second at
 * Birmingham's scale, which ten managers refreshing at once would queue behind (bench/dashboard.bench.ts measures
 * both). A minute-old count is fine for a dashboard; a case's own page and the caseload are always current.
 */
const dashboards = sharedAnswers<Dashboard>(60_000)

/**
 * The manager's dashboard for one period: 20-week timeliness of the final plans issued in it (with and without
 * exceptions), 6-week decisions, advice by service, and the open cases now by risk, status and caseworker. Counts
 * only: no child is named, so it is not an audited read (the cases behind each figure are, on the caseload).
 */
export async function loadDashboard(
  ctx: UseCaseContext,
  periodKey: string | undefined,
  today: IsoDate = todayInLondon(),
  now: number = Date.now(),
): Promise<Dashboard> {
  if (!mayTake(ctx.actor, 'ehc:dashboard')) throw new Forbidden()
  const { authorityId } = ctx.actor
  // A failure (an unknown period, a lost connection) is not kept.
  return dashboards(
    `${authorityId}|${periodKey ?? ''}|${today}`,
    () => computeDashboard(ctx.db, authorityId, periodKey, today),
    now,
  )
}

/** The dashboard's figures, worked out now (loadDashboard shares them for a minute). */
export async function computeDashboard(
  db: Queryable,
  authorityId: string,
  periodKey: string | undefined,
  today: IsoDate,
): Promise<Dashboard> {
  const [authority, firstYear] = await Promise.all([authorityOf(db, authorityId), firstRequestYear(db, authorityId)])
  const periods = dashboardPeriods(today, firstYear)
  const period = periods.find((p) => p.key === (periodKey ?? 'last-12-months'))
  if (!period) throw new Invalid([{ field: 'period', message: 'Choose a period from the list' }])

  const [plans, decisions, advice, open] = await Promise.all([
    finalPlansIssued(db, authorityId, period.from, period.to),
    decisionTimeliness(db, authorityId, period.from, period.to),
    adviceTimeliness(db, authorityId, period.from, period.to, today),
    caseloadRows(db, { authorityId, openOnly: true }),
  ])

  const exceptionsByCase = new Map<string, { reason: EhcExceptionReason; start: IsoDate; end?: IsoDate }[]>()
  for (const e of plans.exceptions) {
    const list = exceptionsByCase.get(e.case_id) ?? []
    list.push({ reason: e.reason as EhcExceptionReason, start: e.starts_on, end: e.ends_on ?? undefined })
    exceptionsByCase.set(e.case_id, list)
  }
  let within = 0
  let withException = 0
  let withinWithoutException = 0
  for (const plan of plans.plans) {
    const judged = finalPlanWithinTwentyWeeks({
      requestReceived: plan.request_received,
      finalIssued: plan.final_issued_on ?? undefined,
      exceptions: exceptionsByCase.get(plan.id),
    })
    if (judged.withinTwentyWeeks) within++
    if (judged.exceptionApplies) withException++
    else if (judged.withinTwentyWeeks) withinWithoutException++
  }
  const issued = plans.plans.length

  const entries = evaluateCases(open, today)
  const risk = Object.fromEntries(caseRisks.map((r) => [r, 0])) as Record<CaseRisk, number>
  const statusCounts = new Map<CaseStatus, number>()
  const caseworkers = new Map<string, { id: string; name: string; open: number; atRisk: number }>()
  let unallocated = 0
  for (const e of entries) {
    risk[e.assessment.risk]++
    const status = e.row.status as CaseStatus
    statusCounts.set(status, (statusCounts.get(status) ?? 0) + 1)
    const workerId = e.row.caseworker_user_id
    if (workerId === null) {
      unallocated++
      continue
    }
    const worker = caseworkers.get(workerId) ?? {
      id: workerId,
      name: e.row.caseworker_name ?? 'Unknown',
      open: 0,
      atRisk: 0,
    }
    worker.open++
    if (behind.includes(e.assessment.risk)) worker.atRisk++
    caseworkers.set(workerId, worker)
  }

  const adviceByService = new Map(advice.map((a) => [a.service, a]))
  return {
    computedAt: new Date(),
    authority,
    period,
    periods,
    twentyWeeks: {
      issued,
      within,
      withinPct: share(within, issued),
      withException,
      excludingExceptions: {
        issued: issued - withException,
        within: withinWithoutException,
        withinPct: share(withinWithoutException, issued - withException),
      },
    },
    decisions: { ...decisions, withinPct: share(decisions.within, decisions.made) },
    advice: (Object.keys(adviceServiceNames) as AdviceService[]).map((service) => {
      const a = adviceByService.get(service) ?? { received: 0, within: 0, overdue: 0 }
      return {
        service,
        name: adviceServiceNames[service],
        received: a.received,
        within: a.within,
        withinPct: share(a.within, a.received),
        overdue: a.overdue,
      }
    }),
    risk,
    openCases: entries.length,
    byStatus: openStatuses.map((status) => ({ status, count: statusCounts.get(status) ?? 0 })),
    byCaseworker: [...caseworkers.values()].sort((a, b) => b.open - a.open || a.name.localeCompare(b.name)),
    unallocated,
    published: {
      england: publishedTimeliness.england,
      authority: authority ? publishedTimeliness[authority.code] : undefined,
    },
  }
}
