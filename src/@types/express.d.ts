import type { SignedInUser } from '../platform/auth/actor.js'
import type { Actor } from '../platform/policy/policy.js'

declare global {
  namespace Express {
    interface Request {
      /** The signed-in user, or the actor behind a bearer token. */
      user?: SignedInUser | (Actor & { displayName: string; tokenId: string })
      id: string
    }
  }
}

declare module 'express-session' {
  interface SessionData {
    userId: string
    signedInAt: number
    pendingSignIn: { userId: string; startedAt: number; enrollingSecret?: string; returnTo?: string }
    oidc: { audience: 'staff' | 'family'; state: string; nonce: string; codeVerifier: string; returnTo?: string }
    flash: string
  }
}
