import { prefixRange } from '../../src/platform/db/like.js'

/**
 * The caseworker search as one raw SQL statement, written by hand: the same filter, setting subquery, order and limit
 * as searchChildren (src/people/children.repository.ts) for an authority-wide caseworker, without Kysely, the policy,
 * the session or the audit entry. Used by the limit server and for EXPLAIN.
 */
export interface RawSearch {
  text: string
  values: unknown[]
}

const columns = `c.id, c.legal_forename, c.legal_surname, c.preferred_name, c.date_of_birth, c.upn, c.primary_need,
  (select s.name from child_setting cs join setting s on s.id = cs.setting_id
    where cs.child_id = c.id and cs.ended_on is null order by cs.main desc limit 1) as setting_name`
const order = 'order by c.legal_surname, c.legal_forename, c.id limit 51'

/** `text` begins with the prefix at $n (src/platform/db/like.ts): the range of the prefix's texts, and the like. */
function startsWith(text: string, n: number, prefix: string): { text: string; values: string[] } {
  const { like, from, below } = prefixRange(prefix)
  if (below === undefined) return { text: `(${text} ~>=~ $${n} and ${text} like $${n + 1})`, values: [from, like] }
  return {
    text: `(${text} ~>=~ $${n} and ${text} ~<~ $${n + 1} and ${text} like $${n + 2})`,
    values: [from, below, like],
  }
}

/** q as the app reads it: a UPN (a letter and 12 digits or letters), one name prefix, or forename and surname. */
export function rawSearch(authorityId: string, q: string): RawSearch {
  const text = q.trim()
  const base = `select ${columns} from child c where c.authority_id = $1 and c.merged_into_id is null`
  if (/^[A-Z]\d{11}[0-9A-Z]$/i.test(text)) {
    return { text: `${base} and c.upn = $2 ${order}`, values: [authorityId, text.toUpperCase()] }
  }
  const [first, second] = text
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean)
  const forename = 'lower(c.legal_forename)'
  const surname = 'lower(c.legal_surname)'
  const values: string[] = []
  const begins = (text: string, prefix: string) => {
    const condition = startsWith(text, values.length + 2, prefix)
    values.push(...condition.values)
    return condition.text
  }
  const where =
    first && second
      ? `(${begins(forename, first)} and ${begins(surname, second)}) or (${begins(forename, second)} and ${begins(surname, first)})`
      : `${begins(surname, first ?? '')} or ${begins(forename, first ?? '')}`
  return { text: `${base} and (${where}) ${order}`, values: [authorityId, ...values] }
}
