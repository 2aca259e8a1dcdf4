import express from 'express'
import { z } from 'zod'
import { documentBody, documentBodyLimit, uploadedFileOf } from '../platform/api/documentBody.js'
import { defineOperation } from '../platform/api/operations.js'
import { parseIsoDate } from '../platform/calendar/isoDate.js'
import type { Db } from '../platform/db/database.js'
import type { Documents } from '../platform/documents/documents.service.js'
import { contextOf } from '../platform/useCase.js'
import { childNameOf } from './caseload.presenters.js'
import { CaseloadQuery, caseloadViews } from './caseload.schemas.js'
import { listCaseload } from './caseload.service.js'
import type { CaseloadLine } from './caseloadLines.js'
import { eventActors, moveCaseOn, readCaseWithClock } from './casePage.service.js'
import { caseReaderOf, timelineShownTo } from './caseReaders.js'
import { caseEvents } from './cases.repository.js'
import { allocateCase, readCase } from './cases.service.js'
import { type CaseAssessment, caseRisks, ehcExceptionReasons } from './clock.js'
import { recordException } from './exceptions.service.js'
import { adviceServiceNames } from './facts.js'
import { type CaseStatus, caseStatuses, caseTransitions, statusNames } from './workflow.js'

const isoDate = (message: string) => z.string().refine((v) => parseIsoDate(v) !== undefined, message)

const NextDue = z.object({ step: z.string(), label: z.string(), due: z.iso.date() }).nullable()

const CaseSummary = z.object({
  id: z.uuid(),
  reference: z.string(),
  version: z.number().int(),
  childId: z.uuid(),
  childName: z.string(),
  status: z.enum(caseStatuses),
  statusName: z.string(),
  open: z.boolean(),
  requestReceived: z.iso.date(),
  weekNow: z.number().int(),
  risk: z.enum(caseRisks),
  exceptionApplies: z.boolean(),
  nextDue: NextDue,
  caseworker: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  team: z.object({ id: z.uuid(), name: z.string() }).nullable(),
})

const Step = z.object({
  step: z.string(),
  label: z.string(),
  due: z.iso.date(),
  completed: z.iso.date().nullable(),
  status: z.enum(['done', 'done-late', 'overdue', 'due-soon', 'upcoming', 'not-needed']),
  statutory: z.boolean(),
  exceptionApplies: z.boolean(),
  source: z.string(),
})

const CaseDetail = CaseSummary.extend({
  requesterKind: z.string(),
  requesterName: z.string(),
  receivedVia: z.string(),
  decision: z.string().nullable(),
  decisionOn: z.iso.date().nullable(),
  issueDecision: z.string().nullable(),
  issueDecisionOn: z.iso.date().nullable(),
  draftIssuedOn: z.iso.date().nullable(),
  finalIssuedOn: z.iso.date().nullable(),
  namedSettingId: z.uuid().nullable(),
  closedOn: z.iso.date().nullable(),
  closedReason: z.string().nullable(),
  deadlines: z.object({
    decisionToAssess: z.iso.date(),
    notToIssue: z.iso.date(),
    draftTarget: z.iso.date(),
    finalPlan: z.iso.date(),
    draftResponseDue: z.iso.date().optional(),
  }),
  steps: z.array(Step),
  reasons: z.array(z.string()),
  exceptions: z.array(
    z.object({
      id: z.uuid(),
      reason: z.string(),
      label: z.string(),
      startsOn: z.iso.date(),
      endsOn: z.iso.date().nullable(),
    }),
  ),
  advice: z.array(
    z.object({
      id: z.uuid(),
      service: z.string(),
      serviceName: z.string(),
      contributorName: z.string(),
      requestedOn: z.iso.date(),
      dueOn: z.iso.date(),
      receivedOn: z.iso.date().nullable(),
      cancelledOn: z.iso.date().nullable(),
    }),
  ),
})

const CaseEvent = z.object({
  id: z.uuid(),
  kind: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  occurredOn: z.iso.date(),
  recordedAt: z.string(),
  actor: z.string(),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
})

const IdParams = z.strictObject({ id: z.uuid('The id must be a UUID') })

function nextDueOf(assessment: CaseAssessment) {
  const pending = assessment.steps
    .filter((s) => s.status === 'overdue' || s.status === 'due-soon' || s.status === 'upcoming')
    .sort((a, b) => a.due.localeCompare(b.due))[0]
  return pending ? { step: pending.step, label: pending.label, due: pending.due } : null
}

interface SummarySource {
  id: string
  reference: string
  version: number
  child_id: string
  status: string
  request_received: string
  caseworker_user_id: string | null
  team_id: string | null
}

function summaryOf(
  c: SummarySource,
  childName: string,
  assessment: CaseAssessment,
  caseworkerName: string | null | undefined,
  teamName: string | null | undefined,
) {
  const status = c.status as CaseStatus
  return {
    id: c.id,
    reference: c.reference,
    version: c.version,
    childId: c.child_id,
    childName,
    status,
    statusName: statusNames[status].staff,
    open: assessment.open,
    requestReceived: c.request_received,
    weekNow: assessment.weekNow,
    risk: assessment.risk,
    exceptionApplies: assessment.exceptionApplies,
    nextDue: nextDueOf(assessment),
    caseworker: c.caseworker_user_id ? { id: c.caseworker_user_id, name: caseworkerName ?? '' } : null,
    team: c.team_id ? { id: c.team_id, name: teamName ?? '' } : null,
  }
}

/** A case of a caseload, from the clock's verdict kept on it (caseloadLines.ts), as summaryOf words a case. */
const lineSummary = (line: CaseloadLine) => {
  const { row, nextStep } = line
  const status = row.status as CaseStatus
  return {
    id: row.id,
    reference: row.reference,
    version: row.version,
    childId: row.child_id,
    childName: line.childName,
    status,
    statusName: statusNames[status].staff,
    open: line.open,
    requestReceived: row.request_received,
    weekNow: line.weekNow,
    risk: line.risk,
    exceptionApplies: line.exceptionApplies,
    nextDue: nextStep ? { step: nextStep.step, label: nextStep.label, due: nextStep.due } : null,
    caseworker: row.caseworker_user_id ? { id: row.caseworker_user_id, name: row.caseworker_name ?? '' } : null,
    team: row.team_id ? { id: row.team_id, name: row.team_name ?? '' } : null,
  }
}

/** The EHC case API: caseloads, a case with its due dates, its timeline, and the steps a caseworker records. */
export function casesApi(db: Db, documents: Documents) {
  const v1 = express.Router()

  async function detail(req: express.Request, id: string) {
    const page = await readCaseWithClock(contextOf(req, db), id)
    const c = page.case
    return {
      ...summaryOf(c, page.child ? childNameOf(page.child) : '', page.assessment, page.caseworkerName, page.teamName),
      requesterKind: c.requester_kind,
      requesterName: c.requester_name,
      receivedVia: c.received_via,
      decision: c.decision,
      decisionOn: c.decision_on,
      issueDecision: c.issue_decision,
      issueDecisionOn: c.issue_decision_on,
      draftIssuedOn: c.draft_issued_on,
      finalIssuedOn: c.final_issued_on,
      namedSettingId: c.named_setting_id,
      closedOn: c.closed_on,
      closedReason: c.closed_reason,
      deadlines: page.assessment.deadlines,
      steps: page.assessment.steps.map((s) => ({ ...s, completed: s.completed ?? null })),
      reasons: page.assessment.reasons,
      exceptions: page.exceptions.map((e) => ({
        id: e.id,
        reason: e.reason,
        label: ehcExceptionReasons[e.reason as keyof typeof ehcExceptionReasons]?.label ?? e.reason,
        startsOn: e.starts_on,
        endsOn: e.ends_on,
      })),
      advice: page.advice.map((a) => ({
        id: a.id,
        service: a.service,
        serviceName: adviceServiceNames[a.service],
        contributorName: a.contributor_name,
        requestedOn: a.requested_on,
        dueOn: a.due_on,
        receivedOn: a.received_on,
        cancelledOn: a.cancelled_on,
      })),
    }
  }

  defineOperation(v1, {
    method: 'get',
    path: '/ehc/cases',
    summary: `A caseload (view: ${caseloadViews.join(', ')}), most urgent first, with the same filters as the caseload page`,
    tag: 'EHC cases',
    permission: 'ehc:manage',
    query: CaseloadQuery,
    response: z.object({
      view: z.enum(caseloadViews),
      cases: z.array(CaseSummary),
      total: z.number().int(),
      page: z.number().int(),
      pageCount: z.number().int(),
      riskCounts: z.record(z.enum(caseRisks), z.number().int()),
    }),
    handler: async ({ req, query }) => {
      const caseload = await listCaseload(contextOf(req, db), query)
      return {
        view: caseload.view,
        cases: caseload.entries.map(lineSummary),
        total: caseload.total,
        page: caseload.page,
        pageCount: caseload.pageCount,
        riskCounts: caseload.riskCounts,
      }
    },
  })

  defineOperation(v1, {
    method: 'get',
    path: '/ehc/cases/:id',
    summary: 'A case with every statutory due date, its steps against today and its risk (every read is audited)',
    tag: 'EHC cases',
    permission: 'ehc:read',
    params: IdParams,
    response: CaseDetail,
    handler: ({ req, params }) => detail(req, params.id),
  })

  defineOperation(v1, {
    method: 'get',
    path: '/ehc/cases/:id/events',
    summary: 'The case timeline, newest first: who did what, when and why (families see the changes of status)',
    tag: 'EHC cases',
    permission: 'ehc:read',
    params: IdParams,
    response: z.object({ events: z.array(CaseEvent) }),
    handler: async ({ req, params }) => {
      const ctx = contextOf(req, db)
      const c = await readCase(ctx, params.id)
      const events = timelineShownTo(caseReaderOf(ctx.actor), await caseEvents(db, c.id))
      const actorOf = await eventActors(db, events)
      return {
        events: events.map((e) => ({
          id: e.id,
          kind: e.kind,
          fromStatus: e.from_status,
          toStatus: e.to_status,
          occurredOn: e.occurred_on,
          recordedAt: new Date(e.recorded_at).toISOString(),
          actor: actorOf(e),
          reason: e.reason,
          details: (e.details ?? {}) as Record<string, unknown>,
        })),
      }
    },
  })

  defineOperation(v1, {
    method: 'post',
    path: '/ehc/cases/:id/transitions',
    summary:
      'Record a step of the workflow (panel decisions are recorded at panel); 409 names why an illegal step or a stale expectedVersion is refused. issue_draft and issue_final carry the plan itself, for the family and the settings consulted to read: its filename and its content, base64-encoded (at most 10MB before encoding)',
    tag: 'EHC cases',
    permission: 'ehc:manage',
    params: IdParams,
    body: z.strictObject({
      transition: z.enum(caseTransitions, `transition must be one of ${caseTransitions.join(', ')}`),
      on: isoDate('on must be a real date, YYYY-MM-DD'),
      expectedVersion: z.number('expectedVersion is the version of the case you read').int().min(1),
      reason: z.string().trim().max(2000, 'Give the reason in 2,000 characters or fewer').optional(),
      namedSettingId: z
        .uuid('namedSettingId must be a UUID')
        .optional()
        .describe('issue_final: the setting the plan names, one consulted on the draft plan'),
      plan: documentBody('plan').optional().describe('issue_draft and issue_final: the plan'),
    }),
    bodyLimit: documentBodyLimit,
    response: CaseDetail,
    handler: async ({ req, params, body }) => {
      const { plan, ...step } = body
      await moveCaseOn(contextOf(req, db), params.id, step, {
        documents,
        file: uploadedFileOf('plan', plan),
        field: 'plan',
      })
      return detail(req, params.id)
    },
  })

  defineOperation(v1, {
    method: 'post',
    path: '/ehc/cases/:id/exceptions',
    summary: 'Record an exception to the time limits (it never moves a due date)',
    tag: 'EHC cases',
    permission: 'ehc:manage',
    params: IdParams,
    status: 201,
    body: z.strictObject({
      reason: z.enum(Object.keys(ehcExceptionReasons) as [string, ...string[]], 'Choose a reason from the list'),
      startsOn: isoDate('startsOn must be a real date, YYYY-MM-DD'),
      endsOn: isoDate('endsOn must be a real date, YYYY-MM-DD').optional(),
      note: z.string().trim().max(1000).optional(),
    }),
    response: z.object({
      id: z.uuid(),
      reason: z.string(),
      startsOn: z.iso.date(),
      endsOn: z.iso.date().nullable(),
    }),
    handler: async ({ req, params, body }) => {
      const created = await recordException(contextOf(req, db), params.id, body)
      return { id: created.id, reason: created.reason, startsOn: created.starts_on, endsOn: created.ends_on }
    },
  })

  defineOperation(v1, {
    method: 'post',
    path: '/ehc/cases/:id/allocation',
    summary: 'Allocate or reallocate a case to a caseworker (team managers)',
    tag: 'EHC cases',
    permission: 'ehc:allocate',
    params: IdParams,
    body: z.strictObject({
      caseworkerUserId: z.uuid('caseworkerUserId must be a UUID'),
      expectedVersion: z.number().int().min(1),
      reason: z.string().trim().max(1000).optional(),
    }),
    response: CaseDetail,
    handler: async ({ req, params, body }) => {
      await allocateCase(contextOf(req, db), { caseId: params.id, ...body })
      return detail(req, params.id)
    },
  })

  return express.Router().use('/api/v1', v1)
}
