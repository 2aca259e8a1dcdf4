import crypto from 'node:crypto'
import express from 'express'
import helmet from 'helmet'

/** Security headers and a strict Content-Security-Policy: no inline script except the design system's one, by nonce. */
export function setUpWebSecurity(options: { production: boolean }) {
  const router = express.Router()
  router.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString('base64')
    next()
  })
  router.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          objectSrc: ["'none'"],
          ...(options.production ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      // HSTS only where the service is served over HTTPS.
      strictTransportSecurity: options.production ? { maxAge: 31536000, includeSubDomains: true } : false,
      crossOriginEmbedderPolicy: true,
      referrerPolicy: { policy: 'same-origin' },
    }),
  )
  router.use((_req, res, next) => {
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()')
    next()
  })
  return router
}
