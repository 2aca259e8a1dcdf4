import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { escapeLike, prefixRange } from './like.js'

/** Byte order of UTF-8, as a text_pattern_ops index compares. */
const bytes = (s: string) => Buffer.from(s, 'utf8')
const inRange = (text: string, prefix: string) => {
  const { from, below } = prefixRange(prefix)
  return (
    Buffer.compare(bytes(text), bytes(from)) >= 0 &&
    (below === undefined || Buffer.compare(bytes(text), bytes(below)) < 0)
  )
}

describe('escapeLike', () => {
  it('escapes % _ and \\ and leaves the rest', () => {
    assert.equal(escapeLike('50% of a_b\\c, Zoë'), '50\\% of a\\_b\\\\c, Zoë')
  })
})

describe('prefixRange', () => {
  it('runs from the prefix to the prefix with its last character moved on', () => {
    assert.deepEqual(prefixRange('col'), { like: 'col%', from: 'col', below: 'com' })
    assert.deepEqual(prefixRange('zoë'), { like: 'zoë%', from: 'zoë', below: 'zoì' })
  })

  it('escapes % _ and \\ in the like pattern, and keeps them as they are in the range', () => {
    assert.deepEqual(prefixRange('a_b%c\\'), { like: 'a\\_b\\%c\\\\%', from: 'a_b%c\\', below: 'a_b%c]' })
  })

  it('steps over the surrogates, which are not characters', () => {
    assert.equal(prefixRange('a\u{d7ff}').below, 'a\u{e000}')
  })

  it('moves the character before on when the last has none after it, and has no end when none has', () => {
    assert.equal(prefixRange('ab\u{10ffff}').below, 'ac')
    assert.equal(prefixRange('\u{10ffff}\u{10ffff}').below, undefined)
    assert.equal(prefixRange('').below, undefined)
  })

  it('holds every text that begins with the prefix, and (but for the last character) nothing else', () => {
    const prefixes = ['col', 'o’b', 'zoë', 'a\u{d7ff}', 'x\u{ffff}', '😀']
    const suffixes = ['', 'a', 'z', '\u{7f}', 'é', '\u{ffff}', '😀', '\u{10ffff}']
    for (const prefix of prefixes) {
      const head = Array.from(prefix).slice(0, -1).join('')
      const others = [head, `${head}a`, `${head}b`, `${head}\u{10ffff}`, 'zzz', '']
      for (const suffix of suffixes) {
        assert.ok(inRange(prefix + suffix, prefix), `${prefix + suffix} from ${prefix}`)
        for (const text of others.map((o) => o + suffix).filter((t) => !t.startsWith(prefix)))
          assert.ok(!inRange(text, prefix), `${text} not from ${prefix}`)
      }
    }
  })
})
