import express from 'express'
import { sql } from 'kysely'
import { z } from 'zod'
import { listAuditEntries } from '../audit/audit.repository.js'
import { listUsers } from '../auth/users.repository.js'
import { createUser, NewUserInput } from '../auth/users.service.js'
import type { Db } from '../db/database.js'
import { roles } from '../policy/roles.js'
import { auditActorOf } from '../web/auditActor.js'
import { publicRoute } from '../web/permissions.js'
import { buildOpenApiDocument } from './openapi.js'
import { defineOperation } from './operations.js'

const User = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  secondFactor: z.boolean(),
  disabled: z.boolean(),
})

const AuditEntry = z.object({
  chain: z.number().int(),
  seq: z.number().int(),
  occurredAt: z.string(),
  actorLabel: z.string(),
  action: z.string(),
  recordType: z.string().nullable(),
  recordId: z.string().nullable(),
  reason: z.string().nullable(),
  hash: z.string(),
})

/** The platform's own JSON endpoints: who am I, accounts, the audit log; and the health check and OpenAPI document. */
export function platformApiRoutes(db: Db, options: { publicUrl: string }) {
  const router = express.Router()
  const v1 = express.Router()

  router.get('/health', publicRoute(), async (_req, res) => {
    try {
      await sql`select 1`.execute(db)
      res.json({ status: 'ok' })
    } catch {
      res.status(503).json({ status: 'unavailable' })
    }
  })

  router.get('/api/openapi.json', publicRoute(), (_req, res) => {
    res.json(buildOpenApiDocument(options.publicUrl))
  })

  defineOperation(v1, {
    method: 'get',
    path: '/me',
    summary: 'The signed-in user or the token’s actor',
    tag: 'Platform',
    permission: 'signed-in',
    response: z.object({
      userId: z.uuid().nullable(),
      authorityId: z.uuid(),
      role: z.enum(roles),
      displayName: z.string(),
    }),
    handler: async ({ req }) => ({
      userId: req.user!.userId ?? null,
      authorityId: req.user!.authorityId,
      role: req.user!.role,
      displayName: req.user!.displayName,
    }),
  })

  defineOperation(v1, {
    method: 'get',
    path: '/users',
    summary: 'Accounts in your authority',
    tag: 'Platform',
    permission: 'users:read',
    response: z.object({ users: z.array(User) }),
    handler: async ({ req }) => ({
      users: (await listUsers(db, req.user!.authorityId)).map((u) => ({
        id: u.id,
        email: u.email,
        displayName: u.display_name,
        role: u.role as (typeof roles)[number],
        secondFactor: u.totp_enabled_at !== null,
        disabled: u.disabled_at !== null,
      })),
    }),
  })

  defineOperation(v1, {
    method: 'post',
    path: '/users',
    summary: 'Add an account',
    tag: 'Platform',
    permission: 'users:manage',
    body: NewUserInput,
    status: 201,
    response: User,
    handler: async ({ req, body }) => {
      const u = await createUser(db, auditActorOf(req), body)
      return {
        id: u.id,
        email: u.email,
        displayName: u.display_name,
        role: body.role,
        secondFactor: false,
        disabled: false,
      }
    },
  })

  defineOperation(v1, {
    method: 'get',
    path: '/audit/entries',
    summary: 'Audit log entries, newest first',
    tag: 'Platform',
    permission: 'audit:read',
    query: z.strictObject({
      recordType: z.string().max(50).optional(),
      recordId: z.string().max(100).optional(),
      limit: z.coerce
        .number()
        .int()
        .min(1, 'limit must be at least 1')
        .max(500, 'limit must be 500 or fewer')
        .default(100),
      offset: z.coerce.number().int().min(0, 'offset must be 0 or more').max(10_000_000).default(0),
    }),
    response: z.object({ entries: z.array(AuditEntry) }),
    handler: async ({ req, query }) => ({
      entries: await listAuditEntries(db, { authorityId: req.user!.authorityId, ...query }),
    }),
  })

  router.use('/api/v1', v1)
  return router
}
