import { sql } from 'kysely'
import type { IsoDate } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import type { CaseRisk } from './clock.js'

/** The clock's verdict on one case for one day, as kept beside it (migrations/0007_ehc_clock_summary.sql). */
export interface ClockVerdict {
  caseId: string
  /** The case's clock_facts_version the verdict was worked out from. */
  factsVersion: string
  risk: CaseRisk
  nextDue: IsoDate | null
  exceptionApplies: boolean
}

/**
 * Keeps each verdict as the one for `today`, unless the case's facts changed after they were read: that case stays
 * stale and is worked out again next time, so a verdict never outlives the facts it came from. One statement.
 */
export async function saveClockVerdicts(db: Queryable, verdicts: readonly ClockVerdict[], today: IsoDate) {
  if (verdicts.length === 0) return
  await sql`
    update ehc_case c
       set clock_risk = v.risk, clock_next_due = v.next_due, clock_exception_applies = v.exception_applies,
           clock_as_of = ${today}
      from unnest(
             ${verdicts.map((v) => v.caseId)}::uuid[],
             ${verdicts.map((v) => v.risk)}::text[],
             ${verdicts.map((v) => v.nextDue)}::date[],
             ${verdicts.map((v) => v.exceptionApplies)}::boolean[],
             ${verdicts.map((v) => v.factsVersion)}::bigint[]
           ) as v(case_id, risk, next_due, exception_applies, facts_version)
     where c.id = v.case_id and c.clock_facts_version = v.facts_version`.execute(db)
}
