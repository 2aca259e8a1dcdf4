import express from 'express'
import { z } from 'zod'
import type { Db } from '../platform/db/database.js'
import { AppError, type FieldError, NotFound } from '../platform/errors.js'
import { contextOf, type UseCaseContext } from '../platform/useCase.js'
import { errorView, fieldErrors } from '../platform/web/forms.js'
import { permit } from '../platform/web/permissions.js'
import { bodyText, dateFromParts, dateItems, datePartsOf } from './advice.forms.js'
import { childNameOf } from './advice.presenters.js'
import type { Links } from './advice.service.js'
import { DraftResponse } from './draftResponse.schemas.js'
import { draftResponseForm, respondToDraft } from './draftResponse.service.js'

type Body = Record<string, unknown>

const idOf = (req: express.Request) => {
  const id = String(req.params.id)
  if (!z.uuid().safeParse(id).success) throw new NotFound()
  return id
}

/** Where each responder goes back to: the family to their own view of the request, staff to the case. */
const backHref = (responder: 'family' | 'caseworker', caseId: string) =>
  responder === 'family' ? `/your-requests/${caseId}` : `/cases/${caseId}`

async function renderForm(
  res: express.Response,
  ctx: UseCaseContext,
  caseId: string,
  values: Body | undefined,
  errors: FieldError[] = [],
  status?: number,
) {
  const form = await draftResponseForm(ctx, caseId)
  const family = form.responder === 'family'
  const shown: Body = values ?? {
    ...datePartsOf('respondedOn', form.today),
    comments: form.case.draft_response ?? '',
    wantsMeeting:
      form.case.draft_meeting_requested === null ? undefined : form.case.draft_meeting_requested ? 'yes' : 'no',
    preferredSettingId: form.case.preferred_setting_id ?? '',
  }
  const chosen = bodyText(shown.preferredSettingId)
  const view = errorView(errors)
  const childName = family && form.child.preferred_name ? form.child.preferred_name : childNameOf(form.child)
  res.status(status ?? (errors.length ? 400 : 200)).render('ehc/views/draftResponse/form', {
    pageTitle: family ? 'Your response to the draft plan' : 'Record the family’s response to the draft plan',
    caseId,
    family,
    childName,
    caseReference: form.case.reference,
    backHref: backHref(form.responder, caseId),
    closedReason: form.closedReason,
    draftIssuedOn: form.case.draft_issued_on,
    dueOn: form.dueOn,
    respondedOn: form.case.draft_response_on,
    values: shown,
    settingItems: [
      { value: '', text: family ? 'I do not want to name one now' : 'No preference given' },
      ...form.settings.map((s) => ({ value: s.id, text: s.name, selected: s.id === chosen })),
    ],
    respondedOnItems: dateItems(shown, 'respondedOn', Boolean(view.fieldErrors.respondedOn)),
    ...view,
  })
}

/**
 * The family's response to the draft plan. Families reach the form from their own view of the request; the guard is
 * the role's right to read EHC cases, and the use case lets in only the family of this case or its caseworkers.
 */
export function draftResponseRoutes(db: Db, links: Links) {
  const router = express.Router()

  router.get('/cases/:id/draft-response', permit('ehc:read'), async (req, res) => {
    await renderForm(res, contextOf(req, db), idOf(req), undefined)
  })

  router.post('/cases/:id/draft-response', permit('ehc:read'), async (req, res) => {
    const ctx = contextOf(req, db)
    const caseId = idOf(req)
    const body = (req.body ?? {}) as Body
    const meeting = bodyText(body.wantsMeeting)
    const parsed = DraftResponse.safeParse({
      comments: bodyText(body.comments),
      wantsMeeting: meeting === 'yes' ? true : meeting === 'no' ? false : undefined,
      preferredSettingId: bodyText(body.preferredSettingId) || undefined,
      respondedOn: dateFromParts(body, 'respondedOn'),
    })
    if (!parsed.success) return renderForm(res, ctx, caseId, body, fieldErrors(parsed.error))
    try {
      const { responder } = await respondToDraft(ctx, caseId, parsed.data, links)
      res.redirect(303, backHref(responder, caseId))
    } catch (error) {
      if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) throw error
      const errors = error.fieldErrors.length ? error.fieldErrors : [{ field: 'comments', message: error.message }]
      return renderForm(res, ctx, caseId, body, errors, error.status)
    }
  })

  return router
}
