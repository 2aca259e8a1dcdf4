import { type AuthorityCalibration, authorityCalibration, loadCalibration, type PlacementKind } from './calibration.js'

/**
 * How much each scale seeds, authority by authority, from the calibration. Pure: no I/O beyond reading the
 * calibration, no randomness, so the same scale always plans the same sizes.
 */
export const scales = ['demo', 'birmingham', 'england'] as const
export type Scale = (typeof scales)[number]

export function isScale(value: string): value is Scale {
  return (scales as readonly string[]).includes(value)
}

export const birminghamCode = '330'

/**
 * How many settings of each kind an authority gets. Birmingham's named special schools and resource bases come on top;
 * the schools and nurseries that host its resource bases count among the primary, secondary and early years settings.
 */
export interface SettingCounts {
  primary: number
  secondary: number
  /** Early years: maintained nursery schools and private, voluntary and independent nurseries. */
  earlyYears: number
  furtherEducation: number
  specialistPost16: number
  alternativeProvision: number
  special: number
  resourceBases: number
  independentSpecial: number
  independentMainstream: number
}

/** The next URN and UKPRN an authority's settings take: a block of its own, so no two synthetic settings share one. */
export interface NationalNumbers {
  urn: number
  ukprn: number
}

/**
 * Synthetic URNs and UKPRNs start well above the real ones (URNs are allocated in sequence and GIAS's run to the low
 * 100000s; UKPRNs start 10), so a seeded setting is not mistaken for a real school in an export. Not checked against
 * GIAS or the UKRLP. Each authority has a block of 1,000 of each.
 */
const firstSyntheticUrn = 800_001
const firstSyntheticUkprn = 19_000_001
export const nationalNumbersPerAuthority = 1000

function nationalNumbers(index: number): NationalNumbers {
  return {
    urn: firstSyntheticUrn + index * nationalNumbersPerAuthority,
    ukprn: firstSyntheticUkprn + index * nationalNumbersPerAuthority,
  }
}

export interface AuthorityPlan {
  code: string
  name: string
  calibration: AuthorityCalibration
  ehcChildren: number
  senSupportChildren: number
  settings: SettingCounts
  /** Where its settings' URNs and UKPRNs start. */
  numbers: NationalNumbers
  /** Birmingham: its named special schools and resource bases, its districts, and the demo accounts' people. */
  demoAuthority: boolean
}

/**
 * Birmingham at full size (about 450 settings for about 47,000 children with SEN) sets the ratios for every other
 * authority: e.g. one special school per 180 special school placements, one resource base per 17 resourced places.
 */
const childrenPerMainstreamSchool = 150
const primaryShare = 0.78
const placementsPerSetting: Partial<Record<PlacementKind, number>> = {
  special: 180,
  resourced: 17,
  furtherEducation: 130,
  specialistPost16: 200,
  independentSpecial: 16,
  independentMainstream: 55,
}
const childrenPerEarlyYearsSetting = 1900
const childrenPerAlternativeProvision = 6000

/** At least one setting of a kind wherever the authority has a placement of that kind. */
function settingsFor(placed: number, per: number): number {
  return placed > 0 ? Math.max(1, Math.round(placed / per)) : 0
}

function countSettings(calibration: AuthorityCalibration, ehc: number, senSupport: number): SettingCounts {
  const placements = calibration.placements ?? loadCalibration().england.placements!
  const placementTotal = Object.values(placements).reduce((a, b) => a + b, 0)
  // Placements scaled to the children planned, so a sample (the demo) gets a sample's settings.
  const placed = (kind: PlacementKind) => (placements[kind] * ehc) / placementTotal
  const children = ehc + senSupport
  const mainstream = Math.max(4, Math.round(children / childrenPerMainstreamSchool))
  const primary = Math.max(2, Math.round(mainstream * primaryShare))
  const per = (kind: PlacementKind) => settingsFor(placed(kind), placementsPerSetting[kind]!)
  return {
    primary,
    secondary: Math.max(2, mainstream - primary),
    earlyYears: Math.max(1, Math.round(children / childrenPerEarlyYearsSetting)),
    furtherEducation: per('furtherEducation'),
    specialistPost16: per('specialistPost16'),
    alternativeProvision: Math.max(1, Math.round(children / childrenPerAlternativeProvision)),
    special: per('special'),
    resourceBases: per('resourced'),
    independentSpecial: per('independentSpecial'),
    independentMainstream: per('independentMainstream'),
  }
}

export interface PlanOptions {
  /** Children with an EHC plan and on SEN Support; by default the calibration's (the authority's real size). */
  ehcChildren?: number
  senSupportChildren?: number
  /** Authority name; by default the DfE's (Birmingham: the demo authority's name). */
  name?: string
  /** Its place in the scale's list of authorities, which gives it its block of URNs and UKPRNs. */
  index?: number
}

export function planAuthority(code: string, options: PlanOptions = {}): AuthorityPlan {
  const calibration = authorityCalibration(code)
  const ehcChildren = options.ehcChildren ?? calibration.ehcPlans
  const senSupportChildren = options.senSupportChildren ?? calibration.senSupport
  const demoAuthority = code === birminghamCode
  const settings = countSettings(calibration, ehcChildren, senSupportChildren)
  if (demoAuthority) {
    // Birmingham's 27 special schools and 42 resource bases are its own named ones (birmingham.ts), whatever the size.
    settings.special = 0
    settings.resourceBases = 0
  }
  return {
    code,
    name: options.name ?? (demoAuthority ? 'Birmingham City Council' : calibration.name),
    calibration,
    ehcChildren,
    senSupportChildren,
    settings,
    numbers: nationalNumbers(options.index ?? 0),
    demoAuthority,
  }
}

/** The demo: Birmingham with about 2,000 children, split between EHC plans and SEN Support as the city's are. */
export const demoChildren = 2000

export function planDemo(children = demoChildren): AuthorityPlan {
  const calibration = authorityCalibration(birminghamCode)
  const ehcChildren = Math.round((children * calibration.ehcPlans) / (calibration.ehcPlans + calibration.senSupport))
  const plan = planAuthority(birminghamCode, { ehcChildren, senSupportChildren: children - ehcChildren })
  // About 60 mainstream schools, 40 of them hosts of resource bases; a few of every other kind.
  return {
    ...plan,
    settings: {
      ...plan.settings,
      primary: 38,
      secondary: 22,
      earlyYears: 6,
      furtherEducation: 2,
      specialistPost16: 1,
      alternativeProvision: 2,
      independentSpecial: 3,
      independentMainstream: 1,
    },
  }
}

/** Every authority the scale seeds, Birmingham (the demo authority) first. */
export function planScale(scale: Scale): AuthorityPlan[] {
  if (scale === 'demo') return [planDemo()]
  if (scale === 'birmingham') return [planAuthority(birminghamCode)]
  const codes = loadCalibration().authorities.map((a) => a.code)
  return [birminghamCode, ...codes.filter((c) => c !== birminghamCode)].map((code, index) =>
    planAuthority(code, { index }),
  )
}
