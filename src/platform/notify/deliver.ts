import type { Db } from '../db/database.js'
import { type NotificationGateway, type OutgoingNotification, Undeliverable } from './gateway.js'
import {
  claimDueNotifications,
  type NotificationRow,
  recordOutcome,
  sentDueForCheck,
} from './notifications.repository.js'
import { nextAttemptAfter, statusCheckEveryMs, statusCheckForMs } from './retry.js'

export interface DeliveryReport {
  sent: number
  delivered: number
  failed: number
  permanentlyFailed: number
}

const batchSize = 50
const maxBatches = 20 // 1,000 a run; the rest wait a minute for the next run

const outgoing = (row: NotificationRow): OutgoingNotification => ({
  id: row.id,
  channel: row.channel,
  recipientName: row.recipient_name,
  toAddress: row.to_address,
  subject: row.subject,
  body: row.body,
})

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

/**
 * Sends every notification that is due, one at a time and outside any transaction (a provider call must not hold the
 * database, which on PGlite is one connection). A failure is recorded on its row, which is tried again later, and does
 * not stop the others; after the last attempt the row is kept as permanently failed, never dropped. A worker that
 * dies mid-send leaves its rows leased; they are sent again when the lease ends, so delivery is at least once.
 */
export async function deliverDueNotifications(
  db: Db,
  gateway: NotificationGateway,
  now = new Date(),
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, delivered: 0, failed: 0, permanentlyFailed: 0 }
  for (let batch = 0; batch < maxBatches; batch++) {
    const claimed = await claimDueNotifications(db, now, batchSize)
    for (const row of claimed) await deliverOne(db, gateway, row, now, report)
    if (claimed.length < batchSize) break
  }
  return report
}

async function deliverOne(
  db: Db,
  gateway: NotificationGateway,
  row: NotificationRow,
  now: Date,
  report: DeliveryReport,
) {
  try {
    const result = await gateway.send(outgoing(row))
    await recordOutcome(
      db,
      row.id,
      'sending',
      result.delivered
        ? {
            status: 'delivered',
            nextAttemptAt: now,
            providerReference: result.providerReference,
            sentAt: now,
            deliveredAt: now,
          }
        : {
            status: 'sent',
            nextAttemptAt: new Date(now.getTime() + statusCheckEveryMs),
            providerReference: result.providerReference,
            sentAt: now,
          },
      now,
    )
    report[result.delivered ? 'delivered' : 'sent']++
  } catch (error) {
    // row.attempts already counts this attempt (it was counted when the row was claimed).
    const retryAt = error instanceof Undeliverable ? undefined : nextAttemptAfter(row.attempts, now)
    await recordOutcome(
      db,
      row.id,
      'sending',
      retryAt
        ? { status: 'failed', nextAttemptAt: retryAt, lastError: messageOf(error) }
        : { status: 'permanently_failed', nextAttemptAt: now, lastError: messageOf(error) },
      now,
    )
    report[retryAt ? 'failed' : 'permanentlyFailed']++
  }
}

/**
 * Asks the provider what became of messages it accepted: delivered, still on its way, or failed (then sent again
 * with the same backoff, or given up on). A provider that cannot answer now is asked again at the next check.
 */
export async function refreshDeliveryStatus(
  db: Db,
  gateway: NotificationGateway,
  now = new Date(),
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, delivered: 0, failed: 0, permanentlyFailed: 0 }
  const nextCheck = new Date(now.getTime() + statusCheckEveryMs)
  const rows = await sentDueForCheck(db, now, new Date(now.getTime() - statusCheckForMs), batchSize * maxBatches)
  for (const row of rows) {
    let answer: Awaited<ReturnType<NotificationGateway['status']>>
    try {
      answer = await gateway.status(row.provider_reference!)
    } catch (error) {
      await recordOutcome(
        db,
        row.id,
        'sent',
        { status: 'sent', nextAttemptAt: nextCheck, lastError: messageOf(error) },
        now,
      )
      report.sent++
      continue
    }
    const retryAt = answer.status === 'failed' ? nextAttemptAfter(row.attempts, now) : undefined
    const outcome =
      answer.status === 'delivered'
        ? { status: 'delivered' as const, nextAttemptAt: now, deliveredAt: now }
        : answer.status === 'sending'
          ? { status: 'sent' as const, nextAttemptAt: nextCheck }
          : retryAt
            ? { status: 'failed' as const, nextAttemptAt: retryAt, lastError: answer.detail }
            : { status: 'permanently_failed' as const, nextAttemptAt: now, lastError: answer.detail }
    await recordOutcome(db, row.id, 'sent', outcome, now)
    report[outcome.status === 'permanently_failed' ? 'permanentlyFailed' : outcome.status]++
  }
  return report
}
