/**
 * What a case's documents are called where people choose one to download. Pure: the rows come from
 * `documentsOfCase` (documents.repository.ts), the events from the case's timeline.
 *
 * A plan's file is named on the event of the step that issued it (`planDocumentId`, moveCaseOn in
 * casePage.service.ts), so the draft and the final plan are told apart without a column of their own.
 */
import type { CaseDocumentRow } from '../platform/documents/documents.repository.js'
import type { DocumentKind } from '../platform/documents/documents.service.js'
import { fileSize } from './advice.presenters.js'

export const documentKindNames: Record<DocumentKind, string> = {
  evidence: 'Evidence',
  advice: 'Advice',
  letter: 'Letter',
  plan: 'Plan',
  panel_paper: 'Panel paper',
  other: 'Other document',
}

export const draftPlanName = 'Draft EHC plan'

const planStepNames: Record<string, string> = {
  issue_draft: draftPlanName,
  issue_final: 'Final EHC plan',
}

/** Each plan document's name (draft or final) by its id, from the events of the steps that issued them. */
export function planNamesOf(events: readonly { kind: string; details: unknown }[]): Map<string, string> {
  const names = new Map<string, string>()
  for (const e of events) {
    const name = planStepNames[e.kind]
    const id = (e.details as { planDocumentId?: unknown } | null)?.planDocumentId
    if (name && typeof id === 'string') names.set(id, name)
  }
  return names
}

/** A case's documents as a list to download from: what each is, its file, size, when and by whom it was added. */
export function documentLinks(documents: readonly CaseDocumentRow[], planNames: ReadonlyMap<string, string>) {
  return documents.map((d) => ({
    href: `/documents/${d.id}`,
    name: planNames.get(d.id) ?? documentKindNames[d.kind],
    filename: d.filename,
    size: fileSize(d.size_bytes),
    addedOn: d.created_at,
    addedBy: d.uploaded_by ?? undefined,
    /** A file still being checked for viruses cannot be downloaded yet. */
    pending: d.scan_status === 'pending',
  }))
}
