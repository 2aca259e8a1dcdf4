import type { Queryable } from '../db/database.js'
import type { Actor } from '../policy/policy.js'
import { isRole } from '../policy/roles.js'
import { findUserById, findUserScope } from './users.repository.js'

export interface SignedInUser extends Actor {
  userId: string
  displayName: string
  email: string
}

/** Loads the account behind a session on each request, so a disabled account or changed role takes effect at once. */
export async function loadSignedInUser(db: Queryable, userId: string): Promise<SignedInUser | undefined> {
  const user = await findUserById(db, userId)
  if (!user || user.disabled_at || !isRole(user.role)) return undefined
  const scope = await findUserScope(db, user.id)
  return {
    userId: user.id,
    authorityId: user.authority_id,
    role: user.role,
    displayName: user.display_name,
    email: user.email,
    ...scope,
  }
}
