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
  chain: ColumnType<number, number, never>
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

type DateColumn = ColumnType<string, string, string>
type Updated = ColumnType<Date, Date | string | undefined, Date | string>

export interface SettingTable {
  id: Generated<string>
  authority_id: string
  urn: number | null
  ukprn: number | null
  la_establishment_number: string | null
  name: string
  type_group: string | null
  establishment_type: string | null
  phase: string | null
  provision: string
  host_setting_id: string | null
  address: string | null
  town: string | null
  postcode: string | null
  locality: string | null
  local_authority_code: string | null
  opened_on: DateColumn | null
  closed_on: DateColumn | null
  ofsted_rating: number | null
  age_from: number | null
  age_to: number | null
  designation: ColumnType<string[], string[] | undefined, string[]>
  illustrative: Generated<boolean>
  created_at: CreatedAt
  updated_at: Updated
}

export interface SettingCapacityTable {
  setting_id: string
  authority_id: string
  academic_year: number
  commissioned_places: number
  occupied_places: number | null
}

export interface ChildTable {
  id: Generated<string>
  authority_id: string
  legal_forename: string
  legal_surname: string
  preferred_name: string | null
  date_of_birth: DateColumn
  sex: string
  ethnicity: string | null
  home_postcode: string | null
  locality: string | null
  home_authority_code: string | null
  upn: string | null
  uln: string | null
  nhs_number: string | null
  no_identifier_reason: string | null
  year_group_offset: Generated<number>
  primary_need: string | null
  secondary_need: string | null
  language: string | null
  interpreter_needed: Generated<boolean>
  preferred_format: string | null
  young_person_user_id: string | null
  merged_into_id: string | null
  version: Generated<number>
  created_at: CreatedAt
  updated_at: Updated
}

export interface ChildSettingTable {
  id: Generated<string>
  authority_id: string
  child_id: string
  setting_id: string
  started_on: DateColumn
  ended_on: DateColumn | null
  main: Generated<boolean>
}

export interface FamilyMemberTable {
  id: Generated<string>
  authority_id: string
  child_id: string
  forename: string
  surname: string
  relationship: string
  parental_responsibility: boolean
  email: string | null
  phone: string | null
  address: string | null
  postcode: string | null
  contact_preference: Generated<string>
  language: string | null
  interpreter_needed: Generated<boolean>
  user_id: string | null
  verified_at: Timestamp | null
  created_at: CreatedAt
}

export interface ConsentTable {
  id: Generated<string>
  authority_id: string
  child_id: string
  given_by: string
  scope: string
  shared_with: string
  given_on: DateColumn
  withdrawn_on: DateColumn | null
}

export interface ProfessionalLinkTable {
  id: Generated<string>
  authority_id: string
  child_id: string
  role: string
  name: string
  organisation: string | null
  email: string | null
  phone: string | null
  user_id: string | null
  started_on: DateColumn | null
  ended_on: DateColumn | null
}

export interface ChildMergeTable {
  id: Generated<string>
  authority_id: string
  kept_child_id: string
  merged_child_id: string
  merged_by: string
  reason: string
  merged_at: CreatedAt
}

export interface DB {
  authority: AuthorityTable
  app_user: AppUserTable
  user_identity: UserIdentityTable
  user_scope: UserScopeTable
  api_token: ApiTokenTable
  audit_log: AuditLogTable
  setting: SettingTable
  setting_capacity: SettingCapacityTable
  child: ChildTable
  child_setting: ChildSettingTable
  family_member: FamilyMemberTable
  consent: ConsentTable
  professional_link: ProfessionalLinkTable
  child_merge: ChildMergeTable
}

export type AppUser = Selectable<AppUserTable>
export type NewAppUser = Insertable<AppUserTable>
export type Authority = Selectable<AuthorityTable>
export type Setting = Selectable<SettingTable>
export type Child = Selectable<ChildTable>
