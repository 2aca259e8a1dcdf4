-- Each audit chain's head (its last entry's sequence number and hash) kept in a row of its own, so that an append reads
-- and locks that row rather than the log.
--
-- audit_append (0006) read the head as the chain's newest entry in audit_log. PL/pgSQL plans that query once per
-- connection and keeps the plan: planned while an authority's log was short, it scans and sorts the whole log, and it
-- went on doing so as the log grew, under the chain's lock, so every audited read of the authority queued behind it.
-- Measured on a new Birmingham-scale database with autovacuum off (nothing re-plans it): the team caseload page fell
-- from 360 to 200 pages a second within a minute of load. With the head in its own row an append costs the same
-- whatever the log's length or its statistics.
--
-- The update of the head row locks it, in place of 0006's advisory lock: appends to one chain still go one at
-- a time, in the order they take it, and a second appender reads the head the first wrote once it commits.
create table audit_chain_head (
  authority_id uuid not null references authority(id),
  chain smallint not null check (chain >= 0 and chain <= 63),
  seq bigint not null,
  -- The last entry's hash, and the one before it (its prev_hash): one update moves the head on and returns both.
  hash text not null,
  prev_hash text not null,
  primary key (authority_id, chain)
);

-- The chains already written go on from their last entry.
insert into audit_chain_head (authority_id, chain, seq, hash, prev_hash)
select distinct on (authority_id, chain) authority_id, chain, seq, hash, prev_hash
  from audit_log
 order by authority_id, chain, seq desc;

create or replace function audit_append(
  p_authority_id uuid,
  p_chain smallint,
  p_occurred_at timestamptz,
  p_actor_user_id uuid,
  p_actor_label text,
  p_action text,
  p_record_type text,
  p_record_id text,
  p_child_id uuid,
  p_ip text,
  p_reason text,
  p_details jsonb,
  p_canonical_without_seq text
) returns table (entry_seq bigint, entry_prev_hash text, entry_hash text)
language plpgsql as $$
begin
  loop
    -- Moves the head on by one entry, holding its row until the transaction ends. In SET every column is the row as
    -- it was, so the new hash is made from the last entry's hash and the next sequence number.
    update audit_chain_head h
       set seq = h.seq + 1,
           prev_hash = h.hash,
           hash = encode(sha256(convert_to(
             h.hash || E'\n' || p_canonical_without_seq || ',"seq":' || (h.seq + 1)::text || '}', 'UTF8')), 'hex')
     where h.authority_id = p_authority_id and h.chain = p_chain
    returning h.seq, h.prev_hash, h.hash into entry_seq, entry_prev_hash, entry_hash;
    exit when found;
    -- The chain's first entry: its head starts before it, at the genesis hash. Two first appenders at once both
    -- insert; one waits for the other, does nothing, and moves on the head the other left.
    insert into audit_chain_head (authority_id, chain, seq, hash, prev_hash)
    values (p_authority_id, p_chain, 0, repeat('0', 64), repeat('0', 64))
    on conflict (authority_id, chain) do nothing;
  end loop;
  insert into audit_log (authority_id, chain, seq, occurred_at, actor_user_id, actor_label, action, record_type,
                         record_id, child_id, ip, reason, details, prev_hash, hash)
  values (p_authority_id, p_chain, entry_seq, p_occurred_at, p_actor_user_id, p_actor_label, p_action, p_record_type,
          p_record_id, p_child_id, p_ip, p_reason, p_details, entry_prev_hash, entry_hash);
  return next;
end
$$;
