/**
 * The statutory process of one request for an EHC needs assessment, as one table of allowed transitions
 * (issue 4 item 4; SEND Regs 2014 Part 2). Pure: the service loads a case, asks `checkTransition`, and records the
 * event. Anything not in the table is refused with a reason the caseworker can act on.
 */
import { addDays, compareIsoDate, type IsoDate } from '../platform/calendar/isoDate.js'
import { ehcClockRules, spokenIsoDate } from './clock.js'

export const caseStatuses = [
  'received',
  'considering',
  'assessing',
  'drafting',
  'draft_issued',
  'final_issued',
  'not_assessed',
  'not_issued',
  'withdrawn',
  'transferred_out',
  'moved_away',
] as const
export type CaseStatus = (typeof caseStatuses)[number]

export const openStatuses: readonly CaseStatus[] = ['received', 'considering', 'assessing', 'drafting', 'draft_issued']

export function isOpen(status: CaseStatus): boolean {
  return openStatuses.includes(status)
}

/** What each status means to a caseworker and to a family (plain English, DESIGN.md 2.6). */
export const statusNames: Record<CaseStatus, { staff: string; family: string; colour: string }> = {
  received: { staff: 'Request received', family: 'We have your request', colour: 'blue' },
  considering: {
    staff: 'Considering request',
    family: 'We are deciding whether to assess',
    colour: 'light-blue',
  },
  assessing: { staff: 'Assessing', family: 'We are carrying out the assessment', colour: 'purple' },
  drafting: { staff: 'Writing draft plan', family: 'We are writing the draft plan', colour: 'turquoise' },
  draft_issued: { staff: 'Draft plan issued', family: 'The draft plan is with you', colour: 'yellow' },
  final_issued: { staff: 'Final plan issued', family: 'The final plan has been issued', colour: 'green' },
  not_assessed: { staff: 'Not assessed', family: 'We decided not to assess', colour: 'grey' },
  not_issued: { staff: 'Plan not issued', family: 'We decided not to issue a plan', colour: 'grey' },
  withdrawn: { staff: 'Withdrawn', family: 'The request was withdrawn', colour: 'grey' },
  transferred_out: { staff: 'Transferred out', family: 'Passed to another council', colour: 'grey' },
  moved_away: { staff: 'Child moved away', family: 'Closed because you moved away', colour: 'grey' },
}

export const caseTransitions = [
  'invite_views',
  'decide_to_assess',
  'decide_not_to_assess',
  'decide_to_issue',
  'decide_not_to_issue',
  'issue_draft',
  'issue_final',
  'withdraw',
  'transfer_out',
  'child_moved',
] as const
export type CaseTransition = (typeof caseTransitions)[number]

interface TransitionRule {
  from: readonly CaseStatus[]
  to: CaseStatus
  label: string
  /** A reason must be given (refusals and closures explain themselves). */
  needsReason: boolean
  /** A refusal routes the child to SEN Support: the next step must be named. */
  needsSenSupportNextStep: boolean
  /** Taken by the multi-agency panel, not by a caseworker alone. */
  panelDecision: boolean
}

const rule = (r: Partial<TransitionRule> & Pick<TransitionRule, 'from' | 'to' | 'label'>): TransitionRule => ({
  needsReason: false,
  needsSenSupportNextStep: false,
  panelDecision: false,
  ...r,
})

/** The one table of allowed transitions. */
export const transitionRules: Record<CaseTransition, TransitionRule> = {
  invite_views: rule({ from: ['received'], to: 'considering', label: 'Family invited to give their views' }),
  decide_to_assess: rule({
    from: ['received', 'considering'],
    to: 'assessing',
    label: 'Decided to assess',
    panelDecision: true,
  }),
  decide_not_to_assess: rule({
    from: ['received', 'considering'],
    to: 'not_assessed',
    label: 'Decided not to assess',
    needsReason: true,
    needsSenSupportNextStep: true,
    panelDecision: true,
  }),
  decide_to_issue: rule({ from: ['assessing'], to: 'drafting', label: 'Decided to issue a plan', panelDecision: true }),
  decide_not_to_issue: rule({
    from: ['assessing'],
    to: 'not_issued',
    label: 'Decided not to issue a plan',
    needsReason: true,
    needsSenSupportNextStep: true,
    panelDecision: true,
  }),
  issue_draft: rule({ from: ['drafting'], to: 'draft_issued', label: 'Draft plan issued' }),
  issue_final: rule({ from: ['draft_issued'], to: 'final_issued', label: 'Final plan issued' }),
  withdraw: rule({ from: openStatuses, to: 'withdrawn', label: 'Request withdrawn', needsReason: true }),
  transfer_out: rule({
    from: openStatuses,
    to: 'transferred_out',
    label: 'Transferred to another authority',
    needsReason: true,
  }),
  child_moved: rule({ from: openStatuses, to: 'moved_away', label: 'Child moved away', needsReason: true }),
}

export function transitionsFrom(status: CaseStatus): CaseTransition[] {
  return caseTransitions.filter((t) => transitionRules[t].from.includes(status))
}

/** What the checks need to know of a case. */
export interface CaseFactsForTransition {
  status: CaseStatus
  requestReceived: IsoDate
  /** The date of the latest event so far: a step cannot be dated before what came before it. */
  lastEventOn: IsoDate
  draftIssuedOn?: IsoDate
  draftResponseOn?: IsoDate
  /** Advice requests still awaited (not received, not cancelled), by contributor. */
  adviceOutstanding: readonly string[]
  adviceRequested: number
  /** Consultations with settings still awaiting a reply and not yet past their 15 days. */
  consultationsAwaited: readonly string[]
  /** The settings consulted on the draft plan, replied or not. */
  consultedSettingIds: readonly string[]
  /** The setting the family asked to be named, in their response to the draft plan. */
  preferredSettingId?: string
  /** The child already has an EHC plan in force. */
  planInForce: boolean
}

export interface TransitionRequest {
  transition: CaseTransition
  on: IsoDate
  reason?: string
  senSupportNextStep?: string
  /** The setting a final plan names. */
  namedSettingId?: string
  /** The panel is recording it. */
  byPanel: boolean
}

export type TransitionCheck = { ok: true; to: CaseStatus } | { ok: false; reason: string }

const refuse = (reason: string): TransitionCheck => ({ ok: false, reason })

/**
 * Children and Families Act 2014 s.39(3)-(4): the authority names the setting the family asked for unless it is
 * unsuitable for the child or young person, or their attending it would be incompatible with the efficient education
 * of others or the efficient use of resources. A final plan that names another setting says which, and why.
 */
export function preferenceSetAside(preferredSettingId: string | undefined, namedSettingId: string | undefined) {
  return preferredSettingId !== undefined && namedSettingId !== undefined && namedSettingId !== preferredSettingId
}

export const preferenceReasonNeeded =
  'Give the reason the plan does not name the setting the family asked for: that it is unsuitable for the child or young person, or that their attending it would be incompatible with the efficient education of others or the efficient use of resources'

/** May this transition happen to this case on this date? The first reason it may not, in plain English. */
export function checkTransition(
  facts: CaseFactsForTransition,
  request: TransitionRequest,
  today: IsoDate,
): TransitionCheck {
  const r = transitionRules[request.transition]
  if (!r.from.includes(facts.status)) {
    return refuse(`${r.label} cannot be recorded on a case that is ${statusNames[facts.status].staff.toLowerCase()}`)
  }
  if (compareIsoDate(request.on, today) > 0) return refuse('The date cannot be in the future')
  if (compareIsoDate(request.on, facts.requestReceived) < 0) {
    return refuse(`The date cannot be before the request was received (${spokenIsoDate(facts.requestReceived)})`)
  }
  if (compareIsoDate(request.on, facts.lastEventOn) < 0) {
    return refuse(`The date cannot be before the case's last recorded step (${spokenIsoDate(facts.lastEventOn)})`)
  }
  if (r.panelDecision && !request.byPanel) return refuse(`${r.label} is a panel decision: record it at panel`)
  if (r.needsReason && !request.reason?.trim()) return refuse('Give the reason')
  if (r.needsSenSupportNextStep && !request.senSupportNextStep?.trim()) {
    return refuse('Name the next step at SEN Support for the child or young person')
  }
  switch (request.transition) {
    case 'decide_to_issue':
    case 'decide_not_to_issue':
      if (facts.adviceRequested === 0) return refuse('No advice has been asked for: request advice first')
      if (facts.adviceOutstanding.length > 0) {
        return refuse(`Advice is still awaited from ${facts.adviceOutstanding.join(', ')}`)
      }
      break
    case 'issue_final': {
      if (facts.planInForce) return refuse('The child or young person already has an EHC plan in force')
      const responded = facts.draftResponseOn !== undefined
      const windowEnds =
        facts.draftIssuedOn === undefined ? undefined : addDays(facts.draftIssuedOn, ehcClockRules.draftResponse.days)
      if (!responded && windowEnds !== undefined && compareIsoDate(request.on, windowEnds) < 0) {
        return refuse(
          `The family has until ${spokenIsoDate(windowEnds)} to comment on the draft plan, and has not yet responded`,
        )
      }
      if (facts.consultationsAwaited.length > 0) {
        return refuse(`A consulted setting has not yet replied: ${facts.consultationsAwaited.join(', ')}`)
      }
      // Children and Families Act 2014, ss.39(2) and 40(2): the authority consults a setting before naming it.
      if (request.namedSettingId !== undefined && !facts.consultedSettingIds.includes(request.namedSettingId)) {
        return refuse(
          'The final plan can name only a setting consulted on the draft plan: consult the setting first, and give it 15 days to reply',
        )
      }
      if (preferenceSetAside(facts.preferredSettingId, request.namedSettingId) && !request.reason?.trim()) {
        return refuse(preferenceReasonNeeded)
      }
      break
    }
  }
  return { ok: true, to: r.to }
}
