import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely'

/** Matching what a person typed in SQL: their text escaped for `like`, and prefix searches that keep their index. */

/** Escapes `like`'s wildcards and its escape character, so that what a person typed is matched as written. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&')
}

/** A search for the text that begins with a prefix, as the conditions below send it. */
export interface PrefixRange {
  /** The prefix as a `like` pattern, its % and _ taken as themselves. */
  like: string
  /** The least text that begins with it: the prefix itself. */
  from: string
  /** The least text above every text that begins with it; none when no character follows the prefix's own. */
  below: string | undefined
}

const lastCodePoint = 0x10ffff

/** The code point after this one, over the surrogates (which are not characters); undefined after the last. */
function nextCodePoint(codePoint: number): number | undefined {
  if (codePoint >= lastCodePoint) return undefined
  return codePoint === 0xd7ff ? 0xe000 : codePoint + 1
}

/**
 * The range of text that begins with a prefix, in the byte order of a text_pattern_ops index (UTF-8's order is the
 * code points' order): from the prefix up to, not including, the prefix with its last character moved on by one. A last
 * character with none after it is dropped and the one before moved on, so the range holds a little more than the
 * prefix's texts; the `like` takes out the rest.
 */
export function prefixRange(prefix: string): PrefixRange {
  const like = `${escapeLike(prefix)}%`
  const codePoints = Array.from(prefix, (c) => c.codePointAt(0)!)
  while (codePoints.length) {
    const next = nextCodePoint(codePoints.pop()!)
    if (next !== undefined) return { like, from: prefix, below: String.fromCodePoint(...codePoints, next) }
  }
  return { like, from: prefix, below: undefined }
}

/**
 * `text` begins with `prefix`, written so that any plan can take it to a text_pattern_ops index on `text`. PostgreSQL
 * finds such a range in a `like` itself only when it sees the pattern as it plans; a statement prepared once and kept
 * (src/platform/db/preparedStatements.ts) is planned without its parameters, and would read every row the rest of its
 * conditions leave.
 */
export function startsWith(text: Expression<string> | RawBuilder<string>, prefix: string): RawBuilder<SqlBool> {
  const { like, from, below } = prefixRange(prefix)
  const upTo = below === undefined ? sql`` : sql` and ${text} ~<~ ${below}`
  return sql<SqlBool>`(${text} ~>=~ ${from}${upTo} and ${text} like ${like})`
}
