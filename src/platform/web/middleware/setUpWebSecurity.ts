import crypto from 'node:crypto'
import express from 'express'
import helmet from 'helmet'

/**
 * 128-bit nonces cut from random bytes drawn 4 KiB at a time, as node:crypto's randomUUID does: asking the system's
 * generator for 16 bytes on every page cost more than the rest of this middleware.
 */
export function nonces(): () => string {
  let pool = Buffer.alloc(0)
  let at = 0
  return () => {
    if (at + 16 > pool.length) {
      pool = crypto.randomBytes(4096)
      at = 0
    }
    at += 16
    return pool.toString('base64', at - 16, at)
  }
}

/**
 * Security headers, a strict Content-Security-Policy (no inline script except the design system's one, by nonce), and
 * nothing stored by browsers or proxies.
 */
export function setUpWebSecurity(options: { production: boolean }) {
  const router = express.Router()
  const nonce = nonces()
  router.use((_req, res, next) => {
    res.locals.cspNonce = nonce()
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
  router.use((req, res, next) => {
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()')
    // Pages and answers can hold a child's record: no browser history cache, disk or proxy keeps them. The design
    // system's assets (setUpStaticResources.ts) are the same for everyone and set their own.
    if (!req.path.startsWith('/assets/')) res.setHeader('Cache-Control', 'no-store')
    next()
  })
  return router
}
