/**
 * What a family reads about their request for an EHC needs assessment (issue 4 item 9, DESIGN.md 2.6): where it is,
 * what happens next and by when, what they can do now, and their rights. Pure: it shapes a case and the clock's
 * evaluation of it (`assessCase`, the same one the caseworker's pages use) into data; the words are in
 * `views/family/*.njk`, so a content designer changes them in one place.
 *
 * Every date here comes from `clock.ts`: the family is never shown a date the caseworker does not also see.
 */
import {
  compareIsoDate,
  dayNames,
  dayOfWeek,
  type IsoDate,
  monthNames,
  splitIsoDate,
} from '../platform/calendar/isoDate.js'
import {
  annualReviewDue,
  type CaseAssessment,
  type ClockStepState,
  computeAppealDeadlines,
  type EhcCaseFacts,
  type EhcClockStep,
  type EhcExceptionReason,
} from './clock.js'
import { type CaseStatus, isOpen, statusNames } from './workflow.js'

// ---------------------------------------------------------------------------------------------------------------------
// Dates as families read them

/** A date to show: the ISO date for `<time datetime>` and tests, the words for people. */
export interface FamilyDate {
  iso: IsoDate
  /** "Monday 13 April 2026" (GOV.UK style, with the day of the week so nobody has to look it up). */
  text: string
}

export function familyDate(iso: IsoDate): FamilyDate {
  const { year, month, day } = splitIsoDate(iso)
  return { iso, text: `${dayNames[dayOfWeek(iso) - 1]} ${day} ${monthNames[month - 1]} ${year}` }
}

// ---------------------------------------------------------------------------------------------------------------------
// Input

/** The columns of a case the family view reads (a subset of the `ehc_case` row). */
export interface FamilyCase {
  id: string
  status: CaseStatus
  request_received: IsoDate
  decision: 'assess' | 'not_assess' | null
  decision_on: IsoDate | null
  issue_decision: 'issue' | 'not_issue' | null
  issue_decision_on: IsoDate | null
  draft_issued_on: IsoDate | null
  draft_response_on: IsoDate | null
  final_issued_on: IsoDate | null
  closed_on: IsoDate | null
  sen_support_next_step: string | null
}

/** A letter sent about the case (an `ehc_letter` row, written by the letters module). */
export interface FamilyLetter {
  id: string
  dated: IsoDate
  subject: string
  appeal_by: IsoDate | null
  mediation_contact_by: IsoDate | null
}

/** An exception to the time limits recorded on the case, and the day the family was told of it. */
export interface FamilyException {
  reason: EhcExceptionReason
  starts_on: IsoDate
  ends_on: IsoDate | null
  told_on: IsoDate
}

export interface FamilyProgressInput {
  case: FamilyCase
  /** The facts the clock was given (`clockFactsOf`), for the names of those asked for advice or consulted. */
  facts: EhcCaseFacts
  /** `assessCase(facts, today)`: the caseworker's dates. */
  assessment: CaseAssessment
  letters: readonly FamilyLetter[]
  exceptions: readonly FamilyException[]
  today: IsoDate
}

// ---------------------------------------------------------------------------------------------------------------------
// Output

export type StageKey = 'received' | 'decision' | 'assessment' | 'draft' | 'final'
/** `next` is the first stage still to come, `later` those after it; `stopped`: the request ended before it. */
export type StageState = 'done' | 'now' | 'next' | 'later' | 'stopped'

export interface AdviceProgress {
  /** Who was asked: "Educational psychology (Dr Rhys Morgan)". */
  from: string
  asked: FamilyDate
  due: FamilyDate
  received?: FamilyDate
  late: boolean
}

export interface Stage {
  key: StageKey
  state: StageState
  /** When the stage was completed (or, for the draft plan with the family, when it was sent). */
  on?: FamilyDate
  /** The limit the stage is measured against. */
  due?: FamilyDate
  /** Done after its limit, or not done and past it. */
  late: boolean
  /** The decision the stage ended with. */
  outcome?: 'assess' | 'not_assess' | 'issue' | 'not_issue'
  /** Assessment: each request for advice. */
  advice?: AdviceProgress[]
  /** Draft plan with the family: their 15 days, and when they replied. */
  responseDue?: FamilyDate
  respondedOn?: FamilyDate
}

export type NextKind =
  | 'decision'
  | 'askAdvice'
  | 'advice'
  | 'issueDecision'
  | 'draft'
  | 'draftResponse'
  | 'finalPlan'
  | 'review'
  | 'senSupport'
  | 'closed'

export interface NextStep {
  kind: NextKind
  due?: FamilyDate
  /** The service is late with this step (the date has passed). */
  late: boolean
  /** A date the family has (their 15 days on the draft) that has passed: they may still reply. */
  passed: boolean
  /** Advice still awaited, by whom. */
  waitingFor?: string[]
  /** After a refusal: the named next step at SEN Support. */
  senSupportNextStep?: string
}

export interface LateStep {
  step: EhcClockStep
  /** For advice, whom it is awaited from; for a consultation reply, the setting. */
  who?: string
  due: FamilyDate
  /** An exception recorded on the case covers this step, so the law allows more time. */
  exceptionApplies: boolean
}

export type AppealableDecision = 'not_assess' | 'not_issue' | 'final'

export interface Rights {
  decision: AppealableDecision
  decidedOn: FamilyDate
  mediationContactBy: FamilyDate
  appealBy: FamilyDate
  /** The letter the dates were taken from; absent when they are calculated from the decision date. */
  letter?: { id: string; dated: FamilyDate }
  mediationPassed: boolean
  appealPassed: boolean
}

export interface ExceptionNote {
  reason: EhcExceptionReason
  toldOn: FamilyDate
  from: FamilyDate
  to?: FamilyDate
  /** Still going on today. */
  current: boolean
}

export interface FamilyProgress {
  status: CaseStatus
  statusText: string
  open: boolean
  /** Which week of the 20 the request is in (1 in the first week), while it is open. */
  week?: number
  stages: Stage[]
  next: NextStep
  /** The 20-week date while a plan may still come. */
  finalPlanDue?: FamilyDate
  late: LateStep[]
  actions: {
    addViews: boolean
    respondToDraft?: { due: FamilyDate; passed: boolean }
    /** A decision has been made: the family may ask for its letter. */
    askForLetter: boolean
  }
  rights?: Rights
  exceptions: ExceptionNote[]
  letters: { id: string; subject: string; dated: FamilyDate }[]
}

// ---------------------------------------------------------------------------------------------------------------------

const isLate = (step: ClockStepState | undefined) => step?.status === 'overdue' || step?.status === 'done-late'
const notDone = (step: ClockStepState) => step.completed === undefined && step.status !== 'not-needed'
const after = (a: IsoDate, b: IsoDate) => compareIsoDate(a, b) > 0
const optionalDate = (iso: IsoDate | null | undefined) => (iso ? familyDate(iso) : undefined)

/** The clock's steps with, for advice and consultations, whom they are awaited from (in the order of the facts). */
function stepsWithWho(facts: EhcCaseFacts, assessment: CaseAssessment) {
  let advice = 0
  let consultation = 0
  return assessment.steps.map((step) => {
    let who: string | undefined
    if (step.step === 'advice') who = facts.adviceRequests?.[advice++]?.contributor
    if (step.step === 'consultationReply') who = facts.consultations?.[consultation++]?.setting
    return { step, who }
  })
}

/**
 * The clock has no fact for a decision TO issue a plan (reg 10(1) limits only a decision not to): once that decision
 * is recorded, its 16-week step is settled even before the draft plan is out, and is never late.
 */
const settledDecisionToIssue = (step: ClockStepState, c: Pick<FamilyCase, 'issue_decision'>) =>
  step.step === 'decisionToIssue' && c.issue_decision === 'issue'

const closedWithoutDecision: readonly CaseStatus[] = ['withdrawn', 'transferred_out', 'moved_away']

function stagesOf(input: FamilyProgressInput, steps: ReturnType<typeof stepsWithWho>): Stage[] {
  const { case: c, assessment } = input
  const { deadlines } = assessment
  const stepOf = (key: EhcClockStep) => steps.find((s) => s.step.step === key)?.step
  const refused = c.decision === 'not_assess'
  const notIssued = c.issue_decision === 'not_issue'
  const ended = closedWithoutDecision.includes(c.status)
  const planSettled = c.issue_decision !== null || c.draft_issued_on !== null || c.final_issued_on !== null

  const received: Stage = { key: 'received', state: 'done', on: familyDate(c.request_received), late: false }

  const decisionStep = stepOf('decisionToAssess')
  const decision: Stage = c.decision_on
    ? {
        key: 'decision',
        state: 'done',
        on: familyDate(c.decision_on),
        due: familyDate(deadlines.decisionToAssess),
        late: isLate(decisionStep),
        outcome: c.decision ?? undefined,
      }
    : {
        key: 'decision',
        state: ended ? 'stopped' : 'now',
        due: familyDate(deadlines.decisionToAssess),
        late: !ended && isLate(decisionStep),
      }

  const advice: AdviceProgress[] = steps
    .filter((s) => s.step.step === 'advice')
    .map(({ step, who }, i) => ({
      from: who ?? step.label,
      asked: familyDate(input.facts.adviceRequests?.[i]?.requested ?? step.due),
      due: familyDate(step.due),
      received: optionalDate(step.completed),
      late: isLate(step),
    }))
  const issueStep = stepOf('decisionToIssue')
  let assessment_: Stage
  if (planSettled) {
    const on = c.issue_decision_on ?? c.draft_issued_on ?? c.final_issued_on
    assessment_ = {
      key: 'assessment',
      state: 'done',
      on: optionalDate(on),
      due: familyDate(deadlines.notToIssue),
      // reg 10(1) limits only a decision not to issue a plan
      late: notIssued && isLate(issueStep),
      outcome: c.issue_decision ?? 'issue',
      advice,
    }
  } else if (refused || ended) {
    assessment_ = { key: 'assessment', state: 'stopped', late: false, advice }
  } else if (c.decision === 'assess') {
    assessment_ = {
      key: 'assessment',
      state: 'now',
      due: familyDate(deadlines.notToIssue),
      late: advice.some((a) => a.late && !a.received),
      advice,
    }
  } else {
    assessment_ = { key: 'assessment', state: 'next', late: false, advice }
  }

  const draftStep = stepOf('draftTarget')
  let draft: Stage
  if (c.draft_issued_on) {
    draft = {
      key: 'draft',
      state: c.status === 'draft_issued' ? 'now' : 'done',
      on: familyDate(c.draft_issued_on),
      due: familyDate(deadlines.draftTarget),
      late: false,
      responseDue: optionalDate(deadlines.draftResponseDue),
      respondedOn: optionalDate(c.draft_response_on),
    }
  } else if (refused || notIssued || ended || c.final_issued_on) {
    draft = { key: 'draft', state: c.final_issued_on ? 'done' : 'stopped', late: false }
  } else {
    draft = {
      key: 'draft',
      state: c.status === 'drafting' ? 'now' : 'next',
      due: familyDate(deadlines.draftTarget),
      late: draftStep?.status === 'overdue',
    }
  }

  const finalStep = stepOf('finalPlan')
  let final: Stage
  if (c.final_issued_on) {
    final = {
      key: 'final',
      state: 'done',
      on: familyDate(c.final_issued_on),
      due: familyDate(deadlines.finalPlan),
      late: isLate(finalStep),
    }
  } else if (refused || notIssued || ended) {
    final = { key: 'final', state: 'stopped', late: false }
  } else {
    final = { key: 'final', state: 'next', due: familyDate(deadlines.finalPlan), late: isLate(finalStep) }
  }
  const stages = [received, decision, assessment_, draft, final]
  let nextSeen = false
  for (const stage of stages) {
    if (stage.state !== 'next') continue
    if (nextSeen) stage.state = 'later'
    nextSeen = true
  }
  return stages
}

/** What happens next, and by when: the first thing the family is waiting for (or has to do). */
export function nextStepOf(c: FamilyCase, assessment: CaseAssessment, facts: EhcCaseFacts, today: IsoDate): NextStep {
  const { deadlines } = assessment
  const steps = stepsWithWho(facts, assessment)
  const stepOf = (key: EhcClockStep) => steps.find((s) => s.step.step === key)?.step
  const base = { late: false, passed: false }
  switch (c.status) {
    case 'received':
    case 'considering':
      return {
        ...base,
        kind: 'decision',
        due: familyDate(deadlines.decisionToAssess),
        late: isLate(stepOf('decisionToAssess')),
      }
    case 'assessing': {
      const outstanding = steps.filter((s) => s.step.step === 'advice' && notDone(s.step))
      if (outstanding.length > 0) {
        const latest = outstanding.reduce((a, b) => (after(b.step.due, a.step.due) ? b : a))
        return {
          ...base,
          kind: 'advice',
          due: familyDate(latest.step.due),
          late: outstanding.some((s) => s.step.status === 'overdue'),
          waitingFor: outstanding.map((s) => s.who ?? s.step.label),
        }
      }
      const anyAdvice = steps.some((s) => s.step.step === 'advice')
      return {
        ...base,
        kind: anyAdvice ? 'issueDecision' : 'askAdvice',
        due: familyDate(deadlines.notToIssue),
        late: isLate(stepOf('decisionToIssue')),
      }
    }
    case 'drafting':
      return {
        ...base,
        kind: 'draft',
        due: familyDate(deadlines.draftTarget),
        late: stepOf('draftTarget')?.status === 'overdue',
      }
    case 'draft_issued':
      if (!c.draft_response_on && deadlines.draftResponseDue) {
        return {
          ...base,
          kind: 'draftResponse',
          due: familyDate(deadlines.draftResponseDue),
          passed: after(today, deadlines.draftResponseDue),
        }
      }
      return { ...base, kind: 'finalPlan', due: familyDate(deadlines.finalPlan), late: isLate(stepOf('finalPlan')) }
    case 'final_issued':
      return c.final_issued_on
        ? { ...base, kind: 'review', due: familyDate(annualReviewDue({ planIssued: c.final_issued_on })) }
        : { ...base, kind: 'closed' }
    case 'not_assessed':
    case 'not_issued':
      return { ...base, kind: 'senSupport', senSupportNextStep: c.sen_support_next_step ?? undefined }
    default:
      return { ...base, kind: 'closed' }
  }
}

/** The decision the family may challenge, and the day it was made, once there is one. */
function appealableDecisionOf(c: FamilyCase): { decision: AppealableDecision; on: IsoDate } | undefined {
  if (c.status === 'not_assessed' && c.decision_on) return { decision: 'not_assess', on: c.decision_on }
  if (c.status === 'not_issued' && c.issue_decision_on) return { decision: 'not_issue', on: c.issue_decision_on }
  if (c.status === 'final_issued' && c.final_issued_on) return { decision: 'final', on: c.final_issued_on }
  return undefined
}

/**
 * Mediation and appeal dates: as stated in the latest decision letter that states them (the letter is what counts in
 * law), else calculated by the clock from the day of the decision, as the letter will calculate them.
 */
function rightsOf(c: FamilyCase, letters: readonly FamilyLetter[], today: IsoDate): Rights | undefined {
  const appealable = appealableDecisionOf(c)
  if (!appealable) return undefined
  const letter = [...letters]
    .filter((l) => l.appeal_by !== null && compareIsoDate(l.dated, appealable.on) >= 0)
    .sort((a, b) => compareIsoDate(b.dated, a.dated))[0]
  const calculated = computeAppealDeadlines({ decisionLetter: appealable.on })
  const appealBy = letter?.appeal_by ?? calculated.appealBy
  const mediationContactBy = letter?.mediation_contact_by ?? calculated.mediationContactBy
  return {
    decision: appealable.decision,
    decidedOn: familyDate(appealable.on),
    appealBy: familyDate(appealBy),
    mediationContactBy: familyDate(mediationContactBy),
    letter: letter ? { id: letter.id, dated: familyDate(letter.dated) } : undefined,
    appealPassed: after(today, appealBy),
    mediationPassed: after(today, mediationContactBy),
  }
}

export function presentFamilyProgress(input: FamilyProgressInput): FamilyProgress {
  const { case: c, assessment, today } = input
  const steps = stepsWithWho(input.facts, assessment)
  const open = isOpen(c.status)
  const planPossible = open && c.decision !== 'not_assess' && c.issue_decision !== 'not_issue'
  const next = nextStepOf(c, assessment, input.facts, today)
  const draftResponse =
    c.status === 'draft_issued' && !c.draft_response_on && next.kind === 'draftResponse' && next.due
      ? { due: next.due, passed: next.passed }
      : undefined
  return {
    status: c.status,
    statusText: statusNames[c.status].family,
    open,
    week: open ? assessment.weekNow + 1 : undefined,
    stages: stagesOf(input, steps),
    next,
    finalPlanDue: planPossible ? familyDate(assessment.deadlines.finalPlan) : undefined,
    late: open
      ? steps
          .filter((s) => s.step.status === 'overdue' && s.step.statutory && !settledDecisionToIssue(s.step, c))
          .map(({ step, who }) => ({
            step: step.step,
            who,
            due: familyDate(step.due),
            exceptionApplies: step.exceptionApplies,
          }))
      : [],
    actions: {
      addViews: open,
      respondToDraft: draftResponse,
      askForLetter: c.decision_on !== null,
    },
    rights: rightsOf(c, input.letters, today),
    exceptions: input.exceptions.map((e) => ({
      reason: e.reason,
      toldOn: familyDate(e.told_on),
      from: familyDate(e.starts_on),
      to: optionalDate(e.ends_on),
      current: compareIsoDate(e.starts_on, today) <= 0 && (e.ends_on === null || compareIsoDate(e.ends_on, today) >= 0),
    })),
    letters: [...input.letters]
      .sort((a, b) => compareIsoDate(b.dated, a.dated))
      .map((l) => ({ id: l.id, subject: l.subject, dated: familyDate(l.dated) })),
  }
}

/**
 * The next date on a case as staff and SENCOs see it in lists: the earliest step not yet done (an overdue one first,
 * being the earliest). Undefined once nothing more falls due.
 */
export function nextDueStep(
  assessment: CaseAssessment,
  c: Pick<FamilyCase, 'issue_decision'>,
): ClockStepState | undefined {
  let next: ClockStepState | undefined
  for (const step of assessment.steps) {
    if (!notDone(step) || settledDecisionToIssue(step, c)) continue
    if (next === undefined || compareIsoDate(step.due, next.due) < 0) next = step
  }
  return next
}
