import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import express from 'express'
import { pinoHttp } from 'pino-http'
import { directoryRoutes } from './directory/routes.js'
import { adviceApi } from './ehc/advice.api.js'
import { adviceRoutes } from './ehc/advice.routes.js'
import { caseRoutes } from './ehc/case.routes.js'
import { caseloadRoutes } from './ehc/caseload.routes.js'
import { casesApi } from './ehc/cases.api.js'
import { consultationRoutes } from './ehc/consultations.routes.js'
import { dashboardRoutes } from './ehc/dashboard.routes.js'
import { deadlineRoutes } from './ehc/deadlines.routes.js'
import { draftResponseRoutes } from './ehc/draftResponse.routes.js'
import { familyRoutes } from './ehc/family.routes.js'
import { letterRoutes } from './ehc/letters.routes.js'
import { panelApi } from './ehc/panels.api.js'
import { panelRoutes } from './ehc/panels.routes.js'
import { requestApi } from './ehc/requests.api.js'
import { requestEntryRoutes } from './ehc/requests.entry.routes.js'
import { requestRoutes } from './ehc/requests.routes.js'
import { childApi } from './people/api.js'
import { familyApi } from './people/family.api.js'
import { qualityRoutes } from './people/quality.routes.js'
import { childRoutes } from './people/routes.js'
import { adminRoutes } from './platform/admin/routes.js'
import { platformApiRoutes } from './platform/api/routes.js'
import { oidcRoutes } from './platform/auth/oidc.routes.js'
import { authRoutes } from './platform/auth/routes.js'
import type { Config } from './platform/config.js'
import type { Database } from './platform/db/database.js'
import { documentsFor } from './platform/documents/documents.service.js'
import { documentRoutes } from './platform/documents/routes.js'
import { parseUploads } from './platform/documents/upload.js'
import type { Logger } from './platform/logger.js'
import { notificationRoutes } from './platform/notify/routes.js'
import { errorHandler, notFoundHandler } from './platform/web/errorHandler.js'
import { setUpCsrf } from './platform/web/middleware/setUpCsrf.js'
import { setUpCurrentUser } from './platform/web/middleware/setUpCurrentUser.js'
import { setUpStaticResources } from './platform/web/middleware/setUpStaticResources.js'
import { setUpWebSecurity } from './platform/web/middleware/setUpWebSecurity.js'
import { setUpWebSession } from './platform/web/middleware/setUpWebSession.js'
import { setUpNunjucks } from './platform/web/nunjucks.js'
import { pageRoutes } from './platform/web/routes.js'

export interface AppDependencies {
  config: Config
  database: Database
  logger: Logger
}

export const serviceName = 'Ascend SEND service'

/** The request's life, top to bottom: id and log, security headers, assets, parsing, session, CSRF, user, routes, errors. */
export function createApp({ config, database, logger }: AppDependencies): express.Express {
  const { db } = database
  const documents = documentsFor(config)
  const app = express()
  app.set('trust proxy', config.production ? 1 : false)
  app.disable('x-powered-by')
  // Every page carries a fresh CSP nonce, so a page's entity tag could never match: hashing each page was work wasted.
  app.set('etag', false)
  setUpNunjucks(app, { serviceName, reload: config.templateReload })

  app.use(
    pinoHttp({
      logger,
      genReqId: (_req, res) => {
        const id = randomUUID()
        res.setHeader('X-Request-Id', id)
        return id
      },
      // Method, path (never the query, which can hold a name searched for) and status only.
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/assets/') },
    }),
  )
  app.use(setUpWebSecurity({ production: config.production }))
  app.use(setUpStaticResources({ production: config.production }))

  // The JSON API's calls read their own bodies, each with its own limit (src/platform/api/operations.ts).
  const jsonOutsideApi = (req: IncomingMessage) =>
    !req.url?.startsWith('/api/') && Boolean((req as express.Request).is('application/json'))
  app.use(express.json({ limit: '100kb', type: jsonOutsideApi }))
  app.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 200 }))

  const session = setUpWebSession({
    pool: database.pool,
    db,
    secret: config.sessionSecret,
    secure: config.production,
    idleMs: config.sessionIdleMs,
    absoluteMs: config.sessionAbsoluteMs,
    prune: config.env !== 'test',
  })
  // Health checks, the public API document and bearer-token calls need no session.
  app.use((req, res, next) =>
    req.path === '/health' || req.path === '/api/openapi.json' || req.headers.authorization?.startsWith('Bearer ')
      ? next()
      : session(req, res, next),
  )
  app.use(setUpCurrentUser(db, { demo: config.demo }))
  // Upload forms are multipart: read them (within the limits) first, so their CSRF token is checked like any form's.
  app.use(parseUploads())
  app.use(setUpCsrf())

  app.use(pageRoutes(db, config))
  app.use(authRoutes(db, config))
  app.use(oidcRoutes(db, config))
  app.use(adminRoutes(db))
  app.use(platformApiRoutes(db, { publicUrl: config.publicUrl }))
  app.use(childRoutes(db))
  app.use(childApi(db))
  app.use(familyApi(db))
  app.use(qualityRoutes(db))
  app.use(deadlineRoutes({ rateLimitPerMinute: config.env === 'test' ? 10_000 : 60 }))
  app.use(directoryRoutes(db))
  app.use(requestRoutes(db, documents))
  app.use(requestEntryRoutes(db, documents))
  app.use(requestApi(db))
  app.use(caseloadRoutes(db))
  app.use(caseRoutes(db, documents))
  app.use(dashboardRoutes(db))
  app.use(casesApi(db, documents))
  const adviceDeps = { links: { publicUrl: config.publicUrl }, documents }
  app.use(adviceRoutes(db, adviceDeps))
  app.use(adviceApi(db, adviceDeps))
  app.use(consultationRoutes(db, adviceDeps.links))
  app.use(draftResponseRoutes(db, adviceDeps.links))
  app.use(familyRoutes(db))
  app.use(panelRoutes(db))
  app.use(panelApi(db))
  app.use(letterRoutes(db))
  app.use(notificationRoutes(db))
  app.use(documentRoutes(db, documents))

  app.use(notFoundHandler)
  app.use(errorHandler(logger, config.production))
  return app
}
