import { type Action, type Actor, mayTake } from '../policy/policy.js'
import type { Role } from '../policy/roles.js'

/** The service navigation: each area adds its entries; a user sees those their role may use. */
export interface NavigationEntry {
  text: string
  href: string
  action: Action
  /** Only for these roles: others who may take the action have their own way in (staff enter requests elsewhere). */
  roles?: readonly Role[]
}

const entries: NavigationEntry[] = [{ text: 'Home', href: '/', action: 'home:view' }]

export function addNavigation(...more: NavigationEntry[]) {
  for (const entry of more) if (!entries.some((e) => e.href === entry.href)) entries.push(entry)
}

export function navigationFor(actor: Actor | undefined, currentPath: string) {
  if (!actor) return []
  return entries
    .filter((e) => mayTake(actor, e.action) && (!e.roles || e.roles.includes(actor.role)))
    .map((e) => ({
      text: e.text,
      href: e.href,
      active: e.href === '/' ? currentPath === '/' : currentPath === e.href || currentPath.startsWith(`${e.href}/`),
    }))
}
