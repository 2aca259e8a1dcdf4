import type express from 'express'
import request from 'supertest'
import { createApp } from '../../src/app.js'
import { type Config, loadConfig } from '../../src/platform/config.js'
import type { Database } from '../../src/platform/db/database.js'
import { createLogger } from '../../src/platform/logger.js'
import type { Role } from '../../src/platform/policy/roles.js'
import { seedDemo } from '../../src/seed/demo.js'
import { createTestDatabase } from './database.js'

export interface TestApp {
  app: express.Express
  database: Database
  config: Config
  authorityId: string
  /** A browser-like agent (keeps cookies) signed in as the demo account of a role, with its CSRF token. */
  signInAs(role: Role): Promise<SignedInAgent>
  /** The same, as one particular demo account: one a test made, or not the first of its role. */
  signInAsUser(userId: string): Promise<SignedInAgent>
  close(): Promise<void>
}

export interface SignedInAgent {
  agent: ReturnType<typeof request.agent>
  csrf: string
  userId: string
}

export function csrfFrom(html: string): string {
  const match = html.match(/name="_csrf" value="([^"]+)"/)
  if (!match?.[1]) throw new Error('No CSRF token on the page')
  return match[1]
}

/** Signs in to an app as a demo account, as a browser does: the sign-in page, its form, then home. */
export async function signInAsUser(app: express.Express, userId: string): Promise<SignedInAgent> {
  const agent = request.agent(app)
  const page = await agent.get('/sign-in').expect(200)
  const signIn = await agent
    .post('/sign-in/demo')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), userId })
  if (signIn.status !== 303) throw new Error(`Demo sign-in as ${userId} failed: ${signIn.status}`)
  const home = await agent.get('/').expect(200)
  return { agent, csrf: csrfFrom(home.text), userId }
}

/** Signs in as the first demo account of a role. */
export async function signInAsDemo(app: express.Express, db: Database['db'], role: Role): Promise<SignedInAgent> {
  const user = await db
    .selectFrom('app_user')
    .select('id')
    .where('role', '=', role)
    .where('is_demo', '=', true)
    .executeTakeFirstOrThrow()
  return signInAsUser(app, user.id)
}

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env })
  const database = await createTestDatabase()
  const { authorityId } = await seedDemo(database.db, { accountsOnly: true })
  const app = createApp({ config, database, logger: createLogger('silent') })
  return {
    app,
    database,
    config,
    authorityId,
    signInAs: (role) => signInAsDemo(app, database.db, role),
    signInAsUser: (userId) => signInAsUser(app, userId),
    close: () => database.close(),
  }
}
