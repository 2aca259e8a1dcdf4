-- The notifications outbox: every email, text message and letter the service sends. A row is written in the same
-- transaction as the change that causes it (a transactional outbox), so a letter and its notification commit or fail
-- together; a background job then hands it to the provider (GOV.UK Notify), with retries, and records what happened.

create table notification (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references authority(id),
  child_id uuid references child(id),              -- the child it concerns, for record scope and the audit of reads
  channel text not null check (channel in ('email', 'sms', 'letter')),
  recipient_user_id uuid references app_user(id),
  recipient_name text not null,
  to_address text not null,                        -- email address, phone number, or postal address lines for a letter
  template_key text not null,                      -- which message this is, e.g. 'ehc.decision-to-assess'
  subject text not null,
  body text not null,                              -- plain text, rendered when queued: what was sent is what is kept
  reference text,                                  -- what caused it, e.g. 'ehc_letter:<uuid>'
  status text not null default 'queued'
    check (status in ('queued', 'sending', 'sent', 'delivered', 'failed', 'permanently_failed')),
  attempts integer not null default 0,
  -- When the worker next looks at the row: the next try of a queued or failed one, the end of a sending one's lease,
  -- the next delivery check of a sent one.
  next_attempt_at timestamptz not null default now(),
  last_error text,
  provider_reference text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  delivered_at timestamptz,
  updated_at timestamptz not null default now()
);
create index notification_due_idx on notification (status, next_attempt_at);
create index notification_list_idx on notification (authority_id, created_at desc, id desc);
create index notification_status_idx on notification (authority_id, status, created_at desc);
create index notification_child_idx on notification (authority_id, child_id, created_at desc) where child_id is not null;
create index notification_reference_idx on notification (authority_id, reference) where reference is not null;
