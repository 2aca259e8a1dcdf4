import type { Request } from 'express'

/** Session rotation: a new session id at every change of privilege, so a planted id is worth nothing. */
export function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())))
}

export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())))
}

export async function startSignedInSession(req: Request, userId: string): Promise<void> {
  await regenerateSession(req)
  req.session.userId = userId
  req.session.signedInAt = Date.now()
  await saveSession(req)
}

/** Only same-site paths are followed after sign-in (no open redirects). */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?!\/)[\w\-./?=&%]*$/.test(value) && !value.startsWith('/sign-in')
    ? value
    : '/'
}
