/**
 * The statutory EHC clock (DESIGN.md 4.1–4.3): every due date of an EHC needs assessment, review and disagreement,
 * and a pure evaluation of one case against today's date. No I/O; dates are `YYYY-MM-DD` strings at the interface and
 * day numbers inside, so a whole caseload can be evaluated without creating a single `Date`.
 *
 * The assessment limits are calendar periods ("days" are calendar days, "weeks" calendar weeks) counted from the day of
 * the event, and they never move off weekends or bank holidays; only tribunal deadlines do (`computeAppealDeadlines`).
 * Exceptions never move a due date either: they are recorded, and they mark a late step as late "with an exception
 * applied", because the DfE reports timeliness both with and without exceptions.
 */
import { addWorkingDays, nextWorkingDayOnOrAfter } from '../platform/calendar/bankHolidays.js'
import {
  addDays,
  addMonths,
  fromDayNumber,
  type IsoDate,
  longIsoDate,
  makeIsoDate,
  splitIsoDate,
  toDayNumber,
} from '../platform/calendar/isoDate.js'

// ---------------------------------------------------------------------------------------------------------------------
// Exceptions

/** Why a time limit "need not" be met (SEND Regs 2014 regs 5(4), 8(2), 10(4) and 13(3)). */
export type EhcExceptionReason =
  | 'school-or-college-closed'
  | 'early-years-provider-closed'
  | 'exceptional-personal-circumstances'
  | 'away-from-area'
  | 'missed-appointment'

export const ehcExceptionReasons: Record<EhcExceptionReason, { label: string; source: string }> = {
  // Advice asked of a school or post-16 institution from 1 week before it closes for 4 or more weeks until 1 week
  // before it reopens (in practice the summer holiday); see closureExceptionPeriod
  'school-or-college-closed': {
    label: 'advice asked of a school or college closed for 4 weeks or more',
    source: 'SEND Regs 2014 reg 5(4), 10(4)(a)',
  },
  'early-years-provider-closed': {
    label: 'advice asked of an early years provider closed for 4 weeks or more',
    source: 'SEND Regs 2014 reg 5(4), 10(4)(b)',
  },
  'exceptional-personal-circumstances': {
    label: 'exceptional personal circumstances',
    source: 'SEND Regs 2014 reg 5(4), 8(2), 10(4)(c)',
  },
  'away-from-area': {
    label: 'away from the area for 4 weeks or more',
    source: 'SEND Regs 2014 reg 5(4), 8(2), 10(4)(d)',
  },
  // Advice only: the child, parent or young person missed an appointment for an examination or test
  'missed-appointment': { label: 'a missed appointment', source: 'SEND Regs 2014 reg 8(2)' },
}

/** An exception recorded on a case: why, and the period it covers (open-ended while it lasts). */
export interface EhcException {
  reason: EhcExceptionReason
  start: IsoDate
  end?: IsoDate
}

// reg 10(4)(a)-(d); reg 5(4) and reg 13(3) rely on the same four reasons
const assessmentExceptions: readonly EhcExceptionReason[] = [
  'school-or-college-closed',
  'early-years-provider-closed',
  'exceptional-personal-circumstances',
  'away-from-area',
]
// reg 8(2): the 6 weeks for advice
const adviceExceptions: readonly EhcExceptionReason[] = [
  'exceptional-personal-circumstances',
  'away-from-area',
  'missed-appointment',
]

/**
 * The period in which asking a closed setting for advice excuses the time limits: from 1 week before it closes until
 * 1 week before it reopens, and only when it is closed for at least 4 continuous weeks (SEND Regs 2014 reg 10(4)(a)
 * and (b)). `closes` is the first day closed; `reopens` the first day open again. Undefined for a shorter closure.
 */
export function closureExceptionPeriod(closure: {
  closes: IsoDate
  reopens: IsoDate
}): { start: IsoDate; end: IsoDate } | undefined {
  const closes = toDayNumber(closure.closes)
  const reopens = toDayNumber(closure.reopens)
  if (reopens - closes < 28) return undefined
  return { start: fromDayNumber(closes - 7), end: fromDayNumber(reopens - 7) }
}

// ---------------------------------------------------------------------------------------------------------------------
// The assessment clock, as data

/** The steps of the assessment clock that a case is measured against. */
export type EhcClockStep =
  | 'decisionToAssess'
  | 'advice'
  | 'draftTarget'
  | 'consultationReply'
  | 'decisionToIssue'
  | 'finalPlan'

interface ClockRule {
  /** Calendar days from the event the step runs from. */
  days: number
  /** A legal limit (late is overdue) or the service's working target (late puts the 20 weeks at risk). */
  statutory: boolean
  source: string
  excusedBy: readonly EhcExceptionReason[]
}

export const ehcClockRules: Record<EhcClockStep | 'draftResponse', ClockRule> = {
  // SEND Regs 2014 reg 5(1): tell the family within 6 weeks of the request whether the authority will assess
  decisionToAssess: {
    days: 6 * 7,
    statutory: true,
    source: 'SEND Regs 2014 reg 5(1)',
    excusedBy: assessmentExceptions,
  },
  // SEND Regs 2014 reg 8(1): each body asked for advice answers within 6 weeks of being asked
  advice: { days: 6 * 7, statutory: true, source: 'SEND Regs 2014 reg 8(1)', excusedBy: adviceExceptions },
  // Not in law: a draft by week 14 leaves room for the 15-day response and consultation before week 20
  draftTarget: { days: 14 * 7, statutory: false, source: 'working target: draft by week 14', excusedBy: [] },
  // SEND Regs 2014 reg 13(1)(a): at least 15 days for the family to comment, ask for a meeting and name a setting.
  // The regulation counts 15 days "beginning with the day on which the draft plan was served" (ending 14 days after
  // it); 15 days after the day the draft was sent is never earlier, even when it is served by post a day later.
  draftResponse: { days: 15, statutory: true, source: 'SEND Regs 2014 reg 13(1)(a)', excusedBy: [] },
  // Children and Families Act 2014 s.39 and Code of Practice 9.79 onwards: a consulted setting replies within 15 days
  consultationReply: { days: 15, statutory: true, source: 'SEND Code of Practice 2015 9.79ff', excusedBy: [] },
  // SEND Regs 2014 reg 10(1): a decision not to issue a plan is notified within 16 weeks of the request
  decisionToIssue: {
    days: 16 * 7,
    statutory: true,
    source: 'SEND Regs 2014 reg 10(1)',
    excusedBy: assessmentExceptions,
  },
  // SEND Regs 2014 reg 13(2): the final plan is issued within 20 weeks of the request; reg 13(3) exceptions
  finalPlan: { days: 20 * 7, statutory: true, source: 'SEND Regs 2014 reg 13(2)', excusedBy: assessmentExceptions },
}

/** Days ahead that count as "due soon" in caseload views. */
export const dueSoonDays = 7

// The service's working rule (not in law): advice still out in week 10 leaves too little time for a draft by week 14
const adviceAtRiskFromWeek = 10

// ---------------------------------------------------------------------------------------------------------------------
// Deadlines

export interface EhcDeadlineInput {
  requestReceived: IsoDate
  adviceRequested?: IsoDate
  /** The day the draft plan was sent to the family. */
  draftIssued?: IsoDate
  /** The day a setting was consulted on being named. */
  consultationSent?: IsoDate
}

export interface EhcDeadlines {
  decisionToAssess: IsoDate
  notToIssue: IsoDate
  finalPlan: IsoDate
  draftTarget: IsoDate
  adviceDue?: IsoDate
  draftResponseDue?: IsoDate
  consultationResponseDue?: IsoDate
}

/** Every due date of an EHC needs assessment that follows from the dates given. */
export function computeEhcDeadlines(input: EhcDeadlineInput): EhcDeadlines {
  const draftDay = input.draftIssued === undefined ? undefined : toDayNumber(input.draftIssued)
  const deadlines = deadlinesFromRequest(toDayNumber(input.requestReceived), draftDay)
  if (input.adviceRequested !== undefined) {
    deadlines.adviceDue = fromDayNumber(toDayNumber(input.adviceRequested) + ehcClockRules.advice.days)
  }
  if (input.consultationSent !== undefined) {
    deadlines.consultationResponseDue = fromDayNumber(
      toDayNumber(input.consultationSent) + ehcClockRules.consultationReply.days,
    )
  }
  return deadlines
}

function deadlinesFromRequest(requestDay: number, draftDay: number | undefined): EhcDeadlines {
  const deadlines: EhcDeadlines = {
    decisionToAssess: fromDayNumber(requestDay + ehcClockRules.decisionToAssess.days),
    notToIssue: fromDayNumber(requestDay + ehcClockRules.decisionToIssue.days),
    finalPlan: fromDayNumber(requestDay + ehcClockRules.finalPlan.days),
    draftTarget: fromDayNumber(requestDay + ehcClockRules.draftTarget.days),
  }
  if (draftDay !== undefined) deadlines.draftResponseDue = fromDayNumber(draftDay + ehcClockRules.draftResponse.days)
  return deadlines
}

// ---------------------------------------------------------------------------------------------------------------------
// One case against today

export interface AdviceRequest {
  /** Who was asked: 'Educational psychologist', 'Health', 'Social care', the setting … */
  contributor: string
  requested: IsoDate
  received?: IsoDate
}

export interface Consultation {
  setting: string
  sent: IsoDate
  replied?: IsoDate
}

/** What has happened on one request for an EHC needs assessment, as dates. */
export interface EhcCaseFacts {
  requestReceived: IsoDate
  /** When the family was told whether the authority will assess, and which way it went. */
  decisionMade?: { on: IsoDate; outcome: 'assess' | 'not-assess' }
  adviceRequests?: readonly AdviceRequest[]
  draftIssued?: IsoDate
  consultations?: readonly Consultation[]
  /** When the authority decided, after the assessment, that it will issue a plan (a draft follows). */
  issueDecided?: IsoDate
  /** When the family was told that no plan will be issued after the assessment. */
  notToIssueDecided?: IsoDate
  finalIssued?: IsoDate
  /** When the request was withdrawn: the clock stops and nothing more falls due. */
  withdrawn?: IsoDate
  exceptions?: readonly EhcException[]
}

export type StepStatus = 'done' | 'done-late' | 'overdue' | 'due-soon' | 'upcoming' | 'not-needed'

export interface ClockStepState {
  step: EhcClockStep
  /** Plain English: "Advice from Educational psychologist". */
  label: string
  due: IsoDate
  completed?: IsoDate
  /** `not-needed`: left undone when the case closed. */
  status: StepStatus
  statutory: boolean
  /** An exception recorded on the case covers this step's period and excuses its limit. */
  exceptionApplies: boolean
  source: string
}

/** Whole weeks since the request was received (0 in the first week): "week N" is this plus 1. */
export function weekOfRequest(requestReceived: IsoDate, today: IsoDate): number {
  return Math.floor((toDayNumber(today) - toDayNumber(requestReceived)) / 7)
}

/** Levels of risk, most urgent first: the order caseload views sort by. */
export const caseRisks = ['breached', 'overdue', 'at-risk', 'due-soon', 'on-track'] as const
export type CaseRisk = (typeof caseRisks)[number]

export interface CaseAssessment {
  /** False once the request is refused, withdrawn, or ends in a decision not to issue or a final plan. */
  open: boolean
  /** Whole weeks since the request was received: 0 in the first week; the final plan is due as it reaches 20. */
  weekNow: number
  /** Case-level due dates; advice and consultation replies have one each, in `steps`. */
  deadlines: EhcDeadlines
  steps: ClockStepState[]
  /** Statutory steps past their due date and not done (a missed working target puts the case at risk instead). */
  overdue: ClockStepState[]
  /** Steps not done and due from today to `dueSoonDays` ahead. */
  dueSoon: ClockStepState[]
  /** Open, not yet past 20 weeks, and behind: decision late, advice out at week 10, no draft by week 14, or overdue. */
  atRiskOfBreach: boolean
  risk: CaseRisk
  /** Why the case has its risk level, most serious first, in plain English. */
  reasons: string[]
  /** An exception recorded on the case covers the 20-week period (the SEN2 "exceptions apply" flag). */
  exceptionApplies: boolean
}

interface ExceptionDays {
  reason: EhcExceptionReason
  start: number
  end: number
}

/** "20 July 2026", as GOV.UK writes dates, for the reasons people read. */
function spokenDate(dayNumber: number): string {
  return spokenIsoDate(fromDayNumber(dayNumber))
}

/** "2 March 2026": how reasons and refusals name a date. */
export const spokenIsoDate = longIsoDate

function exceptionDaysOf(exceptions: readonly EhcException[] | undefined): ExceptionDays[] {
  if (exceptions === undefined || exceptions.length === 0) return []
  return exceptions.map((exception) => ({
    reason: exception.reason,
    start: toDayNumber(exception.start),
    end: exception.end === undefined ? Number.POSITIVE_INFINITY : toDayNumber(exception.end),
  }))
}

/** The first exception that excuses a limit and overlaps the period from `fromDay` to `dueDay`. */
function excusingException(
  exceptions: readonly ExceptionDays[],
  excusedBy: readonly EhcExceptionReason[],
  fromDay: number,
  dueDay: number,
): ExceptionDays | undefined {
  for (const exception of exceptions) {
    if (exception.start <= dueDay && exception.end >= fromDay && excusedBy.includes(exception.reason)) return exception
  }
  return undefined
}

/** What evaluating one case collects as it goes through the steps. */
interface CaseTally {
  todayDay: number
  open: boolean
  exceptions: readonly ExceptionDays[]
  steps: ClockStepState[]
  overdue: ClockStepState[]
  dueSoon: ClockStepState[]
  lateReasons: string[]
  atRiskReasons: string[]
  dueSoonReasons: string[]
}

/** Puts one step of a case against today: its due date, status, exception and, where it matters, a reason. */
function trackStep(
  tally: CaseTally,
  step: EhcClockStep,
  label: string,
  fromDay: number,
  completedDay: number | undefined,
  lateIfCompletedAfterDue = true,
): ClockStepState {
  const { todayDay } = tally
  const rule = ehcClockRules[step]
  const dueDay = fromDay + rule.days
  const exception =
    rule.excusedBy.length === 0 ? undefined : excusingException(tally.exceptions, rule.excusedBy, fromDay, dueDay)
  let status: StepStatus
  if (completedDay !== undefined) status = lateIfCompletedAfterDue && completedDay > dueDay ? 'done-late' : 'done'
  else if (!tally.open) status = 'not-needed'
  else if (dueDay < todayDay) status = 'overdue'
  else if (dueDay - todayDay <= dueSoonDays) status = 'due-soon'
  else status = 'upcoming'

  const state: ClockStepState = {
    step,
    label,
    due: fromDayNumber(dueDay),
    status,
    statutory: rule.statutory,
    exceptionApplies: exception !== undefined,
    source: rule.source,
  }
  if (completedDay !== undefined) state.completed = fromDayNumber(completedDay)
  tally.steps.push(state)

  if (status === 'overdue') {
    if (!rule.statutory) {
      tally.atRiskReasons.push(`${label} not issued by week 14 (the target was ${spokenDate(dueDay)}).`)
    } else {
      tally.overdue.push(state)
      // the final plan's lateness is the breach itself, stated first by assessCase
      if (step !== 'finalPlan') {
        tally.lateReasons.push(`${label} is late: it was due by ${spokenDate(dueDay)}.${exceptionNote(exception)}`)
      }
    }
  } else if (status === 'due-soon') {
    tally.dueSoon.push(state)
    const daysLeft = dueDay - todayDay
    const when = daysLeft === 0 ? 'today' : daysLeft === 1 ? 'tomorrow' : `in ${daysLeft} days`
    tally.dueSoonReasons.push(`${label} is due ${when} (${spokenDate(dueDay)}).`)
  }
  return state
}

function exceptionNote(exception: ExceptionDays | undefined): string {
  return exception === undefined ? '' : ` An exception is recorded: ${ehcExceptionReasons[exception.reason].label}.`
}

/**
 * Evaluates one case on `today`: every due date, what is overdue or due soon, whether the 20 weeks are at risk, and a
 * risk level with its reasons. Pure and allocation-light, for whole caseloads at once.
 */
export function assessCase(facts: EhcCaseFacts, today: IsoDate): CaseAssessment {
  const todayDay = toDayNumber(today)
  const requestDay = toDayNumber(facts.requestReceived)
  const finalDueDay = requestDay + ehcClockRules.finalPlan.days
  const exceptions = exceptionDaysOf(facts.exceptions)

  const refused = facts.decisionMade?.outcome === 'not-assess'
  const finalDay = facts.finalIssued === undefined ? undefined : toDayNumber(facts.finalIssued)
  const draftDay = facts.draftIssued === undefined ? undefined : toDayNumber(facts.draftIssued)
  const notToIssueDay = facts.notToIssueDecided === undefined ? undefined : toDayNumber(facts.notToIssueDecided)
  const issueDecidedDay = facts.issueDecided === undefined ? undefined : toDayNumber(facts.issueDecided)
  const open = !refused && finalDay === undefined && notToIssueDay === undefined && facts.withdrawn === undefined
  const planStillPossible = !refused && notToIssueDay === undefined

  const tally: CaseTally = {
    todayDay,
    open,
    exceptions,
    steps: [],
    overdue: [],
    dueSoon: [],
    lateReasons: [],
    atRiskReasons: [],
    dueSoonReasons: [],
  }
  const { steps, overdue, dueSoon, lateReasons, atRiskReasons, dueSoonReasons } = tally

  // SEND Regs 2014 reg 5(1)
  trackStep(
    tally,
    'decisionToAssess',
    'Decision whether to assess',
    requestDay,
    facts.decisionMade && toDayNumber(facts.decisionMade.on),
  )

  const weekNow = weekOfRequest(facts.requestReceived, today)
  for (const request of facts.adviceRequests ?? []) {
    const receivedDay = request.received === undefined ? undefined : toDayNumber(request.received)
    const advice = trackStep(
      tally,
      'advice',
      `Advice from ${request.contributor}`,
      toDayNumber(request.requested),
      receivedDay,
    )
    if (open && receivedDay === undefined && advice.status !== 'overdue' && weekNow >= adviceAtRiskFromWeek) {
      atRiskReasons.push(`${advice.label} is still outstanding after ${weekNow} weeks.`)
    }
  }

  if (planStillPossible) {
    trackStep(tally, 'draftTarget', 'Draft plan', requestDay, draftDay ?? finalDay)
    for (const consultation of facts.consultations ?? []) {
      const repliedDay = consultation.replied === undefined ? undefined : toDayNumber(consultation.replied)
      trackStep(
        tally,
        'consultationReply',
        `Reply from ${consultation.setting}`,
        toDayNumber(consultation.sent),
        repliedDay,
      )
    }
  }
  if (!refused) {
    // reg 10(1) limits only a decision NOT to issue; a decision to issue, a draft or a final plan settles the question
    // whenever it comes
    trackStep(
      tally,
      'decisionToIssue',
      'Decision whether to issue a plan',
      requestDay,
      notToIssueDay ?? issueDecidedDay ?? draftDay ?? finalDay,
      notToIssueDay !== undefined,
    )
  }
  if (planStillPossible) trackStep(tally, 'finalPlan', 'Final plan', requestDay, finalDay)

  const twentyWeekException = excusingException(exceptions, ehcClockRules.finalPlan.excusedBy, requestDay, finalDueDay)
  const exceptionApplies = twentyWeekException !== undefined
  const withException = exceptionNote(twentyWeekException)

  const reasons: string[] = []
  let risk: CaseRisk
  let atRiskOfBreach = false
  if (!open) {
    if (finalDay !== undefined && finalDay > finalDueDay) {
      risk = 'breached'
      reasons.push(
        `The final plan was issued on ${spokenDate(finalDay)}, after the 20 weeks ended on ${spokenDate(finalDueDay)}.${withException}`,
      )
    } else {
      risk = 'on-track'
    }
  } else if (todayDay > finalDueDay) {
    risk = 'breached'
    reasons.push(
      `The final plan is late: 20 weeks ended on ${spokenDate(finalDueDay)}.${withException}`,
      ...lateReasons,
    )
  } else {
    atRiskOfBreach = lateReasons.length > 0 || atRiskReasons.length > 0
    if (overdue.length > 0) risk = 'overdue'
    else if (atRiskOfBreach) risk = 'at-risk'
    else if (dueSoon.length > 0) risk = 'due-soon'
    else risk = 'on-track'
    reasons.push(...lateReasons, ...atRiskReasons, ...dueSoonReasons)
  }

  return {
    open,
    weekNow,
    deadlines: deadlinesFromRequest(requestDay, draftDay),
    steps,
    overdue,
    dueSoon,
    atRiskOfBreach,
    risk,
    reasons,
    exceptionApplies,
  }
}

/**
 * Whether the final plan came within 20 weeks of the request (undefined until one is issued, and when none will be),
 * and whether an exception covers those 20 weeks: the DfE counts timeliness both with and without exceptions.
 */
export function finalPlanWithinTwentyWeeks(facts: EhcCaseFacts): {
  withinTwentyWeeks: boolean | undefined
  exceptionApplies: boolean
} {
  const requestDay = toDayNumber(facts.requestReceived)
  const dueDay = requestDay + ehcClockRules.finalPlan.days
  const exception = excusingException(
    exceptionDaysOf(facts.exceptions),
    ehcClockRules.finalPlan.excusedBy,
    requestDay,
    dueDay,
  )
  return {
    withinTwentyWeeks: facts.finalIssued === undefined ? undefined : toDayNumber(facts.finalIssued) <= dueDay,
    exceptionApplies: exception !== undefined,
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Reviews and phase transfers (DESIGN.md 4.2)

/**
 * When the next annual review is due: 12 months from the plan's issue, then from the last review decision
 * (Children and Families Act 2014 s.44(1)), counting months as `addMonths` does. Under-fives are reviewed more often
 * (SEND Code of Practice 2015 9.178: every 3 to 6 months), so the interval is the authority's to set.
 */
export function annualReviewDue(
  plan: { planIssued: IsoDate; lastReviewDecision?: IsoDate },
  intervalMonths = 12,
): IsoDate {
  return addMonths(plan.lastReviewDecision ?? plan.planIssued, intervalMonths)
}

export interface ReviewDeadlines {
  invitationsBy: IsoDate
  reportDue: IsoDate
  decisionDue: IsoDate
  amendmentResponseDue?: IsoDate
  amendedPlanDue?: IsoDate
}

/** The dates around one review meeting, and around proposed amendments when the plan is to be amended. */
export function computeReviewDeadlines(review: { meeting: IsoDate; amendmentsProposed?: IsoDate }): ReviewDeadlines {
  const deadlines: ReviewDeadlines = {
    // SEND Regs 2014 reg 20: invitations and requests for advice at least 2 weeks before the meeting
    invitationsBy: addDays(review.meeting, -14),
    // reg 20: the review report within 2 weeks of the meeting
    reportDue: addDays(review.meeting, 14),
    // reg 20: the authority's decision to maintain, amend or cease within 4 weeks of the meeting
    decisionDue: addDays(review.meeting, 28),
  }
  if (review.amendmentsProposed !== undefined) {
    // reg 22: at least 15 days for the family on the proposed amendments; the amended plan within 8 weeks of them
    deadlines.amendmentResponseDue = addDays(review.amendmentsProposed, 15)
    deadlines.amendedPlanDue = addDays(review.amendmentsProposed, 56)
  }
  return deadlines
}

/**
 * - `school-phase`: early years to school, infant to junior, primary to middle, primary or middle to secondary
 * - `secondary-to-post-16`: school to a post-16 institution
 * - `between-post-16`: from one post-16 institution to another
 */
export type PhaseTransfer = 'school-phase' | 'secondary-to-post-16' | 'between-post-16'

/**
 * When the plan must be reviewed and amended, naming the new setting, before a phase transfer (SEND Regs 2014 reg 18):
 * 15 February of the year of transfer, 31 March for secondary to post-16, and at least 5 months before a move
 * between post-16 institutions.
 */
export function phaseTransferReviewDue(transfer: PhaseTransfer, transferDate: IsoDate): IsoDate {
  const { year } = splitIsoDate(transferDate)
  if (transfer === 'school-phase') return makeIsoDate(year, 2, 15)
  if (transfer === 'secondary-to-post-16') return makeIsoDate(year, 3, 31)
  return addMonths(transferDate, -5)
}

// ---------------------------------------------------------------------------------------------------------------------
// Disagreements (DESIGN.md 4.3)

export const disagreementRules = {
  // Children and Families Act 2014 s.55, SEND Regs 2014 reg 33: contact a mediation adviser within 2 months of the
  // decision letter; no tribunal shifts apply to this window
  mediationContactMonths: 2,
  // Tribunal Procedure (First-tier Tribunal) (HESC) Rules 2008 rule 20: appeal within 2 months of the decision letter
  // or 1 month of the mediation certificate, whichever is later
  appealMonthsFromDecision: 2,
  appealMonthsFromCertificate: 1,
  // SEND Regs 2014 reg 34: the mediation adviser issues a certificate within 3 working days
  certificateWorkingDays: 3,
  // SEND Regs 2014 (mediation arrangements): mediation takes place within 30 days of the authority being told
  mediationDays: 30,
} as const

/**
 * The mediation and appeal deadlines that follow a decision letter.
 * The appeal deadline is the later of 2 months from the letter and 1 month from the mediation certificate; one that
 * falls from 25 December to 1 January moves to the first working day after 1 January, one in August to the first
 * working day after 31 August (HESC Rules rule 20), and one on any other non-working day to the next working day
 * (rule 12).
 */
export function computeAppealDeadlines(input: { decisionLetter: IsoDate; mediationCertificate?: IsoDate }): {
  mediationContactBy: IsoDate
  appealBy: IsoDate
} {
  const mediationContactBy = addMonths(input.decisionLetter, disagreementRules.mediationContactMonths)
  let appealBy = addMonths(input.decisionLetter, disagreementRules.appealMonthsFromDecision)
  if (input.mediationCertificate !== undefined) {
    const fromCertificate = addMonths(input.mediationCertificate, disagreementRules.appealMonthsFromCertificate)
    if (toDayNumber(fromCertificate) > toDayNumber(appealBy)) appealBy = fromCertificate
  }
  const { year, month, day } = splitIsoDate(appealBy)
  if (month === 12 && day >= 25) appealBy = makeIsoDate(year + 1, 1, 2)
  else if (month === 1 && day === 1) appealBy = makeIsoDate(year, 1, 2)
  else if (month === 8) appealBy = makeIsoDate(year, 9, 1)
  return { mediationContactBy, appealBy: nextWorkingDayOnOrAfter(appealBy) }
}

/**
 * When the mediation certificate is due: 3 working days after the family tells the mediation adviser they do not want
 * mediation (SEND Regs 2014 reg 34), or after mediation ends or cannot be arranged in time.
 */
export function mediationCertificateDue(mediationAdviserContacted: IsoDate): IsoDate {
  return addWorkingDays(mediationAdviserContacted, disagreementRules.certificateWorkingDays)
}

/** When mediation must have taken place: 30 days after the authority is told the family wants it. */
export function mediationHeldBy(authorityToldOfMediation: IsoDate): IsoDate {
  return addDays(authorityToldOfMediation, disagreementRules.mediationDays)
}
