import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type GiasRow, normalisePostcode, parseGiasDate, settingFromGiasRow } from '../../src/directory/gias.js'

/** A GIAS row for a Birmingham community primary school; each test changes what it is about. */
function giasRow(changes: Record<string, string> = {}): GiasRow {
  return {
    URN: '103245',
    'LA (code)': '330',
    'LA (name)': 'Birmingham',
    EstablishmentNumber: '2012',
    EstablishmentName: 'Elmstead Primary School',
    'TypeOfEstablishment (name)': 'Community school',
    'EstablishmentTypeGroup (name)': 'Local authority maintained schools',
    'EstablishmentStatus (name)': 'Open',
    OpenDate: '',
    CloseDate: '',
    'PhaseOfEducation (name)': 'Primary',
    StatutoryLowAge: '3',
    StatutoryHighAge: '11',
    UKPRN: '',
    Street: 'Elmstead Road',
    Locality: 'Stechford',
    Address3: '',
    Town: 'Birmingham',
    'County (name)': 'West Midlands',
    Postcode: 'B33 8QA',
    'OfstedRating (name)': 'Good',
    'SEN1 (name)': 'Not Applicable',
    'DistrictAdministrative (name)': 'Birmingham',
    ...changes,
  }
}

function mapped(changes: Record<string, string> = {}) {
  const result = settingFromGiasRow(giasRow(changes))
  assert.ok(result.ok, `expected the row to map, got ${JSON.stringify(!result.ok && result.problems)}`)
  return result.setting
}

function problems(changes: Record<string, string>) {
  const result = settingFromGiasRow(giasRow(changes))
  assert.ok(!result.ok, 'expected the row to be refused')
  return result.problems
}

describe('GIAS establishment rows', () => {
  it('maps a mainstream primary school', () => {
    assert.deepEqual(mapped(), {
      urn: 103245,
      ukprn: null,
      laEstablishmentNumber: '330/2012',
      name: 'Elmstead Primary School',
      typeGroup: 'Local authority maintained schools',
      establishmentType: 'Community school',
      phase: 'Primary',
      provision: 'mainstream',
      address: 'Elmstead Road, Stechford',
      town: 'Birmingham',
      postcode: 'B33 8QA',
      locality: 'Birmingham',
      localAuthorityCode: '330',
      openedOn: null,
      closedOn: null,
      ofstedRating: 2,
      ageFrom: 3,
      ageTo: 11,
      designation: [],
    })
  })

  const provisionCases: [string, string, string][] = [
    ['Academy converter', 'Academies', 'mainstream'],
    ['Free schools', 'Free Schools', 'mainstream'],
    ['University technical college', 'Free Schools', 'mainstream'],
    ['Local authority nursery school', 'Local authority maintained schools', 'early_years'],
    ['Community special school', 'Special schools', 'special'],
    ['Academy special converter', 'Academies', 'special'],
    ['Free schools special', 'Free Schools', 'special'],
    ['Non-maintained special school', 'Special schools', 'independent'],
    ['Other independent special school', 'Independent schools', 'independent'],
    ['Other independent school', 'Independent schools', 'independent'],
    ['Pupil referral unit', 'Local authority maintained schools', 'alternative_provision'],
    ['Academy alternative provision sponsor led', 'Academies', 'alternative_provision'],
    ['Free schools alternative provision', 'Free Schools', 'alternative_provision'],
    ['Further education', 'Colleges', 'post_16'],
    ['Sixth form centres', 'Colleges', 'post_16'],
    ['Academy 16-19 converter', 'Academies', 'post_16'],
    ['Special post 16 institution', 'Colleges', 'post_16'],
    // A type added to GIAS after this table was written still maps when its group decides the provision.
    ['Academy special hospital school', 'Special schools', 'special'],
    ['COMMUNITY SCHOOL', 'Local authority maintained schools', 'mainstream'],
  ]
  for (const [type, group, provision] of provisionCases) {
    it(`derives ${provision} from ${type} (${group})`, () => {
      assert.equal(
        mapped({ 'TypeOfEstablishment (name)': type, 'EstablishmentTypeGroup (name)': group }).provision,
        provision,
      )
    })
  }

  it('never makes a resource base from a GIAS row', () => {
    for (const [type, group] of provisionCases) {
      const result = settingFromGiasRow(
        giasRow({ 'TypeOfEstablishment (name)': type, 'EstablishmentTypeGroup (name)': group }),
      )
      assert.ok(result.ok && (result.setting.provision as string) !== 'resource_base')
    }
  })

  it('maps SEN1 to SEN13 to SEN2 need codes, once each, in the code list’s order, ignoring Not Applicable', () => {
    const setting = mapped({
      'TypeOfEstablishment (name)': 'Community special school',
      'EstablishmentTypeGroup (name)': 'Special schools',
      'SEN1 (name)': 'SLCN - Speech, language and Communication',
      'SEN2 (name)': 'ASD - Autistic Spectrum Disorder',
      'SEN3 (name)': 'Not Applicable',
      'SEN4 (name)': 'SpLD - Specific Learning Difficulty',
      'SEN5 (name)': 'ASD - Autistic Spectrum Disorder',
      'SEN13 (name)': 'PMLD - Profound and Multiple Learning Difficulty',
    })
    assert.deepEqual(setting.designation, ['SPLD', 'PMLD', 'SLCN', 'ASD'])
  })

  it('maps every GIAS type of SEN provision', () => {
    const names: [string, string][] = [
      ['SpLD - Specific Learning Difficulty', 'SPLD'],
      ['MLD - Moderate Learning Difficulty', 'MLD'],
      ['SLD - Severe Learning Difficulty', 'SLD'],
      ['PMLD - Profound and Multiple Learning Difficulty', 'PMLD'],
      ['SEMH - Social, Emotional and Mental Health', 'SEMH'],
      ['BESD - Behaviour, Emotional and Social Difficulties', 'SEMH'],
      ['SLCN - Speech, language and Communication', 'SLCN'],
      ['HI - Hearing Impairment', 'HI'],
      ['VI - Visual Impairment', 'VI'],
      ['MSI - Multi-Sensory Impairment', 'MSI'],
      ['PD - Physical Disability', 'PD'],
      ['ASD - Autistic Spectrum Disorder', 'ASD'],
      ['OTH - Other Difficulty/Disability', 'OTH'],
    ]
    for (const [name, code] of names) assert.deepEqual(mapped({ 'SEN1 (name)': name }).designation, [code], name)
  })

  it('reads Ofsted ratings as grades 1 to 4, with the categories of concern as inadequate', () => {
    assert.equal(mapped({ 'OfstedRating (name)': 'Outstanding' }).ofstedRating, 1)
    assert.equal(mapped({ 'OfstedRating (name)': 'Requires improvement' }).ofstedRating, 3)
    assert.equal(mapped({ 'OfstedRating (name)': 'Inadequate' }).ofstedRating, 4)
    assert.equal(mapped({ 'OfstedRating (name)': 'Special Measures' }).ofstedRating, 4)
    assert.equal(mapped({ 'OfstedRating (name)': '' }).ofstedRating, null)
  })

  it('reads DD-MM-YYYY dates, a UKPRN, a post-16 open upper age, and a missing phase', () => {
    const college = mapped({
      'TypeOfEstablishment (name)': 'Further education',
      'EstablishmentTypeGroup (name)': 'Colleges',
      'PhaseOfEducation (name)': 'Not applicable',
      OpenDate: '01-09-1993',
      CloseDate: '31-08-2024',
      UKPRN: '10003867',
      StatutoryLowAge: '16',
      StatutoryHighAge: '99',
    })
    assert.equal(college.openedOn, '1993-09-01')
    assert.equal(college.closedOn, '2024-08-31')
    assert.equal(college.ukprn, 10003867)
    assert.equal(college.ageTo, 25)
    assert.equal(college.phase, null)
  })

  it('writes postcodes one way, and takes a file with fewer columns', () => {
    assert.equal(mapped({ Postcode: ' b44  9ty ' }).postcode, 'B44 9TY')
    assert.equal(normalisePostcode('EC1A1BB'), 'EC1A 1BB')
    assert.equal(normalisePostcode('GIR0AA'), 'GIR 0AA')
    const minimal = settingFromGiasRow({
      URN: '1',
      EstablishmentName: 'A',
      'TypeOfEstablishment (name)': 'Foundation school',
      'EstablishmentTypeGroup (name)': 'Local authority maintained schools',
    })
    assert.ok(minimal.ok)
    assert.equal(minimal.setting.laEstablishmentNumber, null)
    assert.equal(minimal.setting.address, null)
  })

  it('knows real dates from impossible ones', () => {
    assert.equal(parseGiasDate('29-02-2024'), '2024-02-29')
    assert.equal(parseGiasDate('29-02-2023'), undefined)
    assert.equal(parseGiasDate('31-04-2020'), undefined)
    assert.equal(parseGiasDate('00-01-2020'), undefined)
    assert.equal(parseGiasDate('01-13-2020'), undefined)
    assert.equal(parseGiasDate('2020-01-01'), undefined)
  })

  const refusals: [string, Record<string, string>, string, RegExp][] = [
    ['a missing URN', { URN: '' }, 'URN', /URN is missing/],
    ['a URN with letters', { URN: '10A345' }, 'URN', /not a positive whole number/],
    ['a zero URN', { URN: '0' }, 'URN', /not a positive whole number/],
    ['a negative URN', { URN: '-5' }, 'URN', /not a positive whole number/],
    ['a URN too large to store', { URN: '99999999999' }, 'URN', /not a positive whole number/],
    ['a missing name', { EstablishmentName: ' ' }, 'EstablishmentName', /missing/],
    [
      'an unknown type',
      { 'TypeOfEstablishment (name)': 'Floating school', 'EstablishmentTypeGroup (name)': 'Other types' },
      'TypeOfEstablishment (name)',
      /not a known type of establishment/,
    ],
    [
      'an unknown type in a group of many provisions',
      { 'TypeOfEstablishment (name)': 'Academy of something', 'EstablishmentTypeGroup (name)': 'Academies' },
      'TypeOfEstablishment (name)',
      /not a known type/,
    ],
    [
      'a type the directory does not hold',
      {
        'TypeOfEstablishment (name)': 'Higher education institutions',
        'EstablishmentTypeGroup (name)': 'Universities',
      },
      'TypeOfEstablishment (name)',
      /not a type of setting the directory holds/,
    ],
    ['an invalid postcode', { Postcode: 'B99 XX' }, 'Postcode', /not in the format of a UK postcode/],
    ['a postcode of digits', { Postcode: '12345' }, 'Postcode', /UK postcode/],
    ['an impossible open date', { OpenDate: '31-02-2019' }, 'OpenDate', /not a real date/],
    ['an ISO close date', { CloseDate: '2019-08-31' }, 'CloseDate', /DD-MM-YYYY/],
    ['a close date before the open date', { OpenDate: '01-09-2019', CloseDate: '31-08-2019' }, 'CloseDate', /before/],
    ['a reversed age range', { StatutoryLowAge: '11', StatutoryHighAge: '4' }, 'StatutoryHighAge', /reversed/],
    ['an age that is not a number', { StatutoryLowAge: 'four' }, 'StatutoryLowAge', /whole years/],
    ['a lowest age over 25', { StatutoryLowAge: '30', StatutoryHighAge: '99' }, 'StatutoryLowAge', /over 25/],
    ['a 7-digit UKPRN', { UKPRN: '1234567' }, 'UKPRN', /not 8 digits/],
    ['a UKPRN with letters', { UKPRN: '1000386X' }, 'UKPRN', /not 8 digits/],
    ['an LA code of 2 digits', { 'LA (code)': '33' }, 'LA (code)', /3-digit/],
    ['an establishment number with letters', { EstablishmentNumber: '20A' }, 'EstablishmentNumber', /up to 4 digits/],
    ['an unknown Ofsted rating', { 'OfstedRating (name)': 'Brilliant' }, 'OfstedRating (name)', /not an Ofsted rating/],
    ['an unknown phase', { 'PhaseOfEducation (name)': 'Tertiary' }, 'PhaseOfEducation (name)', /phase/],
    ['an unknown SEN type', { 'SEN2 (name)': 'XYZ - Unknown' }, 'SEN2 (name)', /type of SEN provision/],
  ]
  for (const [what, changes, field, message] of refusals) {
    it(`refuses ${what}, naming ${field}`, () => {
      const found = problems(changes).find((p) => p.field === field)
      assert.ok(found, `no problem named ${field}`)
      assert.match(found.message, message)
    })
  }

  it('reports every problem of a row at once, with the URN and name it could read', () => {
    const result = settingFromGiasRow(giasRow({ Postcode: 'nowhere', UKPRN: '12', OpenDate: '30-02-2020' }))
    assert.ok(!result.ok)
    assert.equal(result.urn, 103245)
    assert.equal(result.name, 'Elmstead Primary School')
    assert.deepEqual(result.problems.map((p) => p.field).sort(), ['OpenDate', 'Postcode', 'UKPRN'])
  })
})
