import { randomInt } from 'node:crypto'
import { sql } from 'kysely'
import type { Queryable } from '../db/database.js'
import { type AuditContent, type ChainedEntry, genesisHash, hashEntry } from './chain.js'

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

/**
 * Appends one entry to one of the authority's chains. Call it with the transaction that makes the change,
 * so the entry and the change commit or fail together. The advisory lock orders concurrent writers
 * on PostgreSQL (on PGlite there is only one transaction at a time anyway).
 */
export async function appendAuditEntry(trx: Queryable, event: AuditEvent): Promise<ChainedEntry> {
  const chain = randomInt(auditChains)
  await sql`select pg_advisory_xact_lock(hashtextextended(${`audit:${event.authorityId}:${chain}`}, 0))`.execute(trx)
  const last = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .where('authority_id', '=', event.authorityId)
    .where('chain', '=', chain)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
  const content: AuditContent = {
    authorityId: event.authorityId,
    chain,
    seq: last ? Number(last.seq) + 1 : 1,
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
  const prevHash = last?.hash ?? genesisHash
  const hash = hashEntry(prevHash, content)
  await trx
    .insertInto('audit_log')
    .values({
      authority_id: content.authorityId,
      chain: content.chain,
      seq: content.seq,
      occurred_at: content.occurredAt,
      actor_user_id: content.actorUserId,
      actor_label: content.actorLabel,
      action: content.action,
      record_type: content.recordType,
      record_id: content.recordId,
      child_id: content.childId,
      ip: content.ip,
      reason: content.reason,
      details: JSON.stringify(content.details),
      prev_hash: prevHash,
      hash,
    })
    .execute()
  return { ...content, prevHash, hash }
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
