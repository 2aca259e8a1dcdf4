import express, { type Request, type Response } from 'express'
import { searchChildren } from '../people/children.service.js'
import type { Db } from '../platform/db/database.js'
import type { Documents } from '../platform/documents/documents.service.js'
import { acceptAttribute, acceptedTypesText } from '../platform/documents/mediaTypes.js'
import { uploadOf } from '../platform/documents/upload.js'
import { AppError, type FieldError, NotFound } from '../platform/errors.js'
import { contextOf } from '../platform/useCase.js'
import { errorView, fieldErrors } from '../platform/web/forms.js'
import { addNavigation } from '../platform/web/navigation.js'
import { permit } from '../platform/web/permissions.js'
import { DuplicateRequest } from './cases.service.js'
import { formValuesOf, sectionValuesOf, valuesSent } from './requests.forms.js'
import { type Answers, parseSection, type SectionId, sectionsFor } from './requests.schemas.js'
import {
  addDraftEvidence,
  type DraftView,
  listOwnRequests,
  maxEvidenceFiles,
  openRequestFor,
  portalRequesterOf,
  readDraft,
  removeDraftEvidence,
  saveDraftAnswers,
  sentRequest,
  startDraft,
  submitDraft,
} from './requests.service.js'
import { statusNames } from './workflow.js'

// Families and SENCOs ask here; caseworkers enter requests from the caseload (/cases/new), so the entry is not theirs.
addNavigation({
  text: 'Ask for an assessment',
  href: '/requests',
  action: 'ehc:request',
  roles: ['parent', 'young_person', 'senco'],
})

const views = 'ehc/views/requests'

/** Where each writer follows a request once it is sent (the family's and the setting's pages). */
function followHref(role: string, caseId: string) {
  if (role === 'parent' || role === 'young_person') return `/your-requests/${caseId}`
  if (role === 'senco') return '/setting-requests'
  return `/cases/${caseId}`
}

/** The page that refuses a second request for a child: the family gets the reference, staff a link. */
function renderDuplicate(req: Request, res: Response, existing: DuplicateRequest['existing'], childName?: string) {
  res.status(409).render(`${views}/duplicate`, {
    pageTitle: 'There is already a request for this child',
    existing,
    childName,
    followHref: followHref(req.user?.role ?? '', existing.id),
  })
}

/** The form's wording for who the request is about: "your child" to a parent, "you" to a young person. */
function sectionPage(view: DraftView, section: SectionId, extra: Record<string, unknown> = {}) {
  const sections = view.sections
  const at = sections.findIndex((s) => s.id === section)
  return {
    pageTitle: sections[at]?.title ?? '',
    view,
    section,
    values: formValuesOf(view.answers),
    backHref: at > 0 ? `/requests/${view.draft.id}/${sections[at - 1]!.id}` : `/requests/${view.draft.id}`,
    ...extra,
  }
}

function nextHref(view: DraftView, section: SectionId) {
  const at = view.sections.findIndex((s) => s.id === section)
  const next = view.sections[at + 1]
  return `/requests/${view.draft.id}/${next ? next.id : 'check'}`
}

/** The page about a draft that has been sent: its confirmation, not its questions. */
const sentHref = (draftId: string) => `/requests/${draftId}/sent`

/**
 * The family's and the SENCO's request for an EHC needs assessment: choose the child, answer a section a page
 * (saved as they go, resumable from /requests), add evidence, check and send. The clock starts when it is sent.
 */
export function requestRoutes(db: Db, documents: Documents) {
  const router = express.Router()

  router.get('/requests', permit('ehc:request'), async (req, res) => {
    const ctx = contextOf(req, db)
    if (!portalRequesterOf(ctx.actor)) return res.render(`${views}/staff`, { pageTitle: 'Requests for assessment' })
    const requests = await listOwnRequests(ctx)
    res.render(`${views}/list`, {
      pageTitle: 'Ask for an EHC needs assessment',
      drafts: requests.filter((r) => !r.caseId),
      sent: requests
        .filter((r) => r.caseId)
        .map((r) => ({
          ...r,
          statusText: statusNames[r.status as keyof typeof statusNames]?.family ?? r.status,
          href: followHref(ctx.actor.role, r.caseId!),
        })),
      saved: req.query.saved === '1',
      requester: portalRequesterOf(ctx.actor),
    })
  })

  router.get('/requests/new', permit('ehc:request'), async (req, res) => {
    const ctx = contextOf(req, db)
    const requester = portalRequesterOf(ctx.actor)
    if (!requester) return res.render(`${views}/staff`, { pageTitle: 'Requests for assessment' })
    const childId = typeof req.query.childId === 'string' ? req.query.childId : undefined
    if (childId) {
      const { child, open } = await openRequestFor(ctx, childId)
      if (open) {
        const existing = { id: open.id, reference: open.reference, requestReceived: open.request_received }
        return renderDuplicate(req, res, existing, child.name)
      }
      return res.render(`${views}/start`, { pageTitle: 'Before you start', child, requester })
    }
    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : ''
    // Families see their own children (a short list); a SENCO searches the pupils on roll at their settings.
    const searched = requester !== 'setting' || q !== ''
    const found = searched
      ? await searchChildren(ctx, { q: q || undefined, dateOfBirth: undefined })
      : { results: [], more: false }
    res.render(`${views}/choose-child`, {
      pageTitle: requester === 'setting' ? 'Which pupil is the request for?' : 'Who is the request for?',
      requester,
      q,
      searched,
      children: found.results,
      more: found.more,
      errors: req.query.error ? [{ text: 'Choose who the request is for', href: '#childId' }] : undefined,
      fieldErrors: req.query.error ? { childId: { text: 'Choose who the request is for' } } : undefined,
    })
  })

  router.post('/requests/new', permit('ehc:request'), async (req, res) => {
    const childId = typeof req.body?.childId === 'string' ? req.body.childId : ''
    if (!childId) return res.redirect(303, '/requests/new?error=child')
    try {
      const draft = await startDraft(contextOf(req, db), childId)
      res.redirect(303, `/requests/${draft.id}`)
    } catch (error) {
      if (error instanceof DuplicateRequest) return renderDuplicate(req, res, error.existing)
      throw error
    }
  })

  router.get('/requests/:draftId', permit('ehc:request'), async (req, res) => {
    const view = await readDraft(contextOf(req, db), String(req.params.draftId))
    if (view.draft.submitted_case_id) return res.redirect(303, sentHref(view.draft.id))
    res.render(`${views}/task-list`, { pageTitle: 'Your request for an EHC needs assessment', view })
  })

  router.get('/requests/:draftId/evidence', permit('ehc:request'), async (req, res) => {
    const view = await readDraft(contextOf(req, db), String(req.params.draftId))
    if (view.draft.submitted_case_id) return res.redirect(303, sentHref(view.draft.id))
    res.render(`${views}/evidence`, evidencePage(view))
  })

  router.post('/requests/:draftId/evidence', permit('ehc:request'), async (req, res) => {
    const ctx = contextOf(req, db)
    const draftId = String(req.params.draftId)
    const upload = uploadOf(req)
    const refuse = async (errors: FieldError[], status = 400) =>
      res.status(status).render(`${views}/evidence`, evidencePage(await readDraft(ctx, draftId), errorView(errors)))
    if (upload.problem) return refuse([{ field: 'file', message: upload.problem }])
    if (!upload.file) return refuse([{ field: 'file', message: 'Select a file' }])
    try {
      await addDraftEvidence(ctx, documents, draftId, upload.file)
    } catch (error) {
      if (error instanceof AppError && (error.status === 400 || error.status === 503)) {
        return refuse(
          error.fieldErrors.length ? error.fieldErrors : [{ field: 'file', message: error.message }],
          error.status,
        )
      }
      throw error
    }
    res.redirect(303, `/requests/${draftId}/evidence?added=1`)
  })

  router.post('/requests/:draftId/evidence/:documentId/remove', permit('ehc:request'), async (req, res) => {
    const draftId = String(req.params.draftId)
    await removeDraftEvidence(contextOf(req, db), documents, draftId, String(req.params.documentId))
    res.redirect(303, `/requests/${draftId}/evidence?removed=1`)
  })

  router.get('/requests/:draftId/check', permit('ehc:request'), async (req, res) => {
    const view = await readDraft(contextOf(req, db), String(req.params.draftId))
    if (view.draft.submitted_case_id) return res.redirect(303, sentHref(view.draft.id))
    res.render(`${views}/check`, checkPage(view))
  })

  router.post('/requests/:draftId/check', permit('ehc:request'), async (req, res) => {
    const ctx = contextOf(req, db)
    const draftId = String(req.params.draftId)
    try {
      await submitDraft(ctx, draftId)
    } catch (error) {
      if (error instanceof DuplicateRequest) return renderDuplicate(req, res, error.existing)
      if (error instanceof AppError && error.status === 400) {
        const view = await readDraft(ctx, draftId)
        const errors = error.fieldErrors.map((e) => ({ text: e.message, href: `/requests/${draftId}/${e.field}` }))
        return res.status(400).render(`${views}/check`, checkPage(view, { errors }))
      }
      throw error
    }
    res.redirect(303, sentHref(draftId))
  })

  router.get('/requests/:draftId/sent', permit('ehc:request'), async (req, res) => {
    const ctx = contextOf(req, db)
    const sent = await sentRequest(ctx, String(req.params.draftId))
    res.render(`${views}/sent`, {
      pageTitle: 'Request sent',
      sent,
      requester: portalRequesterOf(ctx.actor),
      followHref: followHref(ctx.actor.role, sent.caseId),
    })
  })

  router.get('/requests/:draftId/:section', permit('ehc:request'), async (req, res) => {
    const view = await readDraft(contextOf(req, db), String(req.params.draftId))
    const section = sectionOf(view, String(req.params.section))
    if (view.draft.submitted_case_id) return res.redirect(303, sentHref(view.draft.id))
    res.render(`${views}/sections/${section}`, sectionPage(view, section))
  })

  router.post('/requests/:draftId/:section', permit('ehc:request'), async (req, res) => {
    const ctx = contextOf(req, db)
    const draftId = String(req.params.draftId)
    const view = await readDraft(ctx, draftId)
    const section = sectionOf(view, String(req.params.section))
    if (section === 'evidence') throw new NotFound()
    const later = req.body?.action === 'later'
    const body = (req.body ?? {}) as Record<string, unknown>
    const parsed = parseSection(section, sectionValuesOf(section, body), later ? 'partial' : 'complete')
    if (!parsed.success) {
      return res
        .status(400)
        .render(
          `${views}/sections/${section}`,
          sectionPage(view, section, { values: valuesSent(body), ...errorView(fieldErrors(parsed.error)) }),
        )
    }
    await saveDraftAnswers(ctx, draftId, section, parsed.data as Answers)
    res.redirect(303, later ? '/requests?saved=1' : nextHref(view, section))
  })

  return router
}

/** The section a URL names, if this writer's form has it. */
function sectionOf(view: DraftView, name: string): SectionId {
  const section = sectionsFor(view.requester).find((s) => s.id === name)
  if (!section) throw new NotFound()
  return section.id
}

function evidencePage(view: DraftView, extra: Record<string, unknown> = {}) {
  return {
    ...sectionPage(view, 'evidence'),
    acceptAttribute,
    acceptedTypesText,
    maxEvidenceFiles,
    full: view.documents.length >= maxEvidenceFiles,
    ...extra,
  }
}

function checkPage(view: DraftView, extra: Record<string, unknown> = {}) {
  return {
    pageTitle: 'Check your answers before sending your request',
    view,
    values: view.answers,
    settingName: settingNameOf(view),
    senSupportSinceText: monthText(view.answers.senSupportSince),
    ready: view.sections.every((s) => s.complete),
    ...extra,
  }
}

function settingNameOf(view: DraftView): string | undefined {
  const choice = view.answers.settingChoice
  if (choice === 'none') return 'Not at a school, nursery or college'
  if (choice === 'other') return typeof view.answers.settingName === 'string' ? view.answers.settingName : undefined
  return view.settings.find((s) => s.id === choice)?.name
}

const monthNames = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' })

/** "September 2024" from 2024-09. */
function monthText(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}$/.test(value)) return undefined
  return monthNames.format(new Date(`${value}-01T12:00:00Z`))
}
