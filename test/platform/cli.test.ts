import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'

// The command line runs against its own embedded database in a temporary directory, as an operator would run it.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-cli-'))
function ascend(args: string[], input?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development' }
  delete env.DATABASE_URL
  const result = spawnSync(process.execPath, ['bin/ascend.js', ...args], {
    env,
    input,
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { code: result.status, out: result.stdout, err: result.stderr }
}

describe('npx ascend', { timeout: 300_000 }, () => {
  it('shows help for every command', () => {
    const help = ascend(['--help'])
    assert.equal(help.code, 0)
    for (const command of ['migrate', 'seed', 'audit', 'users', 'tokens']) assert.match(help.out, new RegExp(command))
    assert.match(ascend(['tokens', 'create', '--help']).out, /--role <role>/)
  })

  it('migrates, seeds once, creates users and tokens, and verifies the audit chain', () => {
    assert.match(ascend(['migrate']).out, /Applied \d+ migrations|up to date/)
    assert.match(ascend(['seed']).out, /Seeded the demo authority/)
    assert.match(ascend(['seed']).out, /already seeded/)
    const user = ascend(
      [
        'users',
        'create',
        '--email',
        'cli@example.com',
        '--name',
        'Cli User',
        '--role',
        'caseworker',
        '--password-stdin',
      ],
      'a long enough password\n',
    )
    assert.equal(user.code, 0, user.err)
    const token = ascend(['tokens', 'create', '--role', 'caseworker', '--name', 'integration', '--authority', '330'])
    assert.equal(token.code, 0, token.err)
    assert.match(token.out.trim().split('\n').at(-1) ?? '', /^asc_[\w-]{40,}$/)
    const verify = ascend(['audit', 'verify'])
    assert.equal(verify.code, 0, verify.err)
    assert.match(verify.out, /330 Birmingham City Council: intact, 2 entries/)
  })

  it('refuses bad input with a message naming the fault, and exits non-zero', () => {
    const bad = ascend(['users', 'create', '--email', 'not-an-email', '--name', 'X', '--role', 'caseworker'])
    assert.equal(bad.code, 1)
    assert.match(bad.err, /email: Enter an email address in the correct format/)
    const role = ascend(['tokens', 'create', '--role', 'emperor', '--name', 'x'])
    assert.notEqual(role.code, 0)
    assert.match(role.err, /must be one of/)
    const authority = ascend(['tokens', 'create', '--role', 'caseworker', '--name', 'x', '--authority', '999'])
    assert.equal(authority.code, 1)
    assert.match(authority.err, /No authority with code 999/)
    const duplicate = ascend([
      'users',
      'create',
      '--email',
      'CLI@example.com',
      '--name',
      'Again',
      '--role',
      'caseworker',
    ])
    assert.equal(duplicate.code, 1)
    assert.match(duplicate.err, /already exists/)
  })
})
