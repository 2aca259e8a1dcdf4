/**
 * Pure rules for spotting that a new or imported child may already be on record: the same UPN; or a close name with
 * the same date of birth and postcode. Candidates are shown to the caseworker, who decides (and may merge later).
 */
export interface ChildIdentity {
  legalForename: string
  legalSurname: string
  dateOfBirth: string
  homePostcode?: string | null
  upn?: string | null
}

export type DuplicateReason = 'same-upn' | 'close-name-same-birth-and-postcode'

/** Lower case, accents and punctuation dropped, so "Zoë O'Neill" and "zoe oneill" compare equal. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Levenshtein distance, for the few candidates that share a date of birth. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return row[b.length]!
}

/** Close: equal once normalised, or one or two typing slips apart, or first and last names swapped. */
export function namesAreClose(a: ChildIdentity, b: ChildIdentity): boolean {
  const [af, as, bf, bs] = [a.legalForename, a.legalSurname, b.legalForename, b.legalSurname].map(normaliseName)
  const slips = (x: string, y: string) => editDistance(x!, y!) <= (Math.min(x!.length, y!.length) >= 6 ? 2 : 1)
  return (slips(af!, bf!) && slips(as!, bs!)) || (af === bs && as === bf)
}

const samePostcode = (a?: string | null, b?: string | null) =>
  Boolean(a && b && a.replace(/\s/g, '').toUpperCase() === b.replace(/\s/g, '').toUpperCase())

export function duplicateReason(candidate: ChildIdentity, existing: ChildIdentity): DuplicateReason | undefined {
  if (candidate.upn && existing.upn && candidate.upn === existing.upn) return 'same-upn'
  if (
    candidate.dateOfBirth === existing.dateOfBirth &&
    samePostcode(candidate.homePostcode, existing.homePostcode) &&
    namesAreClose(candidate, existing)
  ) {
    return 'close-name-same-birth-and-postcode'
  }
  return undefined
}

export const duplicateReasonText: Record<DuplicateReason, string> = {
  'same-upn': 'has the same UPN',
  'close-name-same-birth-and-postcode': 'has a similar name, the same date of birth and the same postcode',
}
