import type { Queryable } from '../db/database.js'
import { parseInput } from '../web/forms.js'
import { type DeliveryFilter, insertNotification, listDeliveries } from './notifications.repository.js'
import { NewNotification } from './schemas.js'

export type { NewNotification } from './schemas.js'

/**
 * Queues one email, text message or letter in the caller's transaction: it is sent only if that transaction commits,
 * and the change that caused it cannot commit without it (a transactional outbox). The delivery job sends it within
 * a minute or so. Throws Invalid, naming each field at fault, for input that could never be sent.
 */
export async function queueNotification(trx: Queryable, input: NewNotification): Promise<{ id: string }> {
  return insertNotification(trx, parseInput(NewNotification, input))
}

/** Notifications about one thing (e.g. reference 'ehc_letter:<id>') or one child, newest first, to show delivery. */
export async function notificationsFor(db: Queryable, filter: DeliveryFilter) {
  const rows = await listDeliveries(db, filter)
  return rows.map((r) => ({
    id: r.id,
    childId: r.child_id,
    channel: r.channel,
    recipientName: r.recipient_name,
    templateKey: r.template_key,
    subject: r.subject,
    reference: r.reference,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    deliveredAt: r.delivered_at,
  }))
}
