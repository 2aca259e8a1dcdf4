import { z } from 'zod'
import { isoDateField, optionalText } from './advice.schemas.js'

/** Inputs of consultations with settings (reg 14), shared by the pages and any API. */

export const NewConsultation = z.strictObject({
  settingId: z.uuid('Choose a setting from the directory'),
  /** The day the draft plan went to the setting, which starts its 15 days; today when not given. */
  sentOn: isoDateField('the date the setting was consulted').optional(),
})
export type NewConsultation = z.infer<typeof NewConsultation>

export const ConsultationReply = z
  .strictObject({
    reply: z.enum(['can_meet_needs', 'cannot_meet_needs'], {
      message: 'Say whether the setting can meet the child’s needs',
    }),
    note: optionalText(5000),
    /** The day the setting replied: a caseworker recording a reply gives it; a SENCO replies today. */
    repliedOn: isoDateField('the date the setting replied').optional(),
  })
  .superRefine((r, ctx) => {
    if (r.reply === 'cannot_meet_needs' && !r.note) {
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'Say why the setting cannot meet the child’s needs' })
    }
  })
export type ConsultationReply = z.infer<typeof ConsultationReply>
