import path from 'node:path'
import { z } from 'zod'

/** Environment, parsed once at the edge. Production refuses to start on missing secrets (HMPPS pattern). */
const Env = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  DATA_DIR: z.string().default('./data'),
  DEMO: z.enum(['true', 'false']).optional(),
  SESSION_SECRET: z.string().min(32).optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24).default(12),
  PUBLIC_URL: z.string().url().optional(),
  TEMPLATE_RELOAD: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OIDC_STAFF_ISSUER: z.string().url().optional(),
  OIDC_STAFF_CLIENT_ID: z.string().optional(),
  OIDC_STAFF_CLIENT_SECRET: z.string().optional(),
  OIDC_FAMILY_ISSUER: z.string().url().optional(),
  OIDC_FAMILY_CLIENT_ID: z.string().optional(),
  OIDC_FAMILY_CLIENT_SECRET: z.string().optional(),
  JOBS: z.enum(['true', 'false']).optional(),
  NOTIFY_API_KEY: z.string().min(1).optional(),
  NOTIFY_EMAIL_TEMPLATE_ID: z.uuid().optional(),
  NOTIFY_SMS_TEMPLATE_ID: z.uuid().optional(),
  NOTIFY_LETTER_TEMPLATE_ID: z.uuid().optional(),
  CLAMAV_URL: z.url({ protocol: /^tcp$/, error: 'CLAMAV_URL must look like tcp://host:3310' }).optional(),
})

export interface OidcClientConfig {
  issuer: string
  clientId: string
  clientSecret: string | undefined
}

/** GOV.UK Notify: one generic template per channel whose content is ((subject)) and ((body)), filled at queue time. */
export interface NotifyConfig {
  apiKey: string
  templateIds: { email: string; sms: string; letter: string }
}

export interface Config {
  env: 'development' | 'test' | 'production'
  production: boolean
  port: number
  databaseUrl: string | undefined
  /** Connections this process keeps open to PostgreSQL. */
  databasePoolSize: number
  dataDir: string
  demo: boolean
  sessionSecret: string
  sessionIdleMs: number
  sessionAbsoluteMs: number
  publicUrl: string
  logLevel: string
  /** Re-read templates on every render (npm run dev); otherwise compiled once. */
  templateReload: boolean
  oidc: { staff: OidcClientConfig | undefined; family: OidcClientConfig | undefined }
  /** Run background jobs (pg-boss) in this process: on by default, off in tests unless JOBS=true. */
  jobs: boolean
  /** Send through GOV.UK Notify; without it notifications stay in the outbox and are marked delivered. */
  notify: NotifyConfig | undefined
  /** ClamAV's daemon that scans every upload (tcp://host:port); without it documents are stored as not scanned. */
  clamavUrl: string | undefined
}

function oidcClient(issuer?: string, clientId?: string, clientSecret?: string): OidcClientConfig | undefined {
  if (!issuer || !clientId) return undefined
  return { issuer, clientId, clientSecret }
}

function notifyConfig(e: z.infer<typeof Env>): NotifyConfig | undefined {
  if (!e.NOTIFY_API_KEY) return undefined
  const { NOTIFY_EMAIL_TEMPLATE_ID: email, NOTIFY_SMS_TEMPLATE_ID: sms, NOTIFY_LETTER_TEMPLATE_ID: letter } = e
  if (!email || !sms || !letter)
    throw new Error(
      'NOTIFY_API_KEY needs NOTIFY_EMAIL_TEMPLATE_ID, NOTIFY_SMS_TEMPLATE_ID and NOTIFY_LETTER_TEMPLATE_ID as well',
    )
  return { apiKey: e.NOTIFY_API_KEY, templateIds: { email, sms, letter } }
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(source)
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`Invalid configuration: ${fields}`)
  }
  const e = parsed.data
  const production = e.NODE_ENV === 'production'
  if (production && !e.SESSION_SECRET)
    throw new Error('SESSION_SECRET (at least 32 characters) is required in production')
  if (production && !e.DATABASE_URL) throw new Error('DATABASE_URL is required in production')
  // Demo mode can never be on in production: demo accounts sign in with one click.
  const demo = !production && e.DEMO !== 'false'
  const port = e.PORT
  return {
    env: e.NODE_ENV,
    production,
    port,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir: path.resolve(e.DATA_DIR),
    demo,
    sessionSecret: e.SESSION_SECRET ?? 'development-only-session-secret-not-for-production',
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${port}`,
    logLevel: e.LOG_LEVEL,
    templateReload: !production && e.TEMPLATE_RELOAD === 'true',
    oidc: {
      staff: oidcClient(e.OIDC_STAFF_ISSUER, e.OIDC_STAFF_CLIENT_ID, e.OIDC_STAFF_CLIENT_SECRET),
      family: oidcClient(e.OIDC_FAMILY_ISSUER, e.OIDC_FAMILY_CLIENT_ID, e.OIDC_FAMILY_CLIENT_SECRET),
    },
    jobs: e.JOBS ? e.JOBS === 'true' : e.NODE_ENV !== 'test',
    notify: notifyConfig(e),
    clamavUrl: e.CLAMAV_URL,
  }
}
