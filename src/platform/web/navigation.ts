import { type Action, type Actor, mayTake } from '../policy/policy.js'

/** The service navigation: each area adds its entries; a user sees those their role may use. */
export interface NavigationEntry {
  text: string
  href: string
  action: Action
}

const entries: NavigationEntry[] = [{ text: 'Home', href: '/', action: 'home:view' }]

export function addNavigation(...more: NavigationEntry[]) {
  for (const entry of more) if (!entries.some((e) => e.href === entry.href)) entries.push(entry)
}

export function navigationFor(actor: Actor | undefined, currentPath: string) {
  if (!actor) return []
  return entries
    .filter((e) => mayTake(actor, e.action))
    .map((e) => ({
      text: e.text,
      href: e.href,
      active: e.href === '/' ? currentPath === '/' : currentPath === e.href || currentPath.startsWith(`${e.href}/`),
    }))
}
