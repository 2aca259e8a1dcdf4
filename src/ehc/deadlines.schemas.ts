import { z } from 'zod'
import { parseIsoDate } from '../platform/calendar/isoDate.js'

// The bank-holiday calculator knows 2015–2040; a deadline two months on must stay inside it.
const earliest = '2015-01-01'
const latest = '2039-12-31'

export const isoDateParam = (label: string) =>
  z
    .string({ message: `Enter ${label} as a date like 2026-03-02` })
    .refine(
      (v) => parseIsoDate(v) !== undefined,
      `${label[0]?.toUpperCase()}${label.slice(1)} must be a real date in the form YYYY-MM-DD`,
    )
    .refine(
      (v) => v >= earliest && v <= latest,
      `${label[0]?.toUpperCase()}${label.slice(1)} must be between 2015 and 2039`,
    )

const notBefore = (later: string | undefined, earlier: string) => later === undefined || later >= earlier

export const EhcDeadlineQuery = z
  .strictObject({
    requestReceived: isoDateParam('the date the request was received'),
    adviceRequested: isoDateParam('the date advice was requested').optional(),
    draftIssued: isoDateParam('the date the draft plan was issued').optional(),
    consultationSent: isoDateParam('the date the setting was consulted').optional(),
  })
  .superRefine((q, ctx) => {
    for (const field of ['adviceRequested', 'draftIssued', 'consultationSent'] as const) {
      if (!notBefore(q[field], q.requestReceived)) {
        ctx.addIssue({ code: 'custom', path: [field], message: `${field} cannot be before the request was received` })
      }
    }
  })

export const AppealDeadlineQuery = z
  .strictObject({
    decisionLetter: isoDateParam('the date of the decision letter'),
    mediationCertificate: isoDateParam('the date of the mediation certificate').optional(),
  })
  .superRefine((q, ctx) => {
    if (!notBefore(q.mediationCertificate, q.decisionLetter)) {
      ctx.addIssue({
        code: 'custom',
        path: ['mediationCertificate'],
        message: 'The mediation certificate cannot be before the decision letter',
      })
    }
  })

export const EhcDeadlines = z.object({
  decisionToAssess: z.iso.date(),
  notToIssue: z.iso.date(),
  finalPlan: z.iso.date(),
  adviceDue: z.iso.date().optional(),
  draftResponseDue: z.iso.date().optional(),
  consultationResponseDue: z.iso.date().optional(),
})

export const AppealDeadlines = z.object({ appealBy: z.iso.date(), mediationContactBy: z.iso.date() })
