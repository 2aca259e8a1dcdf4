import { z } from 'zod'
import { appendAuditEntry } from '../audit/audit.repository.js'
import type { Db } from '../db/database.js'
import { Conflict } from '../errors.js'
import { roles } from '../policy/roles.js'
import { hashPassword, passwordRules } from './passwords.js'
import { findUserByEmail, insertUser } from './users.repository.js'

export const NewUserInput = z.strictObject({
  email: z
    .string()
    .trim()
    .min(1, 'Enter an email address')
    .max(320)
    .email('Enter an email address in the correct format, like name@example.com'),
  displayName: z.string().trim().min(1, 'Enter a name').max(200, 'Name must be 200 characters or fewer'),
  role: z.enum(roles, { message: `Role must be one of: ${roles.join(', ')}` }),
  password: z
    .string()
    .min(passwordRules.minLength, `Password must be at least ${passwordRules.minLength} characters`)
    .max(passwordRules.maxLength, `Password must be ${passwordRules.maxLength} characters or fewer`)
    .optional(),
})
export type NewUserInput = z.infer<typeof NewUserInput>

/** Who is acting, for the audit log: a signed-in user, a token, the command line or the system. */
export interface AuditActor {
  authorityId: string
  userId: string | null
  label: string
  ip?: string
}

export async function createUser(db: Db, actor: AuditActor, input: NewUserInput) {
  if (await findUserByEmail(db, input.email)) {
    throw new Conflict('An account with this email address already exists')
  }
  const passwordHash = input.password ? await hashPassword(input.password) : null
  return db
    .transaction()
    .execute(async (trx) => {
      const user = await insertUser(trx, {
        authority_id: actor.authorityId,
        email: input.email,
        display_name: input.displayName,
        role: input.role,
        password_hash: passwordHash,
      })
      await appendAuditEntry(trx, {
        authorityId: actor.authorityId,
        actorUserId: actor.userId,
        actorLabel: actor.label,
        action: 'user.created',
        recordType: 'user',
        recordId: user.id,
        ip: actor.ip,
        details: { role: input.role },
      })
      return user
    })
    .catch((error: unknown) => {
      // Two requests for the same new email at once: the unique index decides, and the loser is told plainly.
      if ((error as { code?: string }).code === '23505')
        throw new Conflict('An account with this email address already exists')
      throw error
    })
}
