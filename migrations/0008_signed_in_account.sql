-- The account behind a signed-in session, as every request needs it: who they are, their authority, their role and
-- the settings and teams they act for. One definition, read with the session in the same statement on every page
-- (src/platform/auth/sessionStore.ts) and alone where there is no session (src/platform/auth/actor.ts). A disabled
-- account is not here: its sessions end at their next request.
create view signed_in_account as
select
  u.id,
  u.authority_id,
  a.name as authority_name,
  u.role,
  u.display_name,
  u.email,
  array(select s.ref_id::text from user_scope s where s.user_id = u.id and s.kind = 'setting') as setting_ids,
  array(select s.ref_id::text from user_scope s where s.user_id = u.id and s.kind = 'team') as team_ids
from app_user u
join authority a on a.id = u.authority_id
where u.disabled_at is null;

-- Room on each page of ehc_case for the new version of a row: the clock's verdict on every open case is rewritten
-- each day (0007), and with room on its page the rewrite is a heap-only update that leaves the indexes alone.
alter table ehc_case set (fillfactor = 80);
