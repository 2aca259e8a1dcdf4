import { addDays, compareIsoDate, type IsoDate } from '../calendar/isoDate.js'

/**
 * How long an advice giver keeps sight of the child's record and the case's evidence after giving their advice: long
 * enough to answer the caseworker's questions on it. While the advice is awaited on an open case they see both; once
 * the request is cancelled, or the case closes with the advice still awaited, they have no further need of them (UK
 * GDPR article 5(1)(c), data minimisation), so DESIGN.md's "the cases that asked them for advice" means the requests
 * still open and those just answered, as panel members' sight of an agenda ends after the meeting (panelAccess.ts).
 * Their own request and the advice they gave stay theirs to read.
 */
export const adviceAccessDays = 28

export interface AdviceAccessFacts {
  receivedOn: IsoDate | null
  cancelledOn: IsoDate | null
  caseClosedOn: IsoDate | null
}

/** The earliest date of receipt whose advice giver still sees the child's record today. */
export function adviceReceivedOpenFrom(today: IsoDate): IsoDate {
  return addDays(today, -adviceAccessDays)
}

/** Whether this request still gives its advice giver sight of the child's record and the case's evidence today. */
export function adviceOpensRecord(r: AdviceAccessFacts, today: IsoDate): boolean {
  if (r.cancelledOn !== null) return false
  if (r.receivedOn === null) return r.caseClosedOn === null
  return compareIsoDate(r.receivedOn, adviceReceivedOpenFrom(today)) >= 0
}

/** The last day the advice giver sees the child's record after giving advice on `receivedOn`. */
export function adviceClosesToGiverAfter(receivedOn: IsoDate): IsoDate {
  return addDays(receivedOn, adviceAccessDays)
}
