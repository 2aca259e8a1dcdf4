import { z } from 'zod'
import { isIsoDate } from '../platform/calendar/isoDate.js'
import { panelQuestions } from './panelCriteria.js'

/** Inputs of the multi-agency panel, shared by the pages and the API. */

export const agencies = ['education', 'health', 'social_care', 'parent_carer_forum', 'other'] as const
export type Agency = (typeof agencies)[number]
export const agencyNames: Record<Agency, string> = {
  education: 'Education',
  health: 'Health',
  social_care: 'Social care',
  parent_carer_forum: 'Parent carer forum',
  other: 'Other',
}

export const panelDecisions = ['assess', 'not_assess', 'issue', 'not_issue', 'deferred'] as const
export type PanelDecision = (typeof panelDecisions)[number]
export const panelDecisionNames: Record<PanelDecision, string> = {
  assess: 'Assess',
  not_assess: 'Do not assess',
  issue: 'Issue a plan',
  not_issue: 'Do not issue a plan',
  deferred: 'Deferred',
}

const isoDate = (what: string) =>
  z.string({ error: `Enter ${what}` }).refine(isIsoDate, `Enter ${what} as a real date, for example 27 3 2026`)

const text = (what: string, max: number) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max.toLocaleString('en-GB')} characters or fewer`)

const optionalText = (what: string, max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), text(what, max).optional())

export const CriterionInput = z.strictObject({
  question: z.enum(panelQuestions, { error: 'Choose which decision the criterion is for' }),
  text: text('the criterion', 1000),
  source: optionalText('the source', 300),
})
export type CriterionInput = z.infer<typeof CriterionInput>

export const PanelMemberInput = z.strictObject({
  userId: z.uuid('Choose a member'),
  agency: z.enum(agencies, { error: 'Choose the agency each member represents' }),
  chair: z.boolean().default(false),
})

/** Checked on the members alone, so the form reports a missing chair beside any other mistake. */
const Members = z
  .array(PanelMemberInput)
  .min(1, 'Choose at least one member')
  .max(30)
  .superRefine((members, ctx) => {
    if (members.filter((member) => member.chair).length !== 1) {
      ctx.addIssue({ code: 'custom', path: ['chair'], message: 'Choose one member to chair the panel' })
    }
    if (new Set(members.map((member) => member.userId)).size !== members.length) {
      ctx.addIssue({ code: 'custom', message: 'Choose each member once' })
    }
  })

export const NewMeeting = z.strictObject({
  meetsOn: isoDate('the date of the meeting'),
  startsAt: z
    .string({ error: 'Enter the time the meeting starts' })
    .trim()
    .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'Enter the time the meeting starts, like 09:30 or 14:00'),
  location: text('where the panel meets (a room, or online)', 200),
  members: Members,
})
export type NewMeeting = z.infer<typeof NewMeeting>

export const CriterionAssessment = z.strictObject({
  criterionId: z.uuid('Each criterion needs its id'),
  met: z.boolean({ error: 'Say whether the criterion is met' }),
  note: optionalText('the note', 2000),
})

export const DecisionInput = z.strictObject({
  decision: z.enum(panelDecisions, { error: 'Choose the panel’s decision' }),
  reasons: text('the reasons for the decision', 5000),
  criteria: z.array(CriterionAssessment).max(50).default([]),
  senSupportNextStep: optionalText('the next step at SEN Support', 2000),
  familyView: optionalText('the family’s view', 2000),
  expectedVersion: z.number({ error: 'Send the version of the case you read' }).int().min(1),
})
export type DecisionInput = z.infer<typeof DecisionInput>
