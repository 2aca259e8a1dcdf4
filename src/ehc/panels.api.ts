import express from 'express'
import { z } from 'zod'
import { defineOperation } from '../platform/api/operations.js'
import type { Db } from '../platform/db/database.js'
import { contextOf } from '../platform/useCase.js'
import { panelQuestions } from './panelCriteria.js'
import { agencies, DecisionInput, panelDecisions } from './panels.schemas.js'
import { listMeetings, recordDecision, viewMeeting } from './panels.service.js'

const MeetingParams = z.strictObject({ id: z.uuid('The panel meeting id must be a UUID') })
const ItemParams = MeetingParams.extend({ itemId: z.uuid('The agenda item id must be a UUID') })

const Meeting = z.object({
  id: z.uuid(),
  meetsOn: z.iso.date(),
  startsAt: z.string(),
  location: z.string(),
  status: z.enum(['planned', 'held', 'cancelled']),
  chair: z.string().nullable(),
  items: z.number().int(),
  decided: z.number().int(),
  papersOpen: z.boolean().meta({
    description: 'Whether the caller may open its agenda and papers (a panel member: until 28 days after the meeting)',
  }),
})

const AgendaItem = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  reference: z.string(),
  childName: z.string(),
  question: z.enum(panelQuestions),
  decisionDue: z.iso.date(),
  caseStatus: z.string(),
  caseVersion: z.number().int(),
  awaitingDecision: z.boolean(),
  decision: z.enum(panelDecisions).nullable(),
  reasons: z.string().nullable(),
  decidedAt: z.string().nullable(),
})

const presentMeeting = (m: Awaited<ReturnType<typeof listMeetings>>['upcoming'][number]) => ({
  id: m.id,
  meetsOn: m.meets_on,
  startsAt: m.startsAt,
  location: m.location,
  status: m.status,
  chair: m.chair ?? null,
  items: m.items,
  decided: m.decided,
  papersOpen: m.papersOpen,
})

/** The panel in JSON: meetings, agendas and decisions, with the same rules as the pages. */
export function panelApi(db: Db) {
  const v1 = express.Router()

  defineOperation(v1, {
    method: 'get',
    path: '/ehc/panels',
    summary: 'Panel meetings the caller may see (a panel member: the meetings they sit on), soonest first',
    tag: 'EHC panels',
    permission: 'panel:read',
    response: z.object({ upcoming: z.array(Meeting), past: z.array(Meeting) }),
    handler: async ({ req }) => {
      const meetings = await listMeetings(contextOf(req, db))
      return { upcoming: meetings.upcoming.map(presentMeeting), past: meetings.past.map(presentMeeting) }
    },
  })

  defineOperation(v1, {
    method: 'get',
    path: '/ehc/panels/:id',
    summary: 'One panel meeting: its members and its agenda (an audited read of the children listed)',
    tag: 'EHC panels',
    permission: 'panel:read',
    params: MeetingParams,
    response: z.object({
      id: z.uuid(),
      meetsOn: z.iso.date(),
      startsAt: z.string(),
      location: z.string(),
      status: z.enum(['planned', 'held', 'cancelled']),
      members: z.array(z.object({ userId: z.uuid(), name: z.string(), agency: z.enum(agencies), chair: z.boolean() })),
      agenda: z.array(AgendaItem),
    }),
    handler: async ({ req, params }) => {
      const view = await viewMeeting(contextOf(req, db), params.id)
      return {
        id: view.meeting.id,
        meetsOn: view.meeting.meets_on,
        startsAt: view.meeting.startsAt,
        location: view.meeting.location,
        status: view.meeting.status,
        members: view.members.map((m) => ({
          userId: m.user_id,
          name: m.display_name,
          agency: m.agency,
          chair: m.chair,
        })),
        agenda: view.agenda.map((a) => ({
          id: a.id,
          caseId: a.caseId,
          reference: a.reference,
          childName: a.childName,
          question: a.question,
          decisionDue: a.dueOn,
          caseStatus: a.caseStatus,
          caseVersion: a.caseVersion,
          awaitingDecision: a.awaiting,
          decision: a.decision,
          reasons: a.reasons,
          decidedAt: a.decidedAt ? new Date(a.decidedAt).toISOString() : null,
        })),
      }
    },
  })

  defineOperation(v1, {
    method: 'post',
    path: '/ehc/panels/:id/items/:itemId/decision',
    summary:
      'Record the panel’s decision on a case on its agenda, against each published criterion. 409 when the case is ' +
      'not awaiting that decision, it is already decided, or the case changed since expectedVersion',
    tag: 'EHC panels',
    permission: 'panel:decide',
    params: ItemParams,
    body: DecisionInput,
    response: z.object({
      itemId: z.uuid(),
      decision: z.enum(panelDecisions),
      caseId: z.uuid(),
      caseStatus: z.string(),
      caseVersion: z.number().int(),
      letterId: z.uuid().nullable(),
    }),
    handler: async ({ req, params, body }) => {
      const result = await recordDecision(contextOf(req, db), params.id, params.itemId, body)
      return {
        itemId: result.itemId,
        decision: result.decision,
        caseId: result.case.id,
        caseStatus: result.case.status,
        caseVersion: result.case.version,
        letterId: result.letterId ?? null,
      }
    },
  })

  return express.Router().use('/api/v1', v1)
}
