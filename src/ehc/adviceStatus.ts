import { compareIsoDate, type IsoDate } from '../platform/calendar/isoDate.js'

/**
 * Where a request for advice stands today, as the pages' tags and the API both read it. Advice still awaited when the
 * case closed is no longer needed: nobody is waiting for it, so it is neither outstanding nor overdue.
 * (The lists' SQL reads "awaited" the same way: awaitedSql in advice.repository.ts.)
 */
export const adviceStatuses = ['outstanding', 'overdue', 'received', 'cancelled', 'no_longer_needed'] as const
export type AdviceStatus = (typeof adviceStatuses)[number]

export interface AdviceStatusFacts {
  due_on: IsoDate
  received_on: IsoDate | null
  cancelled_on: IsoDate | null
  case_closed_on: IsoDate | null
}

export function adviceStatusOf(r: AdviceStatusFacts, today: IsoDate): AdviceStatus {
  if (r.received_on) return 'received'
  if (r.cancelled_on) return 'cancelled'
  if (r.case_closed_on) return 'no_longer_needed'
  return compareIsoDate(r.due_on, today) < 0 ? 'overdue' : 'outstanding'
}
