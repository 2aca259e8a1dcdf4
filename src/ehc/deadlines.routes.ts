import express from 'express'
import { rateLimit } from 'express-rate-limit'
import { defineOperation } from '../platform/api/operations.js'
import { TooManyRequests } from '../platform/errors.js'
import { errorView, fieldErrors } from '../platform/web/forms.js'
import { addNavigation } from '../platform/web/navigation.js'
import { publicRoute } from '../platform/web/permissions.js'
import { computeAppealDeadlines, computeEhcDeadlines } from './clock.js'
import { AppealDeadlineQuery, AppealDeadlines, EhcDeadlineQuery, EhcDeadlines } from './deadlines.schemas.js'

addNavigation({ text: 'Deadlines', href: '/tools/deadlines', action: 'home:view' })

/** Day, month and year boxes (GOV.UK date input) to an ISO date; blank stays blank; nonsense is left for the schema. */
function dateFromParts(query: Record<string, unknown>, name: string): string | undefined {
  const [d = '', m = '', y = ''] = ['day', 'month', 'year'].map((p) => String(query[`${name}-${p}`] ?? '').trim())
  if (!d && !m && !y) return undefined
  return `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`
}

/**
 * The public deadline calculator for families and their advisers: the statutory EHC dates from a request,
 * and the mediation and appeal dates from a decision letter. No sign-in; the API is rate-limited.
 */
export function deadlineRoutes(options: { rateLimitPerMinute: number }) {
  const router = express.Router()
  const v1 = express.Router()
  v1.use(
    '/deadlines',
    rateLimit({
      windowMs: 60_000,
      limit: options.rateLimitPerMinute,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, _res, next) => next(new TooManyRequests('Too many requests. Wait a minute and try again')),
    }),
  )

  router.get('/tools/deadlines', publicRoute(), (req, res) => {
    const query = req.query as Record<string, unknown>
    const view: Record<string, unknown> = { pageTitle: 'Work out SEND deadlines', values: query }
    const which = query.calculate
    if (which === 'ehc') {
      const parsed = EhcDeadlineQuery.safeParse(
        Object.fromEntries(
          ['requestReceived', 'adviceRequested', 'draftIssued', 'consultationSent']
            .map((name) => [name, dateFromParts(query, name)])
            .filter(([, v]) => v !== undefined),
        ),
      )
      if (parsed.success) view.ehc = computeEhcDeadlines(parsed.data)
      else Object.assign(view, errorView(fieldErrors(parsed.error).map((e) => ({ ...e, field: `${e.field}-day` }))))
    } else if (which === 'appeal') {
      const input = Object.fromEntries(
        ['decisionLetter', 'mediationCertificate']
          .map((n) => [n, dateFromParts(query, n)])
          .filter(([, v]) => v !== undefined),
      )
      const parsed = AppealDeadlineQuery.safeParse(input)
      if (parsed.success) view.appeal = { ...computeAppealDeadlines(parsed.data), ...parsed.data }
      else Object.assign(view, errorView(fieldErrors(parsed.error).map((e) => ({ ...e, field: `${e.field}-day` }))))
    }
    if (view.errors) res.status(400)
    res.render('ehc/views/deadlines', view)
  })

  defineOperation(v1, {
    method: 'get',
    path: '/deadlines/ehc',
    summary: 'Statutory EHC needs assessment deadlines from the date a request was received',
    tag: 'Deadlines',
    permission: 'public',
    query: EhcDeadlineQuery,
    response: EhcDeadlines,
    handler: async ({ query }) => computeEhcDeadlines(query),
  })

  defineOperation(v1, {
    method: 'get',
    path: '/deadlines/appeal',
    summary: 'Mediation and tribunal appeal deadlines from a decision letter',
    tag: 'Deadlines',
    permission: 'public',
    query: AppealDeadlineQuery,
    response: AppealDeadlines,
    handler: async ({ query }) => computeAppealDeadlines(query),
  })

  router.use('/api/v1', v1)
  return router
}
