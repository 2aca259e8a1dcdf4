import { z } from 'zod'
import { documentBody } from '../platform/api/documentBody.js'
import { parseIsoDate } from '../platform/calendar/isoDate.js'
import { adviceServiceNames } from './facts.js'

/** Inputs and outputs of requests for advice, shared by the pages and the API. */

export const adviceServices = Object.keys(adviceServiceNames) as (keyof typeof adviceServiceNames)[]
export const AdviceServiceSchema = z.enum(adviceServices as [keyof typeof adviceServiceNames], {
  message: 'Choose a service from the list',
})

const capitalised = (s: string) => `${s[0]?.toUpperCase()}${s.slice(1)}`

/** An ISO date, named for the person who gets it wrong: "Enter the date advice was requested". */
export const isoDateField = (label: string) =>
  z
    .string({ message: `Enter ${label}` })
    .min(1, `Enter ${label}`)
    .refine((v) => parseIsoDate(v) !== undefined, `${capitalised(label)} must be a real date`)

export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : undefined))

const requiredText = (max: number, empty: string) =>
  z
    .string({ message: empty })
    .trim()
    .min(1, empty)
    .max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`)

/** One request for advice: who is asked (an account, or a named person with an email address) and what about. */
export const NewAdviceRequest = z
  .strictObject({
    service: AdviceServiceSchema,
    contributorUserId: z.uuid('Choose who you are asking from the list').optional(),
    contributorName: optionalText(200),
    contributorEmail: z
      .email('Enter an email address in the correct format, like name@example.com')
      .max(320)
      .optional()
      .or(z.literal('').transform(() => undefined)),
    questions: optionalText(5000),
  })
  .superRefine((r, ctx) => {
    if (r.contributorUserId) return
    if (!r.contributorName) {
      ctx.addIssue({
        code: 'custom',
        path: ['contributorName'],
        message: 'Enter the name of the person you are asking',
      })
    }
    if (!r.contributorEmail) {
      ctx.addIssue({ code: 'custom', path: ['contributorEmail'], message: 'Enter their email address' })
    }
  })
export type NewAdviceRequest = z.infer<typeof NewAdviceRequest>

export const NewAdviceRequests = z.strictObject({
  /** The day the requests go out, which starts their 6 weeks; today when not given. */
  requestedOn: isoDateField('the date advice was requested').optional(),
  requests: z.array(NewAdviceRequest).min(1, 'Choose at least one service to ask for advice').max(12),
})
export type NewAdviceRequests = z.infer<typeof NewAdviceRequests>

/** The advice itself: the child's needs in each area, the outcomes sought, the provision recommended. */
export const AdviceContent = z.strictObject({
  needs: z
    .strictObject({ education: optionalText(20_000), health: optionalText(20_000), socialCare: optionalText(20_000) })
    .default({ education: undefined, health: undefined, socialCare: undefined }),
  outcomes: optionalText(20_000),
  provision: optionalText(20_000),
})
export type AdviceContent = z.infer<typeof AdviceContent>

/** Advice a contributor gives must describe needs in one area at least, and recommend provision. */
function describesNeedsAndProvision(a: AdviceContent, ctx: z.RefinementCtx) {
  if (!a.needs.education && !a.needs.health && !a.needs.socialCare) {
    ctx.addIssue({
      code: 'custom',
      path: ['needs', 'education'],
      message: 'Describe the child’s needs in at least one area: education, health or social care',
    })
  }
  if (!a.provision) {
    ctx.addIssue({ code: 'custom', path: ['provision'], message: 'Describe the provision you recommend' })
  }
}

/** What a contributor submits on the advice form (the report, if any, comes as the form's file). */
export const AdviceSubmission = AdviceContent.superRefine(describesNeedsAndProvision)

/** What a contributor submits through the API: the advice, and their report, if any, in the body. */
export const AdviceSubmissionWithReport = AdviceContent.extend({
  attachment: documentBody('attachment').optional().describe('The report, if any'),
}).superRefine(describesNeedsAndProvision)

/** Advice that came on paper or by email, recorded by a caseworker: the date it came, and what it says if typed in. */
export const AdviceReceipt = z.strictObject({
  receivedOn: isoDateField('the date the advice was received'),
  advice: AdviceContent.optional(),
})
export type AdviceReceipt = z.infer<typeof AdviceReceipt>

/** The same through the API, with the report that came, if any, in the body. */
export const AdviceReceiptWithReport = AdviceReceipt.extend({
  attachment: documentBody('attachment').optional().describe('The report that came, if any'),
})

export const CancelAdviceRequest = z.strictObject({
  reason: requiredText(2000, 'Give the reason for cancelling the request'),
})

export const adviceListStatuses = ['outstanding', 'overdue', 'received', 'cancelled', 'all'] as const
export const AdviceListQuery = z.object({
  service: AdviceServiceSchema.optional(),
  status: z.enum(adviceListStatuses, { message: 'Choose a status from the list' }).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
})
export type AdviceListQuery = z.infer<typeof AdviceListQuery>
