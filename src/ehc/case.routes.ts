import express, { type Request, type Response } from 'express'
import { type IsoDate, makeIsoDate, splitIsoDate } from '../platform/calendar/isoDate.js'
import type { Db } from '../platform/db/database.js'
import type { Documents } from '../platform/documents/documents.service.js'
import { acceptAttribute, acceptedTypesText } from '../platform/documents/mediaTypes.js'
import { sendAttachment } from '../platform/documents/routes.js'
import { uploadOf } from '../platform/documents/upload.js'
import { AppError, type FieldError, NotFound } from '../platform/errors.js'
import { mayReadAdviceRequest, mayTake } from '../platform/policy/policy.js'
import { contextOf } from '../platform/useCase.js'
import { errorView } from '../platform/web/forms.js'
import { permit } from '../platform/web/permissions.js'
import { childNameOf } from './caseload.presenters.js'
import { caseworkersWithCaseloads } from './caseload.repository.js'
import {
  adviceRows,
  consultationRows,
  dueDateRows,
  exceptionReasonItems,
  exceptionRows,
  headline,
  letterRows,
  namedSettingItems,
  otherSteps,
  preferenceNotConsulted,
  tasksFor,
  timelineItems,
} from './casePage.presenters.js'
import { addCaseNote, moveCaseOn, viewCase } from './casePage.service.js'
import { allocateCase, caseScopeOf, readCase } from './cases.service.js'
import { endException, recordException } from './exceptions.service.js'
import { planToStartFrom } from './planOutline.service.js'
import { type CaseTransition, caseTransitions, transitionRules } from './workflow.js'

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)

/** What each step a caseworker records is called on its button, and what it asks for. */
const transitionForms: Partial<
  Record<CaseTransition, { heading: string; button: string; dateLabel: string; planFile?: string }>
> = {
  invite_views: {
    heading: 'Family invited to give their views',
    button: 'Record the invitation',
    dateLabel: 'Date the family was invited',
  },
  issue_draft: {
    heading: 'Issue the draft plan',
    button: 'Record the draft plan as issued',
    dateLabel: 'Date issued',
    planFile: 'The draft plan',
  },
  issue_final: {
    heading: 'Issue the final plan',
    button: 'Issue the final plan',
    dateLabel: 'Date issued',
    planFile: 'The final plan',
  },
  withdraw: { heading: 'Request withdrawn', button: 'Close as withdrawn', dateLabel: 'Date withdrawn' },
  transfer_out: {
    heading: 'Transfer to another authority',
    button: 'Close as transferred',
    dateLabel: 'Date transferred',
  },
  child_moved: { heading: 'Child or young person moved away', button: 'Close as moved away', dateLabel: 'Date moved' },
}

/**
 * A confirmation for the next page, then the redirect to it. The session is saved first: express-session would send
 * the redirect's headers before saving, and a browser that follows them at once would find no confirmation.
 */
async function flashAndRedirect(req: Request, res: Response, text: string, to: string) {
  req.session.flash = text
  await new Promise<void>((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())))
  res.redirect(303, to)
}

/** A GOV.UK date input's three boxes as one ISO date, or the message saying what is wrong. */
function dateFromParts(body: Record<string, unknown>, prefix: string): { date?: IsoDate; message?: string } {
  const part = (p: string) => String(body[`${prefix}-${p}`] ?? '').trim()
  const [day, month, year] = [part('day'), part('month'), part('year')]
  if (!day && !month && !year) return { message: 'Enter the date' }
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { message: 'Enter the date as numbers, like 2 3 2026' }
  }
  try {
    return { date: makeIsoDate(Number(year), Number(month), Number(day)) }
  } catch {
    return { message: 'Enter a real date' }
  }
}

function dateParts(prefix: string, date: IsoDate) {
  const { year, month, day } = splitIsoDate(date)
  return { [`${prefix}-day`]: String(day), [`${prefix}-month`]: String(month), [`${prefix}-year`]: String(year) }
}

interface Problem {
  status: number
  /** Which form the problem is on: its details element is opened and its fields marked. */
  form: string
  errors: FieldError[]
  values: Record<string, unknown>
}

/** A use case's error as messages against the form's fields; anything but bad input or a conflict is rethrown. */
function problemOf(error: unknown, form: string, fieldIds: Record<string, string>, values: Record<string, unknown>) {
  if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) throw error
  const errors = error.fieldErrors.length
    ? error.fieldErrors.map((e) => ({ field: fieldIds[e.field] ?? form, message: e.message }))
    : [{ field: form, message: error.message }]
  return { status: error.status, form, errors, values }
}

/** The case page: summary, the statutory clock, tasks, advice, consultations, exceptions, letters and the timeline. */
export function caseRoutes(db: Db, documents: Documents) {
  const router = express.Router()

  async function renderCase(req: Request, res: Response, id: string, problem?: Problem) {
    const ctx = contextOf(req, db)
    const page = await viewCase(ctx, id)
    const today = page.today
    const flash = req.session?.flash
    if (flash && req.session) delete req.session.flash
    const defaults = {
      ...Object.fromEntries(caseTransitions.flatMap((t) => Object.entries(dateParts(`${t}-on`, today)))),
      ...dateParts('exception-startsOn', today),
      ...Object.fromEntries(
        page.exceptions.flatMap((e) => (e.ends_on ? [] : Object.entries(dateParts(`end-${e.id}-on`, today)))),
      ),
    }
    const c = page.case
    res.status(problem?.status ?? 200).render('ehc/views/case/case', {
      pageTitle: page.child ? `${childNameOf(page.child)}: ${c.reference}` : c.reference,
      ...page,
      childName: page.child ? childNameOf(page.child) : 'Child or young person',
      headline: headline(page),
      dueDates: dueDateRows(page.assessment),
      tasks: tasksFor(page),
      adviceRows: adviceRows(page.advice, today, (a) =>
        mayReadAdviceRequest(ctx.actor, {
          contributorUserId: a.contributor_user_id ?? undefined,
          case: caseScopeOf(c),
        }),
      ),
      consultationRows: consultationRows(page.consultations, today),
      exceptionRows: exceptionRows(page.exceptions),
      letterRows: letterRows(page.letters),
      timeline: timelineItems(page.events),
      actions: page.transitions.map((t) => ({
        transition: t,
        ...transitionForms[t]!,
        needsReason: transitionRules[t].needsReason,
        open: problem?.form === t,
      })),
      panelActions: page.panelTransitions.map((t) => transitionRules[t].label),
      otherSteps: otherSteps(page),
      namedSettingItems: namedSettingItems(page, problem?.values.namedSettingId),
      preferenceNotConsulted: preferenceNotConsulted(page),
      preferredSettingName: page.preferredSetting?.name,
      reasonItems: exceptionReasonItems(problem?.form === 'exception' ? problem.values.reason : undefined),
      values: { ...defaults, ...(problem?.values ?? {}) },
      openForm: problem?.form,
      mayList: mayTake(ctx.actor, 'ehc:manage'),
      acceptAttribute,
      acceptedTypesText,
      flash,
      ...errorView(problem?.errors ?? []),
    })
  }

  router.get('/cases/:id', permit('ehc:read'), async (req, res, next) => {
    const id = String(req.params.id)
    // /cases/new and other pages under /cases belong to other routers
    if (!isUuid(id)) return next()
    // Families follow their request in plain English on their own page, which checks it is theirs.
    if (req.user?.role === 'parent' || req.user?.role === 'young_person') {
      return res.redirect(303, `/your-requests/${id}`)
    }
    await renderCase(req, res, id)
  })

  router.post('/cases/:id/transitions', permit('ehc:manage'), async (req, res) => {
    const id = String(req.params.id)
    if (!isUuid(id)) throw new NotFound()
    const body = (req.body ?? {}) as Record<string, unknown>
    const transition = String(body.transition ?? '') as CaseTransition
    if (!(caseTransitions as readonly string[]).includes(transition)) {
      throw new AppError(400, 'Invalid request', 'Choose a step from the case page')
    }
    const fieldIds = {
      on: `${transition}-on-day`,
      reason: `${transition}-reason`,
      namedSettingId: `${transition}-namedSettingId`,
      file: `${transition}-file`,
      expectedVersion: transition,
    }
    const values = body
    const errors: FieldError[] = []
    const { date, message } = dateFromParts(body, `${transition}-on`)
    if (message) errors.push({ field: fieldIds.on, message })
    const version = Number(body.version)
    if (!Number.isInteger(version)) errors.push({ field: transition, message: 'Reload the case and try again' })
    const reason = typeof body.reason === 'string' ? body.reason : undefined
    if (reason && reason.length > 2000)
      errors.push({ field: fieldIds.reason, message: 'Enter 2,000 characters or fewer' })
    const upload = uploadOf(req)
    if (upload.problem) errors.push({ field: fieldIds.file, message: upload.problem })
    if (errors.length) return renderCase(req, res, id, { status: 400, form: transition, errors, values })
    try {
      await moveCaseOn(
        contextOf(req, db),
        id,
        {
          transition,
          on: date!,
          expectedVersion: version,
          reason,
          namedSettingId:
            typeof body.namedSettingId === 'string' && body.namedSettingId ? body.namedSettingId : undefined,
        },
        { documents, file: upload.file?.field === 'file' ? upload.file : undefined, field: 'file' },
      )
    } catch (error) {
      return renderCase(req, res, id, problemOf(error, transition, fieldIds, values))
    }
    await flashAndRedirect(req, res, `${transitionRules[transition].label}: recorded`, `/cases/${id}`)
  })

  router.get('/cases/:id/plan-outline', permit('ehc:manage'), async (req, res) => {
    const id = String(req.params.id)
    if (!isUuid(id)) throw new NotFound()
    const { filename, bytes } = await planToStartFrom(contextOf(req, db), id)
    sendAttachment(res, filename, bytes)
  })

  router.post('/cases/:id/exceptions', permit('ehc:manage'), async (req, res) => {
    const id = String(req.params.id)
    if (!isUuid(id)) throw new NotFound()
    const body = (req.body ?? {}) as Record<string, unknown>
    const fieldIds = {
      reason: 'exception-reason',
      startsOn: 'exception-startsOn-day',
      endsOn: 'exception-endsOn-day',
      note: 'exception-note',
    }
    const errors: FieldError[] = []
    const starts = dateFromParts(body, 'exception-startsOn')
    if (starts.message) errors.push({ field: fieldIds.startsOn, message: starts.message })
    const endGiven = ['day', 'month', 'year'].some((p) => String(body[`exception-endsOn-${p}`] ?? '').trim())
    const ends = endGiven ? dateFromParts(body, 'exception-endsOn') : {}
    if (ends.message) errors.push({ field: fieldIds.endsOn, message: ends.message })
    if (!body.reason) errors.push({ field: fieldIds.reason, message: 'Choose why the time limit cannot be met' })
    if (errors.length) return renderCase(req, res, id, { status: 400, form: 'exception', errors, values: body })
    try {
      await recordException(contextOf(req, db), id, {
        reason: String(body.reason),
        startsOn: starts.date!,
        endsOn: ends.date,
        note: typeof body.note === 'string' ? body.note : undefined,
      })
    } catch (error) {
      return renderCase(req, res, id, problemOf(error, 'exception', fieldIds, body))
    }
    await flashAndRedirect(req, res, 'Exception recorded', `/cases/${id}`)
  })

  router.post('/cases/:id/exceptions/:exceptionId/end', permit('ehc:manage'), async (req, res) => {
    const id = String(req.params.id)
    const exceptionId = String(req.params.exceptionId)
    if (!isUuid(id) || !isUuid(exceptionId)) throw new NotFound()
    const body = (req.body ?? {}) as Record<string, unknown>
    const form = `end-${exceptionId}`
    const { date, message } = dateFromParts(body, `${form}-on`)
    if (message) {
      return renderCase(req, res, id, {
        status: 400,
        form,
        errors: [{ field: `${form}-on-day`, message }],
        values: body,
      })
    }
    try {
      await endException(contextOf(req, db), id, exceptionId, date!)
    } catch (error) {
      return renderCase(req, res, id, problemOf(error, form, { endsOn: `${form}-on-day` }, body))
    }
    await flashAndRedirect(req, res, 'Exception ended', `/cases/${id}`)
  })

  router.post('/cases/:id/notes', permit('ehc:manage'), async (req, res) => {
    const id = String(req.params.id)
    if (!isUuid(id)) throw new NotFound()
    const body = (req.body ?? {}) as Record<string, unknown>
    try {
      await addCaseNote(contextOf(req, db), id, typeof body.note === 'string' ? body.note : '')
    } catch (error) {
      return renderCase(req, res, id, problemOf(error, 'note', { note: 'note' }, body))
    }
    await flashAndRedirect(req, res, 'Note added to the timeline', `/cases/${id}`)
  })

  async function renderAllocate(req: Request, res: Response, id: string, problem?: Omit<Problem, 'form'>) {
    const ctx = contextOf(req, db)
    const c = await readCase(ctx, id)
    const [child, caseworkers] = await Promise.all([
      db
        .selectFrom('child')
        .select(['legal_forename', 'legal_surname', 'preferred_name'])
        .where('id', '=', c.child_id)
        .executeTakeFirst(),
      caseworkersWithCaseloads(db, ctx.actor.authorityId),
    ])
    const chosen = problem?.values.caseworkerUserId ?? c.caseworker_user_id
    res.status(problem?.status ?? 200).render('ehc/views/case/allocate', {
      pageTitle: c.caseworker_user_id ? 'Reallocate the case' : 'Allocate the case',
      case: c,
      childName: child ? childNameOf(child) : c.reference,
      caseworkerItems: [
        { value: '', text: 'Choose a caseworker' },
        ...caseworkers.map((w) => ({
          value: w.id,
          text: `${w.name}: ${w.openCases} open ${w.openCases === 1 ? 'case' : 'cases'}${w.id === c.caseworker_user_id ? ' (allocated now)' : ''}`,
          selected: w.id === chosen,
        })),
      ],
      values: problem?.values ?? {},
      ...errorView(problem?.errors ?? []),
    })
  }

  router.get('/cases/:id/allocate', permit('ehc:allocate'), async (req, res) => {
    const id = String(req.params.id)
    if (!isUuid(id)) throw new NotFound()
    await renderAllocate(req, res, id)
  })

  router.post('/cases/:id/allocate', permit('ehc:allocate'), async (req, res) => {
    const id = String(req.params.id)
    if (!isUuid(id)) throw new NotFound()
    const body = (req.body ?? {}) as Record<string, unknown>
    const caseworkerUserId = typeof body.caseworkerUserId === 'string' ? body.caseworkerUserId : ''
    const reason = typeof body.reason === 'string' ? body.reason.trim() : ''
    const version = Number(body.version)
    const errors: FieldError[] = []
    if (!caseworkerUserId) errors.push({ field: 'caseworkerUserId', message: 'Choose a caseworker' })
    if (reason.length > 1000) errors.push({ field: 'reason', message: 'Enter 1,000 characters or fewer' })
    if (!Number.isInteger(version)) errors.push({ field: 'caseworkerUserId', message: 'Reload the page and try again' })
    if (errors.length) return renderAllocate(req, res, id, { status: 400, errors, values: body })
    let allocated: { caseworker: string | undefined }
    try {
      const updated = await allocateCase(contextOf(req, db), {
        caseId: id,
        caseworkerUserId,
        expectedVersion: version,
        reason: reason || undefined,
      })
      const worker = await db
        .selectFrom('app_user')
        .select('display_name')
        .where('id', '=', updated.caseworker_user_id ?? caseworkerUserId)
        .executeTakeFirst()
      allocated = { caseworker: worker?.display_name }
    } catch (error) {
      if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) throw error
      const errs = error.fieldErrors.length
        ? error.fieldErrors
        : [{ field: 'caseworkerUserId', message: error.message }]
      return renderAllocate(req, res, id, { status: error.status, errors: errs, values: body })
    }
    await flashAndRedirect(req, res, `Allocated to ${allocated.caseworker ?? 'the caseworker'}`, `/cases/${id}`)
  })

  return router
}
