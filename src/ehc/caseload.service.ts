import { type IsoDate, todayInLondon } from '../platform/calendar/isoDate.js'
import { Forbidden } from '../platform/errors.js'
import { type Actor, mayManageCase, mayTake } from '../platform/policy/policy.js'
import { auditAs, type UseCaseContext } from '../platform/useCase.js'
import {
  type CaseloadRow,
  type CaseloadSqlFilter,
  caseloadRows,
  childNames,
  filterChoices,
} from './caseload.repository.js'
import type { CaseloadQuery, CaseloadView } from './caseload.schemas.js'
import { assessCase, type CaseAssessment, type CaseRisk, type ClockStepState, caseRisks } from './clock.js'
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
  /** Named for the cases on the page shown (see caseloadRows). */
  childName?: string
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

const riskRank = Object.fromEntries(caseRisks.map((r, i) => [r, i])) as Record<CaseRisk, number>

/** Most urgent first (clock.ts caseRisks order), then the soonest due step; closed cases last, latest closed first. */
export function compareByRisk(a: CaseloadEntry, b: CaseloadEntry): number {
  if (a.open !== b.open) return a.open ? -1 : 1
  if (!a.open) return (b.row.closed_on ?? '').localeCompare(a.row.closed_on ?? '')
  const byRisk = riskRank[a.assessment.risk] - riskRank[b.assessment.risk]
  if (byRisk !== 0) return byRisk
  const aDue = a.nextStep?.due ?? '9999-12-31'
  const bDue = b.nextStep?.due ?? '9999-12-31'
  return aDue.localeCompare(bDue) || a.row.request_received.localeCompare(b.row.request_received)
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
  entries: CaseloadEntry[]
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
  manageable: (entry: CaseloadEntry) => boolean
}

/**
 * A caseload: the cases in one view with the filters applied, put against the clock, sorted by risk then by the next
 * due date, one page of them. Seeing a case in the list is a read of it: one audit entry names every case shown.
 */
export async function listCaseload(
  ctx: UseCaseContext,
  query: CaseloadQuery,
  today: IsoDate = todayInLondon(),
): Promise<Caseload> {
  if (!mayTake(ctx.actor, 'ehc:manage')) throw new Forbidden()
  const view = resolveView(ctx.actor, query.view)
  const [rows, choices] = await Promise.all([
    caseloadRows(ctx.db, sqlFilterOf(ctx.actor, view, query, today)),
    filterChoices(ctx.db, ctx.actor.authorityId),
  ])
  let entries = evaluateCases(rows, today)
  if (query.exception) {
    const wanted = query.exception === 'yes'
    entries = entries.filter((e) => e.assessment.exceptionApplies === wanted)
  }
  const riskCounts = Object.fromEntries(caseRisks.map((r) => [r, 0])) as Record<CaseRisk, number>
  for (const e of entries) if (e.open) riskCounts[e.assessment.risk]++
  if (query.risk) entries = entries.filter((e) => e.assessment.risk === query.risk)
  entries.sort(compareByRisk)

  const total = entries.length
  const pageCount = Math.max(1, Math.ceil(total / caseloadPageSize))
  const page = Math.min(query.page, pageCount)
  const shown = entries.slice((page - 1) * caseloadPageSize, page * caseloadPageSize)
  // The names and the audit entry at once: on PGlite's single connection the name query simply waits its turn.
  const [names] = await Promise.all([
    childNames(
      ctx.db,
      ctx.actor.authorityId,
      shown.map((e) => e.row.child_id),
    ),
    shown.length
      ? auditAs(ctx, ctx.db, {
          action: 'ehc_case.listed',
          recordType: 'ehc_case',
          details: { view, caseIds: shown.map((e) => e.row.id), childIds: shown.map((e) => e.row.child_id) },
        })
      : undefined,
  ])
  for (const e of shown) e.childName = names.get(e.row.child_id) ?? 'Name not found'
  const { actor } = ctx
  return {
    view,
    views: caseloadViewsFor(actor),
    entries: shown,
    total,
    page,
    pageCount,
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
