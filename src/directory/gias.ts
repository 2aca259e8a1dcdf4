import { type EhcNeedCode, needTypes } from '../people/needs.js'
import { type OfstedGrade, type Phase, type Provision, phases } from './provision.js'

/**
 * One row of a GIAS (Get Information About Schools) "edubasealldata" establishment download, turned into a setting
 * of the directory, or into the reasons it cannot be. Pure: no I/O. Columns are looked up by their GIAS header name,
 * so an extract with fewer columns, or in another order, reads the same.
 * Sources: the GIAS download's column names and code-list values as read by MastodonC/witan.gias and DfE services.
 */

/** A row as read from the CSV: header name to the field's text (absent when the file has no such column). */
export type GiasRow = Readonly<Record<string, string | undefined>>

/** The columns without which a file is not a GIAS establishment list at all. */
export const requiredGiasColumns = [
  'URN',
  'EstablishmentName',
  'TypeOfEstablishment (name)',
  'EstablishmentTypeGroup (name)',
] as const

/** A reason a row was refused, naming the GIAS column at fault. */
export interface RowProblem {
  field: string
  message: string
}

/** A resource base is never a GIAS row: it is a record attached to its host school (setting.host_setting_id). */
export type GiasProvision = Exclude<Provision, 'resource_base'>

/** What the directory keeps of a GIAS establishment. Dates are ISO `YYYY-MM-DD`. */
export interface GiasSetting {
  urn: number
  ukprn: number | null
  laEstablishmentNumber: string | null
  name: string
  typeGroup: string | null
  establishmentType: string
  phase: Phase | null
  provision: GiasProvision
  address: string | null
  town: string | null
  postcode: string | null
  locality: string | null
  localAuthorityCode: string | null
  openedOn: string | null
  closedOn: string | null
  ofstedRating: OfstedGrade | null
  ageFrom: number | null
  ageTo: number | null
  designation: EhcNeedCode[]
}

export type GiasRowResult =
  | { ok: true; setting: GiasSetting }
  | { ok: false; urn: number | undefined; name: string | undefined; problems: RowProblem[] }

const byLowerCase = <T>(entries: [string, T][]) => new Map(entries.map(([k, v]) => [k.toLowerCase(), v]))

/** TypeOfEstablishment (name) to provision. Names compare without regard to case: GIAS has changed case over time. */
const provisionByType = byLowerCase<GiasProvision>([
  ['Community school', 'mainstream'],
  ['Voluntary aided school', 'mainstream'],
  ['Voluntary controlled school', 'mainstream'],
  ['Foundation school', 'mainstream'],
  ['City technology college', 'mainstream'],
  ['Academy sponsor led', 'mainstream'],
  ['Academy converter', 'mainstream'],
  ['Free schools', 'mainstream'],
  ['University technical college', 'mainstream'],
  ['Studio schools', 'mainstream'],
  ['Local authority nursery school', 'early_years'],
  ['Community special school', 'special'],
  ['Foundation special school', 'special'],
  ['Academy special sponsor led', 'special'],
  ['Academy special converter', 'special'],
  ['Free schools special', 'special'],
  // Places at non-maintained special schools are bought placement by placement, as at independent special schools,
  // rather than commissioned: place planning counts them with independent placements.
  ['Non-maintained special school', 'independent'],
  ['Other independent special school', 'independent'],
  ['Other independent school', 'independent'],
  ['Pupil referral unit', 'alternative_provision'],
  ['Academy alternative provision converter', 'alternative_provision'],
  ['Academy alternative provision sponsor led', 'alternative_provision'],
  ['Free schools alternative provision', 'alternative_provision'],
  ['Further education', 'post_16'],
  ['Sixth form centres', 'post_16'],
  ['Special post 16 institution', 'post_16'],
  ['Academy 16-19 converter', 'post_16'],
  ['Academy 16 to 19 sponsor led', 'post_16'],
  ['Free schools 16 to 19', 'post_16'],
])

/**
 * Types GIAS lists that are not settings a child's EHC plan or SEN Support is placed at by this service:
 * refused with their own reason, so an operator can tell them from a misspelt type.
 */
const typesNotHeld = new Set(
  [
    'Higher education institutions',
    'Welsh establishment',
    'Offshore schools',
    'British schools overseas',
    'Service childrens education',
    "Service children's education",
    'Miscellaneous',
    'Secure units',
    'Academy secure 16 to 19',
    'Online provider',
    'Institution funded by other government department',
    "Children's centre",
    "Children's centre linked site",
  ].map((t) => t.toLowerCase()),
)

/**
 * EstablishmentTypeGroup (name) for a type this table does not know yet: only groups that decide the provision on
 * their own. The maintained, academy and free school groups also hold special, AP and 16–19 types, so they cannot.
 */
const provisionByGroup = byLowerCase<GiasProvision>([
  ['Special schools', 'special'],
  ['Independent schools', 'independent'],
  ['Colleges', 'post_16'],
])

/** SEN1 (name) … SEN13 (name): GIAS's "type of SEN provision" to the SEN2 need code. */
const needBySenProvisionName = byLowerCase<EhcNeedCode>([
  ['SpLD - Specific Learning Difficulty', 'SPLD'],
  ['MLD - Moderate Learning Difficulty', 'MLD'],
  ['SLD - Severe Learning Difficulty', 'SLD'],
  ['PMLD - Profound and Multiple Learning Difficulty', 'PMLD'],
  ['SEMH - Social, Emotional and Mental Health', 'SEMH'],
  // BESD was the SEN type the 2014 SEND Code of Practice replaced with SEMH; older GIAS records may still carry it.
  ['BESD - Behaviour, Emotional and Social Difficulties', 'SEMH'],
  ['SLCN - Speech, language and Communication', 'SLCN'],
  ['HI - Hearing Impairment', 'HI'],
  ['VI - Visual Impairment', 'VI'],
  ['MSI - Multi-Sensory Impairment', 'MSI'],
  ['PD - Physical Disability', 'PD'],
  ['ASD - Autistic Spectrum Disorder', 'ASD'],
  ['OTH - Other Difficulty/Disability', 'OTH'],
])
const senColumns = Array.from({ length: 13 }, (_, i) => `SEN${i + 1} (name)`)

/** OfstedRating (name). Serious weaknesses and special measures are the two categories of concern within grade 4. */
const ofstedByName = byLowerCase<OfstedGrade>([
  ['Outstanding', 1],
  ['Good', 2],
  ['Requires improvement', 3],
  ['Inadequate', 4],
  ['Serious Weaknesses', 4],
  ['Special Measures', 4],
])

const notApplicable = new Set(['', 'not applicable', 'not recorded', 'does not apply'])
const phaseByName = byLowerCase<Phase>(phases.map((p) => [p, p]))

// The directory serves children and young people from 0 to 25 (Children and Families Act 2014 s.83).
const oldestAge = 25
const largestInteger = 2_147_483_647

function text(row: GiasRow, column: string): string | undefined {
  const value = row[column]?.trim()
  return value ? value : undefined
}

/** GIAS dates are DD-MM-YYYY; the result is ISO, or undefined for a date that does not exist. */
export function parseGiasDate(value: string): string | undefined {
  const match = /^(\d{2})-(\d{2})-(\d{4})$/.exec(value)
  if (!match) return undefined
  const [, dd, mm, yyyy] = match as unknown as [string, string, string, string]
  const day = Number(dd)
  const month = Number(mm)
  const year = Number(yyyy)
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (month < 1 || month > 12 || day < 1 || day > lastDay) return undefined
  return `${yyyy}-${mm}-${dd}`
}

/** A UK postcode in its one written form (upper case, one space before the inward code), or undefined. */
export function normalisePostcode(value: string): string | undefined {
  const spaced = value.trim().toUpperCase().replace(/\s+/g, ' ')
  // A space already written marks where the inward code starts; only a postcode written without one is split here.
  const written = spaced.includes(' ') ? spaced : `${spaced.slice(0, -3)} ${spaced.slice(-3)}`
  return /^([A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}|GIR 0AA)$/.test(written) ? written : undefined
}

/** Maps one GIAS row to a setting, or to every reason it cannot be one (all of them, not just the first). */
export function settingFromGiasRow(row: GiasRow): GiasRowResult {
  const problems: RowProblem[] = []
  const problem = (field: string, message: string) => problems.push({ field, message })

  const urnText = text(row, 'URN')
  let urn: number | undefined
  if (urnText === undefined) problem('URN', 'URN is missing')
  else if (!/^\d+$/.test(urnText) || Number(urnText) < 1 || Number(urnText) > largestInteger)
    problem('URN', `URN "${urnText}" is not a positive whole number`)
  else urn = Number(urnText)

  const name = text(row, 'EstablishmentName')
  if (name === undefined) problem('EstablishmentName', 'EstablishmentName is missing')

  const establishmentType = text(row, 'TypeOfEstablishment (name)')
  const typeGroup = text(row, 'EstablishmentTypeGroup (name)')
  let provision: GiasProvision | undefined
  if (establishmentType === undefined) problem('TypeOfEstablishment (name)', 'TypeOfEstablishment (name) is missing')
  else if (typesNotHeld.has(establishmentType.toLowerCase()))
    problem('TypeOfEstablishment (name)', `"${establishmentType}" is not a type of setting the directory holds`)
  else {
    provision =
      provisionByType.get(establishmentType.toLowerCase()) ??
      (typeGroup ? provisionByGroup.get(typeGroup.toLowerCase()) : undefined)
    if (provision === undefined)
      problem('TypeOfEstablishment (name)', `"${establishmentType}" is not a known type of establishment`)
  }

  const phaseText = text(row, 'PhaseOfEducation (name)')
  let phase: Phase | null = null
  if (phaseText !== undefined && !notApplicable.has(phaseText.toLowerCase())) {
    const known = phaseByName.get(phaseText.toLowerCase())
    if (known) phase = known
    else problem('PhaseOfEducation (name)', `"${phaseText}" is not a known phase of education`)
  }

  const localAuthorityCode = text(row, 'LA (code)') ?? null
  if (localAuthorityCode !== null && !/^\d{3}$/.test(localAuthorityCode))
    problem('LA (code)', `LA (code) "${localAuthorityCode}" is not a 3-digit local authority number`)
  const establishmentNumber = text(row, 'EstablishmentNumber')
  if (establishmentNumber !== undefined && !/^\d{1,4}$/.test(establishmentNumber))
    problem('EstablishmentNumber', `EstablishmentNumber "${establishmentNumber}" is not a number of up to 4 digits`)
  const laEstablishmentNumber =
    localAuthorityCode && establishmentNumber ? `${localAuthorityCode}/${establishmentNumber}` : null

  const ukprnText = text(row, 'UKPRN')
  let ukprn: number | null = null
  if (ukprnText !== undefined) {
    if (/^[1-9]\d{7}$/.test(ukprnText)) ukprn = Number(ukprnText)
    else problem('UKPRN', `UKPRN "${ukprnText}" is not 8 digits`)
  }

  const postcodeText = text(row, 'Postcode')
  let postcode: string | null = null
  if (postcodeText !== undefined) {
    const normal = normalisePostcode(postcodeText)
    if (normal) postcode = normal
    else problem('Postcode', `Postcode "${postcodeText}" is not in the format of a UK postcode`)
  }

  const date = (column: 'OpenDate' | 'CloseDate') => {
    const value = text(row, column)
    if (value === undefined) return null
    const iso = parseGiasDate(value)
    if (iso === undefined) problem(column, `${column} "${value}" is not a real date in the form DD-MM-YYYY`)
    return iso ?? null
  }
  const openedOn = date('OpenDate')
  const closedOn = date('CloseDate')
  if (openedOn && closedOn && closedOn < openedOn) problem('CloseDate', 'CloseDate is before OpenDate')

  const age = (column: 'StatutoryLowAge' | 'StatutoryHighAge') => {
    const value = text(row, column)
    if (value === undefined) return null
    if (!/^\d{1,2}$/.test(value)) {
      problem(column, `${column} "${value}" is not an age in whole years`)
      return null
    }
    return Number(value)
  }
  const ageFrom = age('StatutoryLowAge')
  // GIAS gives colleges an open upper age (such as 99); the directory's range stops where the service's does.
  const highAge = age('StatutoryHighAge')
  const ageTo = highAge === null ? null : Math.min(highAge, oldestAge)
  if (ageFrom !== null && ageFrom > oldestAge)
    problem('StatutoryLowAge', `StatutoryLowAge ${ageFrom} is over ${oldestAge}, the oldest age the service serves`)
  else if (ageFrom !== null && highAge !== null && ageFrom > highAge)
    problem(
      'StatutoryHighAge',
      `The age range is reversed: StatutoryLowAge ${ageFrom} is above StatutoryHighAge ${highAge}`,
    )

  const ofstedText = text(row, 'OfstedRating (name)')
  let ofstedRating: OfstedGrade | null = null
  if (ofstedText !== undefined && !notApplicable.has(ofstedText.toLowerCase())) {
    const grade = ofstedByName.get(ofstedText.toLowerCase())
    if (grade) ofstedRating = grade
    else problem('OfstedRating (name)', `"${ofstedText}" is not an Ofsted rating`)
  }

  const needs = new Set<EhcNeedCode>()
  for (const column of senColumns) {
    const value = text(row, column)
    if (value === undefined || notApplicable.has(value.toLowerCase())) continue
    const need = needBySenProvisionName.get(value.toLowerCase())
    if (need) needs.add(need)
    else problem(column, `"${value}" is not a known type of SEN provision`)
  }
  // In the SEN2 code list's order, so the same designation always compares equal.
  const designation = needTypes.map((n) => n.code).filter((code): code is EhcNeedCode => needs.has(code as EhcNeedCode))

  // Royal Mail needs no county in an address, so County (name) is left out.
  const address = ['Street', 'Locality', 'Address3'].map((c) => text(row, c)).filter(Boolean)

  if (problems.length || urn === undefined || name === undefined || !establishmentType || !provision)
    return { ok: false, urn, name, problems }
  return {
    ok: true,
    setting: {
      urn,
      ukprn,
      laEstablishmentNumber,
      name,
      typeGroup: typeGroup ?? null,
      establishmentType,
      phase,
      provision,
      address: address.length ? address.join(', ') : null,
      town: text(row, 'Town') ?? null,
      postcode,
      locality: text(row, 'DistrictAdministrative (name)') ?? null,
      localAuthorityCode,
      openedOn,
      closedOn,
      ofstedRating,
      ageFrom,
      ageTo,
      designation,
    },
  }
}
