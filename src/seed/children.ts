import type { Insertable } from 'kysely'
import { makeNhsNumber, makeUln, makeUpn } from '../people/identifiers.js'
import type { EhcNeedCode, NeedCode } from '../people/needs.js'
import { academicYearStartOf } from '../people/yearGroup.js'
import { addMonths, fromDayNumber, type IsoDate, toDayNumber } from '../platform/calendar/isoDate.js'
import type {
  ChildSettingTable,
  ChildTable,
  ConsentTable,
  FamilyMemberTable,
  ProfessionalLinkTable,
} from '../platform/db/schema.js'
import { ageBandRange, loadCalibration, type PlacementKind, type PublishedNeed, placementKinds } from './calibration.js'
import { exampleEmail, landlineNumber, mobileNumber, postcodeIn, streetAddress, townOf } from './places.js'
import type { AuthorityPlan } from './plan.js'
import { type Random, Weighted } from './random.js'
import type { SeededSettings, SeedSetting, SettingKind } from './settings.js'

/**
 * Synthetic children and young people of one authority, with their roll, family, consents and professionals, made in
 * batches so that any number streams to the database in little memory. Pure: randomness comes from the Random passed in.
 */

/**
 * The day the seeded caseload stands at: the spring school census of 2026, in the academic year 2025/26. Ages are drawn
 * from the January 2025 mix of the calibration and measured on this day; it is fixed so that a seed always gives the
 * same dates of birth.
 */
export const seedReferenceDate: IsoDate = '2026-01-15'
const referenceDay = toDayNumber(seedReferenceDate)
const referenceAcademicYear = academicYearStartOf(seedReferenceDate)

/**
 * Whether a child has an EHC plan or is on SEN Support. The EHC seed (ehc.ts) writes an ehc_plan for every child with
 * one, and makes the requests still open, refused or ended without a plan for children on SEN Support. Every child
 * with an EHC plan has a consent with `ehcConsentScope`, given when the assessment was asked for.
 */
export type SupportGroup = 'ehc' | 'senSupport'

export const ehcConsentScope = 'EHC needs assessment and plan: advice and reports from education, health and care'
export const senSupportConsentScope = 'SEN Support Provision Plan (SSPP) and request for top-up funding'

export interface SeedChild {
  id: string
  group: SupportGroup
  /** Where the child is placed; educated elsewhere and not recorded have no setting and no roll. */
  placement: PlacementKind
  settingId: string | undefined
  row: Insertable<ChildTable> & { id: string }
}

export interface ChildBatch {
  children: SeedChild[]
  roll: Insertable<ChildSettingTable>[]
  family: Insertable<FamilyMemberTable>[]
  consents: Insertable<ConsentTable>[]
  professionals: Insertable<ProfessionalLinkTable>[]
}

/** The demo accounts that stand for people in the data: the parent, the young person and the advice giver. */
export interface DemoUsers {
  parent: string
  youngPerson: string
  adviceGiver: string
}

export interface ChildrenContext {
  plan: AuthorityPlan
  authorityId: string
  random: Random
  directory: SeededSettings
  /** In the demo authority: the people the demo accounts sign in as. */
  demoUsers?: DemoUsers
  batchSize?: number
}

/** Ages each placement takes (DfE caseload groups); a child's age is drawn from the calibration within them. */
const placementAges: Record<PlacementKind, [number, number]> = {
  mainstream: [4, 18],
  resourced: [2, 18],
  special: [2, 19],
  independentSpecial: [5, 19],
  independentMainstream: [4, 18],
  furtherEducation: [16, 25],
  specialistPost16: [16, 25],
  alternativeProvision: [5, 16],
  earlyYears: [0, 4],
  educatedElsewhere: [5, 25],
  notRecorded: [0, 25],
}

/**
 * SEN Support is not in the EHC plan statistics: its mix here is illustrative, shaped like the school census (mostly
 * SLCN, SEMH, MLD and SpLD; NSA only on SEN Support), in mainstream schools, mostly of primary and secondary age.
 */
const senSupportNeeds = Weighted.of<NeedCode>({
  SLCN: 25,
  SEMH: 21,
  MLD: 16,
  SPLD: 14,
  ASD: 8,
  OTH: 4,
  PD: 2,
  HI: 1.5,
  VI: 0.8,
  SLD: 0.5,
  PMLD: 0.1,
  MSI: 0.1,
  NSA: 7,
})
const senSupportPlacements = Weighted.of<PlacementKind>({ mainstream: 96, earlyYears: 3, furtherEducation: 1 })
const senSupportAgeWeights = [
  0, 0, 0.5, 1, 2, 5, 7, 8, 9, 9.5, 9.5, 9, 8.5, 8, 7.5, 7, 1.5, 1.2, 0.8, 0.3, 0.2, 0.1, 0, 0, 0, 0,
]
const senSupportSex = Weighted.of({ M: 64, F: 36 })

const ehcNeedCodes: EhcNeedCode[] = [
  'ASD',
  'HI',
  'MLD',
  'MSI',
  'OTH',
  'PD',
  'PMLD',
  'SEMH',
  'SLCN',
  'SLD',
  'SPLD',
  'VI',
]

/** Home languages other than English, by ethnicity, with the share of children who have one: illustrative. */
const homeLanguages: Record<string, [string[], number]> = {
  APKN: [['Urdu', 'Punjabi', 'Pashto', 'Mirpuri'], 0.35],
  ABAN: [['Bengali', 'Sylheti'], 0.4],
  AIND: [['Punjabi', 'Gujarati', 'Hindi', 'Tamil'], 0.3],
  AOTH: [['Tamil', 'Nepali', 'Tagalog'], 0.3],
  CHNE: [['Cantonese', 'Mandarin'], 0.4],
  BAFR: [['Somali', 'Arabic', 'Tigrinya', 'Yoruba', 'Amharic'], 0.3],
  WOTH: [['Polish', 'Romanian', 'Portuguese', 'Lithuanian', 'Bulgarian'], 0.4],
  WROM: [['Romanes', 'Romanian', 'Slovak'], 0.4],
  OOTH: [['Arabic', 'Kurdish', 'Farsi', 'Pashto'], 0.4],
}

const firstCarers = Weighted.of({
  mother: 78,
  father: 12,
  grandmother: 3,
  'foster carer': 3.5,
  'special guardian': 1.5,
  'adoptive parent': 2,
})
// Foster carers and grandparents (without an order) do not hold parental responsibility; the others do.
const withParentalResponsibility = new Set(['mother', 'father', 'special guardian', 'adoptive parent'])
const contactPreferences = Weighted.of({ email: 55, sms: 25, phone: 12, post: 8 })

interface Professional {
  role: string
  organisation: string
  doctor?: boolean
}
const professionals = {
  educationalPsychologist: {
    role: 'educational psychologist',
    organisation: 'Educational Psychology Service',
    doctor: true,
  },
  paediatrician: { role: 'community paediatrician', organisation: 'Community Paediatrics', doctor: true },
  speechTherapist: { role: 'speech and language therapist', organisation: 'Speech and Language Therapy Service' },
  occupationalTherapist: { role: 'occupational therapist', organisation: "Children's Therapy Service" },
  physiotherapist: { role: 'physiotherapist', organisation: "Children's Therapy Service" },
  teacherOfTheDeaf: { role: 'teacher of the deaf', organisation: 'Sensory Support Service' },
  visionTeacher: { role: 'qualified teacher of vision impairment', organisation: 'Sensory Support Service' },
  camhs: { role: 'CAMHS practitioner', organisation: 'Child and Adolescent Mental Health Services' },
  socialWorker: { role: 'social worker', organisation: "Children's Social Care" },
  healthVisitor: { role: 'health visitor', organisation: 'Health Visiting Service' },
  specialistTeacher: { role: 'specialist teacher', organisation: 'Pupil and School Support' },
} satisfies Record<string, Professional>

function weightedAges(weights: (age: number) => number): Weighted<number> | undefined {
  const ages = Array.from({ length: 26 }, (_, age) => age)
  const table = new Weighted(ages, ages.map(weights))
  return table.total > 0 ? table : undefined
}

/** Which settings fit a child of an age and need, weighted: cached, as the same few questions are asked again. */
class SettingChooser {
  private readonly byKind = new Map<SettingKind, SeedSetting[]>()
  private readonly cache = new Map<string, Weighted<SeedSetting> | undefined>()

  constructor(settings: readonly SeedSetting[]) {
    for (const setting of settings) {
      const list = this.byKind.get(setting.kind)
      if (list) list.push(setting)
      else this.byKind.set(setting.kind, [setting])
    }
  }

  has(kind: PlacementKind): kind is SettingKind {
    return this.byKind.has(kind as SettingKind)
  }

  covers(kind: SettingKind, age: number): boolean {
    return (this.byKind.get(kind) ?? []).some((s) => s.ageFrom <= age && age <= s.ageTo)
  }

  choose(kind: SettingKind, age: number, need: NeedCode, random: Random): SeedSetting | undefined {
    const key = `${kind}|${age}|${need}`
    let table = this.cache.get(key)
    if (!this.cache.has(key)) {
      const fits = (this.byKind.get(kind) ?? []).filter((s) => s.ageFrom <= age && age <= s.ageTo)
      // Specialist provision takes mostly the needs it is designated for.
      const weight = (s: SeedSetting) =>
        s.weight * (s.designation.length === 0 || s.designation.includes(need as EhcNeedCode) ? 1 : 0.05)
      table = fits.length ? new Weighted(fits, fits.map(weight)) : undefined
      this.cache.set(key, table)
    }
    return table?.draw(random)
  }
}

/** A permutation of 0 to 999,999 (offset plus a stride prime to 10^6): numbers that look random and never repeat. */
class Serials {
  private index = 0
  private readonly offset: number
  private readonly stride: number

  constructor(random: Random) {
    this.offset = random.int(0, 999_999)
    let stride = random.int(100_001, 999_999)
    while (stride % 2 === 0 || stride % 5 === 0) stride++
    this.stride = stride
  }

  next(): string {
    if (this.index >= 1_000_000) throw new RangeError('More than a million serials asked of one authority')
    return String((this.offset + this.index++ * this.stride) % 1_000_000).padStart(6, '0')
  }
}

/** Hands out UPNs as schools do: the school that first admits a child, in the year it does, with the next serial. */
class UpnAllocator {
  private readonly serials = new Map<number, number>()

  constructor(
    private readonly laCode: number,
    private readonly firstSchools: readonly number[],
  ) {}

  allocate(dateOfBirth: IsoDate, school: number | null, random: Random): string | null {
    // A child starts Reception in the September after their fourth birthday.
    const year = academicYearStartOf(dateOfBirth) + 5
    const candidates = school === null ? [] : [school]
    for (let attempt = 0; attempt < 20; attempt++) {
      const establishment = candidates[attempt] ?? random.pick(this.firstSchools)
      const key = establishment * 100 + (year % 100)
      const serial = this.serials.get(key) ?? 0
      if (serial > 999) continue
      this.serials.set(key, serial + 1)
      return makeUpn(this.laCode, establishment, year, serial)
    }
    return null
  }
}

class ChildFactory {
  private readonly random: Random
  private readonly chooser: SettingChooser
  private readonly upns: UpnAllocator
  private readonly nhsSerials: Serials
  private readonly ulnSerials: Serials
  private readonly placements: Weighted<PlacementKind>
  private readonly ehcNeedsByPlacement = new Map<PlacementKind, Weighted<NeedCode>>()
  private readonly ehcNeeds: Weighted<NeedCode>
  private readonly agesByPlacement = new Map<string, Weighted<number> | undefined>()
  private readonly ehcAgeWeights: number[]
  private readonly sexes: Weighted<string>
  private readonly ethnicities: Weighted<string>

  constructor(private readonly context: ChildrenContext) {
    const { plan, random, directory } = context
    const calibration = plan.calibration
    const england = loadCalibration().england
    this.random = random
    this.chooser = new SettingChooser(directory.settings)
    const firstSchools = directory.settings
      .filter((s) => s.kind === 'mainstream' && s.ageFrom <= 4)
      .map((s) => s.establishmentNumber)
      .filter((n) => n !== null)
    this.upns = new UpnAllocator(Number(plan.code), firstSchools.length ? firstSchools : [2001])
    this.nhsSerials = new Serials(random)
    this.ulnSerials = new Serials(random)

    const placements = calibration.placements ?? england.placements!
    this.placements = new Weighted(
      [...placementKinds],
      placementKinds.map((kind) => (this.chooser.has(kind) || !isSettingKind(kind) ? placements[kind] : 0)),
    )
    this.ehcNeeds = publishedNeeds(calibration.needs ?? england.needs!)
    for (const kind of placementKinds) {
      const split = calibration.needsByPlacement[kind]
      const needs = split ? publishedNeedsFromList(split) : undefined
      if (needs) this.ehcNeedsByPlacement.set(kind, needs)
    }
    const bands = loadCalibration().ageBands
    this.ehcAgeWeights = Array.from({ length: 26 }, () => 0)
    bands.forEach((band, i) => {
      const [from, to] = ageBandRange(band)
      for (let age = from; age <= to; age++) this.ehcAgeWeights[age]! += calibration.ages[i]! / (to - from + 1)
    })
    this.sexes = Weighted.of(calibration.sex)
    this.ethnicities = Weighted.of(calibration.ethnicity)
  }

  /** An age for the placement: the calibration's mix, within the ages the placement and its settings take. */
  private ageFor(group: SupportGroup, placement: PlacementKind): number {
    const key = `${group}|${placement}`
    if (!this.agesByPlacement.has(key)) {
      const [from, to] = placementAges[placement]
      const mix = group === 'ehc' ? this.ehcAgeWeights : senSupportAgeWeights
      const fits = (age: number) =>
        age >= from && age <= to && (!isSettingKind(placement) || this.chooser.covers(placement, age))
      this.agesByPlacement.set(
        key,
        weightedAges((age) => (fits(age) ? mix[age]! : 0)) ?? weightedAges((age) => (fits(age) ? 1 : 0)),
      )
    }
    const ages = this.agesByPlacement.get(key)
    return ages ? ages.draw(this.random) : placementAges[placement][0]
  }

  make(group: SupportGroup, batch: ChildBatch, fixed: FixedChild = {}): SeedChild {
    const random = this.random
    const faker = random.faker
    const placement =
      fixed.placement ?? (group === 'ehc' ? this.placements.draw(random) : senSupportPlacements.draw(random))
    const need =
      fixed.need ??
      (group === 'ehc' ? (this.ehcNeedsByPlacement.get(placement) ?? this.ehcNeeds) : senSupportNeeds).draw(random)
    const age = fixed.age ?? this.ageFor(group, placement)
    const setting =
      fixed.setting ?? (isSettingKind(placement) ? this.chooser.choose(placement, age, need, random) : undefined)
    const sex = (fixed.sex ?? (group === 'ehc' ? this.sexes : senSupportSex).draw(random)) as 'F' | 'M' | 'U'
    const ethnicity = fixed.ethnicity ?? this.ethnicities.draw(random)
    const dateOfBirth = dateOfBirthAt(age, random)
    const forename = fixed.forename ?? faker.person.firstName(sex === 'F' ? 'female' : sex === 'M' ? 'male' : undefined)
    const surname = fixed.surname ?? faker.person.lastName()
    const home = fixed.home ?? this.homeNear(setting)
    const [languages, share] = homeLanguages[ethnicity] ?? [[], 0]
    const language = languages.length && random.chance(share) ? random.pick(languages) : 'English'
    const identifiers = this.identifiersFor(age, dateOfBirth, placement, setting)
    const id = random.uuid()
    const child: SeedChild = {
      id,
      group,
      placement,
      settingId: setting?.id,
      row: {
        id,
        authority_id: this.context.authorityId,
        legal_forename: forename,
        legal_surname: surname,
        preferred_name: random.chance(0.03) ? faker.person.firstName(sex === 'F' ? 'female' : 'male') : null,
        date_of_birth: dateOfBirth,
        sex,
        ethnicity,
        home_postcode: home.postcode,
        locality: home.locality,
        home_authority_code: null,
        ...identifiers,
        nhs_number: this.nhsNumber(),
        year_group_offset: age >= 4 && age <= 15 && random.chance(0.018) ? (random.chance(0.85) ? -1 : 1) : 0,
        primary_need: need,
        secondary_need: random.chance(group === 'ehc' ? 0.35 : 0.08) ? otherNeed(need, random) : null,
        language,
        interpreter_needed: false,
        preferred_format: preferredFormat(need, age, random),
        young_person_user_id: fixed.youngPersonUserId ?? null,
      },
    }
    batch.children.push(child)
    if (setting) batch.roll.push(this.rollRow(child, setting, age, dateOfBirth))
    const family = this.familyFor(child, surname, home, language, fixed)
    batch.family.push(...family)
    batch.consents.push(...this.consentsFor(child, age, family[0]!, fixed))
    batch.professionals.push(...this.professionalsFor(child, need, age, fixed))
    return child
  }

  /** Most children live in the locality of their setting. */
  private homeNear(setting: SeedSetting | undefined): Home {
    const random = this.random
    const localities = this.context.directory.localities
    const locality =
      setting && random.chance(0.85)
        ? (localities.find((l) => l.name === setting.locality) ?? random.pick(localities))
        : random.pick(localities)
    return {
      address: `${streetAddress(random)}, ${townOf(this.context.plan)}`,
      postcode: postcodeIn(random.pick(locality.postcodeDistricts), random),
      locality: locality.name,
    }
  }

  private identifiersFor(
    age: number,
    dateOfBirth: IsoDate,
    placement: PlacementKind,
    setting: SeedSetting | undefined,
  ): Pick<Insertable<ChildTable>, 'upn' | 'uln' | 'no_identifier_reason'> {
    const random = this.random
    const inSchool = ['mainstream', 'resourced', 'special', 'alternativeProvision'].includes(placement)
    const post16 = age >= 16
    // A UPN from the first school: the child's own primary school if that is where they are, else one in the area.
    const firstSchool = setting?.kind === 'mainstream' && setting.ageFrom <= 4 ? setting.establishmentNumber : null
    const hasUpn = (age >= 5 || (age === 4 && inSchool)) && random.chance(post16 && !inSchool ? 0.85 : 0.995)
    const upn = hasUpn ? this.upns.allocate(dateOfBirth, firstSchool, random) : null
    // Colleges register every learner with the Learning Records Service; others may not have a ULN yet.
    const atCollege = placement === 'furtherEducation' || placement === 'specialistPost16'
    const uln = post16 && (atCollege || random.chance(0.8)) ? this.uln() : null
    let reason: string | null = null
    if (!upn && !uln) reason = age < 5 ? 'UN1' : post16 ? 'UN9' : 'UN8'
    return { upn, uln, no_identifier_reason: reason }
  }

  private nhsNumber(): string {
    // 999 000 0000 to 999 999 9999 is the range kept for test data (people/identifiers.ts).
    for (;;) {
      try {
        return makeNhsNumber(`999${this.nhsSerials.next()}`)
      } catch {
        // No check digit fits these nine digits: take the next serial.
      }
    }
  }

  private uln(): string {
    for (;;) {
      try {
        return makeUln(`${this.context.plan.code.padStart(3, '0')}${this.ulnSerials.next()}`)
      } catch {
        // No check digit fits: take the next serial.
      }
    }
  }

  private rollRow(
    child: SeedChild,
    setting: SeedSetting,
    age: number,
    dateOfBirth: IsoDate,
  ): Insertable<ChildSettingTable> {
    const random = this.random
    const yearsOnRoll = random.int(0, Math.max(0, age - setting.ageFrom))
    let started = toDayNumber(`${referenceAcademicYear - yearsOnRoll}-09-01`) + random.int(0, 6)
    const born = toDayNumber(dateOfBirth)
    if (started <= born) started = born + random.int(1, Math.max(1, referenceDay - born))
    return {
      id: random.uuid(),
      authority_id: this.context.authorityId,
      child_id: child.id,
      setting_id: setting.id,
      started_on: fromDayNumber(Math.min(started, referenceDay)),
      ended_on: null,
      main: true,
    }
  }

  private familyFor(
    child: SeedChild,
    surname: string,
    home: Home,
    language: string,
    fixed: FixedChild,
  ): Insertable<FamilyMemberTable>[] {
    const random = this.random
    const members: FamilyMember[] = fixed.family ? [...fixed.family] : [{ relationship: firstCarers.draw(random) }]
    const first = members[0]!.relationship
    if (!fixed.family && random.chance(0.6) && first !== 'special guardian') {
      const second: Record<string, string> = {
        mother: random.chance(0.85) ? 'father' : 'step-father',
        father: 'mother',
        grandmother: 'mother',
        'foster carer': 'foster carer',
        'adoptive parent': 'adoptive parent',
      }
      members.push({ relationship: second[first] ?? 'carer' })
    }
    const interpreter = language !== 'English' && random.chance(0.5)
    return members.map((member) => {
      const sex = /mother|grandmother/.test(member.relationship)
        ? 'female'
        : /father/.test(member.relationship)
          ? 'male'
          : random.pick(['female', 'male'] as const)
      const forename = member.forename ?? random.faker.person.firstName(sex)
      const memberSurname = member.surname ?? (random.chance(0.8) ? surname : random.faker.person.lastName())
      const preference = contactPreferences.draw(random)
      const email =
        member.email ??
        (preference === 'email' || random.chance(0.7) ? exampleEmail(forename, memberSurname, random) : null)
      return {
        id: random.uuid(),
        authority_id: this.context.authorityId,
        child_id: child.id,
        forename,
        surname: memberSurname,
        relationship: member.relationship,
        parental_responsibility: withParentalResponsibility.has(member.relationship),
        email,
        phone: random.chance(0.95) ? mobileNumber(random) : landlineNumber(this.context.plan, random),
        address: home.address,
        postcode: home.postcode,
        contact_preference: email === null && preference === 'email' ? 'sms' : preference,
        language,
        interpreter_needed: interpreter,
        user_id: member.userId ?? null,
        verified_at: member.userId ? `${seedReferenceDate}T09:00:00Z` : null,
      }
    })
  }

  private consentsFor(
    child: SeedChild,
    age: number,
    carer: Insertable<FamilyMemberTable>,
    fixed: FixedChild,
  ): Insertable<ConsentTable>[] {
    const random = this.random
    const givenBy =
      age >= 16 && (fixed.youngPersonUserId || random.chance(0.5))
        ? `${child.row.legal_forename} ${child.row.legal_surname} (young person)`
        : `${carer.forename} ${carer.surname} (${carer.relationship})`
    const born = toDayNumber(String(child.row.date_of_birth))
    const sinceBirth = (maxYears: number) =>
      fromDayNumber(Math.max(born + 1, referenceDay - random.int(30, Math.round(maxYears * 365))))
    const consent = (scope: string, sharedWith: string, givenOn: IsoDate, withdrawnOn: IsoDate | null = null) => ({
      id: random.uuid(),
      authority_id: this.context.authorityId,
      child_id: child.id,
      given_by: givenBy,
      scope,
      shared_with: sharedWith,
      given_on: givenOn,
      withdrawn_on: withdrawnOn,
    })
    const consents: Insertable<ConsentTable>[] = []
    if (child.group === 'ehc' || fixed.ehcConsent) {
      consents.push(
        consent(ehcConsentScope, 'the SEND service, educational psychology, health and social care', sinceBirth(8)),
      )
      if (random.chance(0.25)) {
        const given = sinceBirth(3)
        const withdrawn = random.chance(0.1)
          ? fromDayNumber(Math.min(referenceDay, toDayNumber(given) + random.int(30, 400)))
          : null
        consents.push(
          consent(
            'Health records: community paediatrics and CAMHS',
            'the SEND service and the school',
            given,
            withdrawn,
          ),
        )
      }
    } else if (random.chance(0.3)) {
      consents.push(
        consent(senSupportConsentScope, "the local authority's inclusion and SEND support service", sinceBirth(2)),
      )
    }
    return consents
  }

  private professionalsFor(
    child: SeedChild,
    need: NeedCode,
    age: number,
    fixed: FixedChild,
  ): Insertable<ProfessionalLinkTable>[] {
    const random = this.random
    const chosen: Professional[] = []
    if (child.group === 'ehc') {
      if (!fixed.adviceGiver && random.chance(0.85)) chosen.push(professionals.educationalPsychologist)
      if (need === 'HI') chosen.push(professionals.teacherOfTheDeaf)
      if (need === 'VI' || need === 'MSI') chosen.push(professionals.visionTeacher)
      if ((need === 'SLCN' || need === 'ASD') && random.chance(0.5)) chosen.push(professionals.speechTherapist)
      if (need === 'PD' || need === 'PMLD')
        chosen.push(random.pick([professionals.physiotherapist, professionals.occupationalTherapist]))
      if (need === 'SEMH' && random.chance(0.4)) chosen.push(professionals.camhs)
      if (age < 5 && random.chance(0.5)) chosen.push(professionals.healthVisitor)
      if (random.chance(0.3)) chosen.push(professionals.paediatrician)
      if (random.chance(0.1)) chosen.push(professionals.socialWorker)
    } else if (random.chance(0.2)) {
      chosen.push(
        random.pick([
          professionals.speechTherapist,
          professionals.specialistTeacher,
          professionals.educationalPsychologist,
        ]),
      )
    }
    const born = toDayNumber(String(child.row.date_of_birth))
    const link = (professional: Professional, name: string, account?: { userId: string; email: string }) => {
      const [forename, surname] = name.split(' ') as [string, string]
      return {
        id: random.uuid(),
        authority_id: this.context.authorityId,
        child_id: child.id,
        role: professional.role,
        name: professional.doctor ? `Dr ${name}` : name,
        organisation: professional.organisation,
        email: account?.email ?? exampleEmail(forename, surname, random, 'example.org'),
        phone: landlineNumber(this.context.plan, random),
        user_id: account?.userId ?? null,
        started_on: fromDayNumber(Math.max(born + 1, referenceDay - random.int(30, 1500))),
        ended_on: null,
      }
    }
    const links = chosen.map((professional) =>
      link(professional, `${random.faker.person.firstName()} ${random.faker.person.lastName()}`),
    )
    if (fixed.adviceGiver) links.unshift(link(professionals.educationalPsychologist, 'Rhys Morgan', fixed.adviceGiver))
    return links
  }
}

/** What a demo person has fixed; everything else is drawn as for any child. */
interface FixedChild {
  placement?: PlacementKind
  need?: NeedCode
  age?: number
  setting?: SeedSetting
  sex?: 'F' | 'M'
  ethnicity?: string
  forename?: string
  surname?: string
  youngPersonUserId?: string
  /** The whole family, where it is fixed; otherwise one or two carers are drawn. */
  family?: FamilyMember[]
  home?: Home
  /** The demo advice giver's account, as the child's educational psychologist. */
  adviceGiver?: { userId: string; email: string }
  /** On SEN Support with a request for an EHC needs assessment made: consent to it given. */
  ehcConsent?: boolean
}

interface FamilyMember {
  relationship: string
  forename?: string
  surname?: string
  userId?: string
  email?: string
}

interface Home {
  address: string
  postcode: string
  locality: string
}

function isSettingKind(kind: PlacementKind): kind is SettingKind {
  return kind !== 'educatedElsewhere' && kind !== 'notRecorded'
}

/** The published needs as SEN2 codes; "not recorded" is left out, so every child has a primary need. */
function publishedNeeds(needs: Record<string, number>): Weighted<NeedCode> {
  return new Weighted<NeedCode>(
    ehcNeedCodes,
    ehcNeedCodes.map((code) => needs[code as PublishedNeed] ?? 0),
  )
}

function publishedNeedsFromList(counts: number[]): Weighted<NeedCode> | undefined {
  const keys = loadCalibration().needKeys
  const table = publishedNeeds(Object.fromEntries(keys.map((k, i) => [k, counts[i] ?? 0])))
  return table.total > 0 ? table : undefined
}

function otherNeed(need: NeedCode, random: Random): NeedCode {
  for (;;) {
    const other = random.pick(ehcNeedCodes)
    if (other !== need) return other
  }
}

function preferredFormat(need: NeedCode, age: number, random: Random): string | null {
  if (need === 'VI') return random.chance(0.6) ? 'large print' : random.chance(0.4) ? 'braille' : null
  if ((need === 'SLD' || need === 'MLD') && age >= 14 && random.chance(0.4)) return 'easy read'
  return null
}

/** A date of birth that makes the child `age` on the reference date. */
function dateOfBirthAt(age: number, random: Random): IsoDate {
  const latest = toDayNumber(addMonths(seedReferenceDate, -12 * age))
  const earliest = toDayNumber(addMonths(seedReferenceDate, -12 * (age + 1))) + 1
  return fromDayNumber(random.int(earliest, latest))
}

function emptyBatch(): ChildBatch {
  return { children: [], roll: [], family: [], consents: [], professionals: [] }
}

/**
 * The authority's children in batches: in the demo authority first the people the demo accounts stand for, then the
 * children with EHC plans, then those on SEN Support.
 */
export function* generateChildren(context: ChildrenContext): Generator<ChildBatch> {
  const factory = new ChildFactory(context)
  const batchSize = context.batchSize ?? 2000
  let batch = emptyBatch()
  const made = context.demoUsers ? makeDemoPeople(factory, context, batch) : { ehc: 0, senSupport: 0 }
  const groups: [SupportGroup, number][] = [
    ['ehc', context.plan.ehcChildren - made.ehc],
    ['senSupport', context.plan.senSupportChildren - made.senSupport],
  ]
  for (const [group, count] of groups) {
    for (let i = 0; i < count; i++) {
      factory.make(group, batch)
      if (batch.children.length >= batchSize) {
        yield batch
        batch = emptyBatch()
      }
    }
  }
  if (batch.children.length) yield batch
}

/**
 * The demo parent's two children (one at the demo SENCO's school, one at a special school for autism) and the demo
 * young person at college: fixed names and places, so the demo accounts always find them. Zain has an EHC plan; Aisha
 * and Jordan are on SEN Support, each with a request for an EHC needs assessment under way (their EHC consent given
 * with it). Returns how many of each group it made.
 */
function makeDemoPeople(
  factory: ChildFactory,
  context: ChildrenContext,
  batch: ChildBatch,
): Record<SupportGroup, number> {
  const { demoUsers, directory } = context
  if (!demoUsers || !directory.demoSchool) return { ehc: 0, senSupport: 0 }
  const byName = (name: string) => directory.settings.find((s) => s.name === name)
  const college = directory.settings.find((s) => s.kind === 'furtherEducation')
  const parent = { forename: 'Sam', surname: 'Ahmed', userId: demoUsers.parent, email: 'parent@demo.ascend.invalid' }
  const adviceGiver = { userId: demoUsers.adviceGiver, email: 'advice.giver@demo.ascend.invalid' }
  const family = { surname: 'Ahmed', ethnicity: 'APKN', adviceGiver }
  const older = factory.make('ehc', batch, {
    ...family,
    family: [
      { relationship: 'mother', ...parent },
      { relationship: 'father', forename: 'Imran', surname: 'Ahmed' },
    ],
    placement: 'special',
    setting: byName('Baskerville School'),
    need: 'ASD',
    age: 13,
    sex: 'M',
    forename: 'Zain',
  })
  // The younger sibling lives at the same address, with the same parents.
  const home = batch.family.find((f) => f.child_id === older.id)!
  factory.make('senSupport', batch, {
    ...family,
    ehcConsent: true,
    family: [
      { relationship: 'mother', ...parent },
      { relationship: 'father', forename: 'Imran', surname: 'Ahmed' },
    ],
    home: { address: String(home.address), postcode: String(home.postcode), locality: String(older.row.locality) },
    placement: 'mainstream',
    setting: directory.demoSchool,
    need: 'SLCN',
    age: 8,
    sex: 'F',
    forename: 'Aisha',
  })
  factory.make('senSupport', batch, {
    ehcConsent: true,
    placement: 'furtherEducation',
    setting: college,
    need: 'MLD',
    age: 17,
    sex: 'M',
    forename: 'Jordan',
    surname: 'Lee',
    ethnicity: 'WBRI',
    youngPersonUserId: demoUsers.youngPerson,
  })
  return { ehc: 1, senSupport: 2 }
}
