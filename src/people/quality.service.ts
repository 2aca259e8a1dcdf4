import { sql } from 'kysely'
import { appendAuditEntry } from '../platform/audit/audit.repository.js'
import type { AuditActor } from '../platform/auth/users.service.js'
import { todayInLondon } from '../platform/calendar/isoDate.js'
import type { Db, Queryable } from '../platform/db/database.js'
import { type ChildFacts, countByRule, findQualityIssues, type QualityFinding } from './quality.js'

/** Reads every current child of an authority as facts for the quality rules, in keyset pages. */
async function* childFacts(db: Queryable, authorityId: string, pageSize = 5000): AsyncGenerator<ChildFacts> {
  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const rows = await db
      .selectFrom('child as c')
      .leftJoin('child_setting as cs', (join) => join.onRef('cs.child_id', '=', 'c.id').on('cs.ended_on', 'is', null))
      .leftJoin('setting as s', 's.id', 'cs.setting_id')
      .select([
        'c.id',
        'c.legal_forename',
        'c.legal_surname',
        'c.date_of_birth',
        'c.upn',
        'c.uln',
        'c.no_identifier_reason',
        'c.primary_need',
        sql<{ name: string; urn: number | null; provision: string; hosted: boolean }[]>`coalesce(
          json_agg(json_build_object('name', s.name, 'urn', s.urn, 'provision', s.provision, 'hosted', s.host_setting_id is not null))
            filter (where s.id is not null), '[]'::json)`.as('settings'),
      ])
      .where('c.authority_id', '=', authorityId)
      .where('c.merged_into_id', 'is', null)
      .where('c.id', '>', after)
      .groupBy('c.id')
      .orderBy('c.id')
      .limit(pageSize)
      .execute()
    for (const r of rows) {
      yield {
        id: r.id,
        name: `${r.legal_forename} ${r.legal_surname}`,
        dateOfBirth: r.date_of_birth,
        upn: r.upn,
        uln: r.uln,
        noIdentifierReason: r.no_identifier_reason,
        primaryNeed: r.primary_need,
        settings: r.settings,
      }
    }
    if (rows.length < pageSize) return
    after = rows[rows.length - 1]!.id
  }
}

export interface QualityReport {
  checked: number
  counts: ReturnType<typeof countByRule>
  findings: QualityFinding[]
}

export async function checkDataQuality(db: Db, authorityId: string, today = todayInLondon()): Promise<QualityReport> {
  const facts: ChildFacts[] = []
  for await (const f of childFacts(db, authorityId)) facts.push(f)
  const findings = findQualityIssues(facts, today)
  return { checked: facts.length, counts: countByRule(findings), findings }
}

/** Listing children by name is a read of their records: one audit entry names those shown. */
export async function auditQualityListing(db: Db, actor: AuditActor, childIds: string[]) {
  if (!childIds.length) return
  await appendAuditEntry(db, {
    authorityId: actor.authorityId,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    action: 'child.quality-listed',
    recordType: 'child',
    ip: actor.ip,
    details: { childIds },
  })
}
