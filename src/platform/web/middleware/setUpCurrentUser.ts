import express from 'express'
import { authenticateToken } from '../../api/tokens.js'
import { loadSignedInUser } from '../../auth/actor.js'
import { accountReadWithSession } from '../../auth/sessionStore.js'
import type { Db } from '../../db/database.js'
import { Unauthenticated } from '../../errors.js'
import { roleNames } from '../../policy/roles.js'
import { navigationFor } from '../navigation.js'

export function bearerToken(req: express.Request): string | undefined {
  const header = req.headers.authorization
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined
}

/** Resolves who is asking: a bearer token on the API, or the session's account; then the locals every page needs. */
export function setUpCurrentUser(db: Db, options: { demo: boolean }) {
  const router = express.Router()
  router.use(async (req, res, next) => {
    const token = req.path.startsWith('/api/') ? bearerToken(req) : undefined
    if (token !== undefined) {
      const actor = await authenticateToken(db, token)
      if (!actor) throw new Unauthenticated('The bearer token is not valid')
      req.user = actor
    } else if (req.session?.userId) {
      const { userId } = req.session
      const read = accountReadWithSession(req, userId)
      const user = read === undefined ? await loadSignedInUser(db, userId) : (read ?? undefined)
      if (user) req.user = user
      else await new Promise<void>((resolve, reject) => req.session.regenerate((e) => (e ? reject(e) : resolve())))
    }
    res.locals.demo = options.demo
    res.locals.user = req.user
    res.locals.roleName = req.user ? roleNames[req.user.role] : undefined
    res.locals.navigation = navigationFor(req.user, req.path)
    next()
  })
  return router
}
