import { z } from 'zod'
import type { NotificationChannel, NotificationStatus } from '../db/schema.js'

export const channels = ['email', 'sms', 'letter'] as const satisfies readonly NotificationChannel[]
export const statuses = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'failed',
  'permanently_failed',
] as const satisfies readonly NotificationStatus[]

// GOV.UK Notify's limits: a letter has 3 to 7 address lines, the first the recipient's name and the last the postcode.
const email = z.email('Enter an email address in the correct format, like name@example.com').max(320)
const phone = z.string().regex(/^\+?[0-9 ()-]{10,20}$/, 'Enter a phone number, like 07700 900 982')
const postalAddress = z.string().refine((value) => {
  const lines = value.split('\n').filter((line) => line.trim())
  return lines.length >= 2 && lines.length <= 6
}, 'Enter the postal address without the name, on 2 to 6 lines, the last one the postcode')

const common = {
  authorityId: z.uuid(),
  childId: z.uuid().optional(),
  recipientUserId: z.uuid().optional(),
  recipientName: z.string().trim().min(1).max(200),
  templateKey: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'A template key is lower-case, e.g. ehc.decision'),
  subject: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(50_000),
  reference: z.string().trim().min(1).max(200).optional(),
}

/** One notification to queue: its body is rendered by the caller, so what is kept is exactly what was sent. */
export const NewNotification = z.discriminatedUnion('channel', [
  z.object({ ...common, channel: z.literal('email'), toAddress: email }),
  z.object({ ...common, channel: z.literal('sms'), toAddress: phone }),
  z.object({ ...common, channel: z.literal('letter'), toAddress: postalAddress }),
])
export type NewNotification = z.input<typeof NewNotification>

export const ListQuery = z.object({
  status: z.enum(statuses).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
})
