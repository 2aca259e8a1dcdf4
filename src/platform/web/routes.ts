import express from 'express'
import { findUserById, listDemoUsers } from '../auth/users.repository.js'
import type { Config } from '../config.js'
import type { Db } from '../db/database.js'
import { NotFound } from '../errors.js'
import { roleNames } from '../policy/roles.js'
import { publicRoute, signedIn } from './permissions.js'

/** The start page, the signed-in home page and the service's information pages. */
export function pageRoutes(db: Db, config: Config) {
  const router = express.Router()

  router.get('/', publicRoute(), async (req, res) => {
    if (!req.user) {
      return res.render('pages/start', {
        pageTitle: 'Start',
        demoUsers: config.demo ? await listDemoUsers(db) : [],
        roleNames,
      })
    }
    res.render('pages/home', {
      pageTitle: 'Home',
      authorityName: 'authorityName' in req.user ? req.user.authorityName : undefined,
      cards: (res.locals.navigation as { text: string; href: string }[]).filter((n) => n.href !== '/'),
    })
  })

  router.get('/account', signedIn(), async (req, res) => {
    const account = req.user?.userId ? await findUserById(db, req.user.userId) : undefined
    if (!account) throw new NotFound()
    res.render('pages/account', { pageTitle: 'Your account', account })
  })

  router.get('/cookies', publicRoute(), (_req, res) =>
    res.render('pages/cookies', {
      pageTitle: 'Cookies',
      idleMinutes: config.sessionIdleMs / 60_000,
      absoluteHours: config.sessionAbsoluteMs / 3_600_000,
    }),
  )
  router.get('/privacy', publicRoute(), (_req, res) => res.render('pages/privacy', { pageTitle: 'Privacy notice' }))
  router.get('/accessibility', publicRoute(), (_req, res) =>
    res.render('pages/accessibility', { pageTitle: 'Accessibility statement' }),
  )
  return router
}
