import { createReadStream } from 'node:fs'
import type { Command } from 'commander'
import { config, findAuthority, withDatabase } from '../cli/context.js'
import { importChildren } from './import.service.js'
import { qualityRules } from './quality.js'
import { auditQualityListing, checkDataQuality } from './quality.service.js'

export function registerPeopleCommands(program: Command) {
  program
    .command('children')
    .description('children and young people')
    .command('import <file>')
    .description(
      'import children from a UTF-8 CSV (Forename, Surname, DateOfBirth, Sex, UPN, ULN, SettingURN …); rejected rows are listed',
    )
    .option('--authority <code>', 'DfE local authority number, e.g. 330')
    .action(async (file: string, options: { authority?: string }) => {
      await withDatabase(async (database) => {
        const authority = await findAuthority(database, options.authority)
        const report = await importChildren(
          database.db,
          { authorityId: authority.id, userId: null, label: 'cli' },
          createReadStream(file, 'utf8'),
        )
        console.log(`Added ${report.added}; rejected ${report.rejected.length}`)
        for (const r of report.rejected) console.log(`  line ${r.line}: ${r.reasons.join('; ')}`)
      })
    })

  program
    .command('quality')
    .description('list children’s records that fail the data quality checks, with links to fix them')
    .option('--authority <code>', 'DfE local authority number, e.g. 330')
    .option('--limit <n>', 'records to list per check', '20')
    .action(async (options: { authority?: string; limit: string }) => {
      await withDatabase(async (database) => {
        const authority = await findAuthority(database, options.authority)
        const report = await checkDataQuality(database.db, authority.id)
        const limit = Math.max(0, Number.parseInt(options.limit, 10) || 0)
        console.log(`${report.checked} records checked; ${report.findings.length} with a problem`)
        const listed: string[] = []
        for (const [rule, { title, fix }] of Object.entries(qualityRules)) {
          const matching = report.findings.filter((f) => f.rules.includes(rule as keyof typeof qualityRules))
          console.log(`\n${title}: ${matching.length} (${fix})`)
          for (const f of matching.slice(0, limit)) {
            console.log(`  ${f.name}  ${config.publicUrl}/children/${f.childId}`)
            listed.push(f.childId)
          }
        }
        await auditQualityListing(database.db, { authorityId: authority.id, userId: null, label: 'cli' }, [
          ...new Set(listed),
        ])
      })
    })
}
