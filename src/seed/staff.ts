import type { Insertable } from 'kysely'
import type { AdviceService } from '../ehc/facts.js'
import type { AppUserTable, PanelMemberTable, TeamTable, UserScopeTable } from '../platform/db/schema.js'
import type { Role } from '../platform/policy/roles.js'
import { demoAccounts } from './demo.js'
import type { Locality } from './places.js'
import type { Random } from './random.js'

/**
 * The authority's SEND service staff in the synthetic data: caseworker teams by locality, caseworkers, a team manager,
 * the multi-agency panel's members and the people asked for advice. Staff other than the demo accounts are accounts
 * without a password (they cannot sign in); they exist so that cases are allocated, decided and advised by someone.
 */

export interface StaffMember {
  id: string
  /** As the account shows it, e.g. "Dr Anita Mertz, community paediatrician": the job after a comma, as the service names it in brackets after the name ("Health (Dr Anita Mertz, community paediatrician)"). */
  displayName: string
  email: string
  role: Role
}

export interface SeedTeam {
  id: string
  name: string
  locality: string
  caseworkers: StaffMember[]
}

export type PanelAgency = PanelMemberTable['agency']

export interface PanelSeat {
  member: StaffMember
  agency: PanelAgency
  chair: boolean
}

/** The services asked for advice that have contributors with accounts. */
export type StaffedAdviceService = Extract<AdviceService, 'educational_psychology' | 'health' | 'social_care'>

export interface SeededStaff {
  teams: SeedTeam[]
  teamByLocality: Map<string, SeedTeam>
  manager: StaffMember
  panel: PanelSeat[]
  chair: StaffMember
  advisers: Record<StaffedAdviceService, StaffMember[]>
  /** In the demo authority: the demo caseworker and the demo advice giver, who are given more of the work. */
  demoCaseworker: StaffMember | undefined
  demoAdviceGiver: StaffMember | undefined
  /** The accounts made here (not the demo accounts), to write. */
  userRows: Insertable<AppUserTable>[]
}

/** The demo accounts of the demo authority that are staff in the data. */
export interface DemoStaffIds {
  caseworker: string
  teamManager: string
  panelMember: string
  adviceGiver: string
}

export interface StaffOptions {
  authorityId: string
  code: string
  localities: readonly Locality[]
  /** Requests for an EHC needs assessment a year: the staffing follows the work. */
  requestsPerYear: number
  random: Random
  demo?: DemoStaffIds & { caseworkerLocality: string }
}

// Illustrative workloads (not published figures): requests a year per caseworker, and advice requests a year per
// educational psychologist, health contributor and social care contributor.
const requestsPerCaseworker = 110
const adviceLoad: Record<StaffedAdviceService, number> = {
  educational_psychology: 140,
  health: 220,
  social_care: 380,
}
const adviceRoles: Record<StaffedAdviceService, string[]> = {
  educational_psychology: ['educational psychologist'],
  health: ['community paediatrician', 'speech and language therapist', 'occupational therapist', 'physiotherapist'],
  social_care: ['social worker'],
}

export function seedStaff(options: StaffOptions): SeededStaff {
  const { authorityId, code, random, demo } = options
  const emails = new Set<string>()
  const userRows: Insertable<AppUserTable>[] = []
  const person = (role: Role, title = '', label?: string): StaffMember => {
    const forename = random.faker.person.firstName()
    const surname = random.faker.person.lastName()
    const name = `${title}${forename} ${surname}`
    const local = `${forename}.${surname}`.toLowerCase().replace(/[^a-z.]/g, '')
    let email = `${local}@la${code}.ascend.invalid`
    for (let n = 2; emails.has(email); n++) email = `${local}${n}@la${code}.ascend.invalid`
    emails.add(email)
    const member = { id: random.uuid(), displayName: label ? `${name}, ${label}` : name, email, role }
    userRows.push({
      id: member.id,
      authority_id: authorityId,
      email,
      display_name: member.displayName,
      role,
      password_hash: null,
      is_demo: false,
    })
    return member
  }
  const demoMember = (role: Role, id: string): StaffMember => {
    const account = demoAccounts.find((a) => a.role === role)!
    return { id, displayName: account.displayName, email: account.email, role }
  }

  const teams: SeedTeam[] = options.localities.map((locality) => ({
    id: random.uuid(),
    name: `${locality.name} team`,
    locality: locality.name,
    caseworkers: [],
  }))
  const caseworkerCount = Math.max(teams.length, Math.round(options.requestsPerYear / requestsPerCaseworker))
  for (let i = 0; i < caseworkerCount; i++) teams[i % teams.length]!.caseworkers.push(person('caseworker'))
  let demoCaseworker: StaffMember | undefined
  if (demo) {
    demoCaseworker = demoMember('caseworker', demo.caseworker)
    const team = teams.find((t) => t.locality === demo.caseworkerLocality) ?? teams[0]!
    team.caseworkers.unshift(demoCaseworker)
  }

  const manager = demo ? demoMember('team_manager', demo.teamManager) : person('team_manager')
  const panel: PanelSeat[] = [
    { member: person('panel_member', '', 'head of SEND assessment, panel chair'), agency: 'education', chair: true },
    { member: person('panel_member', 'Dr ', 'principal educational psychologist'), agency: 'education', chair: false },
    {
      member: demo
        ? demoMember('panel_member', demo.panelMember)
        : person('panel_member', 'Dr ', 'designated clinical officer'),
      agency: 'health',
      chair: false,
    },
    { member: person('panel_member', '', "children's social care"), agency: 'social_care', chair: false },
    { member: person('panel_member', '', 'parent carer forum'), agency: 'parent_carer_forum', chair: false },
  ]

  const advisers = {} as Record<StaffedAdviceService, StaffMember[]>
  let demoAdviceGiver: StaffMember | undefined
  for (const service of Object.keys(adviceLoad) as StaffedAdviceService[]) {
    const count = Math.max(
      service === 'social_care' ? 1 : 2,
      Math.round((options.requestsPerYear * 0.6) / adviceLoad[service]),
    )
    advisers[service] = Array.from({ length: count }, (_, i) => {
      const role = adviceRoles[service][i % adviceRoles[service].length]!
      return person('advice_giver', role.endsWith('psychologist') || role.endsWith('paediatrician') ? 'Dr ' : '', role)
    })
  }
  if (demo) {
    demoAdviceGiver = demoMember('advice_giver', demo.adviceGiver)
    advisers.educational_psychology.unshift(demoAdviceGiver)
  }

  return {
    teams,
    teamByLocality: new Map(teams.map((t) => [t.locality, t])),
    manager,
    panel,
    chair: panel[0]!.member,
    advisers,
    demoCaseworker,
    demoAdviceGiver,
    userRows,
  }
}

export function teamRows(staff: SeededStaff, authorityId: string): Insertable<TeamTable>[] {
  return staff.teams.map((t) => ({ id: t.id, authority_id: authorityId, name: t.name, locality: t.locality }))
}

/** Each caseworker's team, as the account's scope (policy: a caseworker manages their team's cases). */
export function teamScopeRows(staff: SeededStaff, authorityId: string): Insertable<UserScopeTable>[] {
  return staff.teams.flatMap((team) =>
    team.caseworkers.map((c) => ({ user_id: c.id, authority_id: authorityId, kind: 'team' as const, ref_id: team.id })),
  )
}
