import { validateUln, validateUpn } from './identifiers.js'
import { ageOn } from './yearGroup.js'

/**
 * Data quality rules for children's records (the start of the SEN2 validation work): each rule names what is wrong
 * and how to fix it. Pure: the repository supplies the facts, the page and the CLI show the findings.
 */
export interface ChildFacts {
  id: string
  name: string
  dateOfBirth: string
  upn: string | null
  uln: string | null
  noIdentifierReason: string | null
  primaryNeed: string | null
  settings: { name: string; urn: number | null; provision: string; hosted: boolean }[]
}

export const qualityRules = {
  'missing-identifier': {
    title: 'No UPN or ULN and no reason',
    fix: 'Add the UPN or ULN, or the reason neither is known',
  },
  'invalid-identifier': {
    title: 'UPN or ULN fails its check',
    fix: 'Correct the UPN or ULN from the school or college',
  },
  'outside-age-range': { title: 'Outside the 0 to 25 age range', fix: 'Check the date of birth, or close the record' },
  'no-setting': { title: 'Not on roll at any setting', fix: 'Record the setting, or EHE, NEET or not in education' },
  'invalid-urn': { title: 'Setting has no valid URN', fix: 'Correct the setting’s URN in the directory' },
  'no-primary-need': { title: 'No primary need', fix: 'Record the primary type of need' },
} as const
export type QualityRule = keyof typeof qualityRules

// DfE URNs are six-digit numbers from 100000.
const validUrn = (urn: number | null) => urn !== null && urn >= 100000 && urn <= 999999

export function checkChild(child: ChildFacts, today: string): QualityRule[] {
  const found: QualityRule[] = []
  if (!child.upn && !child.uln && !child.noIdentifierReason) found.push('missing-identifier')
  if ((child.upn && !validateUpn(child.upn).ok) || (child.uln && !validateUln(child.uln).ok))
    found.push('invalid-identifier')
  if (child.dateOfBirth > today || ageOn(child.dateOfBirth, today) > 25) found.push('outside-age-range')
  if (child.settings.length === 0) found.push('no-setting')
  // A resource base is identified through its host school; every other setting by its own URN.
  if (child.settings.some((s) => !s.hosted && !validUrn(s.urn))) found.push('invalid-urn')
  if (!child.primaryNeed) found.push('no-primary-need')
  return found
}

export interface QualityFinding {
  childId: string
  name: string
  rules: QualityRule[]
}

export function findQualityIssues(children: Iterable<ChildFacts>, today: string): QualityFinding[] {
  const findings: QualityFinding[] = []
  for (const child of children) {
    const rules = checkChild(child, today)
    if (rules.length) findings.push({ childId: child.id, name: child.name, rules })
  }
  return findings
}

export function countByRule(findings: QualityFinding[]): Record<QualityRule, number> {
  const counts = Object.fromEntries(Object.keys(qualityRules).map((r) => [r, 0])) as Record<QualityRule, number>
  for (const f of findings) for (const r of f.rules) counts[r]++
  return counts
}
