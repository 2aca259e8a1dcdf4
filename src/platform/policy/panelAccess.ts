import { addDays, compareIsoDate, type IsoDate } from '../calendar/isoDate.js'

/**
 * How long a panel member keeps sight of a meeting's agenda, papers and the records of the children on it: from when a
 * case is listed until this many days after the meeting. Long enough to settle the minutes and answer questions on a
 * decision; after that a member has no need of the children's records (UK GDPR article 5(1)(c), data minimisation), so
 * DESIGN.md's "cases on the agenda of their panels" means the agendas of meetings to come and those just held.
 * Caseworkers and managers keep the papers on the case.
 */
export const panelAccessDays = 28

/** The earliest meeting date whose members still have sight of its agenda today. */
export function panelMeetingsOpenFrom(today: IsoDate): IsoDate {
  return addDays(today, -panelAccessDays)
}

/** Whether a meeting held (or to be held) on `meetsOn` is still open to its members today. */
export function panelMeetingOpenToMembers(meetsOn: IsoDate, today: IsoDate): boolean {
  return compareIsoDate(meetsOn, panelMeetingsOpenFrom(today)) >= 0
}

/** The last day its members see a meeting's agenda. */
export function panelMeetingClosesToMembersAfter(meetsOn: IsoDate): IsoDate {
  return addDays(meetsOn, panelAccessDays)
}
