import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

/** Kysely table types. Each area adds its tables here as its migrations land. */
type Timestamp = ColumnType<Date, Date | string, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>

export interface AuthorityTable {
  id: Generated<string>
  code: string
  name: string
  created_at: CreatedAt
}

export interface AppUserTable {
  id: Generated<string>
  authority_id: string
  email: string
  display_name: string
  role: string
  password_hash: string | null
  totp_secret: string | null
  totp_enabled_at: Timestamp | null
  totp_last_step: ColumnType<string | null, number | null, number | null>
  failed_sign_ins: Generated<number>
  locked_until: Timestamp | null
  last_sign_in_at: Timestamp | null
  is_demo: Generated<boolean>
  disabled_at: Timestamp | null
  created_at: CreatedAt
}

export interface UserIdentityTable {
  issuer: string
  subject: string
  user_id: string
  authority_id: string
  created_at: CreatedAt
}

export interface UserScopeTable {
  user_id: string
  authority_id: string
  kind: 'setting' | 'team'
  ref_id: string
}

export interface ApiTokenTable {
  id: Generated<string>
  authority_id: string
  name: string
  role: string
  acts_as_user_id: string | null
  token_hash: string
  created_at: CreatedAt
  expires_at: Timestamp | null
  last_used_at: Timestamp | null
  revoked_at: Timestamp | null
}

export interface AuditLogTable {
  id: Generated<string>
  authority_id: string
  seq: ColumnType<string, number | string, never>
  occurred_at: ColumnType<Date, string, never>
  actor_user_id: string | null
  actor_label: string
  action: string
  record_type: string | null
  record_id: string | null
  child_id: string | null
  ip: string | null
  reason: string | null
  details: ColumnType<Record<string, unknown>, string, never>
  prev_hash: string
  hash: string
}

export interface DB {
  authority: AuthorityTable
  app_user: AppUserTable
  user_identity: UserIdentityTable
  user_scope: UserScopeTable
  api_token: ApiTokenTable
  audit_log: AuditLogTable
}

export type AppUser = Selectable<AppUserTable>
export type NewAppUser = Insertable<AppUserTable>
export type Authority = Selectable<AuthorityTable>
