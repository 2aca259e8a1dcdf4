import express from 'express'
import session from 'express-session'
import type pg from 'pg'
import { createSessionStore } from '../../auth/sessionStore.js'
import type { Db } from '../../db/database.js'

export interface SessionOptions {
  pool: pg.Pool
  db: Db
  secret: string
  secure: boolean
  idleMs: number
  absoluteMs: number
  /** Delete expired sessions every 15 minutes (off in tests, where the process is short-lived). */
  prune: boolean
}

export const sessionCookieName = 'ascend.sid'

/**
 * Server-side sessions in the same database. The cookie is HttpOnly, SameSite=Lax and Secure outside development.
 * Idle timeout: the cookie and the row expire idleMs after the last request (rolling).
 * Absolute timeout: a session older than absoluteMs is ended whatever its activity.
 */
export function setUpWebSession(options: SessionOptions) {
  const router = express.Router()
  router.use(
    session({
      name: sessionCookieName,
      store: createSessionStore(options),
      secret: options.secret,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      proxy: options.secure,
      cookie: { httpOnly: true, sameSite: 'lax', secure: options.secure, maxAge: options.idleMs },
    }),
  )
  router.use((req, _res, next) => {
    const started = req.session.signedInAt ?? req.session.pendingSignIn?.startedAt
    if (started !== undefined && Date.now() - started > options.absoluteMs) {
      req.session.regenerate((error) => next(error))
      return
    }
    next()
  })
  return router
}
