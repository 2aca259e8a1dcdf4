import type { Request } from 'express'
import type { AuditActor } from '../auth/users.service.js'
import { Unauthenticated } from '../errors.js'

export function auditActorOf(req: Request): AuditActor {
  const user = req.user
  if (!user) throw new Unauthenticated()
  const label = 'tokenId' in user ? `token:${user.tokenId}` : `user:${user.userId}`
  return { authorityId: user.authorityId, userId: user.userId ?? null, label, ip: req.ip }
}
