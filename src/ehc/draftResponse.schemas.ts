import { z } from 'zod'
import { isoDateField, optionalText } from './advice.schemas.js'

/** The family's response to the draft plan, from the form or the API. */
export const DraftResponse = z.strictObject({
  comments: optionalText(10_000),
  wantsMeeting: z.boolean({ message: 'Say whether you would like a meeting about the draft plan' }),
  preferredSettingId: z.uuid('Choose a school, college or nursery from the list').optional(),
  respondedOn: isoDateField('the date the family responded').optional(),
})
export type DraftResponse = z.infer<typeof DraftResponse>
