import { csrfSync } from 'csrf-sync'
import express from 'express'
import { bearerToken } from './setUpCurrentUser.js'

/**
 * Synchroniser-token CSRF protection on every state-changing request made with the session cookie:
 * forms send `_csrf`, scripts send the `x-csrf-token` header. Bearer-token API calls carry no cookie and are exempt.
 */
export function setUpCsrf() {
  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) => {
      const body = req.body as Record<string, unknown> | undefined
      const fromBody = typeof body?._csrf === 'string' ? body._csrf : undefined
      return fromBody ?? (req.headers['x-csrf-token'] as string | undefined)
    },
  })
  const router = express.Router()
  router.use((req, res, next) => {
    if (bearerToken(req) !== undefined && req.path.startsWith('/api/')) return next()
    csrfSynchronisedProtection(req, res, (error?: unknown) => {
      if (error) return next(error)
      // Lazy: a session (and its row) is only made for a visitor when a page actually renders a form.
      Object.defineProperty(res.locals, 'csrfToken', { get: () => generateToken(req), enumerable: true })
      next()
    })
  })
  return router
}
