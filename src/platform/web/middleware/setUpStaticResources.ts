import path from 'node:path'
import { fileURLToPath } from 'node:url'
import express from 'express'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..')
const modules = path.join(root, 'node_modules')

/** Design-system assets served locally at /assets exactly: the precompiled CSS expects url(/assets/fonts/…). */
export function setUpStaticResources(options: { production: boolean }) {
  const router = express.Router()
  const cache = { maxAge: options.production ? '1d' : 0, index: false, redirect: false }
  for (const dir of [
    path.join(root, 'src/platform/web/assets'),
    path.join(modules, 'govuk-frontend/dist/govuk/assets'),
    path.join(modules, 'govuk-frontend/dist/govuk'),
    path.join(modules, '@ministryofjustice/frontend/moj/assets'),
    path.join(modules, '@ministryofjustice/frontend/moj'),
  ]) {
    router.use('/assets', express.static(dir, cache))
  }
  return router
}
