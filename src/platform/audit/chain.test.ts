import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  type AuditContent,
  type ChainedEntry,
  canonicalJson,
  canonicalJsonWithoutSeq,
  createChainVerifier,
  genesisHash,
  hashEntry,
  verifyChain,
} from './chain.js'

function chain(n: number): ChainedEntry[] {
  const entries: ChainedEntry[] = []
  let prevHash = genesisHash
  for (let seq = 1; seq <= n; seq++) {
    const content: AuditContent = {
      authorityId: 'a1',
      chain: 0,
      seq,
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
      actorUserId: 'u1',
      actorLabel: 'user:u1',
      action: 'child.read',
      recordType: 'child',
      recordId: `c${seq}`,
      childId: null,
      ip: '127.0.0.1',
      reason: null,
      details: { b: 2, a: [1, { z: 1, y: 2 }] },
    }
    const hash = hashEntry(prevHash, content)
    entries.push({ ...content, prevHash, hash })
    prevHash = hash
  }
  return entries
}

describe('the audit hash chain', () => {
  it('writes JSON canonically, so key order cannot change a hash', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [2, 1], c: null } }), '{"a":{"c":null,"d":[2,1]},"b":1}')
    assert.equal(canonicalJson({ a: 1, b: undefined }), '{"a":1}')
  })

  it('leaves the sequence number for the database to close the JSON with, because "seq" sorts last', () => {
    const [entry] = chain(1)
    const { prevHash: _p, hash: _h, seq: _s, ...withoutSeq } = entry!
    const content: AuditContent = { ...withoutSeq, seq: 4711, details: { zz: 'Zoë 🙂', a: [{ y: 1, b: null }] } }
    const { seq, ...rest } = content
    assert.equal(`${canonicalJsonWithoutSeq(rest)},"seq":${seq}}`, canonicalJson(content))
  })

  it('accepts an intact chain', () => {
    assert.deepEqual(verifyChain(chain(5)), { ok: true, checked: 5 })
    assert.deepEqual(verifyChain([]), { ok: true, checked: 0 })
  })

  it('finds a changed entry and names it as the first broken link', () => {
    const entries = chain(5)
    entries[2] = { ...entries[2]!, action: 'child.updated' }
    const verdict = verifyChain(entries)
    assert.equal(verdict.ok, false)
    assert.equal(!verdict.ok && verdict.brokenAt, 3)
    assert.equal(!verdict.ok && verdict.checked, 2)
  })

  it('finds a changed detail even when only nested content differs', () => {
    const entries = chain(3)
    entries[1] = { ...entries[1]!, details: { b: 2, a: [1, { z: 1, y: 3 }] } }
    const verdict = verifyChain(entries)
    assert.equal(!verdict.ok && verdict.brokenAt, 2)
  })

  it('finds a deleted entry', () => {
    const entries = chain(5)
    entries.splice(1, 1)
    const verdict = verifyChain(entries)
    assert.equal(!verdict.ok && verdict.brokenAt, 3)
    assert.match(!verdict.ok ? verdict.problem : '', /missing/)
  })

  it('finds an entry rewritten with a fresh hash, because the next entry no longer points at it', () => {
    const entries = chain(4)
    const forged = { ...entries[1]!, action: 'forged' }
    const { prevHash, hash: _old, ...content } = forged
    entries[1] = { ...forged, hash: hashEntry(prevHash, content) }
    const verdict = verifyChain(entries)
    assert.equal(!verdict.ok && verdict.brokenAt, 3)
  })
  describe('where a chain ends, against the head kept for it', () => {
    const walked = (entries: ChainedEntry[]) => {
      const verifier = createChainVerifier()
      for (const entry of entries) assert.equal(verifier.check(entry), undefined)
      return verifier
    }
    const entries = chain(4)
    const last = entries[3]!

    it('accepts a chain that ends at its head, and an empty chain without one', () => {
      assert.equal(walked(entries).checkEnd({ seq: 4, hash: last.hash }), undefined)
      assert.equal(walked([]).checkEnd(undefined), undefined)
    })

    it('finds entries removed from the end, which leave every link before them intact', () => {
      assert.deepEqual(walked(entries.slice(0, 2)).checkEnd({ seq: 4, hash: last.hash }), {
        brokenAt: 3,
        problem: 'its head names entry 4, but it ends at entry 2: entries are missing',
      })
      assert.equal(walked([]).checkEnd({ seq: 4, hash: last.hash })?.brokenAt, 1)
    })

    it('finds a chain that goes on past its head, a last entry that is not the head, and a removed head', () => {
      assert.equal(walked(entries).checkEnd({ seq: 3, hash: entries[2]!.hash })?.brokenAt, 4)
      assert.match(walked(entries).checkEnd({ seq: 4, hash: entries[2]!.hash })?.problem ?? '', /replaced/)
      assert.equal(walked(entries).checkEnd(undefined)?.brokenAt, 1)
    })
  })
})
