import type { Insertable } from 'kysely'
import type { EhcNeedCode } from '../people/needs.js'
import type { SettingCapacityTable, SettingTable } from '../platform/db/schema.js'
import { type District, hostPhases, resourceBases, specialSchools } from './birmingham.js'
import type { PlacementKind } from './calibration.js'
import { type Locality, localitiesOf, postcodeIn, streetAddress, townOf } from './places.js'
import { type AuthorityPlan, type NationalNumbers, nationalNumbersPerAuthority } from './plan.js'
import { type Random, Weighted } from './random.js'

/** The kinds of setting a child can be on roll at: every placement but "educated elsewhere" and "not recorded". */
export type SettingKind = Exclude<PlacementKind, 'educatedElsewhere' | 'notRecorded'>

export interface SeedSetting {
  id: string
  kind: SettingKind
  name: string
  ageFrom: number
  ageTo: number
  designation: readonly EhcNeedCode[]
  locality: string
  /** Relative size: how often it is chosen among the settings that fit a child. */
  weight: number
  /** A school's LA establishment number: the school that first admits a child allocates their UPN. */
  establishmentNumber: number | null
  row: Insertable<SettingTable>
}

export interface SeededSettings {
  settings: SeedSetting[]
  capacity: Insertable<SettingCapacityTable>[]
  localities: Locality[]
  /** The demo SENCO's school, in the demo authority: a primary school with many pupils. */
  demoSchool: SeedSetting | undefined
}

/** Commissioned places and occupancy are seeded for these academic years (the year each starts in). */
export const capacityYears = [2024, 2025, 2026] as const

const namePrefixes = [
  'Oak',
  'Ash',
  'Elm',
  'Birch',
  'Holly',
  'Hazel',
  'Beech',
  'Willow',
  'Rowan',
  'Maple',
  'Cedar',
  'Alder',
  'Meadow',
  'Brook',
  'Fern',
  'Heather',
  'Lark',
  'Wren',
  'Clover',
  'Primrose',
  'Bluebell',
  'Kestrel',
  'Linden',
  'Juniper',
  'Orchard',
  'Silver',
  'Golden',
  'Green',
  'Fair',
  'Chestnut',
]
const nameEndings = [
  'field',
  'wood',
  'brook',
  'lands',
  'mead',
  'dale',
  'croft',
  'hill',
  'vale',
  'grove',
  'leigh',
  'bank',
  'ridge',
  'hurst',
  'ford',
  'gate',
  'stone',
  'worth',
  'ley',
  'moor',
]
const saints = [
  'Mary',
  'Peter',
  'Paul',
  'John',
  'Michael',
  'Anne',
  'Joseph',
  'Patrick',
  'Chad',
  'Edmund',
  'Bernadette',
  'Thomas',
  'Francis',
  'Augustine',
  'Jude',
  'Teresa',
  'Catherine',
  'Margaret',
  'Andrew',
  'George',
  'Clare',
  'Columba',
  'Brigid',
  'Dunstan',
  'Alban',
  'Hilda',
  'Aidan',
]

// Ofsted grades 1 (outstanding) to 4 (inadequate), roughly as schools in England are graded.
const ofstedGrades = new Weighted([1, 2, 3, 4], [18, 62, 15, 5])

interface GiasType {
  typeGroup: string | null
  establishmentType: string
}
const gias = {
  community: { typeGroup: 'Local authority maintained schools', establishmentType: 'Community school' },
  voluntaryAided: { typeGroup: 'Local authority maintained schools', establishmentType: 'Voluntary aided school' },
  academyConverter: { typeGroup: 'Academies', establishmentType: 'Academy converter' },
  academySponsorLed: { typeGroup: 'Academies', establishmentType: 'Academy sponsor led' },
  freeSchool: { typeGroup: 'Free Schools', establishmentType: 'Free schools' },
  nurserySchool: {
    typeGroup: 'Local authority maintained schools',
    establishmentType: 'Local authority nursery school',
  },
  privateNursery: { typeGroup: null, establishmentType: 'Private, voluntary or independent nursery' },
  communitySpecial: { typeGroup: 'Special schools', establishmentType: 'Community special school' },
  academySpecial: { typeGroup: 'Academies', establishmentType: 'Academy special converter' },
  pupilReferralUnit: { typeGroup: 'Local authority maintained schools', establishmentType: 'Pupil referral unit' },
  academyAlternative: { typeGroup: 'Academies', establishmentType: 'Academy alternative provision converter' },
  furtherEducation: { typeGroup: 'Colleges', establishmentType: 'Further education' },
  specialPost16: { typeGroup: 'Colleges', establishmentType: 'Special post 16 institution' },
  independentSpecial: { typeGroup: 'Independent schools', establishmentType: 'Other independent special school' },
  nonMaintainedSpecial: { typeGroup: 'Special schools', establishmentType: 'Non-maintained special school' },
  independent: { typeGroup: 'Independent schools', establishmentType: 'Other independent school' },
  resourcedProvision: { typeGroup: null, establishmentType: 'Resourced provision' },
} satisfies Record<string, GiasType>

const primaryTypes = new Weighted(
  [gias.community, gias.voluntaryAided, gias.academyConverter, gias.academySponsorLed, gias.freeSchool],
  [45, 12, 25, 13, 5],
)
const secondaryTypes = new Weighted(
  [gias.community, gias.voluntaryAided, gias.academyConverter, gias.academySponsorLed, gias.freeSchool],
  [15, 8, 45, 25, 7],
)

// LA establishment numbers by type, as the DfE numbers them: nursery 1xxx, PRU 11xx, primary 2xxx (voluntary 3xxx),
// secondary 4xxx (voluntary 5xxx), independent 6xxx, special 7xxx.
const establishmentRanges = {
  nursery: 1000,
  pupilReferralUnit: 1100,
  primary: 2000,
  voluntaryPrimary: 3000,
  secondary: 4000,
  voluntarySecondary: 5000,
  independent: 6000,
  special: 7000,
} as const

/** Builds one authority's directory of settings. */
class Directory {
  readonly settings: SeedSetting[] = []
  readonly capacity: Insertable<SettingCapacityTable>[] = []
  private readonly names = new Set<string>()
  private readonly establishmentCounters = new Map<number, number>()

  constructor(
    private readonly plan: AuthorityPlan,
    private readonly authorityId: string,
    readonly random: Random,
    private readonly numbers: NationalNumbers,
    readonly localities: Locality[],
  ) {}

  /** A name not yet used in this authority: "Oakfield Primary School", "St Chad's Catholic Primary School" … */
  uniqueName(make: (stem: string) => string, locality: string): string {
    for (let attempt = 0; attempt < 8; attempt++) {
      const name = make(`${this.random.pick(namePrefixes)}${this.random.pick(nameEndings)}`)
      if (!this.names.has(name)) return this.claim(name)
    }
    for (let n = 1; ; n++) {
      const name = make(
        `${locality} ${this.random.pick(namePrefixes)}${this.random.pick(nameEndings)}${n > 1 ? ` ${n}` : ''}`,
      )
      if (!this.names.has(name)) return this.claim(name)
    }
  }

  claim(name: string): string {
    this.names.add(name)
    return name
  }

  nextEstablishmentNumber(range: number): number {
    const next = (this.establishmentCounters.get(range) ?? range) + 1
    this.establishmentCounters.set(range, next)
    return next
  }

  pickLocality(): Locality {
    return this.random.pick(this.localities)
  }

  locality(name: string): Locality {
    return this.localities.find((l) => l.name === name) ?? this.pickLocality()
  }

  add(
    setting: Omit<SeedSetting, 'id' | 'row' | 'establishmentNumber'> & {
      type: GiasType
      phase: string
      provision: Insertable<SettingTable>['provision']
      establishmentRange?: number
      national?: 'urn' | 'urn+ukprn' | 'none'
      hostSettingId?: string
      illustrative?: boolean
      outside?: { town: string; authorityCode: string; postcodeDistrict: string }
    },
  ): SeedSetting {
    const id = this.random.uuid()
    const establishmentNumber =
      setting.establishmentRange === undefined ? null : this.nextEstablishmentNumber(setting.establishmentRange)
    const national = setting.national ?? 'urn'
    const urn = national === 'none' ? null : this.numbers.urn++
    const ukprn = national === 'urn+ukprn' ? this.numbers.ukprn++ : null
    const locality = this.locality(setting.locality)
    const postcodeDistrict = setting.outside?.postcodeDistrict ?? this.random.pick(locality.postcodeDistricts)
    const seeded: SeedSetting = {
      id,
      kind: setting.kind,
      name: setting.name,
      ageFrom: setting.ageFrom,
      ageTo: setting.ageTo,
      designation: setting.designation,
      locality: setting.outside ? setting.outside.town : locality.name,
      weight: setting.weight,
      establishmentNumber,
      row: {
        id,
        authority_id: this.authorityId,
        urn,
        ukprn,
        la_establishment_number:
          establishmentNumber === null ? null : `${this.plan.code}/${String(establishmentNumber).padStart(4, '0')}`,
        name: setting.name,
        type_group: setting.type.typeGroup,
        establishment_type: setting.type.establishmentType,
        phase: setting.phase,
        provision: setting.provision,
        host_setting_id: setting.hostSettingId ?? null,
        address: streetAddress(this.random),
        town: setting.outside?.town ?? townOf(this.plan),
        postcode: postcodeIn(postcodeDistrict, this.random),
        locality: setting.outside ? setting.outside.town : locality.name,
        local_authority_code: setting.outside?.authorityCode ?? this.plan.code,
        ofsted_rating: setting.provision === 'resource_base' ? null : ofstedGrades.draw(this.random),
        age_from: setting.ageFrom,
        age_to: setting.ageTo,
        designation: [...setting.designation],
        illustrative: setting.illustrative ?? true,
      },
    }
    this.settings.push(seeded)
    return seeded
  }

  /** Commissioned places each year (growing a little) and occupancy around them: illustrative, not published. */
  addCapacity(setting: SeedSetting, places: number): void {
    let commissioned = places
    for (const year of capacityYears) {
      this.capacity.push({
        setting_id: setting.id,
        authority_id: this.authorityId,
        academic_year: year,
        commissioned_places: commissioned,
        occupied_places: Math.round(commissioned * (0.92 + this.random.float() * 0.16)),
      })
      commissioned = Math.round(commissioned * (1 + this.random.float() * 0.08))
    }
  }
}

export function generateSettings(plan: AuthorityPlan, authorityId: string, random: Random): SeededSettings {
  const numbers: NationalNumbers = { ...plan.numbers }
  const directory = new Directory(plan, authorityId, random, numbers, localitiesOf(plan, random))
  const counts = { ...plan.settings }
  let demoSchool: SeedSetting | undefined

  if (plan.demoAuthority) {
    addNamedSpecialSchools(directory)
    const hosted = addNamedResourceBases(directory)
    counts.primary = Math.max(0, counts.primary - hosted.primary)
    counts.secondary = Math.max(0, counts.secondary - hosted.secondary)
    counts.earlyYears = Math.max(0, counts.earlyYears - hosted.earlyYears)
  }

  for (let i = 0; i < counts.primary; i++) {
    const school = addPrimarySchool(directory, plan.demoAuthority && i === 0)
    if (plan.demoAuthority && i === 0) demoSchool = school
  }
  for (let i = 0; i < counts.secondary; i++) addSecondarySchool(directory)
  for (let i = 0; i < counts.earlyYears; i++) addEarlyYearsSetting(directory, i)
  for (let i = 0; i < counts.furtherEducation; i++) addCollege(directory, 'furtherEducation')
  for (let i = 0; i < counts.specialistPost16; i++) addCollege(directory, 'specialistPost16')
  for (let i = 0; i < counts.alternativeProvision; i++) addAlternativeProvision(directory, plan, i)
  for (let i = 0; i < counts.special; i++) addSyntheticSpecialSchool(directory)
  for (let i = 0; i < counts.resourceBases; i++) addSyntheticResourceBase(directory)
  for (let i = 0; i < counts.independentSpecial; i++) addIndependentSpecialSchool(directory)
  for (let i = 0; i < counts.independentMainstream; i++) addIndependentSchool(directory)

  if (numbers.urn - plan.numbers.urn > nationalNumbersPerAuthority) {
    throw new RangeError(`${plan.name} has more settings than its block of ${nationalNumbersPerAuthority} URNs`)
  }
  return { settings: directory.settings, capacity: directory.capacity, localities: directory.localities, demoSchool }
}

function specialPlaces(random: Random, ageFrom: number, ageTo: number): number {
  const [low, high] = ageTo <= 11 ? [60, 140] : ageFrom >= 10 ? [100, 250] : [120, 260]
  return Math.round(random.int(low, high) / 5) * 5
}

function addNamedSpecialSchools(directory: Directory): void {
  for (const school of specialSchools) {
    const setting = directory.add({
      kind: 'special',
      name: directory.claim(school.name),
      ageFrom: school.ageFrom,
      ageTo: school.ageTo,
      designation: school.designation,
      locality: school.district ?? '',
      outside: school.outside,
      weight: 1,
      type: school.academy ? gias.academySpecial : gias.communitySpecial,
      phase: school.ageTo <= 11 ? 'Primary' : school.ageFrom >= 10 ? 'Secondary' : 'All-through',
      provision: 'special',
      establishmentRange: establishmentRanges.special,
    })
    const places = specialPlaces(directory.random, school.ageFrom, school.ageTo)
    setting.weight = places
    directory.addCapacity(setting, places)
  }
}

/** Adds each named resource base after its host; returns how many hosts of each phase it added. */
function addNamedResourceBases(directory: Directory): { primary: number; secondary: number; earlyYears: number } {
  const hosted = { primary: 0, secondary: 0, earlyYears: 0 }
  for (const base of resourceBases) {
    const phase = hostPhases[base.hostPhase]
    const nursery = base.hostPhase === 'nursery'
    const primary = phase.phase === 'Primary'
    if (nursery) hosted.earlyYears++
    else if (primary) hosted.primary++
    else hosted.secondary++
    const host = directory.add({
      kind: nursery ? 'earlyYears' : 'mainstream',
      name: directory.claim(base.hostName),
      ageFrom: phase.ageFrom,
      ageTo: base.sixthForm ? 18 : phase.ageTo,
      designation: [],
      locality: base.district,
      weight: mainstreamWeight(directory.random, phase.phase),
      type: nursery ? gias.nurserySchool : base.hostAcademy ? gias.academyConverter : gias.community,
      phase: phase.phase,
      provision: nursery ? 'early_years' : 'mainstream',
      establishmentRange: nursery
        ? establishmentRanges.nursery
        : primary
          ? establishmentRanges.primary
          : establishmentRanges.secondary,
    })
    addResourceBase(directory, host, base.name, base.designation, base.district)
  }
  return hosted
}

function addResourceBase(
  directory: Directory,
  host: SeedSetting,
  name: string,
  designation: readonly EhcNeedCode[],
  locality: string,
): void {
  const random = directory.random
  const [low, high] = host.ageTo <= 4 ? [8, 12] : host.ageTo <= 11 ? [10, 20] : [15, 30]
  const places = random.int(low, high)
  const setting = directory.add({
    kind: 'resourced',
    name: directory.claim(name),
    ageFrom: host.ageFrom,
    ageTo: host.ageTo,
    designation,
    locality,
    weight: places,
    type: gias.resourcedProvision,
    phase: String(host.row.phase),
    provision: 'resource_base',
    national: 'none',
    hostSettingId: host.id,
  })
  directory.addCapacity(setting, places)
}

function mainstreamWeight(random: Random, phase: string): number {
  return phase === 'Primary' ? 0.6 + random.float() : 1.5 + random.float() * 1.5
}

function addPrimarySchool(directory: Directory, demoSchool: boolean): SeedSetting {
  const random = directory.random
  const type = primaryTypes.draw(random)
  const locality = demoSchool ? directory.locality('Hall Green' satisfies District) : directory.pickLocality()
  const voluntary = type === gias.voluntaryAided
  const name = voluntary
    ? directory.claim(
        `St ${random.pick(saints)}'s ${random.chance(0.5) ? 'Catholic' : 'Church of England'} Primary School`,
      )
    : directory.uniqueName(
        (stem) =>
          `${stem} ${type.typeGroup === 'Academies' && random.chance(0.5) ? 'Primary Academy' : 'Primary School'}`,
        locality.name,
      )
  return directory.add({
    kind: 'mainstream',
    name,
    ageFrom: 4,
    ageTo: 11,
    designation: [],
    locality: locality.name,
    // The demo SENCO's school is a large one, so the SENCO has a real list of pupils.
    weight: demoSchool ? 2.5 : mainstreamWeight(random, 'Primary'),
    type,
    phase: 'Primary',
    provision: 'mainstream',
    establishmentRange: voluntary ? establishmentRanges.voluntaryPrimary : establishmentRanges.primary,
  })
}

function addSecondarySchool(directory: Directory): void {
  const random = directory.random
  const type = secondaryTypes.draw(random)
  const locality = directory.pickLocality()
  const voluntary = type === gias.voluntaryAided
  const name = voluntary
    ? directory.claim(`St ${random.pick(saints)}'s ${random.chance(0.5) ? 'Catholic' : 'Church of England'} School`)
    : directory.uniqueName(
        (stem) =>
          `${stem} ${type.typeGroup === 'Local authority maintained schools' ? random.pick(['School', 'High School']) : 'Academy'}`,
        locality.name,
      )
  directory.add({
    kind: 'mainstream',
    name,
    ageFrom: 11,
    ageTo: random.chance(0.55) ? 18 : 16,
    designation: [],
    locality: locality.name,
    weight: mainstreamWeight(random, 'Secondary'),
    type,
    phase: 'Secondary',
    provision: 'mainstream',
    establishmentRange: voluntary ? establishmentRanges.voluntarySecondary : establishmentRanges.secondary,
  })
}

function addEarlyYearsSetting(directory: Directory, index: number): void {
  const random = directory.random
  const locality = directory.pickLocality()
  // One in three is a maintained nursery school (a GIAS establishment); the rest are private or voluntary nurseries.
  const maintained = index % 3 === 0
  directory.add({
    kind: 'earlyYears',
    name: directory.uniqueName(
      (stem) => `${stem} ${maintained ? 'Nursery School' : random.pick(['Day Nursery', 'Pre-School', 'Childcare'])}`,
      locality.name,
    ),
    ageFrom: maintained ? 2 : 0,
    ageTo: 4,
    designation: [],
    locality: locality.name,
    weight: 1,
    type: maintained ? gias.nurserySchool : gias.privateNursery,
    phase: 'Nursery',
    provision: 'early_years',
    establishmentRange: maintained ? establishmentRanges.nursery : undefined,
    national: maintained ? 'urn' : 'none',
  })
}

function addCollege(directory: Directory, kind: 'furtherEducation' | 'specialistPost16'): void {
  const random = directory.random
  const locality = directory.pickLocality()
  const specialist = kind === 'specialistPost16'
  directory.add({
    kind,
    name: directory.uniqueName((stem) => `${stem} ${specialist ? 'Specialist College' : 'College'}`, locality.name),
    ageFrom: 16,
    ageTo: 25,
    designation: specialist
      ? random.pick<EhcNeedCode[]>([['ASD', 'SLD'], ['PMLD', 'PD'], ['ASD'], ['MLD', 'SLD']])
      : [],
    locality: locality.name,
    weight: specialist ? 1 : 2 + random.float() * 3,
    type: specialist ? gias.specialPost16 : gias.furtherEducation,
    phase: '16 plus',
    provision: 'post_16',
    national: 'urn+ukprn',
  })
}

function addAlternativeProvision(directory: Directory, plan: AuthorityPlan, index: number): void {
  const random = directory.random
  const locality = plan.demoAuthority
    ? directory.localities[index % directory.localities.length]!
    : directory.pickLocality()
  const academy = random.chance(0.4)
  const setting = directory.add({
    kind: 'alternativeProvision',
    name: plan.demoAuthority
      ? directory.claim(`${locality.name} Learning Centre`)
      : directory.uniqueName(
          (stem) => `${stem} ${academy ? 'Academy (alternative provision)' : 'Pupil Referral Unit'}`,
          locality.name,
        ),
    ageFrom: 5,
    ageTo: 16,
    designation: ['SEMH'],
    locality: locality.name,
    weight: 1,
    type: academy ? gias.academyAlternative : gias.pupilReferralUnit,
    phase: 'Not applicable',
    provision: 'alternative_provision',
    establishmentRange: establishmentRanges.pupilReferralUnit,
  })
  directory.addCapacity(setting, Math.round(random.int(30, 120) / 5) * 5)
}

const specialDesignations: EhcNeedCode[][] = [
  ['ASD'],
  ['ASD', 'SLD'],
  ['MLD', 'ASD'],
  ['SLD', 'PMLD'],
  ['SEMH'],
  ['PD', 'PMLD'],
  ['HI'],
  ['VI', 'MSI'],
  ['MLD', 'SLCN'],
]

function addSyntheticSpecialSchool(directory: Directory): void {
  const random = directory.random
  const locality = directory.pickLocality()
  const [ageFrom, ageTo, phase] = random.pick([
    [2, 11, 'Primary'],
    [11, 19, 'Secondary'],
    [2, 19, 'All-through'],
  ] as const)
  const academy = random.chance(0.45)
  const setting = directory.add({
    kind: 'special',
    name: directory.uniqueName(
      (stem) => `${stem} ${random.pick(['School', 'Academy', 'Special School'])}`,
      locality.name,
    ),
    ageFrom,
    ageTo,
    designation: random.pick(specialDesignations),
    locality: locality.name,
    weight: 1,
    type: academy ? gias.academySpecial : gias.communitySpecial,
    phase,
    provision: 'special',
    establishmentRange: establishmentRanges.special,
  })
  const places = specialPlaces(random, ageFrom, ageTo)
  setting.weight = places
  directory.addCapacity(setting, places)
}

const syntheticDesignations = new Weighted<EhcNeedCode[]>(
  [['ASD'], ['SLCN'], ['HI'], ['PD'], ['MLD']],
  [70, 12, 7, 5, 6],
)

/** Another authority's resource base: at a mainstream school without one yet, mostly for autism. */
function addSyntheticResourceBase(directory: Directory): void {
  const random = directory.random
  const hosting = new Set(directory.settings.map((s) => s.row.host_setting_id))
  const mainstream = directory.settings.filter((s) => s.kind === 'mainstream')
  const free = mainstream.filter((s) => !hosting.has(s.id))
  const host = random.pick(free.length ? free : mainstream)
  const name = free.length
    ? `${host.name} resource base`
    : directory.uniqueName((stem) => `${stem} resource base`, host.locality)
  addResourceBase(directory, host, name, syntheticDesignations.draw(random), host.locality)
}

function addIndependentSpecialSchool(directory: Directory): void {
  const random = directory.random
  const locality = directory.pickLocality()
  const nonMaintained = random.chance(0.15)
  directory.add({
    kind: 'independentSpecial',
    name: directory.uniqueName(
      (stem) => `${stem} ${random.pick(['House School', 'School', 'College'])}`,
      locality.name,
    ),
    ageFrom: random.pick([5, 7, 11]),
    ageTo: 19,
    designation: random.pick<EhcNeedCode[]>([['ASD'], ['SEMH'], ['ASD', 'SEMH'], ['SLCN', 'ASD']]),
    locality: locality.name,
    weight: 1,
    type: nonMaintained ? gias.nonMaintainedSpecial : gias.independentSpecial,
    phase: 'Not applicable',
    provision: 'independent',
    establishmentRange: establishmentRanges.independent,
  })
}

function addIndependentSchool(directory: Directory): void {
  const locality = directory.pickLocality()
  directory.add({
    kind: 'independentMainstream',
    name: directory.uniqueName((stem) => `${stem} Independent School`, locality.name),
    ageFrom: 4,
    ageTo: 18,
    designation: [],
    locality: locality.name,
    weight: 1,
    type: gias.independent,
    phase: 'All-through',
    provision: 'independent',
    establishmentRange: establishmentRanges.independent,
  })
}
