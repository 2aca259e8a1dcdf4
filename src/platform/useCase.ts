import type { Request } from 'express'
import { type AuditEvent, appendAuditEntry } from './audit/audit.repository.js'
import { auditRead } from './audit/readAudit.js'
import type { AuditActor } from './auth/users.service.js'
import type { Db, Queryable } from './db/database.js'
import { Unauthenticated } from './errors.js'
import type { Actor } from './policy/policy.js'
import { auditActorOf } from './web/auditActor.js'

/** What every use case is given: the database, who is acting (for the policy) and how to name them in the audit log. */
export interface UseCaseContext {
  db: Db
  actor: Actor
  audit: AuditActor
}

export function contextOf(req: Request, db: Db): UseCaseContext {
  if (!req.user) throw new Unauthenticated()
  return { db, actor: req.user, audit: auditActorOf(req) }
}

type ActorlessEvent = Omit<AuditEvent, 'authorityId' | 'actorUserId' | 'actorLabel' | 'ip'>

/** What this use case's actor did, as an audit event naming them. */
function auditEventOf(ctx: UseCaseContext, event: ActorlessEvent): AuditEvent {
  return {
    authorityId: ctx.actor.authorityId,
    actorUserId: ctx.audit.userId,
    actorLabel: ctx.audit.label,
    ip: ctx.audit.ip,
    ...event,
  }
}

/** Appends an audit entry for what this use case's actor did: in the transaction that made a change, or alone for a read. */
export function auditAs(ctx: UseCaseContext, trx: Queryable, event: ActorlessEvent) {
  return appendAuditEntry(trx, auditEventOf(ctx, event))
}

/** Appends the audit entry for what this use case's actor read, with other reads' entries (readAudit.ts). */
export function auditReadAs(ctx: UseCaseContext, event: ActorlessEvent) {
  return auditRead(ctx.db, auditEventOf(ctx, event))
}
