import type { Insertable } from 'kysely'
import { chaserRules } from '../ehc/chasers.js'
import { computeEhcDeadlines, ehcClockRules, ehcExceptionReasons } from '../ehc/clock.js'
import { adviceServiceNames } from '../ehc/facts.js'
import { joinNames, type LetterKind, renderLetter } from '../ehc/letters.js'
import type { PanelQuestion } from '../ehc/panelCriteria.js'
import { type CaseStatus, openStatuses } from '../ehc/workflow.js'
import { fromDayNumber } from '../platform/calendar/isoDate.js'
import type {
  AdviceRequestTable,
  EhcCaseEventTable,
  EhcCaseTable,
  EhcConsultationTable,
  EhcExceptionTable,
  EhcLetterTable,
  EhcPlanTable,
  NotificationTable,
  PanelAgendaItemTable,
  PanelDecisionCriterionTable,
} from '../platform/db/schema.js'
import { workingDayOnOrBefore } from './days.js'
import type { AdviceStep, CaseSpec, Chain, ConsultationStep, EhcContext } from './ehc.js'
import * as text from './ehcText.js'
import type { SeedMeeting } from './panels.js'
import type { Random } from './random.js'
import type { StaffMember } from './staff.js'

/**
 * Writes the rows of one case from its chain of dates, as the service would have written them step by step: the case
 * as it stands today, its events (who, when, from and to which status, why), advice requests with their reminders,
 * consultations, exceptions, the panel's agenda items and decisions against its criteria, and in the demo the letters
 * with their delivery. Pure, like the generator that gives it the chains.
 */

export interface EhcRows {
  plans: Insertable<EhcPlanTable>[]
  cases: Insertable<EhcCaseTable>[]
  events: Insertable<EhcCaseEventTable>[]
  advice: Insertable<AdviceRequestTable>[]
  consultations: Insertable<EhcConsultationTable>[]
  exceptions: Insertable<EhcExceptionTable>[]
  agendaItems: Insertable<PanelAgendaItemTable>[]
  decisionCriteria: Insertable<PanelDecisionCriterionTable>[]
  letters: Insertable<EhcLetterTable>[]
  /** Each letter as it was sent, delivered (the outbox: letters.service.ts sends every letter). */
  notifications: Insertable<NotificationTable>[]
}

export function emptyEhcRows(): EhcRows {
  return {
    plans: [],
    cases: [],
    events: [],
    advice: [],
    consultations: [],
    exceptions: [],
    agendaItems: [],
    decisionCriteria: [],
    letters: [],
    notifications: [],
  }
}

const iso = (d: number) => fromDayNumber(d)
const yearOf = (d: number) => Number(fromDayNumber(d).slice(0, 4))
const week = 7

/** Ranks of events on the same day, in the order the process takes them. */
const eventRank: Record<string, number> = {
  request_received: 0,
  allocated: 1,
  invite_views: 2,
  exception_recorded: 3,
  panel_listed: 4,
  note: 5,
  decide_to_assess: 6,
  decide_not_to_assess: 6,
  advice_requested: 7,
  advice_chased: 8,
  advice_received: 9,
  exception_ended: 10,
  decide_to_issue: 11,
  decide_not_to_issue: 11,
  issue_draft: 12,
  consultation_sent: 13,
  draft_response: 14,
  consultation_replied: 15,
  issue_final: 16,
  withdraw: 17,
  transfer_out: 17,
  child_moved: 17,
  letter_sent: 18,
}

const transitionTo: Partial<Record<string, CaseStatus>> = {
  invite_views: 'considering',
  decide_to_assess: 'assessing',
  decide_not_to_assess: 'not_assessed',
  decide_to_issue: 'drafting',
  decide_not_to_issue: 'not_issued',
  issue_draft: 'draft_issued',
  issue_final: 'final_issued',
  withdraw: 'withdrawn',
  transfer_out: 'transferred_out',
  child_moved: 'moved_away',
}

const closingTransition = { withdrawn: 'withdraw', transferred_out: 'transfer_out', moved_away: 'child_moved' } as const

interface PendingEvent {
  day: number
  kind: string
  actor: StaffMember | { id: string | null; name: string } | undefined
  reason?: string
  details?: Record<string, unknown>
  letter?: LetterKind
}

export class CaseWriter {
  rows: EhcRows = emptyEhcRows()
  private nextReference: number
  private readonly random: Random
  private readonly today: number

  constructor(private readonly context: EhcContext) {
    this.random = context.random
    this.today = context.today
    this.nextReference = context.firstReference
  }

  /** The highest reference number used so far. */
  get lastReference(): number {
    return this.nextReference - 1
  }

  /** The rows written since the last call. */
  take(): EhcRows {
    const rows = this.rows
    this.rows = emptyEhcRows()
    return rows
  }

  /** The chain as it stands today: every step after today (or after the case closed) left out. */
  truncate(chain: Chain): Chain {
    const cut = chain.closed ? Math.min(this.today, chain.closed.day - 1) : this.today
    const by = (d: number | undefined) => (d !== undefined && d <= cut ? d : undefined)
    const out: Chain = { received: chain.received, advice: [], consultations: [] }
    out.allocated = by(chain.allocated)
    out.invited = by(chain.invited)
    // A decision falls on a panel day; today's panel has not yet met.
    if (chain.decision && chain.decision.day <= cut && chain.decision.day < this.today) out.decision = chain.decision
    if (out.decision?.outcome === 'assess') {
      out.advice = chain.advice.filter((a) => a.requested <= cut).map((a) => ({ ...a, received: by(a.received) }))
      if (chain.issueDecision && chain.issueDecision.day <= cut && chain.issueDecision.day < this.today) {
        out.issueDecision = chain.issueDecision
      }
    }
    if (out.issueDecision?.outcome === 'issue') {
      out.draft = by(chain.draft)
      if (out.draft !== undefined) {
        out.draftResponse = by(chain.draftResponse)
        out.consultations = chain.consultations
          .filter((k) => k.sent <= cut)
          .map((k) => ({ ...k, replied: by(k.replied), reply: by(k.replied) !== undefined ? k.reply : undefined }))
        out.final = by(chain.final)
      }
    }
    if (chain.closed && chain.closed.day <= this.today) out.closed = chain.closed
    if (chain.exception && chain.exception.start <= cut) out.exception = chain.exception
    return out
  }

  statusOf(chain: Chain): CaseStatus {
    if (chain.closed) return chain.closed.status
    if (chain.final !== undefined) return 'final_issued'
    if (chain.issueDecision?.outcome === 'not_issue') return 'not_issued'
    if (chain.draft !== undefined) return 'draft_issued'
    if (chain.issueDecision) return 'drafting'
    if (chain.decision?.outcome === 'not_assess') return 'not_assessed'
    if (chain.decision) return 'assessing'
    if (chain.invited !== undefined) return 'considering'
    return 'received'
  }

  /** Writes one case and everything that goes with it; returns the case's id. */
  emit(spec: CaseSpec): string {
    const { random, context } = this
    const { authorityId } = context
    const full = spec.chain
    const chain = this.truncate(full)
    const status = this.statusOf(chain)
    const open = openStatuses.includes(status)
    const caseId = random.uuid()
    const reference = `EHC-${yearOf(chain.received)}-${String(this.nextReference++).padStart(5, '0')}`
    const child = spec.child
    // Some requests wait for a caseworker: most new ones, a few older ones whose caseworker has gone.
    const allocated =
      spec.caseworker &&
      chain.allocated !== undefined &&
      (spec.fixedAllocation || !(open && random.chance(status === 'received' ? 0.4 : 0.04)))
        ? spec.caseworker
        : undefined
    const worker = allocated ?? spec.team.caseworkers[0] ?? context.staff.manager
    const refusal = spec.refusal
    const reasons = spec.reasons || text.requestReasons(child.need, spec.requester.requester_kind, random)
    const familyViews =
      spec.familyViews ??
      (random.chance(spec.requester.requester_kind === 'parent' ? 0.8 : 0.4) ? text.familyViews(random) : null)
    const closedOn =
      chain.closed?.day ??
      chain.final ??
      (chain.issueDecision?.outcome === 'not_issue' ? chain.issueDecision.day : undefined) ??
      (chain.decision?.outcome === 'not_assess' ? chain.decision.day : undefined)
    const refused = status === 'not_assessed' || status === 'not_issued'

    const row: Insertable<EhcCaseTable> = {
      id: caseId,
      authority_id: authorityId,
      child_id: child.id,
      reference,
      status,
      ...spec.requester,
      request_received: iso(chain.received),
      reasons,
      family_views: familyViews,
      family_views_invited_on: chain.invited !== undefined ? iso(chain.invited) : null,
      setting_id: child.settingId ?? null,
      team_id: spec.team.id,
      caseworker_user_id: allocated?.id ?? null,
      decision_on: chain.decision ? iso(chain.decision.day) : null,
      decision: chain.decision?.outcome ?? null,
      issue_decision_on: chain.issueDecision ? iso(chain.issueDecision.day) : null,
      issue_decision: chain.issueDecision?.outcome ?? null,
      draft_issued_on: chain.draft !== undefined ? iso(chain.draft) : null,
      draft_response_on: chain.draftResponse !== undefined ? iso(chain.draftResponse) : null,
      draft_response: chain.draftResponse !== undefined ? (spec.draftResponse ?? text.draftResponse(random)) : null,
      preferred_setting_id:
        chain.draftResponse !== undefined ? (spec.preferredSettingId ?? child.settingId ?? null) : null,
      final_issued_on: chain.final !== undefined ? iso(chain.final) : null,
      named_setting_id: chain.final !== undefined ? (child.settingId ?? null) : null,
      closed_on: closedOn !== undefined ? iso(closedOn) : null,
      closed_reason: refused ? (refusal?.reason ?? null) : chain.closed ? (spec.closedReason ?? null) : null,
      sen_support_next_step: refused ? (refusal?.nextStep ?? null) : null,
      family_view_of_outcome: refused ? (refusal?.familyView ?? null) : null,
      created_at: new Date(chain.received * 86_400_000 + 9 * 3_600_000),
    }
    this.rows.cases.push(row)

    const events: PendingEvent[] = []
    const push = (event: PendingEvent) => events.push(event)
    const requesterActor = spec.requester.requester_user_id
      ? { id: spec.requester.requester_user_id, name: spec.requester.requester_name }
      : worker
    push({
      day: chain.received,
      kind: 'request_received',
      actor: requesterActor,
      details: { via: spec.requester.received_via, requester: spec.requester.requester_kind, documents: 0 },
      letter: 'request_acknowledged',
    })
    if (allocated && chain.allocated !== undefined) {
      push({
        day: chain.allocated,
        kind: 'allocated',
        actor: context.staff.manager,
        details: { caseworker: allocated.displayName, caseworkerUserId: allocated.id },
      })
    }
    if (chain.invited !== undefined) push({ day: chain.invited, kind: 'invite_views', actor: worker })

    this.panelEvents(spec, full, chain, caseId, push)

    if (chain.decision) {
      const assess = chain.decision.outcome === 'assess'
      push({
        day: chain.decision.day,
        kind: assess ? 'decide_to_assess' : 'decide_not_to_assess',
        actor: context.staff.chair,
        reason: assess ? text.assessReasons : refusal?.reason,
        details: assess ? {} : { senSupportNextStep: refusal?.nextStep },
        letter: assess ? 'decision_to_assess' : 'decision_not_to_assess',
      })
    }
    for (const step of chain.advice) this.adviceRows(caseId, child.need, step, worker, open, push)
    if (chain.issueDecision) {
      const issue = chain.issueDecision.outcome === 'issue'
      push({
        day: chain.issueDecision.day,
        kind: issue ? 'decide_to_issue' : 'decide_not_to_issue',
        actor: context.staff.chair,
        reason: issue ? text.issueReasons : refusal?.reason,
        details: issue ? {} : { senSupportNextStep: refusal?.nextStep },
        letter: issue ? 'decision_to_issue' : 'decision_not_to_issue',
      })
    }
    if (chain.draft !== undefined) {
      push({ day: chain.draft, kind: 'issue_draft', actor: worker, letter: 'draft_plan_issued' })
    }
    if (chain.draftResponse !== undefined) {
      const family = child.youngPersonUserId ?? child.firstCarer?.userId
      push({
        day: chain.draftResponse,
        kind: 'draft_response',
        actor: family ? { id: family, name: child.youngPersonUserId ? child.name : child.firstCarer!.name } : worker,
        reason: row.draft_response ?? undefined,
      })
    }
    for (const k of chain.consultations) this.consultationRows(caseId, k, worker, push)
    if (chain.final !== undefined) {
      const named = child.settingId ? context.settings.get(child.settingId)?.name : undefined
      push({
        day: chain.final,
        kind: 'issue_final',
        actor: worker,
        details: named ? { namedSetting: named } : {},
        letter: 'final_plan_issued',
      })
    }
    if (chain.closed) {
      push({
        day: chain.closed.day,
        kind: closingTransition[chain.closed.status],
        actor: worker,
        reason: row.closed_reason ?? undefined,
      })
    }
    if (chain.exception) this.exceptionRows(caseId, chain.exception, worker, push)

    this.writeEvents(caseId, row, spec, events)
    return caseId
  }

  private adviceRows(
    caseId: string,
    need: string,
    step: AdviceStep,
    worker: StaffMember,
    open: boolean,
    push: (e: PendingEvent) => void,
  ) {
    const { random, context } = this
    const id = random.uuid()
    const c = step.contributor
    const due = step.requested + ehcClockRules.advice.days
    const label = `${adviceServiceNames[c.service]} (${c.name})`
    // Reminders go from a week before the due date, on it, then weekly (chasers.ts), for cases still open today:
    // the reminder job is new, so closed cases were never chased by it.
    let chasers = 0
    let lastChased: number | undefined
    if (open) {
      const until = Math.min(this.today, (step.received ?? this.today + 1) - 1)
      const days = [due - chaserRules.daysBeforeDue, due]
      for (let d = due + chaserRules.overdueEveryDays; d <= until; d += chaserRules.overdueEveryDays) days.push(d)
      for (const d of days) {
        if (d < step.requested || d > until) continue
        chasers++
        lastChased = d
        push({
          day: d,
          kind: 'advice_chased',
          actor: { id: null, name: 'Ascend (automatic reminder)' },
          details: {
            adviceRequestId: id,
            service: c.service,
            contributor: label,
            dueOn: iso(due),
            chaser: d < due ? 'before_due' : d === due ? 'due_today' : 'overdue',
            chaserNumber: chasers,
            daysOverdue: Math.max(0, d - due),
          },
        })
      }
    }
    const advice = step.received !== undefined ? text.adviceGiven(c.service, need) : undefined
    this.rows.advice.push({
      id,
      authority_id: context.authorityId,
      case_id: caseId,
      service: c.service,
      contributor_user_id: c.userId,
      contributor_name: c.name,
      contributor_email: c.email,
      requested_on: iso(step.requested),
      due_on: iso(due),
      questions: text.adviceQuestions(c.service),
      received_on: step.received !== undefined ? iso(step.received) : null,
      advice: advice ? JSON.stringify({ ...advice, givenBy: { name: c.name, userId: c.userId } }) : null,
      document_id: null,
      last_chased_on: lastChased !== undefined ? iso(lastChased) : null,
      chasers_sent: chasers,
      cancelled_on: null,
    })
    push({
      day: step.requested,
      kind: 'advice_requested',
      actor: worker,
      details: { adviceRequestId: id, service: c.service, contributor: label, dueOn: iso(due) },
    })
    if (step.received !== undefined) {
      push({
        day: step.received,
        kind: 'advice_received',
        actor: c.userId ? { id: c.userId, name: c.name } : worker,
        details: {
          adviceRequestId: id,
          service: c.service,
          contributor: label,
          dueOn: iso(due),
          onTime: step.received <= due,
          onBehalf: c.userId === null,
          documentId: null,
        },
      })
    }
  }

  private consultationRows(caseId: string, k: ConsultationStep, worker: StaffMember, push: (e: PendingEvent) => void) {
    const { random, context } = this
    const id = random.uuid()
    const setting = context.settings.get(k.settingId)
    const due = k.sent + ehcClockRules.consultationReply.days
    this.rows.consultations.push({
      id,
      authority_id: context.authorityId,
      case_id: caseId,
      setting_id: k.settingId,
      sent_on: iso(k.sent),
      due_on: iso(due),
      replied_on: k.replied !== undefined ? iso(k.replied) : null,
      reply: k.replied !== undefined ? (k.reply ?? 'can_meet_needs') : null,
      reply_note: k.replied !== undefined ? text.consultationNotes[k.reply ?? 'can_meet_needs'] : null,
    })
    const details = { consultationId: id, setting: setting?.name, settingId: k.settingId, dueOn: iso(due) }
    push({ day: k.sent, kind: 'consultation_sent', actor: worker, details })
    if (k.replied !== undefined) {
      const senco =
        k.settingId === context.demoSchoolId && context.demoSenco
          ? { id: context.demoSenco.userId, name: context.demoSenco.name }
          : worker
      push({ day: k.replied, kind: 'consultation_replied', actor: senco, details: { ...details, reply: k.reply } })
    }
  }

  private exceptionRows(
    caseId: string,
    e: NonNullable<Chain['exception']>,
    worker: StaffMember,
    push: (e: PendingEvent) => void,
  ) {
    const id = this.random.uuid()
    const label = ehcExceptionReasons[e.reason].label
    const note = text.exceptionNotes[e.reason]
    this.rows.exceptions.push({
      id,
      authority_id: this.context.authorityId,
      case_id: caseId,
      reason: e.reason,
      starts_on: iso(e.start),
      ends_on: e.end !== undefined ? iso(e.end) : null,
      note,
      recorded_by_user_id: worker.id,
    })
    const details = {
      exceptionId: id,
      exception: label,
      startsOn: iso(e.start),
      ...(e.end !== undefined ? { endsOn: iso(e.end) } : {}),
    }
    push({ day: e.start, kind: 'exception_recorded', actor: worker, reason: note, details })
    if (e.end !== undefined && e.end <= this.today) {
      push({ day: e.end, kind: 'exception_ended', actor: worker, details: { ...details, endsOn: iso(e.end) } })
    }
  }

  /**
   * The panel's part: a decision taken at a meeting held in the last weeks is an agenda item with the criteria
   * weighed; a case whose decision falls on a meeting to come is listed for it; a decision overdue today was deferred
   * at the last meeting.
   */
  private panelEvents(spec: CaseSpec, full: Chain, chain: Chain, caseId: string, push: (e: PendingEvent) => void) {
    const panels = this.context.panels
    const worker = spec.caseworker ?? spec.team.caseworkers[0] ?? this.context.staff.manager
    const list = (meeting: SeedMeeting, question: PanelQuestion) => {
      const id = this.random.uuid()
      meeting.items += 1
      // A week before the meeting, or by today for one sooner: on a working day.
      const listedOn = Math.max(chain.received, workingDayOnOrBefore(Math.min(this.today, meeting.day - 7)))
      push({
        day: listedOn,
        kind: 'panel_listed',
        actor: worker,
        details: { meetingId: meeting.id, meetsOn: iso(meeting.day), question, agendaItemId: id },
      })
      return { id, position: meeting.items }
    }
    const decide = (decision: { day: number; outcome: string } | undefined, question: PanelQuestion) => {
      const meeting = decision ? panels.meetingByDay.get(decision.day) : undefined
      if (!decision || !meeting?.held) return
      const item = list(meeting, question)
      const positive = decision.outcome === 'assess' || decision.outcome === 'issue'
      const reasons = positive
        ? question === 'assess'
          ? text.assessReasons
          : text.issueReasons
        : (spec.refusal?.reason ?? text.deferralReasons)
      this.rows.agendaItems.push({
        id: item.id,
        authority_id: this.context.authorityId,
        meeting_id: meeting.id,
        case_id: caseId,
        question,
        position: item.position,
        decision: decision.outcome as 'assess',
        reasons,
        decided_at: `${iso(meeting.day)}T10:30:00Z`,
        decided_by_user_id: this.context.staff.chair.id,
      })
      this.criteriaRows(item.id, question, positive, reasons)
    }
    decide(chain.decision, 'assess')
    decide(chain.issueDecision, 'issue')

    // Awaiting a decision today: listed for the meeting its decision falls on, and deferred last time if overdue.
    const status = this.statusOf(chain)
    const awaitingAssess = status === 'received' || status === 'considering'
    const awaitingIssue =
      status === 'assessing' && chain.advice.length > 0 && chain.advice.every((a) => a.received !== undefined)
    if (!awaitingAssess && !awaitingIssue) return
    const question: PanelQuestion = awaitingAssess ? 'assess' : 'issue'
    if (awaitingAssess && this.today - chain.received > 6 * week) {
      const last = [...panels.meetings].reverse().find((m) => m.held && m.day >= chain.received + 2 * week)
      if (last) {
        const item = list(last, 'assess')
        this.rows.agendaItems.push({
          id: item.id,
          authority_id: this.context.authorityId,
          meeting_id: last.id,
          case_id: caseId,
          question: 'assess',
          position: item.position,
          decision: 'deferred',
          reasons: text.deferralReasons,
          decided_at: `${iso(last.day)}T10:30:00Z`,
          decided_by_user_id: this.context.staff.chair.id,
        })
        push({
          day: last.day,
          kind: 'note',
          actor: this.context.staff.chair,
          reason: `The panel deferred its decision: ${text.deferralReasons}`,
          details: { meetingId: last.id, agendaItemId: item.id, panelDeferred: true, question: 'assess' },
        })
      }
    }
    const next = spec.listOn ?? (awaitingAssess ? full.decision?.day : full.issueDecision?.day)
    const meeting = next !== undefined ? panels.meetingByDay.get(next) : undefined
    if (meeting && !meeting.held) {
      const item = list(meeting, question)
      this.rows.agendaItems.push({
        id: item.id,
        authority_id: this.context.authorityId,
        meeting_id: meeting.id,
        case_id: caseId,
        question,
        position: item.position,
        decision: null,
        reasons: null,
        decided_at: null,
        decided_by_user_id: null,
      })
    }
  }

  private criteriaRows(itemId: string, question: PanelQuestion, positive: boolean, reasons: string) {
    const criteria = this.context.panels.criteria[question]
    // A refusal fails the test of necessity (s.36(8)(b), s.37(1)) and what the evidence must show.
    const failed = (code: string) => !positive && /necessary|not-ordinarily|progress/.test(code)
    const anyFailed = criteria.some((k) => failed(k.code))
    criteria.forEach((k, i) => {
      const met = positive || !(failed(k.code) || (!anyFailed && i === 1))
      this.rows.decisionCriteria.push({ agenda_item_id: itemId, criterion_id: k.id, met, note: met ? null : reasons })
    })
  }

  private writeEvents(caseId: string, row: Insertable<EhcCaseTable>, spec: CaseSpec, events: PendingEvent[]) {
    const { context } = this
    events.sort((a, b) => a.day - b.day || (eventRank[a.kind] ?? 5) - (eventRank[b.kind] ?? 5))
    let status: CaseStatus | undefined
    let sequence = 0
    const write = (e: PendingEvent, from?: CaseStatus, to?: CaseStatus) => {
      const actor = e.actor
      this.rows.events.push({
        id: this.random.uuid(),
        authority_id: context.authorityId,
        case_id: caseId,
        kind: e.kind,
        from_status: from ?? null,
        to_status: to ?? null,
        occurred_on: iso(e.day),
        // Recorded on the day it happened, in the order it happened (the timeline orders a day's events by this).
        recorded_at: new Date(e.day * 86_400_000 + sequence++ * 1000),
        actor_user_id: actor?.id ?? null,
        actor_label: actor ? ('displayName' in actor ? actor.displayName : actor.name) : 'Ascend',
        reason: e.reason ?? null,
        details: JSON.stringify(e.details ?? {}),
      })
    }
    for (const e of events) {
      if (e.kind === 'request_received') {
        status = 'received'
        write(e, undefined, 'received')
      } else {
        const to = transitionTo[e.kind]
        if (to) {
          write(e, status, to)
          status = to
        } else write(e)
      }
      // Every decision, draft and final plan has its letter; the acknowledgement only while the request is open.
      const letter =
        e.letter === 'request_acknowledged' && !openStatuses.includes(row.status as CaseStatus) ? undefined : e.letter
      if (letter && context.letters) write(this.letter(caseId, row, spec, e))
    }
  }

  /** The letter a step calls for, rendered from the letter templates as the service would on that day. */
  private letter(caseId: string, row: Insertable<EhcCaseTable>, spec: CaseSpec, e: PendingEvent): PendingEvent {
    const { context } = this
    const kind = e.letter!
    const child = spec.child
    const deadlines = computeEhcDeadlines({
      requestReceived: String(row.request_received),
      draftIssued: row.draft_issued_on ? String(row.draft_issued_on) : undefined,
    })
    const recipient = child.youngPersonUserId
      ? child.name
      : joinNames(child.carers.map((c) => c.name)) || `The parent or carer of ${child.name}`
    const dated = iso(e.day)
    const letter = renderLetter(kind, {
      authorityName: context.plan.name,
      childName: child.name,
      reference: String(row.reference),
      recipientName: recipient,
      dated,
      requestReceived: String(row.request_received),
      decisionDue: deadlines.decisionToAssess,
      notToIssueDue: deadlines.notToIssue,
      finalPlanDue: deadlines.finalPlan,
      decidedOn: dated,
      reasons: e.reason ?? row.closed_reason ?? undefined,
      senSupportNextStep: row.sen_support_next_step ?? undefined,
      draftIssuedOn: row.draft_issued_on ? String(row.draft_issued_on) : undefined,
      draftResponseDue: deadlines.draftResponseDue,
      finalIssuedOn: row.final_issued_on ? String(row.final_issued_on) : undefined,
      // The demo's final plans name the setting the family asked for (ehc.ts), so give no reason for another.
      namedSetting: row.named_setting_id ? context.settings.get(String(row.named_setting_id))?.name : undefined,
      signedBy: spec.caseworker?.displayName ?? 'SEN Assessment and Review team',
    })
    const id = this.random.uuid()
    const sentAt = new Date(e.day * 86_400_000 + 15 * 3_600_000)
    this.rows.letters.push({
      id,
      authority_id: context.authorityId,
      case_id: caseId,
      kind,
      dated,
      recipient_name: recipient,
      subject: letter.subject,
      body: letter.body,
      appeal_by: letter.appealBy ?? null,
      mediation_contact_by: letter.mediationContactBy ?? null,
      created_by_user_id: spec.caseworker?.id ?? null,
      created_at: sentAt,
    })
    // Sent as letters.service.ts sends it: by email where there is an address, otherwise by post; delivered.
    const youngPersonEmail = child.youngPersonUserId ? context.accountEmails?.get(child.youngPersonUserId) : undefined
    const carer = child.carers.find((c) => c.email) ?? child.carers[0]
    const to = youngPersonEmail
      ? { name: child.name, userId: child.youngPersonUserId, channel: 'email' as const, address: youngPersonEmail }
      : carer
        ? {
            name: carer.name,
            userId: carer.userId,
            channel: carer.email ? ('email' as const) : ('letter' as const),
            address: carer.email ?? carer.postal,
          }
        : undefined
    if (to?.address) {
      this.rows.notifications.push({
        id: this.random.uuid(),
        authority_id: context.authorityId,
        child_id: child.id,
        channel: to.channel,
        recipient_user_id: to.userId ?? null,
        recipient_name: to.name,
        to_address: to.address,
        template_key: `ehc.letter.${kind}`,
        subject: letter.subject,
        body: letter.body,
        reference: `ehc_letter:${id}`,
        status: 'delivered',
        attempts: 1,
        next_attempt_at: sentAt,
        created_at: sentAt,
        sent_at: sentAt,
        delivered_at: new Date(sentAt.getTime() + 3_600_000),
        updated_at: new Date(sentAt.getTime() + 3_600_000),
      })
    }
    return {
      day: e.day,
      kind: 'letter_sent',
      actor: spec.caseworker ?? context.staff.manager,
      details: {
        letterId: id,
        letterKind: kind,
        subject: letter.subject,
        dated,
        sentTo: to?.address ? [{ name: to.name, channels: [to.channel] }] : [],
        notSent: to?.address ? [] : [recipient],
      },
    }
  }
}
