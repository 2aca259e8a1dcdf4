import express from 'express'
import type { Db } from '../platform/db/database.js'
import { AppError } from '../platform/errors.js'
import { contextOf } from '../platform/useCase.js'
import { errorView } from '../platform/web/forms.js'
import { addNavigation } from '../platform/web/navigation.js'
import { permit } from '../platform/web/permissions.js'
import { presentDashboard } from './dashboard.presenters.js'
import { type Dashboard, loadDashboard } from './dashboard.service.js'

/** The figures are shared for a minute (loadDashboard), and so is their presentation: links, tables and charts. */
const presented = new WeakMap<Dashboard, ReturnType<typeof presentDashboard>>()
function present(dashboard: Dashboard) {
  let view = presented.get(dashboard)
  if (!view) {
    view = presentDashboard(dashboard)
    presented.set(dashboard, view)
  }
  return view
}

addNavigation({ text: 'Dashboard', href: '/dashboard', action: 'ehc:dashboard' })

/** The manager's dashboard: statutory timeliness and the cases at risk, each figure a link to the cases behind it. */
export function dashboardRoutes(db: Db) {
  const router = express.Router()

  router.get('/dashboard', permit('ehc:dashboard'), async (req, res) => {
    const ctx = contextOf(req, db)
    const period = typeof req.query.period === 'string' && req.query.period ? req.query.period : undefined
    try {
      const dashboard = await loadDashboard(ctx, period)
      res.render('ehc/views/dashboard/dashboard', {
        pageTitle: 'EHC needs assessments: dashboard',
        authorityName: dashboard.authority?.name,
        ...present(dashboard),
      })
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 400) throw error
      // An unknown period: the default one, with the problem named.
      const dashboard = await loadDashboard(ctx, undefined)
      res.status(400).render('ehc/views/dashboard/dashboard', {
        pageTitle: 'EHC needs assessments: dashboard',
        authorityName: dashboard.authority?.name,
        ...present(dashboard),
        ...errorView(error.fieldErrors),
      })
    }
  })

  return router
}
