import express from 'express'
import { z } from 'zod'
import { todayInLondon } from '../platform/calendar/isoDate.js'
import type { Db } from '../platform/db/database.js'
import { AppError, type FieldError, NotFound } from '../platform/errors.js'
import { contextOf, type UseCaseContext } from '../platform/useCase.js'
import { errorView, fieldErrors } from '../platform/web/forms.js'
import { formatDate } from '../platform/web/nunjucks.js'
import { permit } from '../platform/web/permissions.js'
import { bodyText, dateFromParts, dateItems, datePartsOf } from './advice.forms.js'
import { adviceTagOf, childNameOf, fileSize } from './advice.presenters.js'
import type { Links } from './advice.service.js'
import { replyNames } from './consultations.messages.js'
import type { ConsultationRow } from './consultations.repository.js'
import { ConsultationReply, NewConsultation } from './consultations.schemas.js'
import {
  consultationForm,
  consultSetting,
  mayReplyNow,
  replyToConsultation,
  viewConsultation,
} from './consultations.service.js'

type Body = Record<string, unknown>

const idOf = (req: express.Request) => {
  const id = String(req.params.id)
  if (!z.uuid().safeParse(id).success) throw new NotFound()
  return id
}

function formErrors(error: unknown, defaultField: string): FieldError[] {
  if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) throw error
  return error.fieldErrors.length ? error.fieldErrors : [{ field: defaultField, message: error.message }]
}

async function renderNewForm(
  res: express.Response,
  ctx: UseCaseContext,
  caseId: string,
  values: Body,
  errors: FieldError[] = [],
  status?: number,
) {
  const form = await consultationForm(ctx, caseId)
  const view = errorView(errors)
  const chosen = bodyText(values.settingId)
  const consultedIds = new Set(form.consulted.map((k) => k.setting_id))
  res.status(status ?? (errors.length ? 400 : 200)).render('ehc/views/consultations/new', {
    pageTitle: 'Consult a setting',
    caseId,
    caseReference: form.case.reference,
    childName: childNameOf(form.child),
    draftIssued: form.case.status === 'draft_issued',
    consulted: form.consulted.map((k) => ({
      settingName: k.setting_name,
      sentOn: k.sent_on,
      href: `/consultations/${k.id}`,
      tag: k.replied_on
        ? {
            text: k.reply === 'can_meet_needs' ? 'Can meet needs' : 'Cannot meet needs',
            classes: k.reply === 'can_meet_needs' ? 'govuk-tag--green' : 'govuk-tag--red',
          }
        : adviceTagOf({ due_on: k.due_on, received_on: null, cancelled_on: null, case_closed_on: null }, form.today),
    })),
    settingItems: [
      { value: '', text: 'Choose a setting' },
      ...form.settings
        .filter((s) => !consultedIds.has(s.id))
        .map((s) => ({
          value: s.id,
          text: s.urn ? `${s.name} (URN ${s.urn})` : s.name,
          selected: s.id === chosen,
        })),
    ],
    sentOnItems: dateItems(values, 'sentOn', Boolean(view.fieldErrors.sentOn)),
    ...view,
  })
}

async function renderReplyPage(
  res: express.Response,
  ctx: UseCaseContext,
  id: string,
  values: Body | undefined,
  errors: FieldError[] = [],
  status?: number,
) {
  const { consultation: k, access, planShared, plan, caseworker } = await viewConsultation(ctx, id)
  const today = todayInLondon()
  const shown = values ?? datePartsOf('repliedOn', today)
  const view = errorView(errors)
  res.status(status ?? (errors.length ? 400 : 200)).render('ehc/views/consultations/reply', {
    pageTitle: `Consultation: ${k.setting_name}`,
    id: k.id,
    access,
    childName: childNameOf(k),
    dateOfBirth: k.date_of_birth,
    caseReference: k.case_reference,
    caseHref: `/cases/${k.case_id}`,
    settingName: k.setting_name,
    sentOn: k.sent_on,
    dueOn: k.due_on,
    tag: adviceTagOf(
      { due_on: k.due_on, received_on: k.replied_on, cancelled_on: null, case_closed_on: k.case_closed_on },
      today,
    ),
    repliedOn: k.replied_on,
    reply: k.reply ? replyNames[k.reply] : undefined,
    replyNote: k.reply_note,
    plan: plan.map((d) => ({ href: `/documents/${d.id}`, filename: d.filename, size: fileSize(d.size_bytes) })),
    planWithdrawn: planShared ? undefined : planWithdrawnSentence(k),
    caseworker,
    mayReply: mayReplyNow(k, access),
    values: shown,
    repliedOnItems: dateItems(shown, 'repliedOn', Boolean(view.fieldErrors.repliedOn)),
    ...view,
  })
}

/** Why a setting consulted no longer sees the plan (planSharing.ts): the case closed without naming it. */
function planWithdrawnSentence(k: ConsultationRow): string {
  const closed = k.case_closed_on ? ` on ${formatDate(k.case_closed_on)}` : ''
  return k.case_status === 'final_issued'
    ? `The final plan was issued${closed}, naming another setting, so the plan is no longer shared with ${k.setting_name}.`
    : `The assessment ended${closed}, so the draft plan is no longer shared with ${k.setting_name}.`
}

/** Consulting settings on being named in a plan, and their replies. */
export function consultationRoutes(db: Db, links: Links) {
  const router = express.Router()

  router.get('/cases/:id/consultations/new', permit('ehc:manage'), async (req, res) => {
    // The case page links here with the setting the family would like already chosen.
    const settingId = typeof req.query.settingId === 'string' ? req.query.settingId : undefined
    await renderNewForm(res, contextOf(req, db), idOf(req), { ...datePartsOf('sentOn', todayInLondon()), settingId })
  })

  router.post('/cases/:id/consultations', permit('ehc:manage'), async (req, res) => {
    const ctx = contextOf(req, db)
    const caseId = idOf(req)
    const body = (req.body ?? {}) as Body
    const sentOn = dateFromParts(body, 'sentOn')
    const parsed = NewConsultation.safeParse({ settingId: bodyText(body.settingId) || undefined, sentOn })
    const errors = [
      ...(parsed.success ? [] : fieldErrors(parsed.error)),
      ...(sentOn === undefined ? [{ field: 'sentOn', message: 'Enter the date the setting was consulted' }] : []),
    ]
    if (errors.length || !parsed.success) return renderNewForm(res, ctx, caseId, body, errors)
    try {
      await consultSetting(ctx, caseId, parsed.data, links)
    } catch (error) {
      return renderNewForm(
        res,
        ctx,
        caseId,
        body,
        formErrors(error, 'settingId'),
        error instanceof AppError ? error.status : 400,
      )
    }
    res.redirect(303, `/cases/${caseId}`)
  })

  router.get('/consultations/:id', permit('consultation:reply'), async (req, res) => {
    await renderReplyPage(res, contextOf(req, db), idOf(req), undefined)
  })

  router.post('/consultations/:id', permit('consultation:reply'), async (req, res) => {
    const ctx = contextOf(req, db)
    const id = idOf(req)
    const body = (req.body ?? {}) as Body
    const repliedOn = dateFromParts(body, 'repliedOn')
    const parsed = ConsultationReply.safeParse({
      reply: bodyText(body.reply) || undefined,
      note: bodyText(body.note),
      repliedOn,
    })
    if (!parsed.success) return renderReplyPage(res, ctx, id, body, fieldErrors(parsed.error))
    try {
      await replyToConsultation(ctx, id, parsed.data, links)
    } catch (error) {
      return renderReplyPage(
        res,
        ctx,
        id,
        body,
        formErrors(error, 'reply'),
        error instanceof AppError ? error.status : 400,
      )
    }
    res.redirect(303, `/consultations/${id}`)
  })

  return router
}
