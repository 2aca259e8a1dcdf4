import type { UseCaseContext } from '../platform/useCase.js'
import type { adviceRequestsOf, CaseRow, consultationsOf } from './cases.repository.js'

/** The case as this reader may see it (caseReaders.ts), with its advice and consultations, read once for the page. */
export interface CaseRecordShown {
  case: CaseRow
  advice: Awaited<ReturnType<typeof adviceRequestsOf>>
  consultations: Awaited<ReturnType<typeof consultationsOf>>
}

/**
 * Parts of the case page that other parts of the EHC area add (advice requests, panel papers, consultations …), the
 * way areas add navigation entries: each registers a template and, optionally, what it needs loaded. The case page
 * renders them in registration order after its own sections, with its view model in scope and the section's own data
 * as `section`.
 */
export interface CasePageSection {
  /** Unique; registering the same id again replaces the section (module reloads in development). */
  id: string
  /** A template path under src/, e.g. 'ehc/views/advice/case-section.njk'. */
  template: string
  /**
   * What the template needs beyond the case page's view model; runs after the case read has been audited, given what
   * the page has read of the case as this reader may see it.
   */
  load?: (ctx: UseCaseContext, record: CaseRecordShown) => Promise<Record<string, unknown>>
}

const sections: CasePageSection[] = []

export function addCasePageSection(section: CasePageSection) {
  const existing = sections.findIndex((s) => s.id === section.id)
  if (existing >= 0) sections[existing] = section
  else sections.push(section)
}

/** Every registered section with its data for one case. */
export async function loadCasePageSections(ctx: UseCaseContext, record: CaseRecordShown) {
  return Promise.all(
    sections.map(async (s) => ({ id: s.id, template: s.template, data: s.load ? await s.load(ctx, record) : {} })),
  )
}
