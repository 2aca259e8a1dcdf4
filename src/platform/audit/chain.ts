import { createHash } from 'node:crypto'

/** Pure hash-chain rules for the audit log: each entry's hash covers its content and the hash before it. */
export interface AuditContent {
  authorityId: string
  chain: number // which of the authority's chains the entry belongs to
  seq: number // position in that chain
  occurredAt: string // ISO instant with milliseconds, as stored
  actorUserId: string | null
  actorLabel: string
  action: string
  recordType: string | null
  recordId: string | null
  childId: string | null
  ip: string | null
  reason: string | null
  details: Record<string, unknown>
}

export interface ChainedEntry extends AuditContent {
  prevHash: string
  hash: string
}

export const genesisHash = '0'.repeat(64)

/** JSON with object keys sorted at every depth, so jsonb's key reordering cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null)
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

/**
 * The canonical JSON of an entry whose sequence number is not yet known, open where `,"seq":N}` ends it: "seq" sorts
 * after every other key, so the database can finish the text and hash it once it has taken the chain's next number
 * (migrations/0012_audit_chain_head.sql).
 */
export function canonicalJsonWithoutSeq(content: Omit<AuditContent, 'seq'>): string {
  return canonicalJson(content).slice(0, -1)
}

export function hashEntry(prevHash: string, content: AuditContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex')
}

export type ChainVerdict =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenAt: number; chain?: number; problem: string }

/** Checks a chain one entry at a time, in sequence order, so a long chain verifies in bounded memory. */
export function createChainVerifier(start: { prevHash: string; seq: number } = { prevHash: genesisHash, seq: 1 }) {
  let prevHash = start.prevHash
  let expectedSeq = start.seq
  let checked = 0
  return {
    /**
     * The problem with where the chain ends, given the head the database keeps for it (its last entry's number and
     * hash): entries removed from the end of a chain leave every link before them intact, so only the head shows it.
     */
    checkEnd(head: { seq: number; hash: string } | undefined): { brokenAt: number; problem: string } | undefined {
      const last = expectedSeq - 1
      if (head === undefined) {
        return last === 0
          ? undefined
          : { brokenAt: 1, problem: 'the chain has entries but no head: its head was removed' }
      }
      if (head.seq > last) {
        const problem = `its head names entry ${head.seq}, but it ends at entry ${last}: entries are missing`
        return { brokenAt: last + 1, problem }
      }
      if (head.seq < last) {
        return { brokenAt: head.seq + 1, problem: `its head names entry ${head.seq}, but it goes on to entry ${last}` }
      }
      if (head.hash !== prevHash) {
        return { brokenAt: last, problem: 'its last entry is not the one its head names: it was replaced' }
      }
      return undefined
    },
    /** Returns the problem with this entry, or undefined when it links correctly. */
    check(entry: ChainedEntry): string | undefined {
      const { prevHash: storedPrev, hash, ...content } = entry
      if (entry.seq !== expectedSeq) return `expected entry ${expectedSeq}, found ${entry.seq}: entries are missing`
      if (storedPrev !== prevHash) return 'it does not point at the hash of the entry before it'
      if (hashEntry(prevHash, content) !== hash) return 'its content does not match its hash: it was changed'
      prevHash = hash
      expectedSeq++
      checked++
      return undefined
    },
    get checked() {
      return checked
    },
  }
}

export function verifyChain(entries: Iterable<ChainedEntry>): ChainVerdict {
  const verifier = createChainVerifier()
  for (const entry of entries) {
    const problem = verifier.check(entry)
    if (problem) return { ok: false, checked: verifier.checked, brokenAt: entry.seq, problem }
  }
  return { ok: true, checked: verifier.checked }
}
