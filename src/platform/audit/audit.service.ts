import type { Queryable } from '../db/database.js'
import { readChain, readChainHeads } from './audit.repository.js'
import { type ChainVerdict, createChainVerifier } from './chain.js'

export interface AuthorityVerdict {
  authorityCode: string
  authorityName: string
  verdict: ChainVerdict
}

/** Verifies every authority's chain; reports the first broken link of each. */
export async function verifyAuditLog(
  db: Queryable,
  options: { authorityId?: string; onProgress?: (checked: number) => void } = {},
): Promise<AuthorityVerdict[]> {
  const onProgress = options.onProgress ?? (() => {})
  let query = db.selectFrom('authority').select(['id', 'code', 'name']).orderBy('code')
  if (options.authorityId) query = query.where('id', '=', options.authorityId)
  const authorities = await query.execute()
  const verdicts: AuthorityVerdict[] = []
  let total = 0
  for (const authority of authorities) {
    const logged = await db
      .selectFrom('audit_log')
      .select('chain')
      .distinct()
      .where('authority_id', '=', authority.id)
      .execute()
    const heads = await readChainHeads(db, authority.id)
    // A chain whose every entry was removed still has its head.
    const chains = [...new Set([...logged.map((l) => l.chain), ...heads.keys()])].sort((a, b) => a - b)
    let checked = 0
    let verdict: ChainVerdict | undefined
    for (const chain of chains) {
      const verifier = createChainVerifier()
      for await (const entry of readChain(db, authority.id, chain)) {
        const problem = verifier.check(entry)
        if (problem) {
          verdict = { ok: false, checked: checked + verifier.checked, brokenAt: entry.seq, chain, problem }
          break
        }
        if (++total % 1000 === 0) onProgress(total)
      }
      if (verdict) break
      const end = verifier.checkEnd(heads.get(chain))
      if (end) {
        verdict = { ok: false, checked: checked + verifier.checked, chain, ...end }
        break
      }
      checked += verifier.checked
    }
    verdicts.push({
      authorityCode: authority.code,
      authorityName: authority.name,
      verdict: verdict ?? { ok: true, checked },
    })
  }
  onProgress(total)
  return verdicts
}
