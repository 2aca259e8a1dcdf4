import { type IsoDate, todayInLondon } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import { Forbidden } from '../platform/errors.js'
import { type Actor, mayManageCase, mayTake } from '../platform/policy/policy.js'
import { sharedAnswers } from '../platform/sharedAnswers.js'
import { auditReadAs, type UseCaseContext } from '../platform/useCase.js'
import {
  type CaseloadRow,
  type CaseloadSqlFilter,
  caseloadRows,
  clockInputsOf,
  filterChoices,
} from './caseload.repository.js'
import type { CaseloadQuery, CaseloadView } from './caseload.schemas.js'
import { type CaseloadLine, lineFromEntry, lineFromVerdict, verdictStale } from './caseloadLines.js'
import { type CaseloadPage, type CaseloadPageRow, caseloadPage, type VerdictFilter } from './caseloadPage.repository.js'
import { assessCase, type CaseAssessment, type CaseRisk, type ClockStepState, caseRisks } from './clock.js'
import { type ClockVerdict, saveClockVerdicts } from './clockVerdicts.repository.js'
import { type AdviceService, clockFactsOf } from './facts.js'
import { type CaseStatus, isOpen } from './workflow.js'

export const caseloadPageSize = 25

/** One case of a caseload, put against today by the clock. */
export interface CaseloadEntry {
  row: CaseloadRow
  open: boolean
  assessment: CaseAssessment
  /** The step due soonest among those not yet done (none once the case is closed). */
  nextStep: ClockStepState | undefined
}

const pending = new Set(['overdue', 'due-soon', 'upcoming'])

/** Puts each case against the clock: the facts from its rows, then assessCase. Pure, for caseloads and dashboards. */
export function evaluateCases(rows: readonly CaseloadRow[], today: IsoDate): CaseloadEntry[] {
  return rows.map((row) => {
    const assessment = assessCase(clockFactsOf(row, row.advice, row.consultations, row.exceptions), today)
    let nextStep: ClockStepState | undefined
    for (const step of assessment.steps) {
      if (pending.has(step.status) && (nextStep === undefined || step.due < nextStep.due)) nextStep = step
    }
    return { row, open: isOpen(row.status as CaseStatus), assessment, nextStep }
  })
}

/** Which caseloads a role is offered, first the one it opens on. */
export function caseloadViewsFor(actor: Actor): CaseloadView[] {
  if (mayTake(actor, 'ehc:allocate'))
    return actor.teamIds.length ? ['team', 'all', 'unallocated'] : ['all', 'unallocated']
  return ['mine', 'team', 'all']
}

function resolveView(actor: Actor, requested: CaseloadView | undefined): CaseloadView {
  const offered = caseloadViewsFor(actor)
  if (requested === undefined) return offered[0]!
  if (requested === 'unallocated' && !mayTake(actor, 'ehc:allocate')) {
    throw new Forbidden('Only team managers allocate cases, so only they see the unallocated ones')
  }
  return requested
}

/** Filters that look at what has happened reach closed cases: a plan issued last spring is no longer open. */
function historyFilterGiven(q: CaseloadQuery): boolean {
  return Boolean(
    q.finalIssuedFrom ||
      q.finalIssuedTo ||
      q.late ||
      q.decidedFrom ||
      q.decidedTo ||
      q.decision ||
      q.adviceReceivedFrom ||
      q.adviceReceivedTo ||
      q.adviceLate,
  )
}

function sqlFilterOf(actor: Actor, view: CaseloadView, q: CaseloadQuery, today: IsoDate): CaseloadSqlFilter {
  const filter: CaseloadSqlFilter = {
    authorityId: actor.authorityId,
    openOnly: !historyFilterGiven(q),
    status: q.status,
    caseworkerUserId: q.caseworker,
    teamIds: q.team ? [q.team] : undefined,
    receivedFrom: q.receivedFrom,
    receivedTo: q.receivedTo,
    search: q.q,
    finalIssuedFrom: q.finalIssuedFrom,
    finalIssuedTo: q.finalIssuedTo,
    finalLate: q.late === undefined ? undefined : q.late === 'true',
    decidedFrom: q.decidedFrom,
    decidedTo: q.decidedTo,
    decisionLate: q.decision === undefined ? undefined : q.decision === 'late',
  }
  if (q.adviceService || q.adviceReceivedFrom || q.adviceReceivedTo || q.adviceLate || q.adviceOverdue) {
    filter.advice = {
      service: q.adviceService as AdviceService | undefined,
      receivedFrom: q.adviceReceivedFrom,
      receivedTo: q.adviceReceivedTo,
      late: q.adviceLate === undefined ? undefined : q.adviceLate === 'true',
      overdueOn: q.adviceOverdue ? today : undefined,
    }
  }
  if (view === 'mine') {
    // Another caseworker's caseload is reached through the "All open" view's caseworker filter instead.
    filter.caseworkerUserId = actor.userId ?? '00000000-0000-0000-0000-000000000000'
  } else if (view === 'team') {
    filter.teamIds = q.team ? (actor.teamIds.includes(q.team) ? [q.team] : []) : actor.teamIds
  } else if (view === 'unallocated') {
    filter.unallocated = true
  }
  return filter
}

export interface Caseload {
  view: CaseloadView
  views: CaseloadView[]
  entries: CaseloadLine[]
  /** Cases matching every filter. */
  total: number
  page: number
  pageCount: number
  /** Open cases at each level of risk, before the risk filter (the counts link to it). */
  riskCounts: Record<CaseRisk, number>
  mayAllocate: boolean
  caseworkers: { id: string; name: string }[]
  teams: { id: string; name: string }[]
  /** Whether the actor may move these cases on; a caseworker reads other teams' cases only. */
  manageable: (entry: CaseloadLine) => boolean
}

/** What is kept of an entry's verdict, so that caseloads sort and count in SQL (caseloadPage). */
function verdictOf(entry: CaseloadEntry): ClockVerdict {
  return {
    caseId: entry.row.id,
    factsVersion: entry.row.clock_facts_version,
    risk: entry.assessment.risk,
    nextDue: entry.nextStep?.due ?? null,
    nextStep: entry.nextStep
      ? { step: entry.nextStep.step, label: entry.nextStep.label, overdue: entry.nextStep.status === 'overdue' }
      : null,
    exceptionApplies: entry.assessment.exceptionApplies,
  }
}

/**
 * Works out and keeps today's verdict on every case matching the filter whose kept one is not for today (a new day,
 * or facts changed since). Returns how many it worked out.
 */
export async function refreshClockVerdicts(db: Queryable, filter: CaseloadSqlFilter, today: IsoDate): Promise<number> {
  const rows = await caseloadRows(db, { ...filter, staleOn: today })
  await saveClockVerdicts(db, evaluateCases(rows, today).map(verdictOf), today)
  return rows.length
}

/**
 * The caseworkers and teams offered by the caseload's filters: shared for a minute per authority, so a caseworker
 * added is offered within the minute, and a busy caseload does not read the same list on every page.
 */
const choicesOf = sharedAnswers<Awaited<ReturnType<typeof filterChoices>>>(60_000)

/** Verdicts still stale after this many rounds are being changed as fast as they are worked out: sort as they stand. */
const refreshRounds = 3

/** One page of the caseload, sorted and counted on today's verdicts, the requested page kept within the pages there are. */
async function currentPage(
  db: Queryable,
  filter: CaseloadSqlFilter,
  verdict: VerdictFilter,
  requested: number,
  today: IsoDate,
): Promise<CaseloadPage & { page: number; pageCount: number }> {
  const size = caseloadPageSize
  let found = await caseloadPage(db, filter, verdict, { number: requested, size }, today)
  for (let round = 1; found.stale > 0 && round <= refreshRounds; round++) {
    await refreshClockVerdicts(db, filter, today)
    found = await caseloadPage(db, filter, verdict, { number: requested, size }, today)
  }
  const pageCount = Math.max(1, Math.ceil(found.total / size))
  const page = Math.min(requested, pageCount)
  if (page !== requested) found = await caseloadPage(db, filter, verdict, { number: page, size }, today)
  return { ...found, page, pageCount }
}

/**
 * The cases shown, from the verdict kept on each for today; any still stale (being changed as fast as they are worked
 * out) put against the clock afresh, their advice requests, consultations and exceptions read for them alone.
 */
export async function linesOf(
  db: Queryable,
  rows: readonly CaseloadPageRow[],
  today: IsoDate,
): Promise<CaseloadLine[]> {
  const stale = rows.filter((r) => verdictStale(r, today))
  const afresh = new Map<string, CaseloadLine>()
  if (stale.length) {
    const inputs = await clockInputsOf(
      db,
      stale.map((r) => r.id),
    )
    const entries = evaluateCases(
      stale.map((r) => ({ ...r, ...inputs.get(r.id)! })),
      today,
    )
    stale.forEach((r, i) => {
      afresh.set(r.id, lineFromEntry(r, entries[i]!))
    })
  }
  return rows.map((r) => afresh.get(r.id) ?? lineFromVerdict(r, today))
}

/**
 * A caseload: the cases in one view with the filters applied, sorted by risk then by the next due date, one page of
 * them put against the clock. Seeing a case in the list is a read of it: one audit entry names every case shown.
 */
export async function listCaseload(
  ctx: UseCaseContext,
  query: CaseloadQuery,
  today: IsoDate = todayInLondon(),
): Promise<Caseload> {
  if (!mayTake(ctx.actor, 'ehc:manage')) throw new Forbidden()
  const view = resolveView(ctx.actor, query.view)
  const verdict: VerdictFilter = {
    risk: query.risk,
    exceptionApplies: query.exception === undefined ? undefined : query.exception === 'yes',
  }
  const [found, choices] = await Promise.all([
    currentPage(ctx.db, sqlFilterOf(ctx.actor, view, query, today), verdict, query.page, today),
    choicesOf(ctx.actor.authorityId, () => filterChoices(ctx.db, ctx.actor.authorityId)),
  ])
  const shown = await linesOf(ctx.db, found.rows, today)
  if (shown.length) {
    await auditReadAs(ctx, {
      action: 'ehc_case.listed',
      recordType: 'ehc_case',
      details: { view, caseIds: shown.map((e) => e.row.id), childIds: shown.map((e) => e.row.child_id) },
    })
  }
  const riskCounts = Object.fromEntries(caseRisks.map((r) => [r, found.riskCounts[r] ?? 0])) as Record<CaseRisk, number>
  const { actor } = ctx
  return {
    view,
    views: caseloadViewsFor(actor),
    entries: shown,
    total: found.total,
    page: found.page,
    pageCount: found.pageCount,
    riskCounts,
    mayAllocate: mayTake(actor, 'ehc:allocate'),
    caseworkers: choices.caseworkers,
    teams: choices.teams,
    manageable: (e) =>
      mayManageCase(actor, {
        authorityId: actor.authorityId,
        teamId: e.row.team_id ?? undefined,
        caseworkerUserId: e.row.caseworker_user_id ?? undefined,
      }),
  }
}
