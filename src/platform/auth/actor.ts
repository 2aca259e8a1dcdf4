import { sql } from 'kysely'
import type { Queryable } from '../db/database.js'
import type { Actor } from '../policy/policy.js'
import { isRole } from '../policy/roles.js'

export interface SignedInUser extends Actor {
  userId: string
  displayName: string
  email: string
  authorityName: string
}

/**
 * Loads the account behind a session on each request, so a disabled account or changed role takes effect at once.
 * One query: it runs on every signed-in request.
 */
export async function loadSignedInUser(db: Queryable, userId: string): Promise<SignedInUser | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) return undefined
  const user = await db
    .selectFrom('app_user')
    .innerJoin('authority', 'authority.id', 'app_user.authority_id')
    .select([
      'app_user.id',
      'app_user.authority_id',
      'app_user.role',
      'app_user.display_name',
      'app_user.email',
      'app_user.disabled_at',
      'authority.name as authority_name',
      sql<string[]>`array(select ref_id::text from user_scope where user_id = app_user.id and kind = 'setting')`.as(
        'setting_ids',
      ),
      sql<string[]>`array(select ref_id::text from user_scope where user_id = app_user.id and kind = 'team')`.as(
        'team_ids',
      ),
    ])
    .where('app_user.id', '=', userId)
    .executeTakeFirst()
  if (!user || user.disabled_at || !isRole(user.role)) return undefined
  return {
    userId: user.id,
    authorityId: user.authority_id,
    authorityName: user.authority_name,
    role: user.role,
    displayName: user.display_name,
    email: user.email,
    settingIds: user.setting_ids,
    teamIds: user.team_ids,
  }
}
