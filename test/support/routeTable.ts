import type express from 'express'
import { type Permission, permissionOf } from '../../src/platform/web/permissions.js'

export interface RouteEntry {
  method: string
  path: string
  permission: Permission | undefined
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean>; stack: { handle: unknown }[] }
  handle?: { stack?: Layer[] }
  slash?: boolean
  rawPath?: string
}

/** Every route of the app, with the permission its guard declares (undefined when it has none). */
export function routeTable(app: express.Express): RouteEntry[] {
  const entries: RouteEntry[] = []
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const permission = layer.route.stack.map((l) => permissionOf(l.handle)).find(Boolean)
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path]
        for (const method of Object.keys(layer.route.methods)) {
          for (const path of paths) entries.push({ method: method.toUpperCase(), path: prefix + path, permission })
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, prefix + (layer.slash ? '' : (layer.rawPath ?? '')))
      }
    }
  }
  const router = (app as unknown as { router: { stack: Layer[] } }).router
  walk(router.stack, '')
  return entries
}
