/**
 * Builds src/seed/calibration.json from the DfE "Education, health and care plans" statistics (reporting year 2025):
 * each local authority's EHC plans at January 2025, primary need, age, sex, ethnicity and placement mixes, and requests
 * in 2024, with England's totals, and the statutory process year by year (2019 to 2024): requests and refusals, decisions
 * within 6 weeks, plans issued within 20 weeks with and without exceptions. The seed generator reads only the JSON; the
 * product never reads shared/data.
 *
 *   node --import tsx scripts/build-calibration.ts [DATA_DIR]     (default ../shared/data)
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const repoRoot = path.resolve(import.meta.dirname, '..')
const dataDir = path.resolve(process.argv[2] ?? '../shared/data')
const releaseDir = path.join(dataDir, 'dfe-ehc-plans-2025', 'data')
const output = path.join(repoRoot, 'src', 'seed', 'calibration.json')

/** The reference figures (DESIGN.md sections 3.2 and 4.7); SEN Support is not in the EHC plan statistics. */
const englandSenSupport = 1_300_000
const birminghamSenSupport = 35_000
const birminghamCode = '330'
const latestJanuary = '202425'
const requestsYear = '2024'
/** Calendar years of the process figures (requests, assessments, timeliness): the release's six. */
const processYears = ['2019', '2020', '2021', '2022', '2023', '2024']

type Row = Record<string, string>

/** RFC 4180 CSV as the DfE publishes it: a BOM, a header row, quoted fields where a name holds a comma. */
function readCsv(file: string): Row[] {
  const text = readFileSync(path.join(releaseDir, file), 'utf8').replace(/^\uFEFF/, '')
  const records: string[][] = []
  let field = ''
  let record: string[] = []
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      record.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      record.push(field)
      records.push(record)
      record = []
      field = ''
    } else field += c
  }
  if (field !== '' || record.length) records.push([...record, field])
  const [header, ...body] = records
  if (!header) throw new Error(`${file} is empty`)
  return body.filter((r) => r.length === header.length).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]!])))
}

/** A published count; 'x' (unavailable), 'z' (not applicable) and blanks are null. */
function count(row: Row | undefined, column: string): number | null {
  const value = row?.[column]
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null
}

function sum(row: Row | undefined, columns: string[]): number | null {
  const values = columns.map((c) => count(row, c))
  return values.some((v) => v === null) ? null : values.reduce<number>((a, b) => a + (b ?? 0), 0)
}

const isLa = (r: Row) => r.geographic_level === 'Local authority'
const isEngland = (r: Row) => r.geographic_level === 'National'
const areaKey = (r: Row) => (isEngland(r) ? 'E' : r.old_la_code!)

// Primary need, in SEN2 codes. Down syndrome is published under "other" (data guidance, footnote 1).
const needColumns = {
  ASD: 'number_asd',
  HI: 'number_hi',
  MLD: 'number_mld',
  MSI: 'number_msi',
  OTH: 'number_oth',
  PD: 'number_pd',
  PMLD: 'number_pmld',
  SEMH: 'number_semh',
  SLCN: 'number_slcn',
  SLD: 'number_sld',
  SPLD: 'number_spld',
  VI: 'number_vi',
  unknown: 'number_need_unknown',
} as const
type NeedKey = keyof typeof needColumns
const needKeys = Object.keys(needColumns) as NeedKey[]

const ageBands = ['under 3', ...Array.from({ length: 23 }, (_, i) => String(i + 3))]

// School census / CBDS ethnicity codes for the published groups. "Unclassified" (refused or not obtained) is kept as
// NOBT, information not yet obtained.
const ethnicityCodes: Record<string, string> = {
  'White - White British': 'WBRI',
  'White - Irish': 'WIRI',
  'White - Traveller of Irish heritage': 'WIRT',
  'White - Gypsy/Roma': 'WROM',
  'White - Any other White background': 'WOTH',
  'Mixed - White and Black Caribbean': 'MWBC',
  'Mixed - White and Black African': 'MWBA',
  'Mixed - White and Asian': 'MWAS',
  'Mixed - Any other Mixed background': 'MOTH',
  'Asian - Indian': 'AIND',
  'Asian - Pakistani': 'APKN',
  'Asian - Bangladeshi': 'ABAN',
  'Asian - Chinese': 'CHNE',
  'Asian - Any other Asian background': 'AOTH',
  'Black - Black Caribbean': 'BCRB',
  'Black - Black African': 'BAFR',
  'Black - Any other Black background': 'BOTH',
  'Any other ethnic group': 'OOTH',
  Unclassified: 'NOBT',
}

/**
 * Placements at January, in the groups the generator places children in. Each is the sum of published caseload
 * columns (caseload.csv) and of "Type of placement" rows (sen_needs_all_plans.csv) for the need split.
 */
const placements = {
  mainstream: {
    columns: ['mainstream_la_maintained', 'mainstream_academy', 'mainstream_free_school'],
    rows: ['Mainstream - LA maintained', 'Mainstream - academy', 'Mainstream - free school'],
  },
  resourced: {
    columns: [
      'mainstream_la_maintained_resourced_provision',
      'mainstream_la_maintained_senunit',
      'mainstream_academy_resourced_provision',
      'mainstream_academy_senunit',
      'mainstream_free_school_resourced_provision',
      'mainstream_free_school_senunit',
    ],
    rows: [
      'Mainstream - LA maintained (resourced provision)',
      'Mainstream - LA maintained (SEN unit)',
      'Mainstream - academy (resourced provision)',
      'Mainstream - academy (SEN unit)',
      'Mainstream - free school (resourced provision)',
      'Mainstream - free school (SEN unit)',
    ],
  },
  special: {
    columns: ['special_la_maintained', 'special_academy_free'],
    rows: ['Special - LA maintained', 'Special - Academy/free schools'],
  },
  independentSpecial: {
    columns: ['special_independent', 'special_non_maintained'],
    rows: ['Special - independent', 'Special - non-maintained'],
  },
  independentMainstream: { columns: ['mainstream_independent'], rows: ['Mainstream - independent'] },
  furtherEducation: {
    columns: ['general_fe_tertiary_colleges', 'ukrlp_provider'],
    rows: ['FE - general FE and tertiary colleges', 'FE - UKRLP provider'],
  },
  specialistPost16: { columns: ['specialist_post_16_institutions'], rows: ['FE - specialist post-16 institutions'] },
  alternativeProvision: { columns: ['ap_pru_total'], rows: ['AP/PRU - total'] },
  earlyYears: { columns: ['nm_early_years'], rows: ['Non-maintained early years'] },
  educatedElsewhere: { columns: ['ed_elsewhere'], rows: ['Educated elsewhere - total'] },
  notRecorded: { columns: ['placement_unknown'], rows: ['Placement not recorded'] },
} as const
type PlacementKey = keyof typeof placements
const placementKeys = Object.keys(placements) as PlacementKey[]

/** The six setting types of the brief, as groups of placements. */
const settingGroups: Record<string, PlacementKey[]> = {
  mainstream: ['mainstream'],
  resourcedProvisionAndSenUnits: ['resourced'],
  special: ['special'],
  independent: ['independentSpecial', 'independentMainstream'],
  post16: ['furtherEducation', 'specialistPost16'],
  other: ['alternativeProvision', 'earlyYears', 'educatedElsewhere', 'notRecorded'],
}

function groupBy(rows: Row[], key: (r: Row) => string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>()
  for (const row of rows) {
    const k = key(row)
    const list = groups.get(k)
    if (list) list.push(row)
    else groups.set(k, [row])
  }
  return groups
}

const caseload = readCsv('caseload.csv').filter((r) => r.time_period === latestJanuary && (isLa(r) || isEngland(r)))
const needs = readCsv('sen_needs_all_plans.csv').filter(
  (r) => r.time_period === latestJanuary && (isLa(r) || isEngland(r)),
)
const requests = readCsv('requests.csv').filter(
  (r) => r.time_period === requestsYear && r.breakdown_topic === 'All requests for EHC needs assessments',
)
/** Each area's rows of a calendar-year table, for its headline breakdown, by year. */
function processTable(file: string, topic: string): Map<string, Map<string, Row>> {
  const table = new Map<string, Map<string, Row>>()
  for (const row of readCsv(file)) {
    if (row.breakdown_topic !== topic || !(isLa(row) || isEngland(row))) continue
    const key = areaKey(row)
    const years = table.get(key) ?? new Map<string, Row>()
    years.set(row.time_period!, row)
    table.set(key, years)
  }
  return table
}
const processTables = {
  requests: processTable('requests.csv', 'All requests for EHC needs assessments'),
  assessments: processTable('assessments.csv', 'All EHC needs assessments'),
  timeliness: processTable('timeliness_20_week.csv', 'All EHC plans issued'),
  newPlans: processTable('newplans.csv', 'New EHC plans'),
}
/** Each figure of the process: its table and column (data guidance, "requests", "assessments", "timeliness_20_week"). */
const processColumns = {
  requests: ['requests', 'requests_received_in_year'],
  notAssessed: ['requests', 'requests_decided_not_to_assess'],
  requestsWithdrawn: ['requests', 'requests_withdrawn'],
  decidedWithinSixWeeks: ['requests', 'request_outcome_six_weeks'],
  decidedAfterSixWeeks: ['requests', 'request_outcome_over_6_weeks'],
  assessedIssued: ['assessments', 'assess_issued'],
  assessedNotIssued: ['assessments', 'assess_not_issued'],
  notIssuedWithinSixteenWeeks: ['assessments', 'outcome_decision_within_time'],
  plansIssued: ['timeliness', 'plans_issued_den'],
  plansWithinTwentyWeeks: ['timeliness', 'plans_issued_within_20_weeks'],
  plansAfterOneYear: ['timeliness', 'plans_issued_gt_1_year'],
  plansIssuedWithoutExceptions: ['timeliness', 'plans_issued_den_ex'],
  plansWithinTwentyWeeksWithoutExceptions: ['timeliness', 'plans_issued_20_weeks_ex'],
  newPlans: ['newPlans', 'new_ehc_plans'],
} as const satisfies Record<string, [keyof typeof processTables, string]>

/** The process figures of one area, each a list over `processYears` with null where unpublished. */
function describeProcess(key: string) {
  return Object.fromEntries(
    Object.entries(processColumns).map(([figure, [table, column]]) => [
      figure,
      processYears.map((year) => count(processTables[table].get(key)?.get(year), column)),
    ]),
  )
}

const caseloadByArea = groupBy(caseload, areaKey)
const needsByArea = groupBy(needs, areaKey)
const requestsByArea = new Map(requests.filter((r) => isLa(r) || isEngland(r)).map((r) => [areaKey(r), r]))

function needCounts(row: Row | undefined): Record<NeedKey, number> | null {
  if (!row) return null
  const counts = needKeys.map((k) => count(row, needColumns[k]))
  if (counts.some((c) => c === null)) return null
  return Object.fromEntries(needKeys.map((k, i) => [k, counts[i]!])) as Record<NeedKey, number>
}

function describeArea(key: string) {
  const areaCaseload = caseloadByArea.get(key) ?? []
  const areaNeeds = needsByArea.get(key) ?? []
  const all = areaCaseload.find((r) => r.breakdown_topic === 'All EHC plans')
  if (!all) throw new Error(`No caseload row for ${key}`)
  const ehcPlans = count(all, 'ehcplans')
  if (ehcPlans === null) throw new Error(`No EHC plan count for ${key}`)
  const breakdown = (topic: string) =>
    new Map(
      areaCaseload.filter((r) => r.breakdown_topic === topic).map((r) => [r.breakdown!, count(r, 'ehcplans') ?? 0]),
    )
  const ages = breakdown('Child or young persons age')
  const sexes = breakdown('Sex')
  const ethnicities = breakdown('Ethnicity')

  const placementCounts = Object.fromEntries(placementKeys.map((k) => [k, sum(all, [...placements[k].columns])]))
  const placementsKnown = Object.values(placementCounts).every((v) => v !== null)
  const needRows = new Map(
    areaNeeds.filter((r) => r.breakdown_topic === 'Type of placement').map((r) => [r.breakdown!, r]),
  )
  const needsByPlacement: Partial<Record<PlacementKey, number[]>> = {}
  for (const k of placementKeys) {
    const rows = placements[k].rows.map((name) => needRows.get(name)).filter((r) => r !== undefined)
    const split = rows.map(needCounts)
    if (!rows.length || split.some((s) => s === null)) continue
    needsByPlacement[k] = needKeys.map((need) => split.reduce((total, s) => total + s![need], 0))
  }
  return {
    ehcPlans,
    needs: needCounts(areaNeeds.find((r) => r.breakdown_topic === 'All EHC plans')),
    ages: ageBands.map((band) => ages.get(band === 'under 3' ? band : `age ${band}`) ?? 0),
    sex: { F: sexes.get('Female') ?? 0, M: sexes.get('Male') ?? 0, U: sexes.get('Unknown') ?? 0 },
    ethnicity: Object.fromEntries(
      Object.entries(ethnicityCodes).map(([label, code]) => [code, ethnicities.get(label) ?? 0]),
    ),
    settingMix: placementsKnown
      ? Object.fromEntries(
          Object.entries(settingGroups).map(([group, keys]) => [
            group,
            keys.reduce((t, k) => t + placementCounts[k]!, 0),
          ]),
        )
      : null,
    placements: placementsKnown ? placementCounts : null,
    needsByPlacement,
    requests2024: count(requestsByArea.get(key), 'requests_received_in_year'),
    process: describeProcess(key),
  }
}

const laRows = caseload
  .filter((r) => isLa(r) && r.breakdown_topic === 'All EHC plans')
  .sort((a, b) => Number(a.old_la_code) - Number(b.old_la_code))
const england = describeArea('E')
const birminghamPlans = count(
  laRows.find((r) => r.old_la_code === birminghamCode),
  'ehcplans',
)
if (birminghamPlans === null) throw new Error('No Birmingham row')
// Everyone but Birmingham shares what is left of England's SEN Support in proportion to their EHC plans.
const senSupportPerPlan = (englandSenSupport - birminghamSenSupport) / (england.ehcPlans - birminghamPlans)

const authorities = laRows.map((r) => {
  const area = describeArea(r.old_la_code!)
  return {
    code: r.old_la_code!,
    name: r.la_name!,
    region: r.region_name!,
    ...area,
    senSupport: r.old_la_code === birminghamCode ? birminghamSenSupport : Math.round(area.ehcPlans * senSupportPerPlan),
  }
})

/** JSON with a record of plain values on one line, so that the file reads as a table and stays small. */
function stringify(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  const entries = Array.isArray(value) ? value.map((v) => [undefined, v] as const) : Object.entries(value)
  const flat = entries.every(([, v]) => v === null || typeof v !== 'object')
  const inner = `${indent}  `
  const items = entries.map(([k, v]) => (k === undefined ? '' : `${JSON.stringify(k)}: `) + stringify(v, inner))
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}']
  if (flat) return `${open}${items.join(', ')}${close}`
  return `${open}\n${items.map((item) => inner + item).join(',\n')}\n${indent}${close}`
}

const calibration = {
  source:
    'Department for Education, "Education, health and care plans", reporting year 2025 (explore-education-statistics.service.gov.uk), Open Government Licence v3.0: caseload.csv, sen_needs_all_plans.csv, requests.csv, assessments.csv, timeliness_20_week.csv, newplans.csv',
  builtBy: 'scripts/build-calibration.ts',
  reference: {
    plans: 'January 2025 (time_period 202425)',
    requests: 'calendar year 2024',
    process: `calendar years ${processYears[0]} to ${processYears.at(-1)}`,
  },
  notes: [
    'ehcPlans, needs, ages, sex, ethnicity, placements and settingMix are counts of EHC plans at January 2025 as published; requests2024 is requests for an EHC needs assessment received in 2024.',
    `senSupport is an estimate: SEN Support counts are not in the EHC plan statistics. Birmingham is ${birminghamSenSupport} (DESIGN.md 3.2); every other authority is its EHC plans x ${senSupportPerPlan.toFixed(4)}, so that England totals about ${englandSenSupport} (England SEN Support ~1.3 million against ${england.ehcPlans} plans, DESIGN.md 3.2).`,
    'needs are SEN2 codes; Down syndrome is published under OTH; unknown is "primary need not recorded".',
    `ages: plans by age of the child or young person, in the bands of ageBands (${ageBands[0]}, then single years 3 to 25).`,
    'ethnicity: school census (CBDS) codes for the published groups; NOBT stands for the published "Unclassified".',
    'settingMix groups the published placements: mainstream (LA maintained, academy, free school); resourcedProvisionAndSenUnits; special (LA maintained, academy and free school); independent (independent and non-maintained special, independent mainstream); post16 (FE and tertiary colleges, UKRLP providers, specialist post-16 institutions); other (alternative provision and PRUs, non-maintained early years, educated elsewhere, placement not recorded).',
    'settingMix and placements are null where the authority returned no placements (Cambridgeshire and North East Lincolnshire in 2025, data guidance footnote 1); needsByPlacement omits a placement whose need split is unavailable (Surrey) or absent (no plans there).',
    'needsByPlacement lists counts in the order of the needs keys.',
    `process: the statutory process in each calendar year of processYears, as published: requests received, decided not to assess, withdrawn, decided within and after 6 weeks (requests.csv); assessments ending in a plan or not, and decisions not to issue within 16 weeks (assessments.csv); plans issued, within 20 weeks and after 52 weeks, all and excluding those with exceptions (timeliness_20_week.csv); new plans (newplans.csv). null where the DfE publishes x (not available) or the figure is suppressed.`,
  ],
  ageBands,
  processYears: processYears.map(Number),
  needKeys,
  england: { ...england, senSupport: englandSenSupport },
  authorities,
}

writeFileSync(output, `${stringify(calibration, '')}\n`)
// The file is committed, so it is written as Biome formats it.
const biome = path.join(repoRoot, 'node_modules', '.bin', 'biome')
if (existsSync(biome)) spawnSync(biome, ['format', '--write', output], { stdio: 'ignore' })
const totalSupport = authorities.reduce((t, a) => t + a.senSupport, 0)
const totalPlans = authorities.reduce((t, a) => t + a.ehcPlans, 0)
console.log(
  `Wrote ${path.relative(process.cwd(), output)}: ${authorities.length} authorities, ${totalPlans} EHC plans, ${totalSupport} on SEN Support (estimated)`,
)
