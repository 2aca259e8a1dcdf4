import type { Queryable } from '../db/database.js'
import { readChain } from './audit.repository.js'
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
    const verifier = createChainVerifier()
    let verdict: ChainVerdict | undefined
    for await (const entry of readChain(db, authority.id)) {
      const problem = verifier.check(entry)
      if (problem) {
        verdict = { ok: false, checked: verifier.checked, brokenAt: entry.seq, problem }
        break
      }
      if (++total % 1000 === 0) onProgress(total)
    }
    verdicts.push({
      authorityCode: authority.code,
      authorityName: authority.name,
      verdict: verdict ?? { ok: true, checked: verifier.checked },
    })
  }
  onProgress(total)
  return verdicts
}
