-- Statutory EHC needs assessments (DESIGN.md 2.1, 4.1, 4.3): requests, cases and their events, panels, advice,
-- letters and the documents behind them. Dates the regulations count from are `date` (Europe/London days).

-- The authority's caseworker teams (SENAR); a caseworker's teams are user_scope rows of kind 'team'.
create table team (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references authority(id),
  name text not null,
  locality text,
  created_at timestamptz not null default now(),
  unique (authority_id, name)
);

-- Files kept outside the web root behind the storage interface: evidence, advice, letters, plans.
create table document (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references authority(id),
  child_id uuid references child(id),
  kind text not null check (kind in ('evidence', 'advice', 'letter', 'plan', 'panel_paper', 'other')),
  filename text not null,
  media_type text not null,
  size_bytes integer not null check (size_bytes >= 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key text not null unique,
  scan_status text not null default 'pending' check (scan_status in ('pending', 'clean', 'infected', 'not_scanned')),
  uploaded_by_user_id uuid references app_user(id),
  created_at timestamptz not null default now()
);
create index document_child_idx on document (child_id, created_at);

-- A request for an EHC needs assessment being written in the family portal or by a SENCO: saved and resumed, not yet
-- received (the clock starts only when it is submitted).
create table ehc_request_draft (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references authority(id),
  child_id uuid not null references child(id),
  author_user_id uuid not null references app_user(id),
  answers jsonb not null default '{}',
  document_ids uuid[] not null default '{}',
  submitted_case_id uuid,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index ehc_request_draft_open_key on ehc_request_draft (author_user_id, child_id) where submitted_case_id is null;

-- One request and the statutory process that follows it, to a final plan or another end.
create table ehc_case (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references authority(id),
  child_id uuid not null references child(id),
  reference text not null,                                   -- e.g. EHC-2026-00042, quoted in letters
  status text not null check (status in ('received', 'considering', 'assessing', 'drafting', 'draft_issued',
    'final_issued', 'not_assessed', 'not_issued', 'withdrawn', 'transferred_out', 'moved_away')),
  requester_kind text not null check (requester_kind in ('parent', 'young_person', 'setting', 'professional')),
  requester_user_id uuid references app_user(id),
  requester_name text not null,
  requester_setting_id uuid references setting(id),
  received_via text not null check (received_via in ('portal', 'setting_portal', 'letter', 'email', 'phone', 'api')),
  request_received date not null,                            -- the day the clock starts
  reasons text not null,                                     -- why the assessment is asked for
  family_views text,                                         -- the family's views, wishes and feelings
  request_details jsonb not null default '{}',               -- the rest of what the request said (see requests.schemas.ts)
  family_views_invited_on date,
  setting_id uuid references setting(id),                    -- the setting the child attends at request
  team_id uuid references team(id),
  caseworker_user_id uuid references app_user(id),
  decision_on date,                                          -- family told whether the authority will assess
  decision text check (decision in ('assess', 'not_assess')),
  issue_decision_on date,                                    -- after assessment: issue a plan or not
  issue_decision text check (issue_decision in ('issue', 'not_issue')),
  draft_issued_on date,
  draft_response_on date,                                    -- the family's comments on the draft
  draft_response text,
  draft_meeting_requested boolean,                           -- the family asked for a meeting about the draft
  preferred_setting_id uuid references setting(id),
  final_issued_on date,
  named_setting_id uuid references setting(id),
  closed_on date,
  closed_reason text,
  sen_support_next_step text,                                -- a refusal routes the child to SEN Support, named
  family_view_of_outcome text,                               -- how the family felt about a refusal
  version integer not null default 1,                        -- optimistic concurrency
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (authority_id, reference),
  check (decision is null or decision_on is not null),
  check (issue_decision is null or issue_decision_on is not null)
);
-- One open request per child: a second is a duplicate (the service adds to the open one instead).
create unique index ehc_case_open_key on ehc_case (child_id)
  where status in ('received', 'considering', 'assessing', 'drafting', 'draft_issued');
create index ehc_case_caseload_idx on ehc_case (authority_id, status, caseworker_user_id);
create index ehc_case_team_idx on ehc_case (authority_id, team_id, status);
create index ehc_case_received_idx on ehc_case (authority_id, request_received);
create index ehc_case_child_idx on ehc_case (child_id);

-- Evidence sent with a request belongs to its case (advice and letters are reached through their own rows).
alter table document add column case_id uuid references ehc_case(id);
create index document_case_idx on document (case_id);

create sequence ehc_case_reference_seq;

-- Everything that happened to a case, for its timeline: status changes (from_status/to_status) and other events.
create table ehc_case_event (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references authority(id),
  case_id uuid not null references ehc_case(id),
  kind text not null,                                        -- see src/ehc/workflow.ts and events.ts
  from_status text,
  to_status text,
  occurred_on date not null,                                 -- the day it happened (may be before it was recorded)
  recorded_at timestamptz not null default clock_timestamp(), -- not now(): a step and its letter, in one transaction, keep their order
  actor_user_id uuid references app_user(id),
  actor_label text not null,
  reason text,
  details jsonb not null default '{}'
);
create index ehc_case_event_case_idx on ehc_case_event (case_id, recorded_at);

-- Exceptions to the time limits (reg 5(4), 8(2), 10(4), 13(3)): recorded, never pausing the clock.
create table ehc_exception (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references authority(id),
  case_id uuid not null references ehc_case(id),
  reason text not null check (reason in ('school-or-college-closed', 'early-years-provider-closed',
    'exceptional-personal-circumstances', 'away-from-area', 'missed-appointment')),
  starts_on date not null,
  ends_on date,
  note text,
  recorded_by_user_id uuid references app_user(id),
  created_at timestamptz not null default now(),
  check (ends_on is null or ends_on >= starts_on)
);
create index ehc_exception_case_idx on ehc_exception (case_id);

-- Requests for advice (reg 6): educational psychology, health, social care, the setting, others; 6 weeks each.
create table advice_request (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references authority(id),
  case_id uuid not null references ehc_case(id),
  service text not null check (service in ('educational_psychology', 'health', 'social_care', 'setting',
    'preparing_for_adulthood', 'other')),
  contributor_user_id uuid references app_user(id),          -- who signs in to give it, when they have an account
  contributor_name text not null,
  contributor_email text,
  requested_on date not null,
  due_on date not null,
  questions text,
  received_on date,
  advice jsonb,                                              -- structured advice: needs, outcomes, provision
  document_id uuid references document(id),
  last_chased_on date,
  chasers_sent integer not null default 0,
  cancelled_on date,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (due_on >= requested_on),
  check (received_on is null or received_on >= requested_on)
);
create index advice_request_case_idx on advice_request (case_id);
create index advice_request_contributor_idx on advice_request (contributor_user_id, received_on);
create index advice_request_due_idx on advice_request (authority_id, due_on) where received_on is null and cancelled_on is null;

-- Settings consulted on being named in the plan (reg 14): 15 days to reply.
create table ehc_consultation (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references authority(id),
  case_id uuid not null references ehc_case(id),
  setting_id uuid not null references setting(id),
  sent_on date not null,
  due_on date not null,
  replied_on date,
  reply text check (reply in ('can_meet_needs', 'cannot_meet_needs')),
  reply_note text,
  created_at timestamptz not null default now(),
  unique (case_id, setting_id)
);

-- The authority's published decision criteria for the panel (configurable, retired rather than deleted).
create table panel_criterion (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references authority(id),
  question text not null check (question in ('assess', 'issue')),
  code text not null,
  text text not null,
  source text,                                               -- the statute or guidance it comes from
  position smallint not null default 0,
  retired_at timestamptz,
  unique (authority_id, code)
);

create table panel_meeting (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references authority(id),
  meets_on date not null,
  starts_at time not null default '10:00',
  location text not null,
  status text not null default 'planned' check (status in ('planned', 'held', 'cancelled')),
  created_at timestamptz not null default now()
);
create index panel_meeting_date_idx on panel_meeting (authority_id, meets_on);

-- Members from education, health and social care (and the parent carer forum); members sign in to read papers.
create table panel_member (
  meeting_id uuid not null references panel_meeting(id) on delete cascade,
  user_id uuid not null references app_user(id),
  agency text not null check (agency in ('education', 'health', 'social_care', 'parent_carer_forum', 'other')),
  chair boolean not null default false,
  primary key (meeting_id, user_id)
);
create index panel_member_user_idx on panel_member (user_id);

-- A case on a panel's agenda, the question put, and the decision with its reasons.
create table panel_agenda_item (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references authority(id),
  meeting_id uuid not null references panel_meeting(id),
  case_id uuid not null references ehc_case(id),
  question text not null check (question in ('assess', 'issue')),
  position smallint not null default 0,
  decision text check (decision in ('assess', 'not_assess', 'issue', 'not_issue', 'deferred')),
  reasons text,
  decided_at timestamptz,
  decided_by_user_id uuid references app_user(id),
  unique (meeting_id, case_id, question)
);
create index panel_agenda_item_case_idx on panel_agenda_item (case_id);

-- Each criterion weighed in a decision.
create table panel_decision_criterion (
  agenda_item_id uuid not null references panel_agenda_item(id) on delete cascade,
  criterion_id uuid not null references panel_criterion(id),
  met boolean not null,
  note text,
  primary key (agenda_item_id, criterion_id)
);

-- Letters the authority sends about a case, rendered from templates and kept as sent.
create table ehc_letter (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references authority(id),
  case_id uuid not null references ehc_case(id),
  kind text not null,                                        -- see src/ehc/letters.ts
  dated date not null,
  recipient_name text not null,
  subject text not null,
  body text not null,
  appeal_by date,                                            -- stated in every appealable decision letter
  mediation_contact_by date,
  created_by_user_id uuid references app_user(id),
  created_at timestamptz not null default now()
);
create index ehc_letter_case_idx on ehc_letter (case_id, created_at);

-- EHC plans (sections A–K); a child has at most one plan in force.
create table ehc_plan (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references authority(id),
  child_id uuid not null references child(id),
  case_id uuid references ehc_case(id),                      -- the assessment it came from (none for older plans)
  issued_on date not null,
  named_setting_id uuid references setting(id),
  primary_need text,
  ceased_on date,
  ceased_reason text,
  last_reviewed_on date,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  check (ceased_on is null or ceased_on >= issued_on)
);
create unique index ehc_plan_in_force_key on ehc_plan (child_id) where ceased_on is null;
create index ehc_plan_authority_idx on ehc_plan (authority_id, issued_on);
