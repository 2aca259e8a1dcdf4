import { formatDate } from '../platform/web/nunjucks.js'
import { type CaseloadQuery, type CaseloadView, caseloadFilterNames } from './caseload.schemas.js'
import type { CaseloadLine } from './caseloadLines.js'
import { type CaseRisk, caseRisks, type StepStatus } from './clock.js'
import { adviceServiceNames } from './facts.js'
import { type CaseStatus, statusNames } from './workflow.js'

/** Risk levels as caseworkers read them, most urgent first (the caseload's order). */
export const riskTags: Record<CaseRisk, { text: string; classes: string; summary: string }> = {
  breached: { text: 'Past 20 weeks', classes: 'govuk-tag--red', summary: 'past 20 weeks' },
  overdue: { text: 'Overdue', classes: 'govuk-tag--orange', summary: 'overdue' },
  'at-risk': { text: 'At risk', classes: 'govuk-tag--yellow', summary: 'at risk of breaching 20 weeks' },
  'due-soon': { text: 'Due this week', classes: 'govuk-tag--blue', summary: 'due this week' },
  'on-track': { text: 'On track', classes: 'govuk-tag--green', summary: 'on track' },
}

export const stepStatusTags: Record<StepStatus, { text: string; classes: string }> = {
  done: { text: 'Done', classes: 'govuk-tag--green' },
  'done-late': { text: 'Done late', classes: 'govuk-tag--orange' },
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  'due-soon': { text: 'Due soon', classes: 'govuk-tag--yellow' },
  upcoming: { text: 'Upcoming', classes: 'govuk-tag--grey' },
  'not-needed': { text: 'Not needed', classes: 'govuk-tag--grey' },
}

export function statusTag(status: string) {
  const name = statusNames[status as CaseStatus]
  return name
    ? { text: name.staff, classes: `govuk-tag--${name.colour}` }
    : { text: status, classes: 'govuk-tag--grey' }
}

export const viewNames: Record<CaseloadView, string> = {
  mine: 'My caseload',
  team: 'Team caseload',
  all: 'All open cases',
  unallocated: 'Unallocated',
}

export function childNameOf(row: { legal_forename: string; legal_surname: string; preferred_name: string | null }) {
  return `${row.preferred_name || row.legal_forename} ${row.legal_surname}`
}

/** One row of the caseload table. */
export function presentEntry(line: CaseloadLine, manageable: boolean) {
  const { row, nextStep } = line
  return {
    id: row.id,
    href: `/cases/${row.id}`,
    childName: line.childName,
    reference: row.reference,
    status: statusTag(row.status),
    received: row.request_received,
    open: line.open,
    // Counted as on the case page: days 0–6 are week 1
    week: line.open ? line.weekNow + 1 : undefined,
    nextStep: nextStep && { label: nextStep.label, due: nextStep.due, overdue: nextStep.overdue },
    risk: line.open ? riskTags[line.risk] : undefined,
    closedOn: row.closed_on,
    finalLate: !line.open && line.risk === 'breached',
    exceptionApplies: line.exceptionApplies,
    caseworkerName: row.caseworker_name,
    teamName: row.team_name,
    readOnly: !manageable,
  }
}

type FilterValues = Partial<Record<(typeof caseloadFilterNames)[number], string>>

/** The query's filters as strings, ready for links. */
export function filterValuesOf(query: Partial<CaseloadQuery>): FilterValues {
  const values: FilterValues = {}
  for (const name of caseloadFilterNames) {
    const value = query[name]
    if (value !== undefined && value !== '') values[name] = String(value)
  }
  return values
}

/** `/cases?…` with these filters, the changes applied (undefined removes one) and the page when past the first. */
export function caseloadHref(values: FilterValues, changes: FilterValues = {}, page?: number): string {
  const params = new URLSearchParams()
  const merged: FilterValues = { ...values, ...changes }
  for (const name of caseloadFilterNames) {
    const value = merged[name]
    if (value !== undefined && value !== '') params.set(name, value)
  }
  if (page && page > 1) params.set('page', String(page))
  const text = params.toString()
  return text ? `/cases?${text}` : '/cases'
}

const yesNo = (v: string, yes: string, no: string) => (v === 'true' || v === 'yes' || v === 'late' ? yes : no)

/** "Remove this filter" tags for the MoJ filter component, each linking to the list without it. */
export function selectedFilters(
  values: FilterValues,
  names: { caseworkers: { id: string; name: string }[]; teams: { id: string; name: string }[] },
) {
  const describe: Partial<Record<keyof FilterValues, (v: string) => string>> = {
    q: (v) => `“${v}”`,
    status: (v) => statusNames[v as CaseStatus]?.staff ?? v,
    risk: (v) => riskTags[v as CaseRisk]?.text ?? v,
    caseworker: (v) => names.caseworkers.find((c) => c.id === v)?.name ?? 'Unknown caseworker',
    team: (v) => names.teams.find((t) => t.id === v)?.name ?? 'Unknown team',
    receivedFrom: (v) => `Received from ${formatDate(v)}`,
    receivedTo: (v) => `Received to ${formatDate(v)}`,
    finalIssuedFrom: (v) => `Final plan from ${formatDate(v)}`,
    finalIssuedTo: (v) => `Final plan to ${formatDate(v)}`,
    late: (v) => yesNo(v, 'Final plan after 20 weeks', 'Final plan within 20 weeks'),
    exception: (v) => yesNo(v, 'Exception applies', 'No exception'),
    decidedFrom: (v) => `Decided from ${formatDate(v)}`,
    decidedTo: (v) => `Decided to ${formatDate(v)}`,
    decision: (v) => yesNo(v, 'Decision after 6 weeks', 'Decision within 6 weeks'),
    adviceService: (v) => `Advice: ${adviceServiceNames[v as keyof typeof adviceServiceNames] ?? v}`,
    adviceReceivedFrom: (v) => `Advice received from ${formatDate(v)}`,
    adviceReceivedTo: (v) => `Advice received to ${formatDate(v)}`,
    adviceLate: (v) => yesNo(v, 'Advice after 6 weeks', 'Advice within 6 weeks'),
    adviceOverdue: () => 'Advice overdue now',
  }
  const items = []
  for (const name of caseloadFilterNames) {
    const value = values[name]
    const text = describe[name]
    if (value === undefined || text === undefined) continue
    items.push({ text: text(value), href: caseloadHref(values, { [name]: undefined }) })
  }
  return items
}

const countFormat = new Intl.NumberFormat('en-GB')

/** The counts above the list, each a link to the cases behind it. */
export function riskSummary(values: FilterValues, counts: Record<CaseRisk, number>) {
  return caseRisks
    .filter((r) => r !== 'on-track')
    .map((risk) => ({
      risk,
      count: counts[risk],
      text: `${countFormat.format(counts[risk])} ${riskTags[risk].summary}`,
      href: caseloadHref(values, { risk }),
      current: values.risk === risk,
    }))
}
