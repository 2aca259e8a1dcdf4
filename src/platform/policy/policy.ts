import { type IsoDate, todayInLondon } from '../calendar/isoDate.js'
import { adviceReceivedOpenFrom } from './adviceAccess.js'
import { panelMeetingsOpenFrom } from './panelAccess.js'
import { type Role, roles } from './roles.js'

/**
 * The one place that answers "may this user do this action on this record".
 * Role rules say which actions a role may take at all; record rules narrow them to the records in the user's scope.
 * Routes declare an action; use cases check the record rule once the record is loaded; lists use the same scope.
 */
export interface Actor {
  userId: string | undefined // undefined for a service-account token not acting as a user
  authorityId: string
  role: Role
  settingIds: readonly string[] // a SENCO's settings
  teamIds: readonly string[] // a caseworker's teams
}

export const actions = [
  'home:view',
  'account:manage',
  'users:read',
  'users:manage',
  'tokens:manage',
  'audit:read',
  'audit:verify',
  'child:read',
  'child:update',
  'child:create',
  'child:merge',
  'quality:read',
  'settings:read',
  'settings:manage',
  'ehc:request',
  'ehc:read',
  'ehc:follow',
  'ehc:follow-pupils',
  'ehc:manage',
  'ehc:allocate',
  'ehc:dashboard',
  'panel:read',
  'panel:manage',
  'panel:decide',
  'panel:configure',
  'advice:read',
  'advice:submit',
  'consultation:reply',
  'notifications:read',
] as const
export type Action = (typeof actions)[number]

const everyone: readonly Role[] = roles

/** Which roles may take each action at all (DESIGN.md section 1). */
export const roleRules: Record<Action, readonly Role[]> = {
  'home:view': everyone,
  'account:manage': everyone,
  'users:read': ['administrator', 'team_manager'],
  'users:manage': ['administrator'],
  'tokens:manage': ['administrator'],
  'audit:read': ['administrator', 'team_manager'],
  'audit:verify': ['administrator'],
  // Finance officers see pupils only as funding lines, commissioners only aggregates, administrators no child records.
  'child:read': ['caseworker', 'team_manager', 'panel_member', 'advice_giver', 'senco', 'parent', 'young_person'],
  'child:update': ['caseworker', 'team_manager', 'senco'],
  'child:create': ['caseworker', 'team_manager'],
  // Merging two records moves a family's history: a manager's decision.
  'child:merge': ['team_manager'],
  'quality:read': ['caseworker', 'team_manager'],
  // The directory of settings is public information (it feeds the Local Offer); changing it is not.
  'settings:read': everyone,
  'settings:manage': ['administrator', 'commissioner'],
  // EHC needs assessments (DESIGN.md 2.1): families, settings and the service itself may ask for one.
  'ehc:request': ['parent', 'young_person', 'senco', 'caseworker', 'team_manager'],
  'ehc:read': ['caseworker', 'team_manager', 'panel_member', 'senco', 'parent', 'young_person'],
  // Following a request in plain English: families their own ("Your requests"), a SENCO their pupils'.
  'ehc:follow': ['parent', 'young_person'],
  'ehc:follow-pupils': ['senco'],
  // Moving a case through its statutory steps, asking for advice, recording exceptions and letters.
  'ehc:manage': ['caseworker', 'team_manager'],
  'ehc:allocate': ['team_manager'],
  'ehc:dashboard': ['team_manager'],
  'panel:read': ['panel_member', 'caseworker', 'team_manager'],
  'panel:manage': ['caseworker', 'team_manager'],
  'panel:decide': ['panel_member', 'team_manager'],
  // The authority's published decision criteria: a team manager's to change (everyone at panel reads them).
  'panel:configure': ['team_manager'],
  // Contributors see only the requests for advice addressed to them (a setting's advice comes from its SENCO);
  // caseworkers see every request on their cases, and record advice that came on paper.
  'advice:read': ['advice_giver', 'senco', 'caseworker', 'team_manager'],
  'advice:submit': ['advice_giver', 'senco', 'caseworker', 'team_manager'],
  // A setting consulted on being named in a plan replies through its SENCO, or the caseworker records the reply.
  'consultation:reply': ['senco', 'caseworker', 'team_manager'],
  // The outbox of letters, emails and texts, with their delivery status.
  'notifications:read': ['team_manager', 'administrator'],
}

export function mayTake(actor: Pick<Actor, 'role'>, action: Action): boolean {
  return roleRules[action].includes(actor.role)
}

/** What the policy needs to know of a child's record to decide who may see it. */
export interface ChildScope {
  authorityId: string
  childId: string
  settingIds: readonly string[] // settings the child is on roll at now
  parentUserIds: readonly string[] // accounts verified as having parental responsibility
  youngPersonUserId: string | undefined // the young person's own account
  caseTeamIds: readonly string[] // teams whose caseload holds the child's case
  panelMemberUserIds: readonly string[] // members of panels with the child's case on an agenda still open to them (panelAccess.ts)
  adviceGiverUserIds: readonly string[] // contributors asked for advice on the child
}

const overlaps = (a: readonly string[], b: readonly string[]) => a.some((x) => b.includes(x))
const has = (list: readonly string[], id: string | undefined) => id !== undefined && list.includes(id)

export function mayReadChild(actor: Actor, child: ChildScope): boolean {
  if (actor.authorityId !== child.authorityId || !mayTake(actor, 'child:read')) return false
  switch (actor.role) {
    case 'caseworker':
    case 'team_manager':
      return true // any case in their authority, read-only for caseworkers outside their team
    case 'panel_member':
      return has(child.panelMemberUserIds, actor.userId)
    case 'advice_giver':
      return has(child.adviceGiverUserIds, actor.userId)
    case 'senco':
      return overlaps(actor.settingIds, child.settingIds)
    case 'parent':
      return has(child.parentUserIds, actor.userId)
    case 'young_person':
      return actor.userId !== undefined && child.youngPersonUserId === actor.userId
    default:
      return false
  }
}

export function mayUpdateChild(actor: Actor, child: ChildScope): boolean {
  if (actor.authorityId !== child.authorityId || !mayTake(actor, 'child:update')) return false
  switch (actor.role) {
    case 'team_manager':
      return true
    case 'caseworker':
      return overlaps(actor.teamIds, child.caseTeamIds)
    case 'senco':
      return overlaps(actor.settingIds, child.settingIds)
    default:
      return false
  }
}

/**
 * The same rule as mayReadChild, as a filter a repository applies to lists,
 * so a list can never show a child whose page would be refused.
 */
export type ChildVisibility =
  | { kind: 'none' }
  | { kind: 'authority'; authorityId: string }
  | { kind: 'settings'; authorityId: string; settingIds: readonly string[] }
  | { kind: 'parent'; authorityId: string; userId: string }
  | { kind: 'self'; authorityId: string; userId: string }
  | { kind: 'panel'; authorityId: string; userId: string; meetingsFrom: IsoDate }
  | { kind: 'advice'; authorityId: string; userId: string; receivedFrom: IsoDate }

export function childVisibility(actor: Actor, today: IsoDate = todayInLondon()): ChildVisibility {
  if (!mayTake(actor, 'child:read')) return { kind: 'none' }
  const { authorityId, userId } = actor
  switch (actor.role) {
    case 'caseworker':
    case 'team_manager':
      return { kind: 'authority', authorityId }
    case 'senco':
      return { kind: 'settings', authorityId, settingIds: actor.settingIds }
    default:
      if (userId === undefined) return { kind: 'none' }
      if (actor.role === 'parent') return { kind: 'parent', authorityId, userId }
      if (actor.role === 'young_person') return { kind: 'self', authorityId, userId }
      if (actor.role === 'panel_member') {
        return { kind: 'panel', authorityId, userId, meetingsFrom: panelMeetingsOpenFrom(today) }
      }
      if (actor.role === 'advice_giver') {
        return { kind: 'advice', authorityId, userId, receivedFrom: adviceReceivedOpenFrom(today) }
      }
      return { kind: 'none' }
  }
}

/** What the policy needs to know of an EHC case to decide who may act on it. */
export interface CaseScope {
  authorityId: string
  teamId: string | undefined
  caseworkerUserId: string | undefined
}

/**
 * Moving a case on, asking for advice, recording exceptions: the team manager, the allocated caseworker, or a
 * caseworker in the case's team. Any other caseworker reads it only (DESIGN.md section 1).
 */
export function mayManageCase(actor: Actor, scope: CaseScope): boolean {
  if (actor.authorityId !== scope.authorityId || !mayTake(actor, 'ehc:manage')) return false
  if (actor.role === 'team_manager') return true
  if (actor.role !== 'caseworker') return false
  if (scope.caseworkerUserId !== undefined && scope.caseworkerUserId === actor.userId) return true
  return scope.teamId !== undefined && actor.teamIds.includes(scope.teamId)
}

/** What the policy needs to know of a request for advice. */
export interface AdviceRequestScope {
  contributorUserId: string | undefined
  case: CaseScope
}

/** Only the person asked gives the advice (DESIGN.md section 1: advice givers see what they were asked for). */
export function mayGiveAdvice(actor: Actor, scope: AdviceRequestScope): boolean {
  if (actor.authorityId !== scope.case.authorityId || !mayTake(actor, 'advice:submit')) return false
  return actor.userId !== undefined && scope.contributorUserId === actor.userId
}

/** A request for advice is read by its contributor, and by caseworkers and team managers of the authority. */
export function mayReadAdviceRequest(actor: Actor, scope: AdviceRequestScope): boolean {
  if (actor.authorityId !== scope.case.authorityId || !mayTake(actor, 'advice:read')) return false
  if (actor.userId !== undefined && scope.contributorUserId === actor.userId) return true
  return actor.role === 'caseworker' || actor.role === 'team_manager'
}
