/** The roles of DESIGN.md section 1. Ids are stable: they are stored on accounts and tokens. */
export const roles = [
  'caseworker',
  'team_manager',
  'panel_member',
  'advice_giver',
  'senco',
  'parent',
  'young_person',
  'finance_officer',
  'commissioner',
  'administrator',
] as const

export type Role = (typeof roles)[number]

export const roleNames: Record<Role, string> = {
  caseworker: 'Caseworker (SENAR officer)',
  team_manager: 'Team manager',
  panel_member: 'Panel member',
  advice_giver: 'Advice giver (educational psychologist, health, social care)',
  senco: 'SENCO',
  parent: 'Parent or carer',
  young_person: 'Young person',
  finance_officer: 'Finance officer',
  commissioner: 'Commissioner',
  administrator: 'Administrator',
}

/** Families sign in as themselves; everyone else is staff of the authority or of a setting and needs a second factor. */
export const familyRoles: readonly Role[] = ['parent', 'young_person']

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value)
}

export function isStaffRole(role: Role): boolean {
  return !familyRoles.includes(role)
}
