import express from 'express'
import { needTypes } from '../people/needs.js'
import { todayInLondon } from '../platform/calendar/isoDate.js'
import type { Db } from '../platform/db/database.js'
import { AppError } from '../platform/errors.js'
import { mayTake } from '../platform/policy/policy.js'
import { contextOf } from '../platform/useCase.js'
import { errorView, fieldErrors } from '../platform/web/forms.js'
import { addNavigation } from '../platform/web/navigation.js'
import { formatDate } from '../platform/web/nunjucks.js'
import { permit } from '../platform/web/permissions.js'
import { documentKindNames } from './caseDocuments.js'
import { adviceServiceNames } from './facts.js'
import { panelQuestionNames, panelQuestions } from './panelCriteria.js'
import {
  agencies,
  agencyNames,
  CriterionInput,
  DecisionInput,
  NewMeeting,
  type PanelDecision,
  panelDecisionNames,
} from './panels.schemas.js'
import {
  addCriterion,
  addToAgenda,
  buildAgenda,
  changeCriterion,
  decisionProblems,
  listCriteria,
  listMeetings,
  meetingCandidates,
  publishDefaultCriteria,
  recordDecision,
  removeFromAgenda,
  retireCriterion,
  scheduleMeeting,
  viewAgendaItem,
  viewCriterion,
  viewMeeting,
} from './panels.service.js'
import { statusNames } from './workflow.js'

addNavigation({ text: 'Panels', href: '/panels', action: 'panel:read' })

const views = 'ehc/views/panels'
const param = (req: express.Request, name: string) => String(req.params[name])
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)])

/** Shown beside decisions, statuses and agencies in every panel page. */
const names = {
  agencyNames,
  questionNames: panelQuestionNames,
  decisionNames: panelDecisionNames,
  statusNames,
  adviceServiceNames,
}

const needNames = Object.fromEntries(needTypes.map((n) => [n.code, n.name]))
const requesterNames = {
  parent: 'parent',
  young_person: 'young person',
  setting: 'setting',
  professional: 'professional',
}
const decisionTags: Record<PanelDecision, string> = {
  assess: 'govuk-tag--green',
  issue: 'govuk-tag--green',
  not_assess: 'govuk-tag--red',
  not_issue: 'govuk-tag--red',
  deferred: 'govuk-tag--yellow',
}

/** A 400 or 409 from a use case, shown on the form it came from; anything else goes to the error pages. */
function formProblem(
  error: unknown,
  field: string,
): { status: number; errors: ReturnType<typeof errorView> } | undefined {
  if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) return undefined
  const problems = error.fieldErrors.length ? error.fieldErrors : [{ field, message: error.message }]
  return { status: error.status, errors: errorView(problems) }
}

// --- Meeting form ---

function meetingInputOf(body: Record<string, unknown>) {
  const part = (p: string) => String(body[`meetsOn-${p}`] ?? '').trim()
  const [day, month, year] = [part('day'), part('month'), part('year')]
  const chair = String(body.chair ?? '')
  return {
    meetsOn:
      day || month || year ? `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` : undefined,
    startsAt: blank(body.startsAt),
    location: blank(body.location),
    members: asList(body.members).map((userId) => ({
      userId,
      agency: blank(body[`agency-${userId}`]),
      chair: userId === chair,
    })),
  }
}

async function meetingFormView(ctx: ReturnType<typeof contextOf>, values: Record<string, unknown>) {
  const chosen = new Set(asList(values.members))
  const candidates = await meetingCandidates(ctx)
  return {
    pageTitle: 'Schedule a panel meeting',
    values,
    candidates: candidates.map((c) => ({
      ...c,
      checked: chosen.has(c.id),
      chair: values.chair === c.id,
      agencyItems: [{ value: '', text: 'Choose an agency' }].concat(
        agencies.map((a) => ({
          value: a,
          text: agencyNames[a],
          selected: values[`agency-${c.id}`] === a,
        })) as { value: string; text: string; selected?: boolean }[],
      ),
    })),
  }
}

// --- Decision form ---

/** The form's fields as the schema expects them: each criterion weighed is a `met-<id>` yes or no, and a note. */
function decisionInputOf(body: Record<string, unknown>) {
  const criteria = Object.keys(body)
    .map((key) => /^met-([0-9a-f-]{36})$/i.exec(key)?.[1])
    .filter((id): id is string => id !== undefined && (body[`met-${id}`] === 'yes' || body[`met-${id}`] === 'no'))
    .map((id) => ({ criterionId: id, met: body[`met-${id}`] === 'yes', note: blank(body[`note-${id}`]) }))
  return {
    decision: blank(body.decision),
    reasons: blank(body.reasons),
    criteria,
    senSupportNextStep: blank(body.senSupportNextStep),
    familyView: blank(body.familyView),
    expectedVersion: Number(body.expectedVersion),
  }
}

/** Pages of the multi-agency panel: meetings, agendas, papers and decisions, and the published criteria. */
export function panelRoutes(db: Db) {
  const router = express.Router()

  router.get('/panels', permit('panel:read'), async (req, res) => {
    const ctx = contextOf(req, db)
    const meetings = await listMeetings(ctx)
    res.render(`${views}/meetings`, {
      pageTitle: 'Panels',
      ...meetings,
      mayManage: mayTake(ctx.actor, 'panel:manage'),
      scheduled: req.query.scheduled === '1',
    })
  })

  // --- Criteria ---

  router.get('/panels/criteria', permit('panel:read'), async (req, res) => {
    const ctx = contextOf(req, db)
    const criteria = await listCriteria(ctx)
    res.render(`${views}/criteria`, {
      pageTitle: 'Panel decision criteria',
      groups: panelQuestions.map((q) => ({
        question: q,
        name: panelQuestionNames[q],
        active: criteria.filter((c) => c.question === q && !c.retired_at),
        retired: criteria.filter((c) => c.question === q && c.retired_at),
      })),
      none: criteria.length === 0,
      mayConfigure: mayTake(ctx.actor, 'panel:configure'),
      changed: typeof req.query.changed === 'string' ? req.query.changed : undefined,
    })
  })

  router.post('/panels/criteria/defaults', permit('panel:configure'), async (req, res) => {
    await publishDefaultCriteria(contextOf(req, db))
    res.redirect(303, '/panels/criteria?changed=published')
  })

  const criterionForm = (values: Record<string, unknown>, action: string, title: string) => ({
    pageTitle: title,
    action,
    values,
    questionItems: panelQuestions.map((q) => ({
      value: q,
      text: panelQuestionNames[q],
      checked: values.question === q,
    })),
  })

  router.get('/panels/criteria/new', permit('panel:configure'), (req, res) => {
    const question = panelQuestions.find((q) => q === req.query.question)
    res.render(
      `${views}/criterion-form`,
      criterionForm({ question }, '/panels/criteria/new', 'Add a decision criterion'),
    )
  })

  router.post('/panels/criteria/new', permit('panel:configure'), async (req, res) => {
    const body = req.body ?? {}
    const values = { question: blank(body.question), text: blank(body.text), source: blank(body.source) }
    const render = (errors: ReturnType<typeof errorView>) =>
      res.status(400).render(`${views}/criterion-form`, {
        ...criterionForm(values, '/panels/criteria/new', 'Add a decision criterion'),
        ...errors,
      })
    const parsed = CriterionInput.safeParse(values)
    if (!parsed.success) return render(errorView(fieldErrors(parsed.error)))
    await addCriterion(contextOf(req, db), parsed.data)
    res.redirect(303, '/panels/criteria?changed=added')
  })

  router.get('/panels/criteria/:id/edit', permit('panel:configure'), async (req, res) => {
    const found = await viewCriterion(contextOf(req, db), param(req, 'id'))
    res.render(`${views}/criterion-form`, {
      ...criterionForm(
        { question: found.question, text: found.text, source: found.source },
        `/panels/criteria/${found.id}/edit`,
        'Change a decision criterion',
      ),
      criterion: found,
    })
  })

  router.post('/panels/criteria/:id/edit', permit('panel:configure'), async (req, res) => {
    const id = param(req, 'id')
    const body = req.body ?? {}
    const values = { question: blank(body.question), text: blank(body.text), source: blank(body.source) }
    const parsed = CriterionInput.safeParse(values)
    if (!parsed.success) {
      return res.status(400).render(`${views}/criterion-form`, {
        ...criterionForm(values, `/panels/criteria/${id}/edit`, 'Change a decision criterion'),
        ...errorView(fieldErrors(parsed.error)),
      })
    }
    const changed = await changeCriterion(contextOf(req, db), id, parsed.data)
    res.redirect(303, `/panels/criteria?changed=${changed.replaced ? 'replaced' : 'changed'}`)
  })

  router.post('/panels/criteria/:id/retire', permit('panel:configure'), async (req, res) => {
    await retireCriterion(contextOf(req, db), param(req, 'id'))
    res.redirect(303, '/panels/criteria?changed=retired')
  })

  // --- Meetings ---

  router.get('/panels/new', permit('panel:manage'), async (req, res) => {
    res.render(`${views}/meeting-form`, await meetingFormView(contextOf(req, db), { startsAt: '10:00' }))
  })

  router.post('/panels/new', permit('panel:manage'), async (req, res) => {
    const ctx = contextOf(req, db)
    const body = (req.body ?? {}) as Record<string, unknown>
    const render = async (errors: ReturnType<typeof errorView>) =>
      res.status(400).render(`${views}/meeting-form`, { ...(await meetingFormView(ctx, body)), ...errors })
    const parsed = NewMeeting.safeParse(meetingInputOf(body))
    if (!parsed.success) {
      return render(
        errorView(
          fieldErrors(parsed.error).map((e) =>
            e.field === 'members.chair'
              ? { ...e, field: 'chair' }
              : e.field.startsWith('members.')
                ? { ...e, field: 'members' }
                : e,
          ),
        ),
      )
    }
    try {
      const meeting = await scheduleMeeting(ctx, parsed.data)
      res.redirect(303, `/panels/${meeting.id}?scheduled=1`)
    } catch (error) {
      const problem = formProblem(error, 'meetsOn')
      if (!problem) throw error
      return render(problem.errors)
    }
  })

  router.get('/panels/:id', permit('panel:read'), async (req, res) => {
    const view = await viewMeeting(contextOf(req, db), param(req, 'id'))
    res.render(`${views}/meeting`, {
      pageTitle: `Panel meeting, ${formatDate(view.meeting.meets_on)}`,
      ...view,
      ...names,
      decisionTags,
      awaitingItems: [{ value: '', text: 'Choose a case' }].concat(
        view.awaiting.map((a) => ({
          value: a.caseId,
          text: `${a.reference}: ${a.childName} (${panelQuestionNames[a.question].toLowerCase()})`,
        })),
      ),
      added: typeof req.query.added === 'string' ? Number(req.query.added) : undefined,
      scheduled: req.query.scheduled === '1',
      decided: typeof req.query.decided === 'string' ? req.query.decided : undefined,
      removed: req.query.removed === '1',
    })
  })

  /** A refusal from agenda building is shown on the meeting page it came from. */
  const meetingWithProblem = async (req: express.Request, res: express.Response, error: unknown, field: string) => {
    const problem = formProblem(error, field)
    if (!problem) throw error
    const view = await viewMeeting(contextOf(req, db), param(req, 'id'))
    res.status(problem.status).render(`${views}/meeting`, {
      pageTitle: `Panel meeting, ${formatDate(view.meeting.meets_on)}`,
      ...view,
      ...names,
      decisionTags,
      awaitingItems: [{ value: '', text: 'Choose a case' }].concat(
        view.awaiting.map((a) => ({ value: a.caseId, text: `${a.reference}: ${a.childName}` })),
      ),
      ...problem.errors,
    })
  }

  router.post('/panels/:id/agenda', permit('panel:manage'), async (req, res) => {
    const id = param(req, 'id')
    try {
      const added = await buildAgenda(contextOf(req, db), id)
      res.redirect(303, `/panels/${id}?added=${added}`)
    } catch (error) {
      await meetingWithProblem(req, res, error, 'build-agenda')
    }
  })

  router.post('/panels/:id/items', permit('panel:manage'), async (req, res) => {
    const id = param(req, 'id')
    const caseId = String(req.body?.caseId ?? '')
    try {
      if (!caseId) {
        throw new AppError(400, 'Invalid request', 'Choose a case', [{ field: 'caseId', message: 'Choose a case' }])
      }
      await addToAgenda(contextOf(req, db), id, caseId)
      res.redirect(303, `/panels/${id}?added=1`)
    } catch (error) {
      await meetingWithProblem(req, res, error, 'caseId')
    }
  })

  router.post('/panels/:id/items/:itemId/remove', permit('panel:manage'), async (req, res) => {
    const id = param(req, 'id')
    try {
      await removeFromAgenda(contextOf(req, db), id, param(req, 'itemId'))
      res.redirect(303, `/panels/${id}?removed=1`)
    } catch (error) {
      await meetingWithProblem(req, res, error, 'agenda')
    }
  })

  // --- Papers and decisions ---

  const itemView = (view: Awaited<ReturnType<typeof viewAgendaItem>>, values: Record<string, unknown>) => ({
    pageTitle: `${view.child.name}: ${view.question.name.toLowerCase()}`,
    ...view,
    ...names,
    decisionTags,
    values,
    today: todayInLondon(),
    decisionItems: view.decisions.map((d) => ({
      value: d,
      text: panelDecisionNames[d],
      checked: values.decision === d,
    })),
    refusal: view.decisions.find((d) => d === 'not_assess' || d === 'not_issue'),
    settingNames: view.settings.map((s) => s.name).join(', '),
    needNames,
    requesterNames,
    documentKinds: documentKindNames,
  })

  router.get('/panels/:id/items/:itemId', permit('panel:read'), async (req, res) => {
    const view = await viewAgendaItem(contextOf(req, db), param(req, 'id'), param(req, 'itemId'))
    res.render(`${views}/item`, itemView(view, { expectedVersion: view.case.version }))
  })

  router.post('/panels/:id/items/:itemId', permit('panel:decide'), async (req, res) => {
    const ctx = contextOf(req, db)
    const [id, itemId] = [param(req, 'id'), param(req, 'itemId')]
    const body = (req.body ?? {}) as Record<string, unknown>
    const render = async (status: number, errors: ReturnType<typeof errorView>) => {
      const view = await viewAgendaItem(ctx, id, itemId)
      res.status(status).render(`${views}/item`, { ...itemView(view, body), ...errors })
    }
    const input = decisionInputOf(body)
    const parsed = DecisionInput.safeParse(input)
    if (!parsed.success) {
      // Every problem at once: the schema's, and those the panel's rules would find in what was sent.
      const view = await viewAgendaItem(ctx, id, itemId)
      const found = fieldErrors(parsed.error)
      const rules = decisionProblems(input, view.question.code, view.criteria).filter(
        (p) => !found.some((f) => f.field === p.field),
      )
      const order = (field: string) =>
        ['decision', 'criteria', 'criterion-', 'reasons', 'senSupportNextStep', 'familyView'].findIndex((f) =>
          field.startsWith(f),
        )
      const all = [...found, ...rules].sort((a, b) => order(a.field) - order(b.field))
      return res.status(400).render(`${views}/item`, { ...itemView(view, body), ...errorView(all) })
    }
    try {
      await recordDecision(ctx, id, itemId, parsed.data)
      res.redirect(303, `/panels/${id}?decided=${itemId}`)
    } catch (error) {
      const problem = formProblem(error, 'decision')
      if (!problem) throw error
      await render(problem.status, problem.errors)
    }
  })

  return router
}
