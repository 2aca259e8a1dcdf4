import express from 'express'
import { z } from 'zod'
import { documentBodyLimit, uploadedFileOf } from '../platform/api/documentBody.js'
import { defineOperation } from '../platform/api/operations.js'
import { type IsoDate, todayInLondon } from '../platform/calendar/isoDate.js'
import type { Db } from '../platform/db/database.js'
import { contextOf } from '../platform/useCase.js'
import type { AdviceRequestRow } from './advice.repository.js'
import {
  AdviceListQuery,
  AdviceReceiptWithReport,
  AdviceServiceSchema,
  AdviceSubmissionWithReport,
  CancelAdviceRequest,
  NewAdviceRequests,
} from './advice.schemas.js'
import {
  type AdviceDeps,
  cancelAdviceRequest,
  giveAdvice,
  listAdvice,
  recordAdviceReceived,
  requestAdvice,
  viewAdviceRequest,
} from './advice.service.js'
import { adviceStatuses, adviceStatusOf } from './adviceStatus.js'

const IdParams = z.strictObject({ id: z.uuid('The id must be a UUID') })

/** no_longer_needed: awaited when the case closed (adviceStatus.ts). */
const AdviceStatus = z.enum(adviceStatuses)

const AdviceSummary = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  caseReference: z.string(),
  child: z.object({ id: z.uuid(), name: z.string(), dateOfBirth: z.iso.date() }),
  service: AdviceServiceSchema,
  contributorName: z.string(),
  requestedOn: z.iso.date(),
  dueOn: z.iso.date(),
  receivedOn: z.iso.date().nullable(),
  cancelledOn: z.iso.date().nullable(),
  status: AdviceStatus,
})

const AdviceText = z.object({
  needs: z.object({
    education: z.string().optional(),
    health: z.string().optional(),
    socialCare: z.string().optional(),
  }),
  outcomes: z.string().optional(),
  provision: z.string().optional(),
})

const AdviceDetail = AdviceSummary.extend({
  /** Null when the request was cancelled: its contributor no longer sees the child. */
  child: AdviceSummary.shape.child.nullable(),
  questions: z.string().nullable(),
  settings: z.array(z.string()),
  evidence: z.array(
    z.object({
      id: z.uuid(),
      filename: z.string(),
      mediaType: z.string(),
      sizeBytes: z.number().int(),
      href: z.string(),
    }),
  ),
  advice: AdviceText.nullable(),
  documentId: z.uuid().nullable(),
})

const Received = z.object({ id: z.uuid(), receivedOn: z.iso.date() })

function adviceText(advice: unknown): z.infer<typeof AdviceText> | null {
  if (!advice || typeof advice !== 'object') return null
  const a = advice as z.infer<typeof AdviceText>
  return { needs: a.needs ?? {}, outcomes: a.outcomes, provision: a.provision }
}

const summaryOf = (
  r: Pick<
    AdviceRequestRow,
    | 'id'
    | 'case_id'
    | 'case_reference'
    | 'child_id'
    | 'legal_forename'
    | 'legal_surname'
    | 'date_of_birth'
    | 'service'
    | 'contributor_name'
    | 'requested_on'
    | 'due_on'
    | 'received_on'
    | 'cancelled_on'
    | 'case_closed_on'
  >,
  today: IsoDate,
) => ({
  id: r.id,
  caseId: r.case_id,
  caseReference: r.case_reference,
  child: { id: r.child_id, name: `${r.legal_forename} ${r.legal_surname}`, dateOfBirth: r.date_of_birth },
  service: r.service,
  contributorName: r.contributor_name,
  requestedOn: r.requested_on,
  dueOn: r.due_on,
  receivedOn: r.received_on,
  cancelledOn: r.cancelled_on,
  status: adviceStatusOf(r, today),
})

/** Requests for advice in the JSON API: the same use cases, permissions and audit as the pages. */
export function adviceApi(db: Db, deps: AdviceDeps) {
  const v1 = express.Router()

  defineOperation(v1, {
    method: 'get',
    path: '/ehc/advice',
    summary:
      'Requests for advice: a contributor’s own (advice givers, SENCOs), or those on the cases a caseworker manages',
    tag: 'EHC advice',
    permission: 'advice:read',
    query: AdviceListQuery,
    response: z.object({
      adviceRequests: z.array(AdviceSummary),
      total: z.number().int(),
      page: z.number().int(),
      pageCount: z.number().int(),
    }),
    handler: async ({ req, query }) => {
      const list = await listAdvice(contextOf(req, db), query)
      return {
        adviceRequests: list.rows.map((r) => summaryOf(r, list.today)),
        total: list.total,
        page: list.page,
        pageCount: list.pageCount,
      }
    },
  })

  defineOperation(v1, {
    method: 'get',
    path: '/ehc/advice/:id',
    summary: 'One request for advice with the child, the questions and the evidence (every read is audited)',
    tag: 'EHC advice',
    permission: 'advice:read',
    params: IdParams,
    response: AdviceDetail,
    handler: async ({ req, params }) => {
      const viewed = await viewAdviceRequest(contextOf(req, db), params.id)
      const r = viewed.request
      const today = todayInLondon()
      const summary = summaryOf(r, today)
      if (viewed.withdrawn) {
        return { ...summary, child: null, questions: null, settings: [], evidence: [], advice: null, documentId: null }
      }
      return {
        ...summary,
        questions: r.questions,
        settings: viewed.settings.map((s) => s.name),
        evidence: viewed.evidence.map((d) => ({
          id: d.id,
          filename: d.filename,
          mediaType: d.media_type,
          sizeBytes: d.size_bytes,
          href: `/documents/${d.id}`,
        })),
        advice: adviceText(r.advice),
        documentId: r.document_id,
      }
    },
  })

  defineOperation(v1, {
    method: 'post',
    path: '/ehc/advice/:id',
    summary:
      'Give the advice asked of you (only the person asked, once), with your report if any: its filename and its content, base64-encoded (at most 10MB before encoding)',
    tag: 'EHC advice',
    permission: 'advice:submit',
    params: IdParams,
    body: AdviceSubmissionWithReport,
    bodyLimit: documentBodyLimit,
    response: Received,
    handler: async ({ req, params, body }) => {
      const { attachment, ...advice } = body
      const updated = await giveAdvice(
        contextOf(req, db),
        params.id,
        { advice, attachment: uploadedFileOf('attachment', attachment) },
        deps,
      )
      return { id: updated.id, receivedOn: updated.received_on as string }
    },
  })

  defineOperation(v1, {
    method: 'post',
    path: '/ehc/advice/:id/receipt',
    summary:
      'Record advice that came on paper or by email, with the date it came and the report that came, if any, base64-encoded (caseworkers of the case)',
    tag: 'EHC advice',
    permission: 'advice:submit',
    params: IdParams,
    body: AdviceReceiptWithReport,
    bodyLimit: documentBodyLimit,
    response: Received,
    handler: async ({ req, params, body }) => {
      const { attachment, ...receipt } = body
      const updated = await recordAdviceReceived(
        contextOf(req, db),
        params.id,
        { ...receipt, attachment: uploadedFileOf('attachment', attachment) },
        deps,
      )
      return { id: updated.id, receivedOn: updated.received_on as string }
    },
  })

  defineOperation(v1, {
    method: 'post',
    path: '/ehc/advice/:id/cancel',
    summary: 'Cancel a request for advice that is no longer needed; its contributor is told',
    tag: 'EHC advice',
    permission: 'ehc:manage',
    params: IdParams,
    body: CancelAdviceRequest,
    response: z.object({ id: z.uuid(), cancelledOn: z.iso.date() }),
    handler: async ({ req, params, body }) => {
      const updated = await cancelAdviceRequest(contextOf(req, db), params.id, body, deps.links)
      return { id: updated.id, cancelledOn: updated.cancelled_on as string }
    },
  })

  defineOperation(v1, {
    method: 'post',
    path: '/ehc/cases/:id/advice-requests',
    summary:
      'Ask for advice on a case being assessed, from one service or several; each is due 6 weeks after requestedOn',
    tag: 'EHC advice',
    permission: 'ehc:manage',
    params: IdParams,
    body: NewAdviceRequests,
    status: 201,
    response: z.object({ adviceRequests: z.array(z.object({ id: z.uuid(), dueOn: z.iso.date() })) }),
    handler: async ({ req, params, body }) => ({
      adviceRequests: await requestAdvice(contextOf(req, db), params.id, body, deps.links),
    }),
  })

  return express.Router().use('/api/v1', v1)
}
