import type { IsoDate } from '../platform/calendar/isoDate.js'
import type { CaseloadEntry } from './caseload.service.js'
import type { CaseloadPageRow } from './caseloadPage.repository.js'
import { type CaseRisk, type EhcClockStep, weekOfRequest } from './clock.js'
import { type CaseStatus, isOpen } from './workflow.js'

/** One case of a caseload page as the list shows it: the clock's verdict on it for today, not the whole assessment. */
export interface CaseloadLine {
  row: CaseloadPageRow
  open: boolean
  risk: CaseRisk
  /** Whole weeks since the request was received (clock.ts weekOfRequest). */
  weekNow: number
  exceptionApplies: boolean
  /** The step due soonest among those not yet done (none once the case is closed). */
  nextStep: { step: EhcClockStep; label: string; due: IsoDate; overdue: boolean } | undefined
  childName: string
}

const childNameOf = (row: CaseloadPageRow) => `${row.preferred_name || row.legal_forename} ${row.legal_surname}`

/** Whether the verdict kept on the case is not today's (caseload.repository.ts clockStale, in the application). */
export function verdictStale(row: CaseloadPageRow, today: IsoDate): boolean {
  return row.clock_as_of === null || (isOpen(row.status as CaseStatus) && row.clock_as_of !== today)
}

/** A line from the verdict kept on the case: only for a case whose verdict is today's (see verdictStale). */
export function lineFromVerdict(row: CaseloadPageRow, today: IsoDate): CaseloadLine {
  const { clock_risk: risk, clock_next_step: step, clock_next_label: label, clock_next_due: due } = row
  if (risk === null) throw new Error(`Case ${row.id} has no clock verdict kept`)
  return {
    row,
    open: isOpen(row.status as CaseStatus),
    risk,
    weekNow: weekOfRequest(row.request_received, today),
    exceptionApplies: row.clock_exception_applies ?? false,
    nextStep:
      step && label !== null && due !== null
        ? { step, label, due, overdue: row.clock_next_overdue ?? false }
        : undefined,
    childName: childNameOf(row),
  }
}

/** A line from the case put against the clock afresh (for a verdict that could not be kept up to date). */
export function lineFromEntry(row: CaseloadPageRow, entry: CaseloadEntry): CaseloadLine {
  const { assessment, nextStep } = entry
  return {
    row,
    open: entry.open,
    risk: assessment.risk,
    weekNow: assessment.weekNow,
    exceptionApplies: assessment.exceptionApplies,
    nextStep: nextStep && {
      step: nextStep.step,
      label: nextStep.label,
      due: nextStep.due,
      overdue: nextStep.status === 'overdue',
    },
    childName: childNameOf(row),
  }
}
