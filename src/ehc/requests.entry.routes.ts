import express, { type Request, type Response } from 'express'
import { searchChildren } from '../people/children.service.js'
import type { Db } from '../platform/db/database.js'
import type { Documents } from '../platform/documents/documents.service.js'
import { acceptAttribute, acceptedTypesText } from '../platform/documents/mediaTypes.js'
import { uploadOf } from '../platform/documents/upload.js'
import { AppError, type FieldError } from '../platform/errors.js'
import { contextOf } from '../platform/useCase.js'
import { errorView, fieldErrors } from '../platform/web/forms.js'
import { permit } from '../platform/web/permissions.js'
import { DuplicateRequest } from './cases.service.js'
import { dateFromBoxes, valuesSent } from './requests.forms.js'
import { CaseworkerEntry, receivedByPost, requesterKindNames } from './requests.schemas.js'
import { enterRequest, entryChecksFor } from './requests.service.js'
import { statusNames } from './workflow.js'

const template = 'ehc/views/requests/new-case'

const radioItems = (names: Record<string, string>, selected: unknown) =>
  Object.entries(names).map(([value, text]) => ({ value, text, checked: value === selected }))

/** The fields of the caseworker's form as the schema takes them. */
function entryOf(body: Record<string, unknown>) {
  const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : undefined)
  return {
    childId: text('childId'),
    requestReceived: dateFromBoxes(body, 'requestReceived'),
    receivedVia: text('receivedVia'),
    requesterKind: text('requesterKind'),
    requesterName: text('requesterName'),
    reasons: text('reasons'),
    familyViews: text('familyViews'),
  }
}

/**
 * A caseworker enters a request for an EHC needs assessment received by letter, email or phone: find the child,
 * then say when it arrived (the clock starts that day), how, from whom and why, with any evidence sent.
 * Entering requests is the service's own work, so the page is for the roles that manage cases (ehc:manage); the use
 * case checks ehc:request as well. Families and SENCOs ask through /requests.
 */
export function requestEntryRoutes(db: Db, documents: Documents) {
  const router = express.Router()

  async function renderForm(
    req: Request,
    res: Response,
    childId: string,
    extra: Record<string, unknown>,
    status = 200,
  ) {
    const checks = await entryChecksFor(contextOf(req, db), childId)
    const values = (extra.values as Record<string, unknown> | undefined) ?? {}
    res.status(status).render(template, {
      pageTitle: 'Enter a request for an EHC needs assessment',
      ...checks,
      recentlyClosedText: checks.recentlyClosed
        ? statusNames[checks.recentlyClosed.status as keyof typeof statusNames]?.staff
        : undefined,
      viaItems: radioItems(receivedByPost, values.receivedVia),
      requesterItems: radioItems(requesterKindNames, values.requesterKind),
      acceptAttribute,
      acceptedTypesText,
      ...extra,
      values,
    })
  }

  router.get('/cases/new', permit('ehc:manage'), async (req, res) => {
    const childId = typeof req.query.childId === 'string' ? req.query.childId : undefined
    if (childId) return renderForm(req, res, childId, {})
    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : ''
    const found = q ? await searchChildren(contextOf(req, db), { q, dateOfBirth: undefined }) : undefined
    res.render(template, {
      pageTitle: 'Enter a request for an EHC needs assessment',
      q,
      found,
    })
  })

  router.post('/cases/new', permit('ehc:manage'), async (req, res) => {
    const ctx = contextOf(req, db)
    const body = (req.body ?? {}) as Record<string, unknown>
    const childId = typeof body.childId === 'string' ? body.childId : ''
    const refuse = (errors: FieldError[], status = 400) =>
      renderForm(req, res, childId, { values: valuesSent(body), ...errorView(errors) }, status)
    const upload = uploadOf(req)
    const parsed = CaseworkerEntry.safeParse(entryOf(body))
    const problems = [
      ...(parsed.success ? [] : fieldErrors(parsed.error)),
      ...(upload.problem ? [{ field: 'file', message: upload.problem }] : []),
    ]
    if (problems.length || !parsed.success) return refuse(problems)
    try {
      const created = await enterRequest(ctx, documents, parsed.data, upload.file)
      res.redirect(303, `/cases/${created.id}`)
    } catch (error) {
      if (error instanceof DuplicateRequest) {
        return renderForm(req, res, childId, { values: valuesSent(body), duplicate: error.existing }, 409)
      }
      if (error instanceof AppError && (error.status === 400 || error.status === 503)) {
        return refuse(
          error.fieldErrors.length ? error.fieldErrors : [{ field: 'file', message: error.message }],
          error.status,
        )
      }
      throw error
    }
  })

  return router
}
