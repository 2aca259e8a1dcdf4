import type { Selectable } from 'kysely'
import type { Queryable } from '../db/database.js'
import type { NotificationStatus, NotificationTable } from '../db/schema.js'
import { sendingLeaseMs } from './retry.js'

export type NotificationRow = Selectable<NotificationTable>

export interface NotificationValues {
  authorityId: string
  childId?: string
  channel: NotificationRow['channel']
  recipientUserId?: string
  recipientName: string
  toAddress: string
  templateKey: string
  subject: string
  body: string
  reference?: string
}

export async function insertNotification(db: Queryable, n: NotificationValues): Promise<{ id: string }> {
  return db
    .insertInto('notification')
    .values({
      authority_id: n.authorityId,
      child_id: n.childId ?? null,
      channel: n.channel,
      recipient_user_id: n.recipientUserId ?? null,
      recipient_name: n.recipientName,
      to_address: n.toAddress,
      template_key: n.templateKey,
      subject: n.subject,
      body: n.body,
      reference: n.reference ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
}

/**
 * Takes up to `limit` rows due to be sent (queued, failed and due again, or sending with a lapsed lease) and leases
 * them: status 'sending' until the lease ends, one attempt more. One statement, so two workers on PostgreSQL never
 * take the same row (skip locked); on PGlite there is one worker anyway.
 */
export async function claimDueNotifications(db: Queryable, now: Date, limit: number): Promise<NotificationRow[]> {
  return db
    .updateTable('notification')
    .set((eb) => ({
      status: 'sending',
      attempts: eb('attempts', '+', 1),
      next_attempt_at: new Date(now.getTime() + sendingLeaseMs),
      updated_at: now,
    }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('notification')
        .select('id')
        .where('status', 'in', ['queued', 'failed', 'sending'])
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute()
}

/** Sent rows whose delivery the provider has not yet confirmed and which are due a check. */
export async function sentDueForCheck(db: Queryable, now: Date, since: Date, limit: number) {
  return db
    .selectFrom('notification')
    .select(['id', 'attempts', 'provider_reference'])
    .where('status', '=', 'sent')
    .where('next_attempt_at', '<=', now)
    .where('sent_at', '>', since)
    .where('provider_reference', 'is not', null)
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute()
}

export interface Outcome {
  status: NotificationStatus
  nextAttemptAt: Date
  providerReference?: string
  sentAt?: Date
  deliveredAt?: Date
  lastError?: string
}

/** Records what became of an attempt or a check; only from the state the worker left the row in. */
export async function recordOutcome(db: Queryable, id: string, from: NotificationStatus, outcome: Outcome, now: Date) {
  await db
    .updateTable('notification')
    .set({
      status: outcome.status,
      next_attempt_at: outcome.nextAttemptAt,
      updated_at: now,
      ...(outcome.providerReference ? { provider_reference: outcome.providerReference } : {}),
      ...(outcome.sentAt ? { sent_at: outcome.sentAt } : {}),
      ...(outcome.deliveredAt ? { delivered_at: outcome.deliveredAt } : {}),
      ...(outcome.lastError ? { last_error: outcome.lastError.slice(0, 1000) } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', from)
    .execute()
}

export interface ListFilter {
  authorityId: string
  status?: NotificationStatus
  limit: number
  offset: number
}

export async function listNotifications(db: Queryable, filter: ListFilter) {
  let query = db.selectFrom('notification').where('authority_id', '=', filter.authorityId)
  if (filter.status) query = query.where('status', '=', filter.status)
  const [rows, count] = await Promise.all([
    query
      .select([
        'id',
        'child_id',
        'channel',
        'recipient_name',
        'subject',
        'template_key',
        'status',
        'attempts',
        'created_at',
        'next_attempt_at',
      ])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}

export async function findNotification(db: Queryable, authorityId: string, id: string) {
  return db
    .selectFrom('notification')
    .selectAll()
    .where('authority_id', '=', authorityId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** A failed notification is due again now; one given up on gets one more attempt. */
export async function markForRetry(db: Queryable, authorityId: string, id: string, now: Date) {
  return db
    .updateTable('notification')
    .set({ status: 'failed', next_attempt_at: now, updated_at: now })
    .where('authority_id', '=', authorityId)
    .where('id', '=', id)
    .where('status', 'in', ['failed', 'permanently_failed'])
    .returning(['id', 'child_id'])
    .executeTakeFirst()
}

export type DeliveryFilter = { authorityId: string } & ({ reference: string } | { childId: string })

export async function listDeliveries(db: Queryable, filter: DeliveryFilter) {
  let query = db
    .selectFrom('notification')
    .select([
      'id',
      'child_id',
      'channel',
      'recipient_name',
      'template_key',
      'subject',
      'reference',
      'status',
      'attempts',
      'last_error',
      'created_at',
      'sent_at',
      'delivered_at',
    ])
    .where('authority_id', '=', filter.authorityId)
  query =
    'reference' in filter
      ? query.where('reference', '=', filter.reference)
      : query.where('child_id', '=', filter.childId)
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(500).execute()
}
