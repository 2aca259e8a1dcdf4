import { randomInt } from 'node:crypto'
import { sql } from 'kysely'
import type { Queryable } from '../db/database.js'
import { type AuditContent, type ChainedEntry, canonicalJsonWithoutSeq } from './chain.js'

export interface AuditEvent {
  authorityId: string
  actorUserId: string | null
  actorLabel: string
  action: string
  recordType?: string
  recordId?: string
  childId?: string
  ip?: string
  reason?: string
  details?: Record<string, unknown>
}

/** Chains per authority: concurrent writers pick different chains, so they rarely wait for each other. */
export const auditChains = 8

function contentOf(event: AuditEvent): Omit<AuditContent, 'seq'> {
  return {
    authorityId: event.authorityId,
    chain: randomInt(auditChains),
    occurredAt: new Date().toISOString(),
    actorUserId: event.actorUserId,
    actorLabel: event.actorLabel,
    action: event.action,
    recordType: event.recordType ?? null,
    recordId: event.recordId ?? null,
    childId: event.childId ?? null,
    ip: event.ip ?? null,
    reason: event.reason ?? null,
    details: event.details ?? {},
  }
}

/**
 * Appends one entry to one of the authority's chains, in one round trip (audit_append, migrations/0012: the chain's
 * head moved on and the entry inserted in one statement). Call it with the transaction that makes a change, so the
 * entry and the change commit or fail together; a read is audited with the database alone, as a statement of its own.
 */
export async function appendAuditEntry(db: Queryable, event: AuditEvent): Promise<ChainedEntry> {
  const content = contentOf(event)
  const { rows } = await sql<{ entry_seq: string; entry_prev_hash: string; entry_hash: string }>`
    select entry_seq, entry_prev_hash, entry_hash from audit_append(
      ${content.authorityId}::uuid, ${content.chain}::smallint, ${content.occurredAt}::timestamptz,
      ${content.actorUserId}::uuid, ${content.actorLabel}, ${content.action}, ${content.recordType},
      ${content.recordId}, ${content.childId}::uuid, ${content.ip}, ${content.reason},
      ${JSON.stringify(content.details)}::jsonb, ${canonicalJsonWithoutSeq(content)}
    )`.execute(db)
  const appended = rows[0]
  if (!appended) throw new Error('audit_append returned no entry')
  return { ...content, seq: Number(appended.entry_seq), prevHash: appended.entry_prev_hash, hash: appended.entry_hash }
}

/**
 * Appends entries to one of the authority's chains in one statement and one commit, in order (each entry's call to
 * audit_append sees the ones before it). For reads, gathered by readAudit.ts; a change appends its own entry with
 * appendAuditEntry in its own transaction. All the entries take the same chain, so the statement holds one chain's lock
 * per authority, taken in the order of the authorities: two such statements cannot deadlock.
 */
export async function appendAuditEntries(db: Queryable, events: readonly AuditEvent[]): Promise<ChainedEntry[]> {
  const chain = randomInt(auditChains)
  const sorted = events
    .map((event, given) => ({ given, content: { ...contentOf(event), chain } }))
    .sort((a, b) =>
      a.content.authorityId < b.content.authorityId ? -1 : a.content.authorityId > b.content.authorityId ? 1 : 0,
    )
  const contents = sorted.map(({ content }) => content)
  const column = <K extends keyof Omit<AuditContent, 'seq'>>(key: K) => contents.map((content) => content[key])
  const { rows } = await sql<{ entry_seq: string; entry_prev_hash: string; entry_hash: string }>`
    select a.entry_seq, a.entry_prev_hash, a.entry_hash
    from unnest(
      ${column('authorityId')}::uuid[], ${column('occurredAt')}::timestamptz[], ${column('actorUserId')}::uuid[],
      ${column('actorLabel')}::text[], ${column('action')}::text[], ${column('recordType')}::text[],
      ${column('recordId')}::text[], ${column('childId')}::uuid[], ${column('ip')}::text[], ${column('reason')}::text[],
      ${contents.map((c) => JSON.stringify(c.details))}::jsonb[], ${contents.map(canonicalJsonWithoutSeq)}::text[]
    ) with ordinality as e(authority_id, occurred_at, actor_user_id, actor_label, action, record_type, record_id,
                           child_id, ip, reason, details, canonical, position)
    cross join lateral audit_append(
      e.authority_id, ${chain}::smallint, e.occurred_at, e.actor_user_id, e.actor_label, e.action, e.record_type,
      e.record_id, e.child_id, e.ip, e.reason, e.details, e.canonical
    ) a
    order by e.position`.execute(db)
  if (rows.length !== contents.length) throw new Error(`audit_append appended ${rows.length} of ${contents.length}`)
  // Back in the order the events were given.
  const chained: ChainedEntry[] = []
  for (const [i, { given, content }] of sorted.entries()) {
    const { entry_seq, entry_prev_hash, entry_hash } = rows[i]!
    chained[given] = { ...content, seq: Number(entry_seq), prevHash: entry_prev_hash, hash: entry_hash }
  }
  return chained
}

type AuditRow = {
  authority_id: string
  chain: number
  seq: string
  occurred_at: Date
  actor_user_id: string | null
  actor_label: string
  action: string
  record_type: string | null
  record_id: string | null
  child_id: string | null
  ip: string | null
  reason: string | null
  details: Record<string, unknown>
  prev_hash: string
  hash: string
}

export function toChainedEntry(row: AuditRow): ChainedEntry {
  return {
    authorityId: row.authority_id,
    chain: row.chain,
    seq: Number(row.seq),
    occurredAt: row.occurred_at.toISOString(),
    actorUserId: row.actor_user_id,
    actorLabel: row.actor_label,
    action: row.action,
    recordType: row.record_type,
    recordId: row.record_id,
    childId: row.child_id,
    ip: row.ip,
    reason: row.reason,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  }
}

const auditColumns = [
  'authority_id',
  'chain',
  'seq',
  'occurred_at',
  'actor_user_id',
  'actor_label',
  'action',
  'record_type',
  'record_id',
  'child_id',
  'ip',
  'reason',
  'details',
  'prev_hash',
  'hash',
] as const

/** The head kept for each of an authority's chains (migrations/0012_audit_chain_head.sql): its last entry. */
export async function readChainHeads(
  db: Queryable,
  authorityId: string,
): Promise<Map<number, { seq: number; hash: string }>> {
  const rows = await db
    .selectFrom('audit_chain_head')
    .select(['chain', 'seq', 'hash'])
    .where('authority_id', '=', authorityId)
    .execute()
  return new Map(rows.map((r) => [r.chain, { seq: Number(r.seq), hash: r.hash }]))
}

/** Reads one of an authority's chains in pages, in order, so verification runs in bounded memory. */
export async function* readChain(
  db: Queryable,
  authorityId: string,
  chain: number,
  pageSize = 5000,
): AsyncGenerator<ChainedEntry> {
  let after = 0
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .select(auditColumns)
      .where('authority_id', '=', authorityId)
      .where('chain', '=', chain)
      .where('seq', '>', String(after))
      .orderBy('seq')
      .limit(pageSize)
      .execute()
    for (const row of rows) yield toChainedEntry(row)
    if (rows.length < pageSize) return
    after = Number(rows[rows.length - 1]?.seq)
  }
}

export interface AuditListFilter {
  authorityId: string
  recordType?: string
  recordId?: string
  childId?: string
  actorUserId?: string
  limit: number
  offset: number
}

export async function listAuditEntries(db: Queryable, filter: AuditListFilter) {
  let query = db.selectFrom('audit_log').select(auditColumns).where('authority_id', '=', filter.authorityId)
  if (filter.recordType) query = query.where('record_type', '=', filter.recordType)
  if (filter.recordId) query = query.where('record_id', '=', filter.recordId)
  if (filter.childId) query = query.where('child_id', '=', filter.childId)
  if (filter.actorUserId) query = query.where('actor_user_id', '=', filter.actorUserId)
  const rows = await query
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute()
  return rows.map(toChainedEntry)
}
