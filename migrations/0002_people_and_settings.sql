-- Children and young people (0–25), the people around them, and the settings that serve them.
create extension if not exists pg_trgm;

-- Every setting: schools, colleges, early years providers, resource bases, special schools, AP, independent.
create table setting (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references authority(id),      -- whose directory holds it
  urn integer,                                               -- DfE unique reference number (GIAS)
  ukprn integer,                                             -- UK provider reference number (post-16 providers)
  la_establishment_number text,                              -- e.g. '330/7001'
  name text not null,
  type_group text,                                           -- GIAS EstablishmentTypeGroup
  establishment_type text,                                   -- GIAS TypeOfEstablishment
  phase text,                                                -- GIAS PhaseOfEducation
  provision text not null check (provision in ('early_years', 'mainstream', 'resource_base', 'special', 'post_16',
    'alternative_provision', 'independent')),
  host_setting_id uuid references setting(id),               -- a resource base's host school
  address text,
  town text,
  postcode text,
  locality text,
  local_authority_code text,                                 -- the LA the setting is in, e.g. '330'
  opened_on date,
  closed_on date,
  ofsted_rating smallint check (ofsted_rating between 1 and 4), -- 1 outstanding … 4 inadequate
  age_from smallint check (age_from between 0 and 25),
  age_to smallint check (age_to between 0 and 25),
  designation text[] not null default '{}',                  -- SEN2 need codes served (specialist provision)
  illustrative boolean not null default false,               -- demo values not from a published source
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (age_from is null or age_to is null or age_from <= age_to),
  check (urn is null or urn > 0),
  check (ukprn is null or ukprn between 10000000 and 99999999)
);
create unique index setting_urn_key on setting (authority_id, urn) where urn is not null;
create index setting_filter_idx on setting (authority_id, provision, phase, locality);
create index setting_name_idx on setting (authority_id, lower(name) text_pattern_ops);
create index setting_host_idx on setting (host_setting_id) where host_setting_id is not null;

-- Commissioned places and occupancy of specialist provision, by academic year (the year it starts in).
create table setting_capacity (
  setting_id uuid not null references setting(id) on delete cascade,
  authority_id uuid not null references authority(id),
  academic_year smallint not null check (academic_year between 2000 and 2100),
  commissioned_places integer not null check (commissioned_places >= 0),
  occupied_places integer check (occupied_places >= 0),
  primary key (setting_id, academic_year)
);

create table child (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references authority(id),
  legal_forename text not null,
  legal_surname text not null,
  preferred_name text,
  date_of_birth date not null,
  sex text not null check (sex in ('F', 'M', 'U')),          -- SEN2/census: female, male, unknown
  ethnicity text,                                            -- DfE CBDS ethnicity code
  home_postcode text,
  locality text,
  home_authority_code text,                                  -- the authority responsible, when another
  upn text check (upn ~ '^[A-Z][0-9]{11}[0-9A-Z]$'),
  uln text check (uln ~ '^[0-9]{10}$'),
  nhs_number text check (nhs_number ~ '^[0-9]{10}$'),
  no_identifier_reason text,                                 -- why neither UPN nor ULN is known
  year_group_offset smallint not null default 0 check (year_group_offset between -3 and 3), -- out of year group
  primary_need text,
  secondary_need text,
  language text,
  interpreter_needed boolean not null default false,
  preferred_format text,                                     -- e.g. large print, easy read, braille
  young_person_user_id uuid references app_user(id),          -- a young person's own account
  merged_into_id uuid references child(id),                  -- a duplicate merged into another record
  version integer not null default 1,                        -- optimistic concurrency
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index child_surname_idx on child (authority_id, lower(legal_surname) text_pattern_ops);
create index child_forename_idx on child (authority_id, lower(legal_forename) text_pattern_ops);
create index child_dob_idx on child (authority_id, date_of_birth);
create unique index child_upn_key on child (authority_id, upn) where upn is not null and merged_into_id is null;
create index child_young_person_idx on child (young_person_user_id) where young_person_user_id is not null;

-- Which settings a child is on roll at, and when.
create table child_setting (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references authority(id),
  child_id uuid not null references child(id),
  setting_id uuid not null references setting(id),
  started_on date not null,
  ended_on date,
  main boolean not null default true,
  check (ended_on is null or ended_on >= started_on)
);
create index child_setting_child_idx on child_setting (child_id) where ended_on is null;
create index child_setting_setting_idx on child_setting (setting_id, child_id) where ended_on is null;

-- Parents and carers. An account reaches a child only through a verified relationship here.
create table family_member (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references authority(id),
  child_id uuid not null references child(id),
  forename text not null,
  surname text not null,
  relationship text not null,                                -- mother, father, carer, guardian, foster carer, …
  parental_responsibility boolean not null,
  email text,
  phone text,
  address text,
  postcode text,
  contact_preference text not null default 'email' check (contact_preference in ('email', 'sms', 'post', 'phone')),
  language text,
  interpreter_needed boolean not null default false,
  user_id uuid references app_user(id),
  verified_at timestamptz,                                   -- when the account link was checked
  created_at timestamptz not null default now()
);
create index family_member_child_idx on family_member (child_id);
create index family_member_user_idx on family_member (user_id) where user_id is not null;

-- Consent to share information: what, with whom, when given, when withdrawn.
create table consent (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references authority(id),
  child_id uuid not null references child(id),
  given_by text not null,                                    -- the parent, carer or young person who gave it
  scope text not null,                                       -- what may be shared
  shared_with text not null,                                 -- with whom
  given_on date not null,
  withdrawn_on date,
  check (withdrawn_on is null or withdrawn_on >= given_on)
);
create index consent_child_idx on consent (child_id);

-- Professionals around the child (educational psychologist, health visitor, social worker, key worker …).
create table professional_link (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references authority(id),
  child_id uuid not null references child(id),
  role text not null,
  name text not null,
  organisation text,
  email text,
  phone text,
  user_id uuid references app_user(id),
  started_on date,
  ended_on date
);
create index professional_link_child_idx on professional_link (child_id);

-- Duplicates merged: the history of which record was kept.
create table child_merge (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references authority(id),
  kept_child_id uuid not null references child(id),
  merged_child_id uuid not null references child(id),
  merged_by text not null,
  reason text not null,
  merged_at timestamptz not null default now()
);

