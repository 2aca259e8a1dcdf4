import { Command } from 'commander'
import { registerDirectoryCommands } from '../directory/cli.js'
import { registerChaserCommands } from '../ehc/chasers.cli.js'
import { registerPeopleCommands } from '../people/cli.js'
import { createApiToken } from '../platform/api/tokens.js'
import { appendAuditEntry } from '../platform/audit/audit.repository.js'
import { verifyAuditLog } from '../platform/audit/audit.service.js'
import { createUser, NewUserInput } from '../platform/auth/users.service.js'
import { openDatabase } from '../platform/db/database.js'
import { DataDirLocked } from '../platform/db/lock.js'
import { migrateToLatest } from '../platform/db/migrate.js'
import { documentStorageFor } from '../platform/documents/documents.service.js'
import { AppError } from '../platform/errors.js'
import { roles } from '../platform/policy/roles.js'
import { fieldErrors } from '../platform/web/forms.js'
import { defaultSeed } from '../seed/demo.js'
import { isScale, scales } from '../seed/plan.js'
import { config, findAuthority, parseRole, withDatabase } from './context.js'
import { progressBar } from './progress.js'

/** `npx ascend <command>`: the same use cases as the web, for operators and scripts. Exit 0 on success, 1 on failure. */
const role = parseRole

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
}

const program = new Command()
  .name('ascend')
  .description('Ascend SEND service: operations from the command line')
  .showHelpAfterError()

program
  .command('migrate')
  .description('apply database migrations')
  .action(async () => {
    const database = await openDatabase(config)
    try {
      const { applied } = await migrateToLatest(database.db)
      console.log(
        applied.length ? `Applied ${applied.length} migrations: ${applied.join(', ')}` : 'The database is up to date',
      )
    } finally {
      await database.close()
    }
  })

program
  .command('seed')
  .description('seed synthetic data: the demo (does nothing if it is there), or Birmingham or England in full')
  .option('--scale <scale>', `how much synthetic data: ${scales.join(', ')}`, 'demo')
  .option('--seed <n>', 'random seed: the same seed gives the same data', String(defaultSeed))
  .action(async (options: { scale: string; seed: string }) => {
    const { scale } = options
    const seed = Number(options.seed)
    if (!isScale(scale)) throw new AppError(400, 'Invalid', `Unknown scale ${scale}: use one of ${scales.join(', ')}`)
    if (!Number.isSafeInteger(seed) || seed < 0) throw new AppError(400, 'Invalid', '--seed must be a whole number')
    // Loaded here, not for every command: the generator's faker takes a few hundred milliseconds to load.
    const { seedScale } = await import('../seed/scale.js')
    await withDatabase(async ({ db, engine }) => {
      let bar: ReturnType<typeof progressBar> | undefined
      const report = await seedScale(db, {
        scale,
        seed,
        concurrency: engine === 'postgres' ? 2 : 1,
        documents: documentStorageFor(config),
        onProgress: (done, total) => {
          bar ??= progressBar('Seeding children', total)
          bar.update(done)
        },
      })
      bar?.stop()
      if (!report.created) {
        console.log('The demo authority is already seeded')
        return
      }
      const what =
        scale === 'demo'
          ? 'Seeded the demo authority (330 Birmingham) and its accounts'
          : `Seeded ${scale} (seed ${seed}): ${report.authorities} ${report.authorities === 1 ? 'authority' : 'authorities'}`
      const { counts } = report
      const n = (value: number) => value.toLocaleString('en-GB')
      console.log(
        `${what}: ${n(counts.setting)} settings, ${n(counts.child)} children and young people, ${n(counts.family_member)} family members`,
      )
      console.log(
        `${n(report.rows)} rows in ${report.seconds.toFixed(1)} s: ${n(Math.round(report.rows / report.seconds))} rows/s`,
      )
    })
  })

const audit = program.command('audit').description('the audit log')
audit
  .command('verify')
  .description('check every entry of the hash chain and report the first broken link')
  .action(async () => {
    const ok = await withDatabase(async ({ db }) => {
      const total = Number(
        (
          await db
            .selectFrom('audit_log')
            .select(({ fn }) => fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
      const bar = progressBar('Verifying', total)
      const verdicts = await verifyAuditLog(db, { onProgress: (n) => bar.update(n) })
      bar.stop()
      for (const { authorityCode, authorityName, verdict } of verdicts) {
        if (verdict.ok) console.log(`${authorityCode} ${authorityName}: intact, ${verdict.checked} entries`)
        else
          console.log(
            `${authorityCode} ${authorityName}: BROKEN at entry ${verdict.brokenAt} of chain ${verdict.chain ?? 0}: ${verdict.problem} (${verdict.checked} entries before it are intact)`,
          )
      }
      return verdicts.every((v) => v.verdict.ok)
    })
    if (!ok) process.exitCode = 1
  })

const users = program.command('users').description('accounts')
users
  .command('create')
  .description('create an account (the password, if any, is read from standard input)')
  .requiredOption('--email <email>', 'email address')
  .requiredOption('--name <name>', 'full name')
  .requiredOption('--role <role>', `one of: ${roles.join(', ')}`, role)
  .option('--authority <code>', 'DfE local authority number, e.g. 330')
  .option('--password-stdin', 'read a password from standard input')
  .action(
    async (options: { email: string; name: string; role: string; authority?: string; passwordStdin?: boolean }) => {
      const password = options.passwordStdin ? await readStdin() : undefined
      const parsed = NewUserInput.safeParse({
        email: options.email,
        displayName: options.name,
        role: options.role,
        password,
      })
      if (!parsed.success) {
        throw new AppError(
          400,
          'Invalid',
          fieldErrors(parsed.error)
            .map((e) => `${e.field}: ${e.message}`)
            .join('; '),
        )
      }
      await withDatabase(async (database) => {
        const authority = await findAuthority(database, options.authority)
        const user = await createUser(
          database.db,
          { authorityId: authority.id, userId: null, label: 'cli' },
          parsed.data,
        )
        console.log(`Created ${parsed.data.role} ${user.email} (${user.id})`)
      })
    },
  )

const tokens = program.command('tokens').description('API tokens for service accounts')
tokens
  .command('create')
  .description('create a bearer token; the token alone is printed on the last line')
  .requiredOption('--role <role>', `one of: ${roles.join(', ')}`, role)
  .requiredOption('--name <name>', 'what will use it')
  .option('--authority <code>', 'DfE local authority number, e.g. 330')
  .action(async (options: { role: string; name: string; authority?: string }) => {
    await withDatabase(async (database) => {
      const authority = await findAuthority(database, options.authority)
      const { db } = database
      // In demo mode a token acts as the demo account of its role, so record-scoped reads work for it.
      const demoUser = config.demo
        ? await db
            .selectFrom('app_user')
            .select('id')
            .where('authority_id', '=', authority.id)
            .where('role', '=', options.role)
            .where('is_demo', '=', true)
            .executeTakeFirst()
        : undefined
      const created = await db.transaction().execute(async (trx) => {
        const token = await createApiToken(trx, {
          authorityId: authority.id,
          name: options.name,
          role: options.role as (typeof roles)[number],
          actsAsUserId: demoUser?.id,
        })
        await appendAuditEntry(trx, {
          authorityId: authority.id,
          actorUserId: null,
          actorLabel: 'cli',
          action: 'api-token.created',
          recordType: 'api_token',
          recordId: token.id,
          details: { role: options.role },
        })
        return token
      })
      console.log(
        `Created token "${options.name}" (${created.id}) with role ${options.role} for authority ${authority.code}. It is shown once:`,
      )
      console.log(created.token)
    })
  })

registerPeopleCommands(program)
registerDirectoryCommands(program)
registerChaserCommands(program)

program.parseAsync().catch((error: unknown) => {
  if (error instanceof DataDirLocked || error instanceof AppError) console.error(`ascend: ${error.message}`)
  else console.error(error)
  process.exitCode = 1
})
