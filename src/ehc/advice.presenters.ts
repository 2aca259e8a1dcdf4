/** Requests for advice shaped for the pages: names, tags and labels, no logic left for the templates. */
import type { IsoDate } from '../platform/calendar/isoDate.js'
import { adviceClosesToGiverAfter } from '../platform/policy/adviceAccess.js'
import { formatDate } from '../platform/web/nunjucks.js'
import type { AdviceListRow, AdviceListStatus, AdviceRequestRow } from './advice.repository.js'
import { adviceServices } from './advice.schemas.js'
import { type AdviceStatusFacts, adviceStatusOf } from './adviceStatus.js'
import { dueTagOf } from './chasers.js'
import { type AdviceService, adviceServiceNames } from './facts.js'

export interface Tag {
  text: string
  classes: string
}

/** Where a request stands (adviceStatusOf), with how long until or since it is due while it is awaited. */
export function adviceTagOf(r: AdviceStatusFacts, today: IsoDate): Tag {
  switch (adviceStatusOf(r, today)) {
    case 'received':
      return { text: `Received ${formatDate(r.received_on)}`, classes: 'govuk-tag--green' }
    case 'cancelled':
      return { text: 'Cancelled', classes: 'govuk-tag--grey' }
    case 'no_longer_needed':
      return { text: 'No longer needed', classes: 'govuk-tag--grey' }
    case 'overdue':
    case 'outstanding': {
      const due = dueTagOf(r.due_on, today)
      const classes = due.overdue ? 'govuk-tag--red' : due.days <= 7 ? 'govuk-tag--orange' : 'govuk-tag--blue'
      return { text: due.text, classes }
    }
  }
}

export const childNameOf = (r: { legal_forename: string; legal_surname: string; preferred_name?: string | null }) =>
  r.preferred_name && r.preferred_name !== r.legal_forename
    ? `${r.legal_forename} ${r.legal_surname} (known as ${r.preferred_name})`
    : `${r.legal_forename} ${r.legal_surname}`

export function presentAdviceRow(r: AdviceListRow, today: IsoDate) {
  return {
    id: r.id,
    href: `/advice/${r.id}`,
    childName: childNameOf(r),
    dateOfBirth: r.date_of_birth,
    service: adviceServiceNames[r.service],
    contributor: r.contributor_name,
    caseReference: r.case_reference,
    caseHref: `/cases/${r.case_id}`,
    requestedOn: r.requested_on,
    dueOn: r.due_on,
    tag: adviceTagOf(r, today),
  }
}

export function serviceItems(selected: string | undefined, blank: string) {
  return [
    { value: '', text: blank, selected: !selected },
    ...adviceServices.map((s) => ({ value: s, text: adviceServiceNames[s], selected: s === selected })),
  ]
}

const statusLabels: Record<AdviceListStatus, string> = {
  outstanding: 'Awaited',
  overdue: 'Overdue',
  received: 'Received',
  cancelled: 'Cancelled',
  all: 'All',
}

export function statusItems(selected: AdviceListStatus) {
  return (Object.keys(statusLabels) as AdviceListStatus[]).map((s) => ({
    value: s,
    text: statusLabels[s],
    selected: s === selected,
  }))
}

export function serviceName(service: AdviceService): string {
  return adviceServiceNames[service]
}

/** "12 KB", "1.4 MB": a file's size for a link's text. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

/** The advice as stored, as labelled paragraphs. */
export function adviceSections(advice: unknown): { heading: string; text: string }[] {
  if (!advice || typeof advice !== 'object') return []
  const a = advice as {
    needs?: { education?: string; health?: string; socialCare?: string }
    outcomes?: string
    provision?: string
  }
  return [
    { heading: 'Educational needs', text: a.needs?.education },
    { heading: 'Health needs', text: a.needs?.health },
    { heading: 'Social care needs', text: a.needs?.socialCare },
    { heading: 'Outcomes sought', text: a.outcomes },
    { heading: 'Provision recommended', text: a.provision },
  ].filter((s): s is { heading: string; text: string } => typeof s.text === 'string' && s.text.length > 0)
}

/** Why the advice giver no longer sees the child's setting and the evidence (adviceAccess.ts). */
export function recordClosedSentence(r: AdviceRequestRow): string {
  if (r.received_on) {
    return `The child’s setting and the evidence were shared with you until ${formatDate(adviceClosesToGiverAfter(r.received_on))}, to write your advice and answer questions on it. Ask the caseworker if you need to see them again.`
  }
  return `The assessment ended${r.case_closed_on ? ` on ${formatDate(r.case_closed_on)}` : ''}, so the child’s setting and the evidence are no longer shared with you.`
}
