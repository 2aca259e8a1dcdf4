import express from 'express'
import { z } from 'zod'
import { paginationItems } from '../directory/presenters.js'
import { todayInLondon } from '../platform/calendar/isoDate.js'
import type { Db } from '../platform/db/database.js'
import { AppError, type FieldError, NotFound } from '../platform/errors.js'
import { registerJob } from '../platform/jobs/registry.js'
import { contextOf, type UseCaseContext } from '../platform/useCase.js'
import { errorView, fieldErrors } from '../platform/web/forms.js'
import { addNavigation } from '../platform/web/navigation.js'
import { permit } from '../platform/web/permissions.js'
import { acceptHint, attachmentOf } from './advice.attachments.js'
import { adviceContentOf, bodyText, dateFromParts, dateItems, datePartsOf, renameFields } from './advice.forms.js'
import {
  adviceSections,
  adviceTagOf,
  childNameOf,
  fileSize,
  presentAdviceRow,
  recordClosedSentence,
  serviceItems,
  serviceName,
  statusItems,
} from './advice.presenters.js'
import {
  AdviceContent,
  AdviceListQuery,
  AdviceReceipt,
  AdviceSubmission,
  adviceServices,
  CancelAdviceRequest,
  NewAdviceRequests,
} from './advice.schemas.js'
import {
  type AdviceDeps,
  adviceClosedReason,
  adviceRequestForm,
  cancelAdviceRequest,
  giveAdvice,
  listAdvice,
  recordAdviceReceived,
  requestAdvice,
  viewAdviceRequest,
} from './advice.service.js'
import { adviceChasersJob } from './chasers.job.js'
import { type AdviceService, adviceServiceNames } from './facts.js'

addNavigation({ text: 'Advice requests', href: '/advice', action: 'advice:read' })
registerJob(adviceChasersJob)

type Body = Record<string, unknown>

const idOf = (req: express.Request, name = 'id') => {
  const id = String(req.params[name])
  if (!z.uuid().safeParse(id).success) throw new NotFound()
  return id
}

/** An AppError the form shows in its error summary (bad input, or a refusal with a reason); anything else is thrown. */
function formErrors(error: unknown, defaultField: string): FieldError[] {
  if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) throw error
  return error.fieldErrors.length ? error.fieldErrors : [{ field: defaultField, message: error.message }]
}

// --- Asking for advice --------------------------------------------------------------------------------------------

/** The services offered on the form, in order; preparing for adulthood only from year 9. */
const formServices = (preparingForAdulthood: boolean): AdviceService[] =>
  adviceServices.filter((s) => s !== 'preparing_for_adulthood' || preparingForAdulthood)

/** The form's checked services as requests, and the index of each for naming errors. */
function requestsOfForm(body: Body) {
  const checked = ([] as unknown[]).concat(body.services ?? []).map(String)
  const services = adviceServices.filter((s) => checked.includes(s))
  const missing: FieldError[] = []
  const requests = services.map((service) => {
    const who = bodyText(body[`contributor-${service}`])
    const questions = bodyText(body[`questions-${service}`])
    if (who === 'named') {
      return {
        service,
        contributorName: bodyText(body[`contributorName-${service}`]),
        contributorEmail: bodyText(body[`contributorEmail-${service}`]).trim(),
        questions,
      }
    }
    if (!who) {
      missing.push({
        field: `contributor-${service}`,
        message: `Choose who you are asking for ${adviceServiceNames[service].toLowerCase()} advice`,
      })
    }
    return { service, contributorUserId: who || undefined, questions }
  })
  return { services, requests, missing, requestedOn: dateFromParts(body, 'requestedOn') }
}

/** Schema and use-case field paths ('requests.1.contributorEmail') as the form's ids ('contributorEmail-health'). */
function requestFieldNames(services: readonly AdviceService[]) {
  return (field: string) => {
    const match = field.match(/^requests\.(\d+)\.(\w+)$/)
    if (!match) return field === 'requests' ? 'services' : field
    const service = services[Number(match[1])]
    const name = match[2]
    if (!service) return 'services'
    if (name === 'service') return 'services'
    if (name === 'contributorUserId') return `contributor-${service}`
    return `${name}-${service}`
  }
}

async function renderRequestForm(
  res: express.Response,
  ctx: UseCaseContext,
  caseId: string,
  values: Body,
  errors: FieldError[] = [],
) {
  const form = await adviceRequestForm(ctx, caseId)
  const services = formServices(form.preparingForAdulthood)
  const checked = ([] as unknown[]).concat(values.services ?? []).map(String)
  const view = errorView(errors)
  const contributorItems = (service: AdviceService) => {
    const chosen = bodyText(values[`contributor-${service}`])
    const option = (value: string, text: string) => ({ value, text, selected: chosen === value })
    const sencos =
      service === 'setting' ? form.sencos.map((s) => option(s.id, `${s.name}, SENCO at ${s.settingName}`)) : []
    return [
      option('', 'Choose who to ask'),
      ...sencos,
      ...form.adviceGivers.map((g) => option(g.id, g.name)),
      option('named', 'Someone without an account (enter their name and email address)'),
    ]
  }
  res.status(errors.length ? 400 : 200).render('ehc/views/advice/request-form', {
    pageTitle: 'Ask for advice',
    caseId,
    caseReference: form.case.reference,
    childName: childNameOf(form.child),
    assessing: form.case.status === 'assessing',
    settingNames: form.settings.map((s) => s.name),
    requestedOnItems: dateItems(values, 'requestedOn', Boolean(view.fieldErrors.requestedOn)),
    services: services.map((service) => ({
      value: service,
      name: adviceServiceNames[service],
      checked: checked.includes(service),
      contributorItems: contributorItems(service),
      contributorName: bodyText(values[`contributorName-${service}`]),
      contributorEmail: bodyText(values[`contributorEmail-${service}`]),
      questions: bodyText(values[`questions-${service}`]),
    })),
    ...view,
  })
}

// --- The contributor's and the caseworker's views of a request -----------------------------------------------------

async function renderAdvicePage(
  res: express.Response,
  ctx: UseCaseContext,
  id: string,
  extra: { values?: Body; errors?: FieldError[]; form?: 'advice' | 'receipt' | 'cancel'; status?: number } = {},
) {
  const viewed = await viewAdviceRequest(ctx, id)
  const { request: r, access } = viewed
  const todayIso = todayInLondon()
  const values = extra.values ?? datePartsOf('receivedOn', todayIso)
  const errors = extra.errors ?? []
  const view = errorView(errors)
  const base = {
    pageTitle: `${serviceName(r.service)} advice`,
    id: r.id,
    access,
    form: extra.form,
    values,
    ...view,
  }
  if (viewed.withdrawn) {
    return res.status(extra.status ?? 200).render('ehc/views/advice/request', {
      ...base,
      withdrawn: true,
      cancelledOn: r.cancelled_on,
    })
  }
  // Awaited, and still wanted: the assessment may have ended since the request was sent.
  const closed = adviceClosedReason(r)
  const outstanding = !r.received_on && !r.cancelled_on
  res.status(extra.status ?? (errors.length ? 400 : 200)).render('ehc/views/advice/request', {
    ...base,
    childName: childNameOf(r),
    dateOfBirth: r.date_of_birth,
    settingNames: viewed.settings.map((s) => s.name),
    recordClosed: viewed.recordOpen ? undefined : recordClosedSentence(r),
    caseReference: r.case_reference,
    caseHref: `/cases/${r.case_id}`,
    contributor: r.contributor_name,
    contributorEmail: r.contributor_user_id ? undefined : r.contributor_email,
    requestedOn: r.requested_on,
    dueOn: r.due_on,
    receivedOn: r.received_on,
    cancelledOn: r.cancelled_on,
    questions: r.questions,
    tag: adviceTagOf(r, todayIso),
    evidence: viewed.evidence.map((d) => ({
      href: `/documents/${d.id}`,
      filename: d.filename,
      size: fileSize(d.size_bytes),
      addedOn: d.created_at,
    })),
    adviceSections: adviceSections(r.advice),
    attachment: viewed.document
      ? {
          href: `/documents/${viewed.document.id}`,
          filename: viewed.document.filename,
          size: fileSize(viewed.document.size_bytes),
        }
      : undefined,
    caseworker: viewed.caseworker,
    noLongerNeeded: outstanding && closed ? closed : undefined,
    mayGive: access === 'contributor' && !closed,
    mayRecord: access === 'manager' && !closed,
    receivedOnItems: dateItems(values, 'receivedOn', Boolean(view.fieldErrors.receivedOn)),
    acceptHint,
  })
}

const adviceFieldNames = (field: string) => field.replace(/^advice\./, '').replace(/\./g, '-')

export function adviceRoutes(db: Db, deps: AdviceDeps) {
  const { links } = deps
  const router = express.Router()

  router.get('/cases/:id/advice-requests/new', permit('ehc:manage'), async (req, res) => {
    await renderRequestForm(res, contextOf(req, db), idOf(req), datePartsOf('requestedOn', todayInLondon()))
  })

  router.post('/cases/:id/advice-requests', permit('ehc:manage'), async (req, res) => {
    const ctx = contextOf(req, db)
    const caseId = idOf(req)
    const body = (req.body ?? {}) as Body
    const parsedForm = requestsOfForm(body)
    const names = requestFieldNames(parsedForm.services)
    const parsed = NewAdviceRequests.safeParse({ requestedOn: parsedForm.requestedOn, requests: parsedForm.requests })
    const schemaErrors = parsed.success ? [] : renameFields(fieldErrors(parsed.error), names)
    const errors = [
      ...(parsedForm.requestedOn === undefined
        ? [{ field: 'requestedOn', message: 'Enter the date advice was requested' }]
        : []),
      ...parsedForm.missing,
      ...schemaErrors.filter((e) => !parsedForm.missing.some((m) => m.field === e.field)),
    ]
    if (errors.length || !parsed.success) return renderRequestForm(res, ctx, caseId, body, errors)
    try {
      await requestAdvice(ctx, caseId, parsed.data, links)
    } catch (error) {
      return renderRequestForm(res, ctx, caseId, body, renameFields(formErrors(error, 'services'), names))
    }
    res.redirect(303, `/cases/${caseId}`)
  })

  router.get('/advice', permit('advice:read'), async (req, res) => {
    const ctx = contextOf(req, db)
    const raw = {
      service: req.query.service || undefined,
      status: req.query.status || undefined,
      page: req.query.page || undefined,
    }
    const parsed = AdviceListQuery.safeParse(raw)
    const contributor = ctx.actor.role === 'advice_giver' || ctx.actor.role === 'senco'
    const pageTitle = contributor ? 'Your requests for advice' : 'Requests for advice'
    if (!parsed.success) {
      return res.status(400).render('ehc/views/advice/list', {
        pageTitle,
        contributor,
        serviceItems: serviceItems(undefined, 'Any service'),
        statusItems: statusItems('outstanding'),
        ...errorView(fieldErrors(parsed.error)),
      })
    }
    const list = await listAdvice(ctx, parsed.data)
    const href = (page: number) => {
      const params = new URLSearchParams()
      if (parsed.data.service) params.set('service', parsed.data.service)
      if (parsed.data.status) params.set('status', parsed.data.status)
      if (page > 1) params.set('page', String(page))
      const text = params.toString()
      return text ? `/advice?${text}` : '/advice'
    }
    res.render('ehc/views/advice/list', {
      pageTitle,
      contributor,
      rows: list.rows.map((r) => presentAdviceRow(r, list.today)),
      total: list.total,
      page: list.page,
      pageCount: list.pageCount,
      pagination: paginationItems(list.page, list.pageCount, href),
      service: parsed.data.service,
      status: list.status,
      serviceItems: serviceItems(parsed.data.service, 'Any service'),
      statusItems: statusItems(list.status),
      filtered: Boolean(parsed.data.service || parsed.data.status),
    })
  })

  router.get('/advice/:id', permit('advice:read'), async (req, res) => {
    await renderAdvicePage(res, contextOf(req, db), idOf(req))
  })

  // The contributor gives their advice: structured text and, optionally, their report as an attachment.
  router.post('/advice/:id', permit('advice:submit'), async (req, res) => {
    const ctx = contextOf(req, db)
    const id = idOf(req)
    const body = (req.body ?? {}) as Body
    const attachment = attachmentOf(req)
    const parsed = AdviceSubmission.safeParse(adviceContentOf(body))
    const errors = [
      ...(parsed.success ? [] : renameFields(fieldErrors(parsed.error), adviceFieldNames)),
      ...(attachment.ok ? [] : [{ field: 'attachment', message: attachment.message }]),
    ]
    if (errors.length || !parsed.success || !attachment.ok) {
      return renderAdvicePage(res, ctx, id, { values: body, errors, form: 'advice' })
    }
    try {
      await giveAdvice(ctx, id, { advice: parsed.data, attachment: attachment.file }, deps)
    } catch (error) {
      const refusal = formErrors(error, 'needs-education')
      return renderAdvicePage(res, ctx, id, {
        values: body,
        errors: renameFields(refusal, adviceFieldNames),
        form: 'advice',
        status: error instanceof AppError ? error.status : 400,
      })
    }
    res.redirect(303, `/advice/${id}`)
  })

  // Advice that came on paper or by email, recorded by the caseworker with the date it came.
  router.post('/advice/:id/receipt', permit('advice:submit'), async (req, res) => {
    const ctx = contextOf(req, db)
    const id = idOf(req)
    const body = (req.body ?? {}) as Body
    const attachment = attachmentOf(req)
    const content = AdviceContent.parse(adviceContentOf(body))
    const hasText = Boolean(
      content.needs.education ||
        content.needs.health ||
        content.needs.socialCare ||
        content.outcomes ||
        content.provision,
    )
    const parsed = AdviceReceipt.safeParse({
      receivedOn: dateFromParts(body, 'receivedOn'),
      advice: hasText ? content : undefined,
    })
    const errors = [
      ...(parsed.success ? [] : renameFields(fieldErrors(parsed.error), adviceFieldNames)),
      ...(attachment.ok ? [] : [{ field: 'attachment', message: attachment.message }]),
    ]
    if (errors.length || !parsed.success || !attachment.ok) {
      return renderAdvicePage(res, ctx, id, { values: body, errors, form: 'receipt' })
    }
    try {
      await recordAdviceReceived(ctx, id, { ...parsed.data, attachment: attachment.file }, deps)
    } catch (error) {
      return renderAdvicePage(res, ctx, id, {
        values: body,
        errors: renameFields(formErrors(error, 'receivedOn'), adviceFieldNames),
        form: 'receipt',
        status: error instanceof AppError ? error.status : 400,
      })
    }
    res.redirect(303, `/advice/${id}`)
  })

  router.post('/advice/:id/cancel', permit('ehc:manage'), async (req, res) => {
    const ctx = contextOf(req, db)
    const id = idOf(req)
    const body = (req.body ?? {}) as Body
    const parsed = CancelAdviceRequest.safeParse({ reason: body.reason })
    if (!parsed.success) {
      return renderAdvicePage(res, ctx, id, { values: body, errors: fieldErrors(parsed.error), form: 'cancel' })
    }
    try {
      await cancelAdviceRequest(ctx, id, parsed.data, links)
    } catch (error) {
      return renderAdvicePage(res, ctx, id, {
        values: body,
        errors: formErrors(error, 'reason'),
        form: 'cancel',
        status: error instanceof AppError ? error.status : 400,
      })
    }
    res.redirect(303, `/advice/${id}`)
  })

  return router
}
