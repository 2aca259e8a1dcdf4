import type { Queryable } from '../db/database.js'
import type { SignedInAccount } from '../db/schema.js'
import type { Actor } from '../policy/policy.js'
import { isRole } from '../policy/roles.js'

export interface SignedInUser extends Actor {
  userId: string
  displayName: string
  email: string
  authorityName: string
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The same test in SQL, so a session naming anything but a user id never reaches a cast to uuid. */
export const uuidPattern = uuid.source

/** An account as every request needs it (migrations/0008_signed_in_account.sql), or undefined for an unknown role. */
export function signedInUserOf(account: SignedInAccount): SignedInUser | undefined {
  if (!isRole(account.role)) return undefined
  return {
    userId: account.id,
    authorityId: account.authority_id,
    authorityName: account.authority_name,
    role: account.role,
    displayName: account.display_name,
    email: account.email,
    settingIds: account.setting_ids,
    teamIds: account.team_ids,
  }
}

/**
 * Loads an account on each request, so a disabled account or changed role takes effect at once. A signed-in page
 * reads it with its session (sessionStore.ts); this is for when it was not.
 */
export async function loadSignedInUser(db: Queryable, userId: string): Promise<SignedInUser | undefined> {
  if (!uuid.test(userId)) return undefined
  const account = await db.selectFrom('signed_in_account').selectAll().where('id', '=', userId).executeTakeFirst()
  return account ? signedInUserOf(account) : undefined
}
