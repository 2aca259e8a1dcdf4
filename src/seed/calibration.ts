import { readFileSync } from 'node:fs'

/**
 * The published figures the synthetic data is sized and mixed from: calibration.json, built from the DfE "Education,
 * health and care plans" statistics (2025) by scripts/build-calibration.ts. Its `notes` say what each figure is.
 */

/** Where an EHC plan's child is placed, in the groups of the DfE caseload table. */
export const placementKinds = [
  'mainstream',
  'resourced',
  'special',
  'independentSpecial',
  'independentMainstream',
  'furtherEducation',
  'specialistPost16',
  'alternativeProvision',
  'earlyYears',
  'educatedElsewhere',
  'notRecorded',
] as const
export type PlacementKind = (typeof placementKinds)[number]

/** The published needs: SEN2 codes (Down syndrome counted under OTH) and "not recorded". */
export type PublishedNeed =
  | 'ASD'
  | 'HI'
  | 'MLD'
  | 'MSI'
  | 'OTH'
  | 'PD'
  | 'PMLD'
  | 'SEMH'
  | 'SLCN'
  | 'SLD'
  | 'SPLD'
  | 'VI'
export type NeedKey = PublishedNeed | 'unknown'

/**
 * The statutory process in each calendar year of `processYears`, as the DfE publishes it (null where it does not):
 * requests, refusals, decisions within 6 weeks, assessments ending without a plan, plans within 20 weeks.
 */
export interface ProcessCalibration {
  requests: (number | null)[]
  notAssessed: (number | null)[]
  requestsWithdrawn: (number | null)[]
  decidedWithinSixWeeks: (number | null)[]
  decidedAfterSixWeeks: (number | null)[]
  assessedIssued: (number | null)[]
  assessedNotIssued: (number | null)[]
  notIssuedWithinSixteenWeeks: (number | null)[]
  plansIssued: (number | null)[]
  plansWithinTwentyWeeks: (number | null)[]
  plansAfterOneYear: (number | null)[]
  plansIssuedWithoutExceptions: (number | null)[]
  plansWithinTwentyWeeksWithoutExceptions: (number | null)[]
  newPlans: (number | null)[]
}

export interface AreaCalibration {
  ehcPlans: number
  /** Estimated: not in the EHC plan statistics (see notes). */
  senSupport: number
  requests2024: number | null
  needs: Record<NeedKey, number> | null
  /** Plans by age, in the bands of `ageBands`. */
  ages: number[]
  sex: { F: number; M: number; U: number }
  /** School census ethnicity codes. */
  ethnicity: Record<string, number>
  settingMix: Record<string, number> | null
  placements: Record<PlacementKind, number> | null
  /** Needs in each placement, in the order of `needKeys`. */
  needsByPlacement: Partial<Record<PlacementKind, number[]>>
  process: ProcessCalibration
}

export interface AuthorityCalibration extends AreaCalibration {
  /** DfE local authority number (old_la_code), e.g. '330'. */
  code: string
  name: string
  region: string
}

export interface Calibration {
  source: string
  notes: string[]
  ageBands: string[]
  needKeys: NeedKey[]
  /** The calendar years of every `process` list. */
  processYears: number[]
  england: AreaCalibration
  authorities: AuthorityCalibration[]
}

let loaded: Calibration | undefined

export function loadCalibration(): Calibration {
  loaded ??= JSON.parse(readFileSync(new URL('./calibration.json', import.meta.url), 'utf8')) as Calibration
  return loaded
}

export function authorityCalibration(code: string): AuthorityCalibration {
  const found = loadCalibration().authorities.find((a) => a.code === code)
  if (!found) throw new RangeError(`No calibration for local authority ${code}`)
  return found
}

/** The ages (first and last) a band of `ageBands` covers: 'under 3' is 0 to 2, then one band per year. */
export function ageBandRange(band: string): [number, number] {
  return band === 'under 3' ? [0, 2] : [Number(band), Number(band)]
}
