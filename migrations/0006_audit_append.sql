-- Appends an audit entry in one round trip. Taking the chain's lock, reading its head and inserting the entry were
-- three statements inside a transaction of their own (five round trips for an audited read): measured, the socket
-- writes alone were a quarter of the caseload page's CPU. A function runs them in one statement; in READ COMMITTED
-- each statement inside it takes a fresh snapshot, so the head is read after the lock is held, as before. Called
-- outside a transaction it is atomic on its own; inside one it commits or fails with the change it records.
--
-- The hash is the one src/platform/audit/chain.ts defines: sha256(prev_hash || '\n' || canonical JSON of the entry).
-- The caller sends the canonical JSON without the sequence number, which the chain decides here; "seq" sorts last
-- among the entry's keys, so the JSON is that text followed by ,"seq":N}.
create function audit_append(
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
declare
  head_seq bigint;
  head_hash text;
begin
  perform pg_advisory_xact_lock(hashtextextended('audit:' || p_authority_id::text || ':' || p_chain::text, 0));
  select a.seq, a.hash into head_seq, head_hash
    from audit_log a
   where a.authority_id = p_authority_id and a.chain = p_chain
   order by a.seq desc
   limit 1;
  entry_seq := coalesce(head_seq, 0) + 1;
  entry_prev_hash := coalesce(head_hash, repeat('0', 64));
  entry_hash := encode(
    sha256(convert_to(entry_prev_hash || E'\n' || p_canonical_without_seq || ',"seq":' || entry_seq::text || '}', 'UTF8')),
    'hex'
  );
  insert into audit_log (authority_id, chain, seq, occurred_at, actor_user_id, actor_label, action, record_type,
                         record_id, child_id, ip, reason, details, prev_hash, hash)
  values (p_authority_id, p_chain, entry_seq, p_occurred_at, p_actor_user_id, p_actor_label, p_action, p_record_type,
          p_record_id, p_child_id, p_ip, p_reason, p_details, entry_prev_hash, entry_hash);
  return next;
end
$$;
