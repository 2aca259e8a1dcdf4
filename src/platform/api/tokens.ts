import { createHash, randomBytes } from 'node:crypto'
import { findUserScope } from '../auth/users.repository.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from '../policy/policy.js'
import { isRole, type Role } from '../policy/roles.js'

/** Bearer tokens for service accounts: shown once, stored only as a SHA-256 hash, scoped to one role. */
const prefix = 'asc_'

export function newToken(): { token: string; tokenHash: string } {
  const token = prefix + randomBytes(32).toString('base64url')
  return { token, tokenHash: hashToken(token) }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export interface TokenActor extends Actor {
  displayName: string
  tokenId: string
}

export async function createApiToken(
  db: Queryable,
  input: { authorityId: string; name: string; role: Role; actsAsUserId?: string; expiresAt?: Date },
) {
  const { token, tokenHash } = newToken()
  const row = await db
    .insertInto('api_token')
    .values({
      authority_id: input.authorityId,
      name: input.name,
      role: input.role,
      acts_as_user_id: input.actsAsUserId ?? null,
      token_hash: tokenHash,
      expires_at: input.expiresAt ?? null,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow()
  return { id: row.id, token }
}

/** Resolves a presented token to the actor it stands for, or undefined if it is unknown, revoked or expired. */
export async function authenticateToken(db: Queryable, token: string): Promise<TokenActor | undefined> {
  if (!token.startsWith(prefix) || token.length > 200) return undefined
  const row = await db
    .selectFrom('api_token')
    .select(['id', 'authority_id', 'name', 'role', 'acts_as_user_id', 'expires_at', 'revoked_at', 'last_used_at'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst()
  if (!row || row.revoked_at || (row.expires_at && row.expires_at.getTime() <= Date.now()) || !isRole(row.role))
    return undefined
  // Record use at most once a minute: a busy integration should not write on every request.
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_token').set({ last_used_at: new Date() }).where('id', '=', row.id).execute()
  }
  const scope = row.acts_as_user_id ? await findUserScope(db, row.acts_as_user_id) : { settingIds: [], teamIds: [] }
  return {
    userId: row.acts_as_user_id ?? undefined,
    authorityId: row.authority_id,
    role: row.role,
    displayName: `API token: ${row.name}`,
    tokenId: row.id,
    ...scope,
  }
}

export async function listApiTokens(db: Queryable, authorityId: string) {
  return db
    .selectFrom('api_token')
    .select(['id', 'name', 'role', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'])
    .where('authority_id', '=', authorityId)
    .orderBy('created_at', 'desc')
    .execute()
}

export async function revokeApiToken(db: Queryable, authorityId: string, id: string): Promise<boolean> {
  const result = await db
    .updateTable('api_token')
    .set({ revoked_at: new Date() })
    .where('id', '=', id)
    .where('authority_id', '=', authorityId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}
