import express from 'express'
import { z } from 'zod'
import type { Db } from '../db/database.js'
import { NotFound } from '../errors.js'
import { registerJob } from '../jobs/registry.js'
import { contextOf } from '../useCase.js'
import { errorView, fieldErrors } from '../web/forms.js'
import { addNavigation } from '../web/navigation.js'
import { permit } from '../web/permissions.js'
import { deliverNotificationsJob } from './job.js'
import { listOutbox, retryNotification, viewNotification } from './notifications.service.js'
import { presentDetail, presentRow, statusOptions } from './presenters.js'
import { ListQuery } from './schemas.js'

addNavigation({ text: 'Outbox', href: '/notifications', action: 'notifications:read' })
registerJob(deliverNotificationsJob)

const idOf = (req: express.Request) => {
  const id = String(req.params.id)
  if (!z.uuid().safeParse(id).success) throw new NotFound()
  return id
}

const listHref = (status: string | undefined, page: number) => {
  const params = new URLSearchParams()
  if (status) params.set('status', status)
  if (page > 1) params.set('page', String(page))
  const text = params.toString()
  return text ? `/notifications?${text}` : '/notifications'
}

/** The outbox: every email, text and letter the service has queued, with its delivery status. */
export function notificationRoutes(db: Db) {
  const router = express.Router()

  router.get('/notifications', permit('notifications:read'), async (req, res) => {
    const values = { status: req.query.status || undefined, page: req.query.page || undefined }
    const parsed = ListQuery.safeParse(values)
    if (!parsed.success) {
      return res.status(400).render('platform/notify/views/notifications', {
        pageTitle: 'Outbox',
        statusOptions: statusOptions(undefined),
        ...errorView(fieldErrors(parsed.error)),
      })
    }
    const { status } = parsed.data
    const list = await listOutbox(contextOf(req, db), parsed.data)
    res.render('platform/notify/views/notifications', {
      pageTitle: 'Outbox',
      status,
      statusOptions: statusOptions(status),
      notifications: list.rows.map(presentRow),
      total: list.total,
      page: list.page,
      pageCount: list.pageCount,
      previous: list.page > 1 ? { href: listHref(status, list.page - 1) } : undefined,
      next: list.page < list.pageCount ? { href: listHref(status, list.page + 1) } : undefined,
    })
  })

  router.get('/notifications/:id', permit('notifications:read'), async (req, res) => {
    const notification = await viewNotification(contextOf(req, db), idOf(req))
    res.render('platform/notify/views/notification', {
      pageTitle: notification.subject,
      notification: presentDetail(notification),
    })
  })

  router.post('/notifications/:id/retry', permit('notifications:read'), async (req, res) => {
    const id = idOf(req)
    await retryNotification(contextOf(req, db), id)
    res.redirect(303, `/notifications/${id}`)
  })

  return router
}
