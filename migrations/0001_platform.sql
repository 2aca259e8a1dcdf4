-- Platform: authorities (tenants), accounts, sign-in identities, record scope, API tokens, sessions, audit log.
-- Every tenant table carries authority_id; every query is scoped by it (docs/adr/0003-tenancy.md).

create table authority (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,             -- DfE local authority number, e.g. '330' for Birmingham
  name text not null,
  created_at timestamptz not null default now()
);

create table app_user (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references authority(id),
  email text not null,
  display_name text not null,
  role text not null check (role in ('caseworker', 'team_manager', 'panel_member', 'advice_giver', 'senco',
    'parent', 'young_person', 'finance_officer', 'commissioner', 'administrator')),
  password_hash text,
  totp_secret text,
  totp_enabled_at timestamptz,
  totp_last_step bigint,                 -- the last accepted TOTP time step: a code is never accepted twice
  failed_sign_ins integer not null default 0,
  locked_until timestamptz,
  last_sign_in_at timestamptz,
  is_demo boolean not null default false,
  disabled_at timestamptz,
  created_at timestamptz not null default now()
);
create unique index app_user_email_key on app_user (lower(email));
create index app_user_authority_idx on app_user (authority_id, role);

-- An account's sign-in through OpenID Connect: one (issuer, subject) pair belongs to one account.
create table user_identity (
  issuer text not null,
  subject text not null,
  user_id uuid not null references app_user(id) on delete cascade,
  authority_id uuid not null references authority(id),
  created_at timestamptz not null default now(),
  primary key (issuer, subject)
);

-- What an account is linked to beyond its role: a SENCO's settings, a caseworker's teams.
create table user_scope (
  user_id uuid not null references app_user(id) on delete cascade,
  authority_id uuid not null references authority(id),
  kind text not null check (kind in ('setting', 'team')),
  ref_id uuid not null,
  primary key (user_id, kind, ref_id)
);

create table api_token (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references authority(id),
  name text not null,
  role text not null,
  acts_as_user_id uuid references app_user(id),   -- demo tokens may act as a demo user of the role
  token_hash text not null unique,                 -- SHA-256 of the token; the token itself is shown once
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);

-- Server-side sessions (connect-pg-simple's layout).
create table web_session (
  sid varchar not null primary key,
  sess json not null,
  expire timestamp(6) not null
);
create index web_session_expire_idx on web_session (expire);

-- Append-only, hash-chained audit log: one chain per authority.
create table audit_log (
  id bigint generated always as identity primary key,
  authority_id uuid not null references authority(id),
  seq bigint not null,                   -- position in the authority's chain
  occurred_at timestamptz not null,
  actor_user_id uuid,
  actor_label text not null,             -- 'user:<id>', 'token:<id>', 'cli', 'system'
  action text not null,
  record_type text,
  record_id text,
  child_id uuid,
  ip text,
  reason text,
  details jsonb not null default '{}'::jsonb,
  prev_hash text not null,
  hash text not null,
  unique (authority_id, seq)
);
create index audit_log_record_idx on audit_log (authority_id, record_type, record_id);
create index audit_log_child_idx on audit_log (authority_id, child_id) where child_id is not null;

create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % is not allowed', tg_op;
end
$$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_is_append_only();
