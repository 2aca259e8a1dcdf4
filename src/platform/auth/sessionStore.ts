import connectPgSimple from 'connect-pg-simple'
import type { Request } from 'express'
import session from 'express-session'
import { sql } from 'kysely'
import type pg from 'pg'
import type { Db } from '../db/database.js'
import type { SignedInAccount } from '../db/schema.js'
import { type SignedInUser, signedInUserOf, uuidPattern } from './actor.js'

export interface SessionStoreOptions {
  pool: pg.Pool
  db: Db
  /** Delete expired sessions every 15 minutes (off in tests, where the process is short-lived). */
  prune: boolean
}

/** The account read with a request's session: for whom (the session's user id then), and the account if it may sign in. */
interface AccountRead {
  userId: string | undefined
  user: SignedInUser | undefined
}

const readWithSession = Symbol('the account read with the session')
const accountsRead = new WeakMap<Request, AccountRead>()

type Found = SignedInAccount & { sess: session.SessionData }

/**
 * The session's account as it was read with the session, for this user id: a signed-in page then needs no query of its
 * own for it. Undefined when it was not read with it (read it now); null when the account may not sign in (disabled,
 * gone, or an unknown role).
 */
export function accountReadWithSession(req: Request, userId: string): SignedInUser | null | undefined {
  const read = accountsRead.get(req)
  if (!read || read.userId !== userId) return undefined
  return read.user ?? null
}

/**
 * Sessions in PostgreSQL through connect-pg-simple, with two changes made for a busy page:
 * - the session is read with its account (migrations/0008_signed_in_account.sql) in one statement, prepared once per
 *   connection, rather than a session query and then an account query on every request;
 * - rolling sessions would write the row's expiry on every request; once a minute is enough for a 30-minute idle
 *   timeout.
 * Unlike connect-pg-simple's own `get`, this one does not start the timer that prunes expired sessions (`set` does, and
 * every session begins with one) and does not destroy a session it cannot parse: the column is json, which PostgreSQL
 * checked when it was written.
 */
export function createSessionStore({ pool, db, prune }: SessionStoreOptions): session.Store {
  const PgStore = connectPgSimple(session)

  class AscendSessionStore extends PgStore {
    readonly #touched = new Map<string, number>()

    override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void) {
      sql<Found>`
        select s.sess, a.*
        from web_session s
        left join signed_in_account a
          on a.id = case when s.sess->>'userId' ~* ${uuidPattern} then (s.sess->>'userId')::uuid end
        where s.sid = ${sid} and s.expire >= to_timestamp(${Math.ceil(Date.now() / 1000)})`
        .execute(db)
        .then(({ rows: [found] }) => {
          if (!found) return callback(null, null)
          const read: AccountRead = {
            userId: found.sess.userId,
            user: found.id === null ? undefined : signedInUserOf(found),
          }
          callback(null, Object.assign(found.sess, { [readWithSession]: read }))
        }, callback)
    }

    /** express-session makes the request's session here from what get gave: the account read goes with the request. */
    override createSession(req: Request, sess: session.SessionData): session.Session & session.SessionData {
      const read = (sess as { [readWithSession]?: AccountRead })[readWithSession]
      if (read) accountsRead.set(req, read)
      return super.createSession(req, sess)
    }

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

  return new AscendSessionStore({
    pool,
    tableName: 'web_session',
    createTableIfMissing: false,
    pruneSessionInterval: prune ? 15 * 60 : false,
  })
}
