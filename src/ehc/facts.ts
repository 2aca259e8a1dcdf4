/**
 * A case's stored rows as the plain facts the clock and the workflow reason over. Pure: the same function serves the
 * case page, the caseload, the dashboard and the benchmarks.
 */
import { addDays, compareIsoDate, type IsoDate } from '../platform/calendar/isoDate.js'
import type { EhcCaseFacts, EhcExceptionReason } from './clock.js'
import { ehcClockRules } from './clock.js'
import type { CaseFactsForTransition, CaseStatus } from './workflow.js'

export const adviceServiceNames = {
  educational_psychology: 'Educational psychology',
  health: 'Health',
  social_care: 'Social care',
  setting: 'Education setting',
  preparing_for_adulthood: 'Preparing for adulthood',
  other: 'Other',
} as const
export type AdviceService = keyof typeof adviceServiceNames

export interface CaseDates {
  status: string
  request_received: IsoDate
  decision_on: IsoDate | null
  decision: 'assess' | 'not_assess' | null
  issue_decision_on: IsoDate | null
  issue_decision: 'issue' | 'not_issue' | null
  draft_issued_on: IsoDate | null
  draft_response_on: IsoDate | null
  final_issued_on: IsoDate | null
  closed_on: IsoDate | null
}

export interface AdviceDates {
  service: AdviceService
  contributor_name: string
  requested_on: IsoDate
  received_on: IsoDate | null
  cancelled_on: IsoDate | null
}

export interface ConsultationDates {
  setting_name: string
  sent_on: IsoDate
  replied_on: IsoDate | null
}

export interface ExceptionDates {
  reason: string
  starts_on: IsoDate
  ends_on: IsoDate | null
}

const u = <T>(v: T | null): T | undefined => (v === null ? undefined : v)

const closedWithoutPlan: readonly string[] = ['withdrawn', 'transferred_out', 'moved_away']

export function clockFactsOf(
  c: CaseDates,
  advice: readonly AdviceDates[],
  consultations: readonly ConsultationDates[],
  exceptions: readonly ExceptionDates[],
): EhcCaseFacts {
  return {
    requestReceived: c.request_received,
    decisionMade:
      c.decision_on && c.decision
        ? { on: c.decision_on, outcome: c.decision === 'assess' ? 'assess' : 'not-assess' }
        : undefined,
    adviceRequests: advice
      .filter((a) => a.cancelled_on === null)
      .map((a) => ({
        contributor: `${adviceServiceNames[a.service]} (${a.contributor_name})`,
        requested: a.requested_on,
        received: u(a.received_on),
      })),
    draftIssued: u(c.draft_issued_on),
    consultations: consultations.map((k) => ({ setting: k.setting_name, sent: k.sent_on, replied: u(k.replied_on) })),
    issueDecided: c.issue_decision === 'issue' ? u(c.issue_decision_on) : undefined,
    notToIssueDecided: c.issue_decision === 'not_issue' ? u(c.issue_decision_on) : undefined,
    finalIssued: u(c.final_issued_on),
    withdrawn: closedWithoutPlan.includes(c.status) ? u(c.closed_on) : undefined,
    exceptions: exceptions.map((e) => ({
      reason: e.reason as EhcExceptionReason,
      start: e.starts_on,
      end: u(e.ends_on),
    })),
  }
}

export function transitionFactsOf(
  c: CaseDates & { preferred_setting_id?: string | null },
  advice: readonly AdviceDates[],
  consultations: readonly (ConsultationDates & { setting_id: string })[],
  lastEventOn: IsoDate | undefined,
  planInForce: boolean,
  today: IsoDate,
): CaseFactsForTransition {
  const live = advice.filter((a) => a.cancelled_on === null)
  return {
    status: c.status as CaseStatus,
    requestReceived: c.request_received,
    lastEventOn: lastEventOn ?? c.request_received,
    draftIssuedOn: u(c.draft_issued_on),
    draftResponseOn: u(c.draft_response_on),
    adviceRequested: live.length,
    adviceOutstanding: live
      .filter((a) => a.received_on === null)
      .map((a) => `${adviceServiceNames[a.service]} (${a.contributor_name})`),
    // A setting that has let its 15 days pass without replying does not hold up the final plan.
    consultationsAwaited: consultations
      .filter(
        (k) =>
          k.replied_on === null && compareIsoDate(today, addDays(k.sent_on, ehcClockRules.consultationReply.days)) < 0,
      )
      .map((k) => k.setting_name),
    consultedSettingIds: consultations.map((k) => k.setting_id),
    preferredSettingId: u(c.preferred_setting_id),
    planInForce,
  }
}
