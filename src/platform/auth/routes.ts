import express from 'express'
import { rateLimit } from 'express-rate-limit'
import { z } from 'zod'
import { appendAuditEntry } from '../audit/audit.repository.js'
import type { Config } from '../config.js'
import type { Db } from '../db/database.js'
import { NotFound, TooManyRequests } from '../errors.js'
import { roleNames } from '../policy/roles.js'
import { errorView, fieldErrors } from '../web/forms.js'
import { publicRoute, signedIn, signInInProgress } from '../web/permissions.js'
import { regenerateSession, safeReturnTo, saveSession, startSignedInSession } from './session.js'
import { completeSignIn, lockoutPolicy, signInWithPassword, signInWithSecondFactor } from './signIn.service.js'
import { newTotpSecret, totpUri } from './totp.js'
import { findUserById, listDemoUsers } from './users.repository.js'

const SignInForm = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address')
    .max(320, 'Email address must be 320 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.com'),
  password: z.string().min(1, 'Enter your password').max(256, 'Password must be 256 characters or fewer'),
  returnTo: z.string().max(2000).optional(),
})

const CodeForm = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{3} ?\d{3}$/, 'Enter the 6-digit code from your authenticator app'),
})

const DemoForm = z.object({ userId: z.string().uuid('Choose a demo account') })

const lockedMessage = (until: Date) =>
  `This account is locked after ${lockoutPolicy.maxFailures} wrong attempts. Try again after ${until.toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' })}`

const pendingExpiryMs = 10 * 60_000

export function authRoutes(db: Db, config: Config) {
  const router = express.Router()
  const requireStaffSecondFactor = !config.demo
  // Throttles attempts per address, on top of the per-account lockout.
  const throttle = rateLimit({
    windowMs: 15 * 60_000,
    limit: config.env === 'test' ? 1000 : 50,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new TooManyRequests()),
  })

  const renderSignIn = async (res: express.Response, extra: Record<string, unknown> = {}) =>
    res.render('platform/auth/views/sign-in', {
      pageTitle: 'Sign in',
      demoUsers: config.demo ? await listDemoUsers(db) : [],
      roleNames,
      oidc: { staff: Boolean(config.oidc.staff), family: Boolean(config.oidc.family) },
      ...extra,
    })

  router.get('/sign-in', publicRoute(), async (req, res) => {
    if (req.user) return res.redirect(303, '/')
    await renderSignIn(res, { values: { returnTo: safeReturnTo(req.query.returnTo) } })
  })

  router.post('/sign-in', publicRoute(), throttle, async (req, res) => {
    const parsed = SignInForm.safeParse(req.body)
    if (!parsed.success) {
      res.status(400)
      return renderSignIn(res, { ...errorView(fieldErrors(parsed.error)), values: { email: req.body?.email } })
    }
    const { email, password, returnTo } = parsed.data
    const outcome = await signInWithPassword(db, email, password, { ip: req.ip, requireStaffSecondFactor })
    if (outcome.kind === 'refused' || outcome.kind === 'locked') {
      const message =
        outcome.kind === 'locked' ? lockedMessage(outcome.until) : 'Enter a correct email address and password'
      res.status(outcome.kind === 'locked' ? 429 : 401)
      return renderSignIn(res, { ...errorView([{ field: 'email', message }]), values: { email } })
    }
    if (outcome.kind === 'second-factor') {
      await regenerateSession(req)
      req.session.pendingSignIn = {
        userId: outcome.user.id,
        startedAt: Date.now(),
        returnTo: safeReturnTo(returnTo),
        ...(outcome.enrolled ? {} : { enrollingSecret: newTotpSecret() }),
      }
      await saveSession(req)
      return res.redirect(303, outcome.enrolled ? '/sign-in/second-factor' : '/sign-in/set-up-second-factor')
    }
    await startSignedInSession(req, outcome.user.id)
    res.redirect(303, safeReturnTo(returnTo))
  })

  const pending = async (req: express.Request) => {
    const p = req.session.pendingSignIn
    if (!p || Date.now() - p.startedAt > pendingExpiryMs) return undefined
    const user = await findUserById(db, p.userId)
    return user ? { pending: p, user } : undefined
  }

  const renderCode = async (req: express.Request, res: express.Response, extra: Record<string, unknown> = {}) => {
    const state = await pending(req)
    if (!state) return res.redirect(303, '/sign-in')
    const enrolling = state.pending.enrollingSecret
    res.render('platform/auth/views/second-factor', {
      pageTitle: enrolling ? 'Set up your second factor' : 'Enter your security code',
      enrolling: Boolean(enrolling),
      secret: enrolling?.replace(/(.{4})/g, '$1 ').trim(),
      uri: enrolling ? totpUri(enrolling, state.user.email) : undefined,
      action: enrolling ? '/sign-in/set-up-second-factor' : '/sign-in/second-factor',
      ...extra,
    })
  }

  const checkCode = async (req: express.Request, res: express.Response) => {
    const state = await pending(req)
    if (!state) return res.redirect(303, '/sign-in')
    const parsed = CodeForm.safeParse(req.body)
    if (!parsed.success) {
      res.status(400)
      return renderCode(req, res, errorView(fieldErrors(parsed.error)))
    }
    const outcome = await signInWithSecondFactor(
      db,
      state.user.id,
      parsed.data.code,
      req.ip,
      state.pending.enrollingSecret,
    )
    if (outcome.kind !== 'signed-in') {
      if (outcome.kind === 'locked') {
        await regenerateSession(req)
        res.status(429)
        return renderSignIn(res, errorView([{ field: 'email', message: lockedMessage(outcome.until) }]))
      }
      res.status(401)
      return renderCode(
        req,
        res,
        errorView([
          { field: 'code', message: 'The code is not correct or has already been used. Enter the current code' },
        ]),
      )
    }
    const returnTo = state.pending.returnTo
    await startSignedInSession(req, outcome.user.id)
    res.redirect(303, safeReturnTo(returnTo))
  }

  router.get('/sign-in/second-factor', signInInProgress(), (req, res) => renderCode(req, res))
  router.post('/sign-in/second-factor', signInInProgress(), throttle, checkCode)
  router.get('/sign-in/set-up-second-factor', signInInProgress(), (req, res) => renderCode(req, res))
  router.post('/sign-in/set-up-second-factor', signInInProgress(), throttle, checkCode)

  // Demo mode only: one click signs in as a demo account. Never mounted in production (config refuses demo there).
  router.post('/sign-in/demo', publicRoute(), async (req, res) => {
    if (!config.demo) throw new NotFound()
    const parsed = DemoForm.safeParse(req.body)
    const user = parsed.success ? await findUserById(db, parsed.data.userId) : undefined
    if (!user?.is_demo || user.disabled_at) {
      res.status(400)
      return renderSignIn(
        res,
        errorView([{ field: 'demo-accounts', message: 'Choose one of the demo accounts listed' }]),
      )
    }
    await completeSignIn(db, user, req.ip, 'demo')
    await startSignedInSession(req, user.id)
    res.redirect(303, '/')
  })

  router.post('/sign-out', signedIn(), async (req, res) => {
    const user = req.user
    if (user && 'email' in user) {
      await appendAuditEntry(db, {
        authorityId: user.authorityId,
        actorUserId: user.userId,
        actorLabel: `user:${user.userId}`,
        action: 'sign-out',
        recordType: 'user',
        recordId: user.userId,
        ip: req.ip,
      })
    }
    await new Promise<void>((resolve, reject) => req.session.destroy((e) => (e ? reject(e) : resolve())))
    res.clearCookie('ascend.sid')
    res.redirect(303, '/signed-out')
  })

  router.get('/signed-out', publicRoute(), (_req, res) =>
    res.render('platform/auth/views/signed-out', { pageTitle: 'You have signed out' }),
  )

  return router
}
