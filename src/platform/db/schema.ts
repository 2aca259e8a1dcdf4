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

/** Each chain's last entry, moved on by audit_append (migrations/0012_audit_chain_head.sql). */
export interface AuditChainHeadTable {
  authority_id: string
  chain: number
  seq: ColumnType<string, number | string, number | string>
  hash: string
  prev_hash: string
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

// --- EHC needs assessments (migrations/0004_ehc.sql) ------------------------------------------------------------------

type Json<T> = ColumnType<T, string | T, string | T>

export interface TeamTable {
  id: Generated<string>
  authority_id: string
  name: string
  locality: string | null
  created_at: CreatedAt
}

export interface DocumentTable {
  id: Generated<string>
  authority_id: string
  child_id: string | null
  kind: 'evidence' | 'advice' | 'letter' | 'plan' | 'panel_paper' | 'other'
  filename: string
  media_type: string
  size_bytes: number
  sha256: string
  storage_key: string
  scan_status: Generated<'pending' | 'clean' | 'infected' | 'not_scanned'>
  uploaded_by_user_id: string | null
  created_at: CreatedAt
  /** The request whose evidence it is (set when the request is received). */
  case_id: ColumnType<string | null, string | null | undefined, string | null>
}

export interface EhcRequestDraftTable {
  id: Generated<string>
  authority_id: string
  child_id: string
  author_user_id: string
  answers: Json<Record<string, unknown>>
  document_ids: ColumnType<string[], string[] | undefined, string[]>
  submitted_case_id: string | null
  version: Generated<number>
  created_at: CreatedAt
  updated_at: Updated
}

export interface EhcCaseTable {
  id: Generated<string>
  authority_id: string
  child_id: string
  reference: string
  status: string
  requester_kind: 'parent' | 'young_person' | 'setting' | 'professional'
  requester_user_id: string | null
  requester_name: string
  requester_setting_id: string | null
  received_via: 'portal' | 'setting_portal' | 'letter' | 'email' | 'phone' | 'api'
  request_received: DateColumn
  reasons: string
  family_views: string | null
  request_details: ColumnType<Record<string, unknown>, string | undefined, string>
  family_views_invited_on: DateColumn | null
  setting_id: string | null
  team_id: string | null
  caseworker_user_id: string | null
  decision_on: DateColumn | null
  decision: 'assess' | 'not_assess' | null
  issue_decision_on: DateColumn | null
  issue_decision: 'issue' | 'not_issue' | null
  draft_issued_on: DateColumn | null
  draft_response_on: DateColumn | null
  draft_response: string | null
  draft_meeting_requested: boolean | null
  preferred_setting_id: string | null
  final_issued_on: DateColumn | null
  named_setting_id: string | null
  closed_on: DateColumn | null
  closed_reason: string | null
  sen_support_next_step: string | null
  family_view_of_outcome: string | null
  version: Generated<number>
  /** The clock's verdict, kept for caseloads (migrations/0007_ehc_clock_summary.sql): for the day in clock_as_of. */
  clock_risk: 'breached' | 'overdue' | 'at-risk' | 'due-soon' | 'on-track' | null
  clock_next_due: DateColumn | null
  clock_exception_applies: boolean | null
  clock_as_of: DateColumn | null
  /** The step due soonest among those not yet done (migrations/0011_clock_next_step.sql). */
  clock_next_step:
    | 'decisionToAssess'
    | 'advice'
    | 'draftTarget'
    | 'consultationReply'
    | 'decisionToIssue'
    | 'finalPlan'
    | null
  clock_next_label: string | null
  clock_next_overdue: boolean | null
  clock_facts_version: Generated<string>
  created_at: CreatedAt
  updated_at: Updated
}

export interface EhcCaseEventTable {
  id: Generated<string>
  authority_id: string
  case_id: string
  kind: string
  from_status: string | null
  to_status: string | null
  occurred_on: DateColumn
  recorded_at: Generated<Date>
  actor_user_id: string | null
  actor_label: string
  reason: string | null
  details: Json<Record<string, unknown>>
}

export interface EhcExceptionTable {
  id: Generated<string>
  authority_id: string
  case_id: string
  reason: string
  starts_on: DateColumn
  ends_on: DateColumn | null
  note: string | null
  recorded_by_user_id: string | null
  created_at: CreatedAt
}

export interface AdviceRequestTable {
  id: Generated<string>
  authority_id: string
  case_id: string
  service: 'educational_psychology' | 'health' | 'social_care' | 'setting' | 'preparing_for_adulthood' | 'other'
  contributor_user_id: string | null
  contributor_name: string
  contributor_email: string | null
  requested_on: DateColumn
  due_on: DateColumn
  questions: string | null
  received_on: DateColumn | null
  advice: Json<Record<string, unknown>> | null
  document_id: string | null
  last_chased_on: DateColumn | null
  chasers_sent: Generated<number>
  cancelled_on: DateColumn | null
  version: Generated<number>
  created_at: CreatedAt
  updated_at: Updated
}

export interface EhcConsultationTable {
  id: Generated<string>
  authority_id: string
  case_id: string
  setting_id: string
  sent_on: DateColumn
  due_on: DateColumn
  replied_on: DateColumn | null
  reply: 'can_meet_needs' | 'cannot_meet_needs' | null
  reply_note: string | null
  created_at: CreatedAt
}

export interface PanelCriterionTable {
  id: Generated<string>
  authority_id: string
  question: 'assess' | 'issue'
  code: string
  text: string
  source: string | null
  position: Generated<number>
  retired_at: Timestamp | null
}

export interface PanelMeetingTable {
  id: Generated<string>
  authority_id: string
  meets_on: DateColumn
  starts_at: Generated<string>
  location: string
  status: Generated<'planned' | 'held' | 'cancelled'>
  created_at: CreatedAt
}

export interface PanelMemberTable {
  meeting_id: string
  user_id: string
  agency: 'education' | 'health' | 'social_care' | 'parent_carer_forum' | 'other'
  chair: Generated<boolean>
}

export interface PanelAgendaItemTable {
  id: Generated<string>
  authority_id: string
  meeting_id: string
  case_id: string
  question: 'assess' | 'issue'
  position: Generated<number>
  decision: 'assess' | 'not_assess' | 'issue' | 'not_issue' | 'deferred' | null
  reasons: string | null
  decided_at: Timestamp | null
  decided_by_user_id: string | null
}

export interface PanelDecisionCriterionTable {
  agenda_item_id: string
  criterion_id: string
  met: boolean
  note: string | null
}

export interface EhcLetterTable {
  id: Generated<string>
  authority_id: string
  case_id: string
  kind: string
  dated: DateColumn
  recipient_name: string
  subject: string
  body: string
  appeal_by: DateColumn | null
  mediation_contact_by: DateColumn | null
  created_by_user_id: string | null
  created_at: CreatedAt
}

export interface EhcPlanTable {
  id: Generated<string>
  authority_id: string
  child_id: string
  case_id: string | null
  issued_on: DateColumn
  named_setting_id: string | null
  primary_need: string | null
  ceased_on: DateColumn | null
  ceased_reason: string | null
  last_reviewed_on: DateColumn | null
  version: Generated<number>
  created_at: CreatedAt
}

// --- Notifications outbox (platform/notify, migrations/0005_notifications.sql) ---

export type NotificationChannel = 'email' | 'sms' | 'letter'
export type NotificationStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'permanently_failed'

export interface NotificationTable {
  id: Generated<string>
  authority_id: string
  child_id: string | null
  channel: NotificationChannel
  recipient_user_id: string | null
  recipient_name: string
  to_address: string
  template_key: string
  subject: string
  body: string
  reference: string | null
  status: ColumnType<NotificationStatus, NotificationStatus | undefined, NotificationStatus>
  attempts: Generated<number>
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>
  last_error: string | null
  provider_reference: string | null
  created_at: CreatedAt
  sent_at: Timestamp | null
  delivered_at: Timestamp | null
  updated_at: Updated
}

// --- end of notifications outbox ---

/** A view (migrations/0008_signed_in_account.sql): an account that may be signed in to, as each request needs it. */
export interface SignedInAccountView {
  id: string
  authority_id: string
  authority_name: string
  role: string
  display_name: string
  email: string
  setting_ids: string[]
  team_ids: string[]
}

/** Server-side sessions, written by connect-pg-simple; read with their account by src/platform/auth/sessionStore.ts. */
export interface WebSessionTable {
  sid: string
  sess: Record<string, unknown>
  expire: Timestamp
}

export interface DB {
  authority: AuthorityTable
  app_user: AppUserTable
  user_identity: UserIdentityTable
  user_scope: UserScopeTable
  api_token: ApiTokenTable
  audit_log: AuditLogTable
  audit_chain_head: AuditChainHeadTable
  setting: SettingTable
  setting_capacity: SettingCapacityTable
  child: ChildTable
  child_setting: ChildSettingTable
  family_member: FamilyMemberTable
  consent: ConsentTable
  professional_link: ProfessionalLinkTable
  child_merge: ChildMergeTable
  team: TeamTable
  document: DocumentTable
  ehc_request_draft: EhcRequestDraftTable
  ehc_case: EhcCaseTable
  ehc_case_event: EhcCaseEventTable
  ehc_exception: EhcExceptionTable
  advice_request: AdviceRequestTable
  ehc_consultation: EhcConsultationTable
  panel_criterion: PanelCriterionTable
  panel_meeting: PanelMeetingTable
  panel_member: PanelMemberTable
  panel_agenda_item: PanelAgendaItemTable
  panel_decision_criterion: PanelDecisionCriterionTable
  ehc_letter: EhcLetterTable
  ehc_plan: EhcPlanTable
  notification: NotificationTable
  signed_in_account: SignedInAccountView
  web_session: WebSessionTable
}

export type AppUser = Selectable<AppUserTable>
export type NewAppUser = Insertable<AppUserTable>
export type Authority = Selectable<AuthorityTable>
export type SignedInAccount = Selectable<SignedInAccountView>
export type Setting = Selectable<SettingTable>
export type Child = Selectable<ChildTable>
