import type { NotificationChannel, NotificationStatus } from '../db/schema.js'
import type { NotificationRow } from './notifications.repository.js'
import { statuses } from './schemas.js'

const statusTags: Record<NotificationStatus, { text: string; classes: string }> = {
  queued: { text: 'Queued', classes: 'govuk-tag--grey' },
  sending: { text: 'Sending', classes: 'govuk-tag--light-blue' },
  sent: { text: 'Sent', classes: 'govuk-tag--blue' },
  delivered: { text: 'Delivered', classes: 'govuk-tag--green' },
  failed: { text: 'Failed, will retry', classes: 'govuk-tag--orange' },
  permanently_failed: { text: 'Not delivered', classes: 'govuk-tag--red' },
}

const channelNames: Record<NotificationChannel, string> = { email: 'Email', sms: 'Text message', letter: 'Letter' }

export const statusTag = (status: NotificationStatus) => statusTags[status]

export function statusOptions(selected: string | undefined) {
  return [{ value: '', text: 'Any status' }].concat(
    statuses.map((s) => ({ value: s, text: statusTags[s].text, selected: s === selected })),
  )
}

type ListRow = Pick<
  NotificationRow,
  'id' | 'channel' | 'recipient_name' | 'subject' | 'status' | 'attempts' | 'created_at' | 'next_attempt_at'
>

export function presentRow(row: ListRow) {
  return {
    id: row.id,
    channel: channelNames[row.channel],
    recipientName: row.recipient_name,
    subject: row.subject,
    tag: statusTag(row.status),
    createdAt: row.created_at,
    nextAttemptAt: row.status === 'failed' ? row.next_attempt_at : undefined,
  }
}

/** Plain text as GOV.UK paragraphs: blank lines part paragraphs, single line breaks stay line breaks. */
function paragraphs(text: string): string[][] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').map((line) => line.trimEnd()))
    .filter((p) => p.some((line) => line))
}

export function presentDetail(n: NotificationRow) {
  return {
    id: n.id,
    channel: channelNames[n.channel],
    recipientName: n.recipient_name,
    toAddressLines: n.to_address.split('\n').filter((line) => line.trim()),
    subject: n.subject,
    paragraphs: paragraphs(n.body),
    templateKey: n.template_key,
    reference: n.reference,
    tag: statusTag(n.status),
    attempts: n.attempts,
    nextAttemptAt: n.status === 'failed' || n.status === 'queued' ? n.next_attempt_at : undefined,
    lastError: n.last_error,
    providerReference: n.provider_reference,
    createdAt: n.created_at,
    sentAt: n.sent_at,
    deliveredAt: n.delivered_at,
    mayRetry: n.status === 'failed' || n.status === 'permanently_failed',
  }
}
