import connectPgSimple from 'connect-pg-simple'
import express from 'express'
import session from 'express-session'
import type pg from 'pg'

export interface SessionOptions {
  pool: pg.Pool
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
  const PgStore = connectPgSimple(session)
  /**
   * Rolling sessions would write the row's expiry on every request; once a minute is enough for a 30-minute idle
   * timeout, and keeps a busy page from paying an UPDATE each time.
   */
  class ThrottledStore extends PgStore {
    readonly #touched = new Map<string, number>()
    override touch(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void) {
      const now = Date.now()
      const last = this.#touched.get(sid)
      if (last !== undefined && now - last < 60_000) {
        callback?.()
        return
      }
      if (this.#touched.size > 50_000) {
        for (const [id, at] of this.#touched) if (now - at >= 60_000) this.#touched.delete(id)
      }
      this.#touched.set(sid, now)
      super.touch(sid, sess, callback)
    }
  }
  const router = express.Router()
  router.use(
    session({
      name: sessionCookieName,
      store: new ThrottledStore({
        pool: options.pool,
        tableName: 'web_session',
        createTableIfMissing: false,
        pruneSessionInterval: options.prune ? 15 * 60 : false,
      }),
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
