import { sql } from 'kysely'
import type { IsoDate } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import type { CaseRisk, EhcClockStep } from './clock.js'

/** The clock's verdict on one case for one day, as kept beside it (migrations/0007_ehc_clock_summary.sql). */
export interface ClockVerdict {
  caseId: string
  /** The case's clock_facts_version the verdict was worked out from. */
  factsVersion: string
  risk: CaseRisk
  nextDue: IsoDate | null
  /** The step due soonest (nextDue's), named as the clock names it; null when none is left. */
  nextStep: { step: EhcClockStep; label: string; overdue: boolean } | null
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
           clock_next_step = v.next_step, clock_next_label = v.next_label, clock_next_overdue = v.next_overdue,
           clock_as_of = ${today}
      from unnest(
             ${verdicts.map((v) => v.caseId)}::uuid[],
             ${verdicts.map((v) => v.risk)}::text[],
             ${verdicts.map((v) => v.nextDue)}::date[],
             ${verdicts.map((v) => v.exceptionApplies)}::boolean[],
             ${verdicts.map((v) => v.nextStep?.step ?? null)}::text[],
             ${verdicts.map((v) => v.nextStep?.label ?? null)}::text[],
             ${verdicts.map((v) => v.nextStep?.overdue ?? null)}::boolean[],
             ${verdicts.map((v) => v.factsVersion)}::bigint[]
           ) as v(case_id, risk, next_due, exception_applies, next_step, next_label, next_overdue, facts_version)
     where c.id = v.case_id and c.clock_facts_version = v.facts_version`.execute(db)
}
