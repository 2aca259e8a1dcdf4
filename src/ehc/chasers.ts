/**
 * Which reminder, if any, a request for advice is owed today. Pure: the daily job asks it for every outstanding
 * request, and a reminder already sent today answers "none", so the job can run twice a day without sending twice.
 *
 * DESIGN.md 4.1: advice is due 6 weeks from the request (SEND Regs 2014 reg 8(1)), and is chased before it falls due.
 * The service's rule: one reminder a week before the due date, one on the due date, then one a week while overdue.
 */
import { addDays, compareIsoDate, daysBetween, type IsoDate } from '../platform/calendar/isoDate.js'

export const chaserRules = {
  /** The first reminder goes this many days before the due date. */
  daysBeforeDue: 7,
  /** While overdue, a reminder goes this many days after the last one. */
  overdueEveryDays: 7,
} as const

export type ChaserKind = 'before_due' | 'due_today' | 'overdue'

export interface ChaserState {
  dueOn: IsoDate
  /** The day the last reminder went, if any. */
  lastChasedOn: IsoDate | undefined
}

export interface ChaserDue {
  kind: ChaserKind
  /** Days past the due date (0 unless overdue). */
  daysOverdue: number
}

const chasedSince = (state: ChaserState, day: IsoDate) =>
  state.lastChasedOn !== undefined && compareIsoDate(state.lastChasedOn, day) >= 0

/**
 * The reminder owed on `today`, or undefined. A day the job missed is caught up on its next run: a request that was
 * never reminded before its due date gets the due-date or overdue reminder, not a late "due in a week".
 */
export function chaserDueOn(state: ChaserState, today: IsoDate): ChaserDue | undefined {
  const { dueOn } = state
  // Never two in one day, and nothing if the clock is behind the last run.
  if (chasedSince(state, today)) return undefined
  const weekBefore = addDays(dueOn, -chaserRules.daysBeforeDue)
  const sinceDue = compareIsoDate(today, dueOn)
  if (sinceDue < 0) {
    if (compareIsoDate(today, weekBefore) < 0 || chasedSince(state, weekBefore)) return undefined
    return { kind: 'before_due', daysOverdue: 0 }
  }
  if (sinceDue === 0) return { kind: 'due_today', daysOverdue: 0 }
  const daysOverdue = daysBetween(dueOn, today)
  if (!chasedSince(state, dueOn)) return { kind: 'overdue', daysOverdue }
  const sinceLast = daysBetween(state.lastChasedOn as IsoDate, today)
  return sinceLast >= chaserRules.overdueEveryDays ? { kind: 'overdue', daysOverdue } : undefined
}

/** "due in 3 days", "due today", "3 days overdue": how far a due date is from today, for tags and reminders. */
export function dueTagOf(dueOn: IsoDate, today: IsoDate): { text: string; overdue: boolean; days: number } {
  const days = daysBetween(today, dueOn)
  if (days === 0) return { text: 'Due today', overdue: false, days }
  if (days > 0) return { text: `Due in ${days} ${days === 1 ? 'day' : 'days'}`, overdue: false, days }
  return { text: `${-days} ${days === -1 ? 'day' : 'days'} overdue`, overdue: true, days }
}
