import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { Forbidden, Unauthenticated } from '../errors.js'
import { type Action, mayTake } from '../policy/policy.js'

/**
 * Every route names its permission by putting one of these guards first.
 * The guards are remembered so a test can walk the route table and find any route without one.
 */
export type Permission =
  | { kind: 'public' }
  | { kind: 'signed-in' }
  | { kind: 'action'; action: Action }
  | { kind: 'sign-in-in-progress' }

const guards = new WeakMap<RequestHandler, Permission>()

export function permissionOf(handler: unknown): Permission | undefined {
  return typeof handler === 'function' ? guards.get(handler as RequestHandler) : undefined
}

function guard(permission: Permission, check: (req: Request) => void): RequestHandler {
  const handler: RequestHandler = (req: Request, _res: Response, next: NextFunction) => {
    check(req)
    next()
  }
  guards.set(handler, permission)
  return handler
}

/** Open to anyone, signed in or not. */
export const publicRoute = () => guard({ kind: 'public' }, () => {})

/** Any signed-in user (their own account, their home page). */
export const signedIn = () =>
  guard({ kind: 'signed-in' }, (req) => {
    if (!req.user) throw new Unauthenticated()
  })

/** A signed-in user whose role may take this action; record rules are applied by the use case. */
export const permit = (action: Action) =>
  guard({ kind: 'action', action }, (req) => {
    if (!req.user) throw new Unauthenticated()
    if (!mayTake(req.user, action)) throw new Forbidden()
  })

/** The steps between a correct password and a completed sign-in (the second factor). */
export const signInInProgress = () =>
  guard({ kind: 'sign-in-in-progress' }, (req) => {
    if (!req.session.pendingSignIn) throw new Unauthenticated('Your sign-in has expired. Sign in again')
  })
