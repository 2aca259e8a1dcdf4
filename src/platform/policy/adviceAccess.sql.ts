import type { ExpressionBuilder } from 'kysely'
import type { IsoDate } from '../calendar/isoDate.js'
import type { DB } from '../db/schema.js'

/**
 * adviceOpensRecord (adviceAccess.ts) as SQL on an advice request joined to its case, cancelled requests left out by
 * the caller: awaited on an open case, or received on or after `receivedFrom`.
 */
export function adviceOpensRecordSql(receivedFrom: IsoDate) {
  return (eb: ExpressionBuilder<DB, 'advice_request' | 'ehc_case'>) =>
    eb.or([
      eb.and([eb('advice_request.received_on', 'is', null), eb('ehc_case.closed_on', 'is', null)]),
      eb('advice_request.received_on', '>=', receivedFrom),
    ])
}
