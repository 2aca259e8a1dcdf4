import type { EhcNeedCode } from '../people/needs.js'

/**
 * Birmingham's own provision for the demo authority: the 27 special schools and 42 resource bases named in the SEND and
 * Inclusion Strategy 2017–2020 ("SPECIAL SCHOOLS - BIRMINGHAM", "RESOURCE BASES - BIRMINGHAM"), and the city's ten
 * districts as localities. The names, the linked sixth forms (*) and post-19 partnerships (**) and the three schools
 * outside the city boundary are the strategy's. Everything else here (designations, ages, types, districts, host
 * schools) is illustrative: plausible from the names, not checked against GIAS, and marked `illustrative` when seeded.
 */

export const birminghamDistricts = [
  { name: 'Edgbaston', postcodeDistricts: ['B15', 'B16', 'B17', 'B32'] },
  { name: 'Erdington', postcodeDistricts: ['B23', 'B24', 'B35', 'B44'] },
  { name: 'Hall Green', postcodeDistricts: ['B11', 'B12', 'B13', 'B28'] },
  { name: 'Hodge Hill', postcodeDistricts: ['B8', 'B9', 'B34', 'B36'] },
  { name: 'Ladywood', postcodeDistricts: ['B1', 'B5', 'B18', 'B19'] },
  { name: 'Northfield', postcodeDistricts: ['B31', 'B38', 'B45'] },
  { name: 'Perry Barr', postcodeDistricts: ['B20', 'B21', 'B42', 'B43'] },
  { name: 'Selly Oak', postcodeDistricts: ['B14', 'B29', 'B30'] },
  { name: 'Sutton Coldfield', postcodeDistricts: ['B72', 'B73', 'B74', 'B75', 'B76'] },
  { name: 'Yardley', postcodeDistricts: ['B25', 'B26', 'B27', 'B33'] },
] as const

export type District = (typeof birminghamDistricts)[number]['name']

export interface NamedSpecialSchool {
  /** Its number on the strategy's map. */
  number: number
  name: string
  designation: EhcNeedCode[]
  ageFrom: number
  ageTo: number
  academy: boolean
  /** * in the strategy: the school has linked sixth form provision. */
  sixthForm: boolean
  /** ** in the strategy: linked post-19 provision through a partnership. */
  post19: boolean
  district?: District
  /** The three schools the strategy lists outside the city boundary. */
  outside?: { town: string; authorityCode: string; postcodeDistrict: string }
}

const special = (
  number: number,
  name: string,
  designation: EhcNeedCode[],
  [ageFrom, ageTo]: [number, number],
  place: District | NonNullable<NamedSpecialSchool['outside']>,
  marks: '' | '*' | '**' = '',
  academy = false,
): NamedSpecialSchool => ({
  number,
  name,
  designation,
  ageFrom,
  ageTo,
  academy,
  sixthForm: marks === '*',
  post19: marks === '**',
  ...(typeof place === 'string' ? { district: place } : { outside: place }),
})

export const specialSchools: NamedSpecialSchool[] = [
  special(1, 'Baskerville School', ['ASD'], [11, 19], 'Edgbaston', '*'),
  special(2, 'Beaufort School', ['SLD', 'ASD'], [2, 11], 'Yardley'),
  special(3, 'Braidwood School for the Deaf', ['HI'], [11, 19], 'Hodge Hill', '*'),
  special(4, 'Brays School', ['PMLD', 'SLD', 'PD'], [2, 11], 'Yardley'),
  special(5, 'Calthorpe Teaching Academy', ['SLD', 'MLD', 'ASD'], [2, 19], 'Hall Green', '**', true),
  special(6, 'Cherry Oak School', ['SLD', 'ASD'], [2, 11], 'Selly Oak'),
  special(7, 'Fox Hollies School and Performing Arts College', ['SLD', 'ASD'], [11, 19], 'Yardley', '*'),
  special(8, 'Hallmoor School', ['MLD', 'SLD', 'ASD'], [4, 19], 'Yardley', '*'),
  special(9, 'Hamilton School', ['ASD', 'SLCN'], [4, 11], 'Perry Barr'),
  special(
    10,
    'Hunters Hill Technology College',
    ['SEMH'],
    [11, 16],
    { town: 'Bromsgrove', authorityCode: '885', postcodeDistrict: 'B61' },
    '',
    true,
  ),
  special(11, 'Langley School', ['MLD', 'ASD'], [4, 11], 'Sutton Coldfield'),
  special(12, 'Lindsworth School', ['SEMH'], [10, 16], 'Northfield', '', true),
  special(13, 'Longwill A Primary School for Deaf Children', ['HI'], [2, 11], 'Northfield'),
  special(14, 'Mayfield School (Primary)', ['SLD', 'ASD'], [2, 11], 'Perry Barr'),
  special(15, 'Mayfield School (Secondary)', ['SLD', 'ASD'], [11, 19], 'Perry Barr', '*'),
  special(16, 'Oscott Manor School', ['ASD'], [11, 19], 'Erdington', '*'),
  special(17, 'Priestley Smith School', ['VI', 'MSI'], [2, 19], 'Perry Barr', '*'),
  special(18, 'Queensbury School', ['MLD', 'ASD'], [11, 19], 'Erdington', '*'),
  special(19, 'Selly Oak Trust School', ['MLD', 'SLD', 'ASD'], [11, 19], 'Selly Oak', '*'),
  special(20, 'Skilts School', ['SEMH'], [5, 11], { town: 'Redditch', authorityCode: '885', postcodeDistrict: 'B98' }),
  special(21, 'Springfield House Community Special School', ['ASD'], [4, 11], {
    town: 'Knowle',
    authorityCode: '334',
    postcodeDistrict: 'B93',
  }),
  special(22, 'The Bridge School', ['ASD', 'SLD'], [2, 11], 'Perry Barr'),
  special(23, 'The Dame Ellen Pinsent School', ['MLD', 'ASD', 'SLCN'], [4, 11], 'Selly Oak'),
  special(24, 'The Pines Special School', ['ASD', 'SLCN'], [2, 11], 'Hodge Hill'),
  special(25, 'Uffculme School', ['ASD'], [3, 19], 'Hall Green', '*', true),
  special(26, 'Victoria School', ['PD', 'PMLD'], [2, 19], 'Northfield', '**'),
  special(27, 'Wilson Stuart School', ['PD', 'SLD'], [2, 19], 'Erdington', '**', true),
]

/** The phases of a host school, each with the GIAS phase, its ages and the ending of its name. */
export const hostPhases = {
  nursery: { phase: 'Nursery', ageFrom: 2, ageTo: 4, suffix: 'Nursery School' },
  primary: { phase: 'Primary', ageFrom: 4, ageTo: 11, suffix: 'Primary School' },
  infant: { phase: 'Primary', ageFrom: 4, ageTo: 7, suffix: 'Infant School' },
  junior: { phase: 'Primary', ageFrom: 7, ageTo: 11, suffix: 'Junior School' },
  secondary: { phase: 'Secondary', ageFrom: 11, ageTo: 16, suffix: 'School' },
  secondaryWithSixthForm: { phase: 'Secondary', ageFrom: 11, ageTo: 18, suffix: 'School' },
  allThrough: { phase: 'All-through', ageFrom: 4, ageTo: 18, suffix: 'School' },
} as const
export type HostPhase = keyof typeof hostPhases

export interface NamedResourceBase {
  number: number
  /** The name as the strategy prints it. */
  strategyName: string
  /** The resource base's own name: the host's, then "resource base". */
  name: string
  hostName: string
  hostPhase: HostPhase
  hostAcademy: boolean
  designation: EhcNeedCode[]
  district: District
  /** * in the strategy: linked sixth form provision. */
  sixthForm: boolean
}

const base = (
  number: number,
  strategyName: string,
  hostPhase: HostPhase,
  designation: EhcNeedCode[],
  district: District,
  { host, academy = false, sixthForm = false }: { host?: string; academy?: boolean; sixthForm?: boolean } = {},
): NamedResourceBase => {
  // "Meadows Primary (The)" is the strategy's index form of "The Meadows Primary".
  const plain = strategyName.replace(/^(.*) \(The\)$/, 'The $1')
  const { suffix } = hostPhases[hostPhase]
  const hostName = host ?? (plain.endsWith(suffix.split(' ')[0]!) ? `${plain} School` : `${plain} ${suffix}`)
  return {
    number,
    strategyName,
    name: `${plain} resource base`,
    hostName,
    hostPhase,
    hostAcademy: academy,
    designation,
    district,
    sixthForm,
  }
}

export const resourceBases: NamedResourceBase[] = [
  base(1, 'Allens Croft Nursery', 'nursery', ['SLCN', 'ASD'], 'Selly Oak'),
  base(2, 'Allens Croft Primary', 'primary', ['ASD'], 'Selly Oak'),
  base(3, 'Anglesey', 'primary', ['ASD'], 'Ladywood'),
  base(4, 'Bartley Green', 'secondary', ['ASD'], 'Edgbaston'),
  base(5, 'Billesley', 'primary', ['ASD'], 'Selly Oak'),
  base(6, 'Bordesley Green', 'secondaryWithSixthForm', ['ASD'], 'Hodge Hill', { sixthForm: true }),
  base(7, 'Bournville', 'secondary', ['ASD'], 'Selly Oak', { academy: true }),
  base(8, 'Cherry Orchard', 'primary', ['ASD'], 'Perry Barr'),
  base(9, 'Christ The King', 'primary', ['ASD'], 'Erdington', {
    host: 'Christ The King Catholic Primary School',
  }),
  base(10, 'Fairfax', 'secondaryWithSixthForm', ['ASD'], 'Sutton Coldfield', { academy: true }),
  base(11, 'Garretts Green Nursery', 'nursery', ['SLCN'], 'Yardley'),
  base(12, 'Golden Hillock', 'secondary', ['ASD'], 'Hall Green', { academy: true }),
  base(13, 'Great Barr', 'secondaryWithSixthForm', ['ASD'], 'Perry Barr', {
    host: 'Great Barr Academy',
    academy: true,
  }),
  base(14, 'Greenwood Academy', 'secondaryWithSixthForm', ['ASD'], 'Erdington', {
    host: 'Greenwood Academy',
    academy: true,
    sixthForm: true,
  }),
  base(15, 'Hall Green', 'secondary', ['ASD'], 'Hall Green', { academy: true }),
  base(16, 'Hamstead Hall', 'secondaryWithSixthForm', ['HI'], 'Perry Barr', {
    host: 'Hamstead Hall Academy',
    academy: true,
    sixthForm: true,
  }),
  base(17, 'Hawthorn', 'primary', ['HI'], 'Erdington'),
  base(18, 'Hollywood', 'primary', ['ASD'], 'Northfield'),
  base(19, 'Kings Heath', 'primary', ['PD'], 'Selly Oak'),
  base(20, 'Lyndon Green Infant', 'infant', ['SLCN'], 'Yardley'),
  base(21, 'Lyndon Green Junior', 'junior', ['ASD'], 'Yardley'),
  base(22, 'Meadows Primary (The)', 'primary', ['ASD'], 'Northfield'),
  base(23, 'Mere Green', 'primary', ['ASD'], 'Sutton Coldfield'),
  base(24, 'Nelson Mandela', 'primary', ['ASD'], 'Hall Green'),
  base(25, 'Ninestiles School', 'secondary', ['ASD'], 'Yardley', { host: 'Ninestiles School', academy: true }),
  base(26, 'Paganel Primary', 'primary', ['ASD'], 'Selly Oak'),
  base(27, 'Paget', 'primary', ['ASD'], 'Erdington'),
  base(28, 'Parkfield', 'primary', ['ASD'], 'Hodge Hill', { academy: true }),
  base(29, 'Percy Shurmer', 'primary', ['ASD'], 'Ladywood', { academy: true }),
  base(30, 'Plantsbrook', 'secondaryWithSixthForm', ['ASD'], 'Sutton Coldfield', { sixthForm: true }),
  base(31, 'Rookery', 'primary', ['ASD'], 'Perry Barr'),
  base(32, 'Small Heath', 'secondaryWithSixthForm', ['ASD'], 'Hodge Hill', { academy: true, sixthForm: true }),
  base(33, 'Stockland Green', 'secondary', ['ASD'], 'Erdington', { academy: true }),
  base(34, 'Timberley', 'primary', ['ASD'], 'Hodge Hill', { academy: true }),
  base(35, 'Topcliffe', 'primary', ['SLCN'], 'Erdington'),
  base(36, 'Turves Green', 'secondary', ['PD'], 'Northfield'),
  base(37, 'Waverley', 'allThrough', ['ASD'], 'Yardley', { sixthForm: true }),
  base(38, 'Welford', 'primary', ['ASD'], 'Perry Barr'),
  base(39, 'Welsh House', 'primary', ['ASD'], 'Edgbaston', { host: 'Welsh House Farm Community School' }),
  base(40, 'Woodhouse', 'primary', ['ASD'], 'Edgbaston'),
  base(41, 'Worlds End Infant', 'infant', ['SLCN'], 'Edgbaston'),
  base(42, 'Worlds End Junior', 'junior', ['ASD'], 'Edgbaston'),
]
