import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'

// The command line runs against its own embedded database in a temporary directory, as an operator would run it.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-directory-cli-'))
const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url))
function ascend(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development' }
  delete env.DATABASE_URL
  const result = spawnSync(process.execPath, ['bin/ascend.js', ...args], { env, encoding: 'utf8', timeout: 120_000 })
  return { code: result.status, out: result.stdout, err: result.stderr }
}

describe('npx ascend settings', { timeout: 300_000 }, () => {
  it('documents its exit status', () => {
    const help = ascend(['settings', 'import', '--help'])
    assert.equal(help.code, 0)
    assert.match(help.out, /Exit status:\s+0 {2}the file was read, even if some rows were rejected/)
    assert.match(ascend(['--help']).out, /settings/)
  })

  it('imports a GIAS file, reports rejected rows by line, and changes nothing the second time', () => {
    assert.equal(ascend(['seed']).code, 0)
    const first = ascend(['settings', 'import', fixture('gias-mixed.csv'), '--authority', '330'])
    assert.equal(first.code, 0, first.err)
    assert.match(first.out, /12 rows read: 3 added, 0 changed, 0 unchanged, 9 rejected/)
    assert.match(first.out, /line 8 \(URN 150002 Westgate Academy\): UKPRN "1234567" is not 8 digits; Postcode/)
    assert.match(first.out, /line 13: The row has 6 fields; the header has 41/)
    assert.match(first.out, /line 7: URN 103602 Brookvale Special School/)
    const again = ascend(['settings', 'import', fixture('gias-mixed.csv')])
    assert.equal(again.code, 0, again.err)
    assert.match(again.out, /0 added, 0 changed, 3 unchanged/)
    assert.match(again.out, /Nothing changed/)
  })

  it('reads GIAS’s own Windows-1252 encoding, and lists settings by provision', () => {
    assert.equal(ascend(['settings', 'import', fixture('gias-windows-1252.csv')]).code, 0)
    const list = ascend(['settings', 'list', '--provision', 'mainstream'])
    assert.equal(list.code, 0, list.err)
    assert.match(list.out, /103777\tSt Bride’s Catholic Primary School\tMainstream school\tPrimary\tBirmingham/)
    assert.doesNotMatch(list.out, /Brookvale/)
    assert.match(list.out, /^\d+ settings$/m)
  })

  it('exits 1 when nothing could be read', () => {
    const missing = ascend(['settings', 'import', path.join(dataDir, 'no-such-file.csv')])
    assert.equal(missing.code, 1)
    assert.match(missing.err, /No such file/)
    const notGias = ascend(['settings', 'import', 'package.json'])
    assert.equal(notGias.code, 1)
    assert.match(notGias.err, /not a GIAS establishment list: its header has no URN/)
  })
})
