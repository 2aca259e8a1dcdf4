import type { NotificationStatus } from '../db/schema.js'
import { Forbidden, NotFound } from '../errors.js'
import { mayTake } from '../policy/policy.js'
import { auditAs, auditReadAs, type UseCaseContext } from '../useCase.js'
import { findNotification, listNotifications, markForRetry } from './notifications.repository.js'

export const outboxPageSize = 50

function authorise(ctx: UseCaseContext) {
  if (!mayTake(ctx.actor, 'notifications:read')) throw new Forbidden()
}

/** The authority's outbox, newest first. Names and subjects can identify a child, so showing them is an audited read. */
export async function listOutbox(ctx: UseCaseContext, query: { status?: NotificationStatus; page: number }) {
  authorise(ctx)
  const { rows, total } = await listNotifications(ctx.db, {
    authorityId: ctx.actor.authorityId,
    status: query.status,
    limit: outboxPageSize,
    offset: (query.page - 1) * outboxPageSize,
  })
  const childIds = [...new Set(rows.flatMap((r) => (r.child_id ? [r.child_id] : [])))]
  if (childIds.length) {
    await auditReadAs(ctx, {
      action: 'notification.listed',
      recordType: 'notification',
      details: { childIds, notificationIds: rows.filter((r) => r.child_id).map((r) => r.id) },
    })
  }
  return { rows, total, page: query.page, pageCount: Math.max(1, Math.ceil(total / outboxPageSize)) }
}

/** One notification with its body, which holds personal data: reading one about a child is audited. */
export async function viewNotification(ctx: UseCaseContext, id: string) {
  authorise(ctx)
  return ctx.db.transaction().execute(async (trx) => {
    const notification = await findNotification(trx, ctx.actor.authorityId, id)
    if (!notification) throw new NotFound()
    if (notification.child_id) {
      await auditAs(ctx, trx, {
        action: 'notification.read',
        recordType: 'notification',
        recordId: notification.id,
        childId: notification.child_id,
      })
    }
    return notification
  })
}

/** "Retry now": a failed notification is due at once; one given up on gets one more attempt. */
export async function retryNotification(ctx: UseCaseContext, id: string, now = new Date()) {
  authorise(ctx)
  await ctx.db.transaction().execute(async (trx) => {
    const retried = await markForRetry(trx, ctx.actor.authorityId, id, now)
    if (!retried) {
      // Already retried, sent meanwhile, or not this authority's: only the last is an error.
      if (!(await findNotification(trx, ctx.actor.authorityId, id))) throw new NotFound()
      return
    }
    await auditAs(ctx, trx, {
      action: 'notification.retried',
      recordType: 'notification',
      recordId: id,
      childId: retried.child_id ?? undefined,
    })
  })
}
