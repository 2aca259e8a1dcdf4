import express from 'express'
import * as oidc from 'openid-client'
import { z } from 'zod'
import type { Config, OidcClientConfig } from '../config.js'
import type { Db } from '../db/database.js'
import { NotFound } from '../errors.js'
import { isRole, isStaffRole } from '../policy/roles.js'
import { publicRoute } from '../web/permissions.js'
import { regenerateSession, safeReturnTo, saveSession, startSignedInSession } from './session.js'
import { completeSignIn } from './signIn.service.js'
import { findUserByEmail, findUserByIdentity, linkIdentity } from './users.repository.js'

/**
 * OpenID Connect sign-in (authorisation code with PKCE, state and nonce): staff through their organisation's
 * identity provider (e.g. Microsoft Entra ID), families through theirs (e.g. GOV.UK One Login).
 * An identity signs in only to an existing account: by its (issuer, subject) link, or on first use by a verified email.
 */
const Audience = z.enum(['staff', 'family'])
type Audience = z.infer<typeof Audience>

export function oidcRoutes(db: Db, config: Config) {
  const router = express.Router()
  const discovered = new Map<Audience, Promise<oidc.Configuration>>()

  const clientFor = (audience: Audience): Promise<oidc.Configuration> => {
    const settings: OidcClientConfig | undefined = config.oidc[audience]
    if (!settings) throw new NotFound()
    let found = discovered.get(audience)
    if (!found) {
      const issuer = new URL(settings.issuer)
      // Plain HTTP only for an issuer on this machine outside production (the test identity provider).
      const insecure =
        !config.production && issuer.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(issuer.hostname)
      found = oidc.discovery(
        issuer,
        settings.clientId,
        settings.clientSecret,
        undefined,
        insecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      found.catch(() => discovered.delete(audience))
      discovered.set(audience, found)
    }
    return found
  }

  const callbackUrl = (audience: Audience) => `${config.publicUrl}/sign-in/oidc/${audience}/callback`

  router.get('/sign-in/oidc/:audience', publicRoute(), async (req, res) => {
    const audience = Audience.safeParse(req.params.audience)
    if (!audience.success) throw new NotFound()
    const client = await clientFor(audience.data)
    const codeVerifier = oidc.randomPKCECodeVerifier()
    const state = oidc.randomState()
    const nonce = oidc.randomNonce()
    await regenerateSession(req)
    req.session.oidc = {
      audience: audience.data,
      state,
      nonce,
      codeVerifier,
      returnTo: safeReturnTo(req.query.returnTo),
    }
    await saveSession(req)
    const url = oidc.buildAuthorizationUrl(client, {
      redirect_uri: callbackUrl(audience.data),
      scope: 'openid email profile',
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    })
    res.redirect(303, url.href)
  })

  router.get('/sign-in/oidc/:audience/callback', publicRoute(), async (req, res) => {
    const audience = Audience.safeParse(req.params.audience)
    const pending = req.session.oidc
    if (!audience.success || !config.oidc[audience.data]) throw new NotFound()
    const refuse = (message: string) =>
      res.status(403).render('platform/auth/views/oidc-refused', { pageTitle: 'You could not be signed in', message })
    if (!pending || pending.audience !== audience.data)
      return refuse('Your sign-in has expired or was started elsewhere. Start again.')
    const client = await clientFor(audience.data)
    const currentUrl = new URL(req.originalUrl, config.publicUrl)
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>
    let claims: oidc.IDToken | undefined
    try {
      tokens = await oidc.authorizationCodeGrant(client, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      })
      claims = tokens.claims()
    } catch (error) {
      req.log.warn({ err: { message: (error as Error).message } }, 'OIDC callback refused')
      return refuse('The sign-in service did not confirm who you are. Start again.')
    } finally {
      delete req.session.oidc
    }
    if (!claims) return refuse('The sign-in service did not confirm who you are. Start again.')
    const issuer = client.serverMetadata().issuer
    // An account signs in only through its own audience: staff through the staff provider, families through theirs.
    const fitsAudience = (u: { role: string }) => isRole(u.role) && isStaffRole(u.role) === (audience.data === 'staff')
    let user = await findUserByIdentity(db, issuer, claims.sub)
    if (!user) {
      // Providers that keep to OpenID Connect Core 5.4 (GOV.UK One Login among them) give the email only at the
      // userinfo endpoint, not in the ID token of the code flow.
      let { email, email_verified } = claims
      if (email === undefined) {
        try {
          ;({ email, email_verified } = await oidc.fetchUserInfo(client, tokens.access_token, claims.sub))
        } catch (error) {
          req.log.warn({ err: { message: (error as Error).message } }, 'OIDC userinfo refused')
          return refuse('The sign-in service did not confirm who you are. Start again.')
        }
      }
      const byEmail =
        typeof email === 'string' && email_verified === true ? await findUserByEmail(db, email) : undefined
      if (byEmail && fitsAudience(byEmail) && !byEmail.disabled_at) {
        await linkIdentity(db, byEmail, issuer, claims.sub)
        user = byEmail
      }
    }
    if (!user || user.disabled_at || !fitsAudience(user)) {
      return refuse(
        'There is no account in this service for the identity you signed in with. Ask the SEND service to set one up for you.',
      )
    }
    await completeSignIn(db, user, req.ip, `oidc:${audience.data}`)
    await startSignedInSession(req, user.id)
    res.redirect(303, safeReturnTo(pending.returnTo))
  })

  return router
}
