import express from 'express'
import { z } from 'zod'
import { createApiToken, listApiTokens, revokeApiToken } from '../api/tokens.js'
import { appendAuditEntry, listAuditEntries } from '../audit/audit.repository.js'
import { verifyAuditLog } from '../audit/audit.service.js'
import { listUsers } from '../auth/users.repository.js'
import { createUser, NewUserInput } from '../auth/users.service.js'
import type { Db } from '../db/database.js'
import { AppError, NotFound } from '../errors.js'
import { roleNames, roles } from '../policy/roles.js'
import { auditActorOf } from '../web/auditActor.js'
import { errorView, fieldErrors } from '../web/forms.js'
import { addNavigation } from '../web/navigation.js'
import { permit } from '../web/permissions.js'

addNavigation(
  { text: 'Users', href: '/admin/users', action: 'users:read' },
  { text: 'API tokens', href: '/admin/tokens', action: 'tokens:manage' },
  { text: 'Audit log', href: '/admin/audit', action: 'audit:read' },
)

const roleItems = (selected?: string) => roles.map((r) => ({ value: r, text: roleNames[r], checked: r === selected }))

const UserForm = NewUserInput.omit({ password: true }).extend({ password: NewUserInput.shape.password })
const TokenForm = z.object({
  name: z.string().trim().min(1, 'Enter a name for the token').max(100, 'Name must be 100 characters or fewer'),
  role: z.enum(roles, { message: 'Choose the role the token acts with' }),
})
const AuditQuery = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  recordType: z.string().max(50).optional(),
  recordId: z.string().max(100).optional(),
})
const pageSize = 50

/** Administration: accounts, service-account tokens and the audit log. */
export function adminRoutes(db: Db) {
  const router = express.Router()

  router.get('/admin/users', permit('users:read'), async (req, res) => {
    res.render('platform/admin/views/users', {
      pageTitle: 'Users',
      users: await listUsers(db, req.user!.authorityId),
      roleNames,
      now: new Date(),
    })
  })

  router.get('/admin/users/new', permit('users:manage'), (_req, res) => {
    res.render('platform/admin/views/new-user', { pageTitle: 'Add a user', roleItems: roleItems(), values: {} })
  })

  router.post('/admin/users/new', permit('users:manage'), async (req, res) => {
    const input = {
      email: req.body?.email,
      displayName: req.body?.displayName,
      role: req.body?.role || undefined,
      password: req.body?.password || undefined,
    }
    const parsed = UserForm.safeParse(input)
    const render = (errors: ReturnType<typeof errorView>) => {
      res.status(400).render('platform/admin/views/new-user', {
        pageTitle: 'Add a user',
        roleItems: roleItems(input.role),
        values: input,
        ...errors,
      })
    }
    if (!parsed.success) return render(errorView(fieldErrors(parsed.error)))
    try {
      await createUser(db, auditActorOf(req), parsed.data)
    } catch (error) {
      if (error instanceof AppError && error.status === 409)
        return render(errorView([{ field: 'email', message: error.message }]))
      throw error
    }
    res.redirect(303, '/admin/users')
  })

  router.get('/admin/tokens', permit('tokens:manage'), async (req, res) => {
    res.render('platform/admin/views/tokens', {
      pageTitle: 'API tokens',
      tokens: await listApiTokens(db, req.user!.authorityId),
      roleItems: roleItems(),
      roleNames,
      values: {},
    })
  })

  router.post('/admin/tokens', permit('tokens:manage'), async (req, res) => {
    const parsed = TokenForm.safeParse({ name: req.body?.name, role: req.body?.role || undefined })
    if (!parsed.success) {
      return res.status(400).render('platform/admin/views/tokens', {
        pageTitle: 'API tokens',
        tokens: await listApiTokens(db, req.user!.authorityId),
        roleItems: roleItems(req.body?.role),
        roleNames,
        values: req.body,
        ...errorView(fieldErrors(parsed.error)),
      })
    }
    const actor = auditActorOf(req)
    const created = await db.transaction().execute(async (trx) => {
      const token = await createApiToken(trx, {
        authorityId: actor.authorityId,
        name: parsed.data.name,
        role: parsed.data.role,
      })
      await appendAuditEntry(trx, {
        authorityId: actor.authorityId,
        actorUserId: actor.userId,
        actorLabel: actor.label,
        action: 'api-token.created',
        recordType: 'api_token',
        recordId: token.id,
        ip: actor.ip,
        details: { role: parsed.data.role },
      })
      return token
    })
    // The token is shown once, on this response only; it is never stored or shown again.
    res.status(201).render('platform/admin/views/token-created', {
      pageTitle: 'API token created',
      token: created.token,
      name: parsed.data.name,
    })
  })

  router.post('/admin/tokens/:id/revoke', permit('tokens:manage'), async (req, res) => {
    const actor = auditActorOf(req)
    const id = String(req.params.id)
    if (!z.uuid().safeParse(id).success) throw new NotFound()
    const revoked = await db.transaction().execute(async (trx) => {
      const done = await revokeApiToken(trx, actor.authorityId, id)
      if (done) {
        await appendAuditEntry(trx, {
          authorityId: actor.authorityId,
          actorUserId: actor.userId,
          actorLabel: actor.label,
          action: 'api-token.revoked',
          recordType: 'api_token',
          recordId: id,
          ip: actor.ip,
        })
      }
      return done
    })
    if (!revoked) throw new NotFound()
    res.redirect(303, '/admin/tokens')
  })

  router.get('/admin/audit', permit('audit:read'), async (req, res) => {
    const parsed = AuditQuery.safeParse(req.query)
    const query = parsed.success ? parsed.data : { page: 1 }
    const entries = await listAuditEntries(db, {
      authorityId: req.user!.authorityId,
      recordType: 'recordType' in query ? query.recordType : undefined,
      recordId: 'recordId' in query ? query.recordId : undefined,
      limit: pageSize + 1,
      offset: (query.page - 1) * pageSize,
    })
    res.render('platform/admin/views/audit', {
      pageTitle: 'Audit log',
      entries: entries.slice(0, pageSize),
      page: query.page,
      hasNext: entries.length > pageSize,
    })
  })

  router.post('/admin/audit/verify', permit('audit:verify'), async (req, res) => {
    const verdicts = await verifyAuditLog(db, { authorityId: req.user!.authorityId })
    res.render('platform/admin/views/audit-verified', { pageTitle: 'Audit log check', verdicts })
  })

  return router
}
