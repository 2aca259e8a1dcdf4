import { readFileSync } from 'node:fs'
import path from 'node:path'
import { type ChildServer, spawnServer } from './children.js'
import { repoRoot } from './paths.js'
import { freePort } from './ports.js'

export type AppDatabase = { engine: 'pglite'; dataDir: string } | { engine: 'postgres'; url: string }

/**
 * The real app as `npm start` runs it, in development mode: production demands secrets and turns the demo off,
 * and the benchmarks sign in as a demo account. On an empty database it migrates and seeds the demo first.
 */
export async function spawnApp(database: AppDatabase): Promise<ChildServer> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', DEMO: 'true' }
  delete env.DATABASE_URL
  if (database.engine === 'postgres') env.DATABASE_URL = database.url
  else env.DATA_DIR = database.dataDir
  return spawnServer('src/server.ts', env, await freePort())
}

export interface Page {
  /** A file holding the body, read once by the server. */
  bodyFile: string
  contentType: string
}

/** The limit: a bare node:http server answering every request with the page's bytes (or /health's without one). */
export async function spawnBareServer(page?: Page): Promise<ChildServer> {
  const env: NodeJS.ProcessEnv = { ...process.env }
  if (page) {
    env.BODY_FILE = page.bodyFile
    env.CONTENT_TYPE = page.contentType
  }
  return spawnServer('bench/support/bareServer.ts', env, await freePort())
}

/** The embedded PostgreSQL's version, from its package. */
export function pgliteVersion(): string {
  const file = path.join(repoRoot, 'node_modules', '@electric-sql', 'pglite', 'package.json')
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
}
